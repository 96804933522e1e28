package ui

import (
	"errors"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/idtui/idtui/model"
)

type tokenKeys struct {
	scroll      scrollKeys
	Refetch     key.Binding
	SwitchToken key.Binding
	CopyToken   key.Binding
	CopyHeader  key.Binding
	CopyCurl    key.Binding
}

// newTokenKeys returns the keys of a client-credentials token, or of a
// user's tokens: those switch between the ID token and the access token,
// and have no token request to copy as curl.
func newTokenKeys(user bool) tokenKeys {
	k := tokenKeys{
		scroll:      newScrollKeys(),
		Refetch:     key.NewBinding(key.WithKeys("r", "ctrl+r"), key.WithHelp("r", "fetch again")),
		SwitchToken: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "ID token/access token")),
		CopyToken:   key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy token")),
		CopyHeader:  key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "copy Authorization header")),
		CopyCurl:    key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "copy curl command")),
	}
	k.SwitchToken.SetEnabled(user)
	k.CopyCurl.SetEnabled(!user)
	if user {
		k.Refetch.SetHelp("r", "sign in again")
		k.CopyToken.SetHelp("c", "copy the token shown")
	}
	return k
}

// tokenTickMsg redraws the token screen once a second, for the countdown
// to expiry. It names its screen, so that a tick of a closed token screen
// does not drive a new one.
type tokenTickMsg struct{ screen *tokenScreen }

// tokenScreen fetches a client-credentials token for one application, as
// its service would, and shows what the Camunda APIs would make of it. It
// shows the decoded header and claims, the signature check against the
// realm's keys, a countdown to expiry and the diagnosis per API. After a
// failed fetch, it explains Keycloak's rejection and what to change.
//
// It also shows the tokens of a user's sign-in as an application: the
// access token in the same way, and the ID token decoded and checked, but
// without a diagnosis, because the APIs never receive it.
//
// The tokens, the header and the curl command stay masked on screen, and
// the copy keys copy them in full.
type tokenScreen struct {
	env  *env
	keys tokenKeys
	app  model.Application

	// user is set for the tokens of a user's sign-in, which the screen
	// receives instead of fetching, and showID while the ID token shows.
	user, showID bool

	// noToken explains why this application gets no token, for
	// applications with neither a service account nor a login page, and
	// noTokenFix what to change. Nothing is fetched then.
	noToken, noTokenFix string

	id      requestID
	loading bool
	result  *tokenMsg // the last reply, nil before the first

	offset        int
	width, height int
}

func newTokenScreen(e *env, app model.Application) *tokenScreen {
	s := &tokenScreen{env: e, keys: newTokenKeys(false), app: app}
	s.noToken, s.noTokenFix = noTokenReason(app)
	return s
}

// newUserTokenScreen shows the tokens of a user's sign-in as app.
func newUserTokenScreen(e *env, app model.Application, msg tokenMsg) *tokenScreen {
	return &tokenScreen{env: e, keys: newTokenKeys(true), app: app, user: true, result: &msg}
}

// openToken opens the token screen of an application, or for an
// application with a login page the sign-in of one of its users.
func openToken(e *env, app model.Application) tea.Cmd {
	if signsUsersIn(app) {
		return e.push(newUserLoginScreen(e, app))
	}
	return e.push(newTokenScreen(e, app))
}

// signsUsersIn reports whether the application gets its tokens through a
// user's sign-in rather than the client-credentials grant: a Confidential
// or Public application with a login page and no service account.
func signsUsersIn(app model.Application) bool {
	loginPage := app.Flows.Standard || app.Flows.Device
	return !app.Flows.ServiceAccount && loginPage && (app.Type == model.TypeConfidential || app.Type == model.TypePublic)
}

func (s *tokenScreen) Init() tea.Cmd {
	switch {
	case s.noToken != "":
		return nil
	case s.user:
		return s.tick()
	}
	return tea.Batch(s.fetch(), s.tick())
}

// showingID reports whether the ID token shows.
func (s *tokenScreen) showingID() bool { return s.showID && s.result.idToken != nil }

// shown returns the token on screen.
func (s *tokenScreen) shown() checkedToken {
	if s.showingID() {
		return *s.result.idToken
	}
	return s.result.access
}

func (s *tokenScreen) fetch() tea.Cmd {
	var cmd tea.Cmd
	s.id, cmd = s.env.fetchTestToken(s.app.Ref())
	s.loading = true
	return cmd
}

func (s *tokenScreen) tick() tea.Cmd {
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return tokenTickMsg{s} })
}

func (s *tokenScreen) Title() string             { return "Token" }
func (s *tokenScreen) clientID() string          { return s.app.ClientID }
func (s *tokenScreen) SetSize(width, height int) { s.width, s.height = width, height }
func (s *tokenScreen) Capturing() bool           { return false }

func (s *tokenScreen) ShortHelp() []key.Binding {
	k := s.keys
	switch {
	case s.noToken != "":
		return []key.Binding{s.env.global.Back}
	case s.result != nil && s.result.err != nil:
		return []key.Binding{k.Refetch, k.CopyCurl, s.env.global.Back}
	}
	return enabled(k.SwitchToken, k.Refetch, k.CopyToken, k.CopyHeader, k.CopyCurl, s.env.global.Back)
}

func (s *tokenScreen) FullHelp() [][]key.Binding {
	k := s.keys
	if s.noToken != "" {
		return [][]key.Binding{append(k.scroll.bindings(), s.env.global.Back)}
	}
	return [][]key.Binding{
		k.scroll.bindings(),
		enabled(k.SwitchToken, k.Refetch, s.env.global.Back),
		enabled(k.CopyToken, k.CopyHeader, k.CopyCurl),
	}
}

func (s *tokenScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return s.handleKey(msg)
	case tokenTickMsg:
		if msg.screen == s {
			return s.tick()
		}
	case tokenMsg:
		if msg.id == s.id {
			s.result, s.loading = &msg, false
		}
	case deletedMsg:
		if msg.err == nil && msg.ref.ID == s.app.ID {
			return s.env.closeScreen(s)
		}
	}
	return nil
}

func (s *tokenScreen) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	if offset, ok := k.scroll.scroll(msg, s.offset, len(s.lines()), s.height); ok {
		s.offset = offset
		return nil
	}
	switch {
	case s.noToken != "":
	case key.Matches(msg, k.Refetch) && s.user:
		// A new sign-in requests the confirmation again before it changes anything.
		return s.env.replaceScreen(s, newUserLoginScreen(s.env, s.app))
	case key.Matches(msg, k.Refetch):
		if s.loading {
			return nil
		}
		return s.fetch()
	case key.Matches(msg, k.SwitchToken):
		s.showID = !s.showID
		s.offset = 0
	case key.Matches(msg, k.CopyToken) && s.showingID():
		return s.copyText(copyIDToken, s.result.idToken.raw)
	case key.Matches(msg, k.CopyToken):
		return s.copy(copyToken)
	case key.Matches(msg, k.CopyHeader):
		return s.copy(copyBearerHeader)
	case key.Matches(msg, k.CopyCurl):
		return s.copy(copyCurl)
	}
	return nil
}

// copy copies the token, its header or the curl command of the request.
// The curl command is there even after a failed request, to repeat it.
func (s *tokenScreen) copy(kind copyKind) tea.Cmd {
	r := s.result
	switch {
	case r == nil:
		return notifyError(errors.New("the token is still being fetched; copy it once it shows"))
	case kind == copyCurl && r.test.TokenURL != "":
		return s.copyText(kind, r.test.Curl().Text())
	case r.err != nil:
		return notifyError(errors.New("there is no token to copy, because the token request failed; r fetches again after the fix"))
	case kind == copyBearerHeader:
		return s.copyText(kind, r.test.Header().Text())
	}
	return s.copyText(kind, r.test.Response.AccessToken)
}

func (s *tokenScreen) copyText(kind copyKind, text model.Secret) tea.Cmd {
	msg := copyMsg{clientID: s.app.ClientID, kind: kind, text: text}
	return func() tea.Msg { return msg }
}

func (s *tokenScreen) View() string {
	lines := s.lines()
	offset := max(0, min(s.offset, len(lines)-s.height))
	return strings.Join(lines[offset:], "\n")
}

// noTokenReason returns why the application gets no token and what to
// change, or "" when it can get one: a client-credentials token with a
// service account, or a user's tokens through its login page.
func noTokenReason(app model.Application) (why, change string) {
	if app.Flows.ServiceAccount || signsUsersIn(app) {
		return "", ""
	}
	id := app.ClientID
	switch app.Type {
	case model.TypeConfidential:
		return id + " has neither a service account nor a login page: the standard flow, the device grant and the client-credentials grant are off.",
			"Turn on the standard flow in its settings in Keycloak for its users' tokens, or Service account roles for a client-credentials token, then press t again."
	case model.TypePublic:
		return id + " is a public client with its login page off: the standard flow and the device grant are off, and a public client has no service account.",
			"Turn on the standard flow in its settings in Keycloak, then press t again to sign a user in."
	case model.TypeAPI:
		return id + " is an API (a resource server): it accepts tokens but gets none of its own.",
			"Fetch a token for the M2M application of the service that calls " + id + ", after granting that application a role on " + id + " with + in its details."
	}
	return id + " has no service account, so it cannot fetch a token with the client-credentials grant.",
		"Turn on Service account roles in its settings in Keycloak, or fetch a token for an M2M application."
}
