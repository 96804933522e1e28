package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/idtui/idtui/model"
)

type detailsKeys struct {
	Up, Down key.Binding
	Reveal   key.Binding
	Reload   key.Binding
	Grant    key.Binding
	Remove   key.Binding
}

func newDetailsKeys(readOnly bool) detailsKeys {
	return detailsKeys{
		Up:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "scroll up")),
		Down:   key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "scroll down")),
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
	// saUser is the service account's username, "" when it has none.
	saUser string
	perms  []model.Permission

	// The latest request of each kind; replies to older ones are dropped.
	appID, secretID, permsID, saID, toggleID       requestID
	loadedApp, loadedSecret, loadedPerms, loadedSA bool

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
		s.saID, cmd = s.env.readServiceAccount(s.app.Ref())
		cmds = append(cmds, cmd)
		s.permsID, cmd = s.env.readPermissions(s.app.Ref())
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}

func (s *detailsScreen) Title() string { return s.app.ClientID }

func (s *detailsScreen) SetSize(width, height int) { s.width, s.height = width, height }

func (s *detailsScreen) Capturing() bool { return false }

func (s *detailsScreen) ShortHelp() []key.Binding {
	a, k := s.env.actions, s.keys
	return enabled(a.Token, k.Grant, k.Remove, k.Reveal, a.CopySecret, a.CopyEnv, a.Rotate, a.Toggle, a.Delete, s.env.global.Back)
}

func (s *detailsScreen) FullHelp() [][]key.Binding {
	a, k := s.env.actions, s.keys
	return [][]key.Binding{
		enabled(k.Up, k.Down, k.Reload, s.env.global.Back),
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
		if msg.id == s.secretID && msg.err == nil {
			s.secret, s.loadedSecret = msg.secret, true
		}
	case serviceAccountMsg:
		if msg.id == s.saID && msg.err == nil {
			s.saUser, s.loadedSA = msg.user, true
		}
	case permissionsMsg:
		if msg.id == s.permsID && msg.err == nil {
			s.perms, s.loadedPerms = msg.perms, true
		}
	case enabledMsg:
		if msg.err == nil && msg.ref.ID == s.app.ID {
			s.app.Enabled = msg.enabled
			if msg.id == s.toggleID {
				return notifyInfo("Enabled " + s.app.ClientID)
			}
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
			var cmd tea.Cmd
			s.permsID, cmd = s.env.readPermissions(s.app.Ref())
			return cmd
		}
	case deletedMsg:
		if msg.err == nil && msg.ref.ID == s.app.ID {
			return s.env.pop()
		}
	}
	return nil
}

func (s *detailsScreen) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	a := s.env.actions
	switch {
	case key.Matches(msg, s.keys.Up):
		s.offset = max(0, s.offset-1)
	case key.Matches(msg, s.keys.Down):
		s.offset = min(s.offset+1, max(0, len(s.lines())-s.height))
	case key.Matches(msg, s.keys.Reload):
		return s.Init()
	case key.Matches(msg, s.keys.Reveal):
		if s.app.HasSecret() {
			s.revealed = !s.revealed
		}
	case key.Matches(msg, a.Token):
		return openToken(s.env, s.app)
	case key.Matches(msg, s.keys.Grant):
		return openGrant(s.env, s.app, s.perms)
	case key.Matches(msg, s.keys.Remove):
		return openRemove(s.env, s.app, s.perms, s.loadedPerms)
	case key.Matches(msg, a.CopySecret):
		return s.copy(copySecretOnly)
	case key.Matches(msg, a.CopyEnv):
		return s.copy(copyEnvBlock)
	case key.Matches(msg, a.Rotate):
		return openRotate(s.env, s.app)
	case key.Matches(msg, a.Toggle):
		var cmd tea.Cmd
		s.toggleID, cmd = toggleEnabled(s.env, s.app)
		return cmd
	case key.Matches(msg, a.Delete):
		return s.env.push(newDeleteScreen(s.env, s.app))
	}
	return nil
}

// copy uses the secret already read, or reads it first.
func (s *detailsScreen) copy(kind copyKind) tea.Cmd {
	if !s.loadedSecret {
		return s.env.copySecret(s.app, kind)
	}
	msg := s.env.copyRequest(s.app.ClientID, s.secret, kind)
	return func() tea.Msg { return msg }
}

func (s *detailsScreen) View() string {
	lines := s.lines()
	offset := max(0, min(s.offset, len(lines)-s.height))
	return strings.Join(lines[offset:], "\n")
}

func (s *detailsScreen) lines() []string {
	st := s.env.styles
	app := s.app
	loading := st.Muted.Render("loading…")

	var rows [][2]string
	add := func(label, value string) { rows = append(rows, [2]string{label, value}) }
	add("Client id", app.ClientID)
	add("Name", app.Name)
	add("Description", app.Description)
	add("Internal id", app.ID)
	add("Type", app.Type.String())
	add("Enabled", yesNo(app.Enabled))
	if app.HasSecret() {
		add("Secret", s.secretText())
		add("Secret age", s.secretAgeText())
	}
	add("Root URL", app.RootURL)
	add("Redirect URIs", orNone(app.RedirectURIs, ", "))
	add("Web origins", orNone(app.WebOrigins, ", "))
	add("Flows", orNone(flowNames(app.Flows), ", "))
	switch {
	case !app.Flows.ServiceAccount:
		add("Service account", st.Muted.Render("none (the client-credentials grant is off)"))
	case !s.loadedSA:
		add("Service account", loading)
	default:
		add("Service account", s.saUser)
	}
	if app.Flows.ServiceAccount {
		for i, line := range s.apiAccessLines() {
			label := ""
			if i == 0 {
				label = "API access"
			}
			add(label, line)
		}
	}

	lines := make([]string, 0, len(rows))
	for _, r := range rows {
		lines = append(lines, st.Label.Render(cell(r[0], labelWidth))+r[1])
	}
	return lines
}

func (s *detailsScreen) secretText() string {
	st := s.env.styles
	switch {
	case !s.loadedSecret:
		return st.Muted.Render("loading…")
	case s.revealed:
		return st.Secret.Render(s.secret.Reveal())
	}
	return st.Secret.Render(s.secret.String()) + st.Muted.Render("  v reveals, c copies")
}

func (s *detailsScreen) secretAgeText() string {
	age, ok := s.app.SecretAge(s.env.now())
	if !ok {
		return "unknown: Keycloak did not record when this secret was made"
	}
	return fmt.Sprintf("%s (since %s)", formatAge(age), s.app.SecretCreatedAt.UTC().Format("2006-01-02 15:04 UTC"))
}

func flowNames(f model.Flows) []string {
	var names []string
	if f.Standard {
		names = append(names, "login page (authorization code)")
	}
	if f.ServiceAccount {
		names = append(names, "service account (client credentials)")
	}
	if f.Device {
		names = append(names, "device authorization")
	}
	if f.DirectAccess {
		names = append(names, "direct access (password)")
	}
	if f.Implicit {
		names = append(names, "implicit")
	}
	return names
}

// apiAccessLines returns the application's permissions, one API a line,
// and the keys that change them.
func (s *detailsScreen) apiAccessLines() []string {
	st := s.env.styles
	if !s.loadedPerms {
		return []string{st.Muted.Render("loading…")}
	}
	lines := roleLines(rolesByAPI(s.perms))
	if len(lines) == 0 {
		lines = []string{"none"}
	}
	if s.keys.Grant.Enabled() {
		hint := "+ grants a permission"
		if len(s.perms) > 0 {
			hint += ", - removes one"
		}
		lines = append(lines, st.Muted.Render(hint))
	}
	return lines
}
