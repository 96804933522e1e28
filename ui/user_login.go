package ui

import (
	"errors"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/model"
)

type userLoginKeys struct {
	Browser key.Binding
	Device  key.Binding
}

// userLoginScreen prepares a user's sign-in as an application with a
// login page: it reads the application and its secret, then chooses the
// method. Where the application allows both the browser and the device
// grant, the operator chooses. The browser method needs a loopback
// redirect URI; where the application has none that fits, the
// confirmation to add one comes first, and read-only mode leaves the
// browser out.
type userLoginScreen struct {
	env  *env
	keys userLoginKeys
	app  model.Application

	id    requestID
	login *keycloak.UserLogin
	err   error
	// methods are the methods the operator can choose from, and blocked
	// why there are none.
	methods []keycloak.SignInMethod
	blocked string

	width, height int
}

func newUserLoginScreen(e *env, app model.Application) *userLoginScreen {
	return &userLoginScreen{env: e, app: app, keys: userLoginKeys{
		Browser: key.NewBinding(key.WithKeys("b", "enter"), key.WithHelp("b", "sign in with the browser")),
		Device:  key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "sign in with a device code")),
	}}
}

func (s *userLoginScreen) Init() tea.Cmd {
	var cmd tea.Cmd
	s.id, cmd = s.env.prepareUserLogin(s.app.Ref())
	return cmd
}

func (s *userLoginScreen) Title() string             { return "Sign in as user" }
func (s *userLoginScreen) clientID() string          { return s.app.ClientID }
func (s *userLoginScreen) SetSize(width, height int) { s.width, s.height = width, height }
func (s *userLoginScreen) Capturing() bool           { return false }

func (s *userLoginScreen) ShortHelp() []key.Binding {
	return append(s.choices(), s.env.global.Back)
}

func (s *userLoginScreen) FullHelp() [][]key.Binding {
	return [][]key.Binding{s.ShortHelp()}
}

// choices returns the keys of the methods on offer, when there are two.
func (s *userLoginScreen) choices() []key.Binding {
	if len(s.methods) < 2 {
		return nil
	}
	return []key.Binding{s.keys.Browser, s.keys.Device}
}

func (s *userLoginScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if len(s.methods) < 2 {
			return nil
		}
		switch {
		case key.Matches(msg, s.keys.Browser):
			return s.proceed(keycloak.SignInBrowser)
		case key.Matches(msg, s.keys.Device):
			return s.proceed(keycloak.SignInDevice)
		}
	case userLoginMsg:
		if msg.id != s.id {
			return nil
		}
		if msg.err != nil {
			s.err = msg.err
			return nil
		}
		return s.prepared(msg.login)
	}
	return nil
}

// prepared offers the methods that can work, and goes on at once when
// there is only one.
func (s *userLoginScreen) prepared(login keycloak.UserLogin) tea.Cmd {
	s.login = &login
	s.methods = login.Methods()
	needsChange := slices.Contains(s.methods, keycloak.SignInBrowser) && !login.RedirectURIFits
	if needsChange && s.env.opts.ReadOnly {
		s.methods = slices.DeleteFunc(s.methods, func(m keycloak.SignInMethod) bool { return m == keycloak.SignInBrowser })
		if len(s.methods) == 0 {
			s.blocked = s.app.ClientID + " has no redirect URI that accepts idtui's listener at 127.0.0.1, and read-only mode rules out adding " + model.LoopbackRedirectURI + ". " +
				"Add that redirect URI to " + s.app.ClientID + " in Keycloak, or turn on its device authorization grant, or start idtui without read-only mode."
		}
	}
	if len(s.methods) == 1 {
		return s.proceed(s.methods[0])
	}
	return nil
}

// proceed opens the sign-in with method in place of this screen, after the
// confirmation of the redirect URI where the browser method needs one.
func (s *userLoginScreen) proceed(method keycloak.SignInMethod) tea.Cmd {
	login := *s.login
	readOnly := s.env.opts.ReadOnly
	if method != keycloak.SignInBrowser {
		return s.env.replaceScreen(s, newUserSignIn(s.env, login, method, false))
	}
	switch {
	case login.Loopback == model.LoopbackLeftover && !readOnly:
		return s.env.replaceScreen(s, newLeftoverRedirectURIConfirm(s.env, login))
	case login.Loopback == model.LoopbackLeftover:
		return tea.Batch(s.env.replaceScreen(s, newUserSignIn(s.env, login, method, false)), notifyError(errLeftoverRedirectURI(login.Application)))
	case login.Loopback == model.LoopbackInUse:
		// Sharing the redirect URI only extends its lease, so that the
		// other sign-in does not remove it from under this one.
		return s.env.replaceScreen(s, newUserSignIn(s.env, login, method, !readOnly))
	case !login.RedirectURIFits:
		return s.env.replaceScreen(s, newRedirectURIConfirm(s.env, login))
	}
	return s.env.replaceScreen(s, newUserSignIn(s.env, login, method, false))
}

// newLeftoverRedirectURIConfirm returns the confirmation before idtui signs
// in with the redirect URI that an earlier sign-in left on the application,
// such as after a dropped SSH session, and then removes it.
func newLeftoverRedirectURIConfirm(e *env, login keycloak.UserLogin) *confirmScreen {
	app := login.Application
	s := &confirmScreen{
		env: e, keys: newConfirmKeys("sign in, then remove it"), app: app, title: "Remove redirect URI",
		question: "Sign in, then remove the redirect URI " + model.LoopbackRedirectURI + " from " + app.ClientID + "?",
		warning: app.ClientID + " still has the temporary redirect URI " + model.LoopbackRedirectURI + ", left by an earlier sign-in that ended before removing it. " +
			"While it is there, any program on this machine that listens on 127.0.0.1 can receive codes for " + app.ClientID + ".",
	}
	s.accept = func() tea.Cmd { return e.replaceScreen(s, newUserSignIn(e, login, keycloak.SignInBrowser, true)) }
	return s
}

// errLeftoverRedirectURI is the error that requests an operator in
// read-only mode to remove the redirect URI that an earlier sign-in left behind.
func errLeftoverRedirectURI(app model.Application) error {
	return errors.New(app.ClientID + " still has the temporary redirect URI " + model.LoopbackRedirectURI + " from an earlier sign-in, and read-only mode leaves it there; " +
		"remove it in Keycloak's admin console, under Clients > " + app.ClientID + " > Valid redirect URIs")
}

// newRedirectURIConfirm returns the confirmation before idtui adds the
// loopback redirect URI for a browser sign-in. Nothing changes without y.
func newRedirectURIConfirm(e *env, login keycloak.UserLogin) *confirmScreen {
	app := login.Application
	s := &confirmScreen{
		env: e, keys: newConfirmKeys("add it for this sign-in"), app: app, title: "Add redirect URI",
		question: "Add the redirect URI " + model.LoopbackRedirectURI + " to " + app.ClientID + "?",
		warning: "None of the redirect URIs of " + app.ClientID + " (" + orNone(app.RedirectURIs, ", ") + ") accepts idtui's listener at 127.0.0.1, " +
			"to which Keycloak's login page sends the browser with the code. idtui adds " + model.LoopbackRedirectURI +
			" for this sign-in, and removes it afterwards, also when the sign-in fails or you cancel it. " +
			"Until then, any program on this machine that listens on 127.0.0.1 can receive codes for " + app.ClientID + ".",
	}
	s.keys.Yes = mutating(e.opts.ReadOnly, key.WithKeys("y"), key.WithHelp("y", "add it for this sign-in"))
	s.accept = func() tea.Cmd { return e.replaceScreen(s, newUserSignIn(e, login, keycloak.SignInBrowser, true)) }
	return s
}

func (s *userLoginScreen) View() string {
	st := s.env.styles
	width := max(20, s.width-2)
	lines := append([]string{""}, hanging("", "Sign in as a user of "+s.app.ClientID, width, st.Heading)...)
	lines = append(lines, "")
	switch {
	case s.err != nil:
		_, problem, fix := explainFetchError(s.err)
		lines = append(lines, hanging("", problem, width, st.Error)...)
		if fix != "" {
			lines = append(append(lines, ""), hanging("", fix, width, st.Plain)...)
		}
	case s.blocked != "":
		lines = append(lines, hanging("", s.blocked, width, st.Warning)...)
	case s.login == nil:
		lines = append(lines, st.Muted.Render("Reading "+s.app.ClientID+"…"))
	case len(s.methods) == 2:
		lines = append(lines, s.choiceLines(width)...)
	}
	return strings.Join(lines, "\n")
}

func (s *userLoginScreen) choiceLines(width int) []string {
	st := s.env.styles
	intro := s.app.ClientID + " has a login page. A user signs in on it, and idtui shows the user's ID token and access token. " +
		s.app.ClientID + " allows two ways to sign in:"
	lines := hanging("", intro, width, st.Plain)
	browser := "the browser opens Keycloak's login page on this machine."
	if !s.login.RedirectURIFits {
		browser += " It needs the redirect URI " + model.LoopbackRedirectURI + ", which idtui offers to add for the sign-in."
	}
	lines = append(append(lines, ""), hanging("  b  ", browser, width, st.Plain)...)
	lines = append(lines, hanging("  d  ", "a code to enter on Keycloak's device page, on any device. It changes nothing on "+s.app.ClientID+".", width, st.Plain)...)
	return lines
}
