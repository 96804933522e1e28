package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/idtui/idtui/model"
)

type detailsKeys struct {
	scroll scrollKeys
	Reveal key.Binding
	Reload key.Binding
	Grant  key.Binding
	Remove key.Binding
}

func newDetailsKeys(readOnly bool) detailsKeys {
	return detailsKeys{
		scroll: newScrollKeys(),
		Reveal: key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "reveal/hide secret")),
		Reload: key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "reload")),
		Grant:  mutating(readOnly, key.WithKeys("+"), key.WithHelp("+", "grant permission")),
		Remove: mutating(readOnly, key.WithKeys("-"), key.WithHelp("-", "remove permission")),
	}
}

// detailsScreen shows one application: what the list shows, plus its
// internal id, URIs, flows, service account, permissions and secret. The
// secret stays masked until the operator reveals it.
type detailsScreen struct {
	env  *env
	keys detailsKeys
	app  model.Application

	secret   model.Secret
	revealed bool
	// revealing is set while v waits for the current secret, which shows
	// when it arrives.
	revealing bool
	// saUser is the service account's username, "" when it has none.
	saUser string
	perms  []model.Permission
	// secretErr and saErr are the failed reads of the secret and of the
	// service account, which the screen shows in their place.
	secretErr, saErr error

	// The latest request of each kind; replies to older ones are dropped.
	appID, secretID, saID             requestID
	loadedApp, loadedSecret, loadedSA bool

	offset        int
	width, height int
}

func newDetailsScreen(e *env, app model.Application) *detailsScreen {
	return &detailsScreen{env: e, keys: newDetailsKeys(e.opts.ReadOnly), app: app}
}

func (s *detailsScreen) Init() tea.Cmd {
	var cmd tea.Cmd
	s.appID, cmd = s.env.getApplication(s.app.Ref())
	return tea.Batch(cmd, s.loadExtras())
}

// loadExtras reads what listing does not return: the secret, the service
// account and its permissions.
func (s *detailsScreen) loadExtras() tea.Cmd {
	var cmds []tea.Cmd
	var cmd tea.Cmd
	if s.app.HasSecret() {
		s.secretID, cmd = s.env.readSecret(s.app.Ref())
		cmds = append(cmds, cmd)
	}
	if s.app.Flows.ServiceAccount {
		cmds = append(cmds, s.readServiceAccount())
	}
	return tea.Batch(cmds...)
}

func (s *detailsScreen) readServiceAccount() tea.Cmd {
	var cmd tea.Cmd
	s.saID, cmd = s.env.readServiceAccount(s.app.Ref())
	return cmd
}

func (s *detailsScreen) Title() string { return appTitle(s.app.ClientID) }

func (s *detailsScreen) SetSize(width, height int) { s.width, s.height = width, height }

func (s *detailsScreen) Capturing() bool { return false }

// ShortHelp leaves out + and - while the permissions are unknown, because
// the service account could not be read.
func (s *detailsScreen) ShortHelp() []key.Binding {
	a, k := s.env.actions, s.keys
	if s.saErr != nil {
		return enabled(a.Token, k.Reveal, a.CopySecret, a.CopyEnv, a.Rotate, a.Toggle, a.Delete, s.env.global.Back)
	}
	return enabled(a.Token, k.Grant, k.Remove, k.Reveal, a.CopySecret, a.CopyEnv, a.Rotate, a.Toggle, a.Delete, s.env.global.Back)
}

func (s *detailsScreen) FullHelp() [][]key.Binding {
	a, k := s.env.actions, s.keys
	return [][]key.Binding{
		k.scroll.bindings(),
		enabled(k.Reload, s.env.global.Back),
		enabled(a.Token, k.Grant, k.Remove),
		enabled(k.Reveal, a.CopySecret, a.CopyEnv, a.Rotate, a.Toggle, a.Delete),
	}
}

func (s *detailsScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return s.handleKey(msg)
	case appMsg:
		if msg.id == s.appID && msg.err == nil {
			s.app, s.loadedApp = msg.app, true
		}
	case secretMsg:
		if msg.id == s.secretID {
			if s.revealing {
				s.revealed, s.revealing = msg.err == nil, false
			}
			return s.applySecret(msg.secret, msg.err)
		}
	case copyMsg:
		if msg.err == nil && msg.ref.ID == s.app.ID && msg.secret != "" {
			return s.applySecret(msg.secret, nil)
		}
	case serviceAccountMsg:
		if msg.id == s.saID {
			s.saUser, s.perms, s.saErr = msg.user, msg.perms, msg.err
			s.loadedSA = msg.err == nil
		}
	case enabledMsg:
		// The application is read again, because the values on screen may
		// be older than the change, such as a redirect URI that another
		// console removed since.
		if msg.err == nil && msg.ref.ID == s.app.ID {
			s.app.Enabled = msg.enabled
			return s.env.reload(s.app.Ref())
		}
	case appChangedMsg:
		if msg.err == nil && msg.app.ID == s.app.ID {
			rotated := !msg.app.SecretCreatedAt.Equal(s.app.SecretCreatedAt)
			s.app = msg.app
			if rotated {
				return s.loadExtras()
			}
		}
	case permissionChangedMsg:
		if msg.err == nil && msg.ref.ID == s.app.ID {
			return s.readServiceAccount()
		}
	case deletedMsg:
		if msg.err == nil && msg.ref.ID == s.app.ID {
			return s.env.closeScreen(s)
		}
	}
	return nil
}

func (s *detailsScreen) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	a := s.env.actions
	if cmd := s.env.readOnlyNote(msg, s.keys.Grant, s.keys.Remove, a.Rotate, a.Toggle, a.Delete); cmd != nil {
		return cmd
	}
	if offset, ok := s.keys.scroll.scroll(msg, s.offset, len(s.lines()), s.height); ok {
		s.offset = offset
		return nil
	}
	switch {
	case key.Matches(msg, s.keys.Reload):
		return s.Init()
	case key.Matches(msg, s.keys.Reveal):
		return s.toggleReveal()
	case key.Matches(msg, a.Token):
		return openToken(s.env, s.app)
	case key.Matches(msg, s.keys.Grant, s.keys.Remove) && s.saErr != nil:
		return notifyError(s.errPermissionsUnread())
	case key.Matches(msg, s.keys.Grant):
		return openGrant(s.env, s.app, s.perms)
	case key.Matches(msg, s.keys.Remove):
		return openRemove(s.env, s.app, s.perms, s.loadedSA)
	// The copies read the current secret, because another admin or shell
	// can rotate the one shown at any time.
	case key.Matches(msg, a.CopySecret):
		return s.env.copySecret(s.app, copySecretOnly)
	case key.Matches(msg, a.CopyEnv):
		return s.env.copySecret(s.app, copyEnvBlock)
	case key.Matches(msg, a.Rotate):
		return openRotate(s.env, s.app)
	case key.Matches(msg, a.Toggle):
		return toggleEnabled(s.env, s.app)
	case key.Matches(msg, a.Delete):
		return s.env.push(newDeleteScreen(s.env, s.app))
	}
	return nil
}

// toggleReveal hides the secret, or reads the current one and reveals it.
func (s *detailsScreen) toggleReveal() tea.Cmd {
	if !s.app.HasSecret() {
		return nil
	}
	if s.revealed {
		s.revealed = false
		return nil
	}
	var cmd tea.Cmd
	s.revealing = true
	s.secretID, cmd = s.env.readSecret(s.app.Ref())
	return cmd
}

// applySecret shows a secret read from Keycloak. One that differs from
// the secret shown was rotated elsewhere, so the application is read
// again for the age of its secret.
func (s *detailsScreen) applySecret(secret model.Secret, err error) tea.Cmd {
	rotated := err == nil && s.loadedSecret && secret != s.secret
	s.secret, s.secretErr, s.loadedSecret = secret, err, err == nil
	if rotated {
		return s.env.reload(s.app.Ref())
	}
	return nil
}
