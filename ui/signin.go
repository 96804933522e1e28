package ui

import (
	"context"
	"errors"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/model"
)

type signInKeys struct {
	CopyURL key.Binding
	Retry   key.Binding
	Cancel  key.Binding
}

func newSignInKeys() signInKeys {
	return signInKeys{
		CopyURL: key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy URL")),
		Retry:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "try again")),
		// The App's back key pops the screen, and closed ends the flow.
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// signInPurpose is the reason the sign-in screen is open.
type signInPurpose int

const (
	// signInSession signs the operator in again after Keycloak ended the
	// session, and then retries the calls that failed.
	signInSession signInPurpose = iota
	// signInContext signs the operator in to a context to switch to.
	signInContext
	// signInUser signs a user in as an application, for a user token.
	signInUser
)

// signInTickMsg redraws a sign-in screen once a second, for the time left.
type signInTickMsg struct{ screen *signInScreen }

// signInScreen shows a sign-in on Keycloak's login page while its flow
// waits for the person. For the browser method it shows the URL, after
// opening it in the browser where one can open. For the device method it
// shows the verification URL, the user code and the code's expiry. esc
// cancels the flow. Neither the authorization code nor a token ever shows.
type signInScreen struct {
	env     *env
	keys    signInKeys
	purpose signInPurpose
	title   string
	intro   string // the reason for the sign-in
	// appClientID is the application a user signs in to, and "" for the
	// operator's sign-in.
	appClientID string

	start   func() (requestID, context.CancelFunc, tea.Cmd)
	succeed func(reply tea.Msg) tea.Cmd // the flow's reply on success
	// again starts over after a failed sign-in; nil runs start again.
	again func() tea.Cmd

	id        requestID
	stop      context.CancelFunc
	wait      tea.Cmd // waits for the flow's next message
	prompt    *keycloak.SignInPrompt
	opening   bool   // the browser is being opened
	notOpened string // the reason no browser opened, or "" when one did
	err       error  // the failed sign-in
	done      bool   // the flow succeeded, so closing the screen ends nothing

	// For signInSession: the calls to retry after the sign-in, and their
	// failed replies for when the operator cancels.
	retries []func() tea.Cmd
	failed  []tea.Msg

	offset        int
	width, height int
}

// newSessionSignIn returns the sign-in after Keycloak ended the operator's
// session, with the first call to retry.
func newSessionSignIn(e *env, first signInRequiredMsg) *signInScreen {
	s := &signInScreen{
		env: e, keys: newSignInKeys(), purpose: signInSession, title: "Sign in",
		intro: "Keycloak ended the session of " + e.backend.Identity() + ". Sign in again on Keycloak's login page; " +
			"idtui then repeats what failed, and you go on where you were.",
	}
	s.start = func() (requestID, context.CancelFunc, tea.Cmd) { return e.signInAgain(e.backend) }
	s.succeed = func(tea.Msg) tea.Cmd {
		cmds := []tea.Cmd{e.closeScreen(s), notifyInfo("Signed in again as " + e.backend.Identity())}
		for _, retry := range s.retries {
			cmds = append(cmds, retry())
		}
		return tea.Batch(cmds...)
	}
	s.add(first)
	return s
}

// add keeps another call to retry after the sign-in.
func (s *signInScreen) add(msg signInRequiredMsg) {
	s.retries = append(s.retries, msg.retry)
	if msg.failed != nil {
		s.failed = append(s.failed, msg.failed)
	}
}

// newContextSignIn returns the sign-in to the context that conn connects
// to, which switches to it on success.
func newContextSignIn(e *env, conn Connection) *signInScreen {
	s := &signInScreen{
		env: e, keys: newSignInKeys(), purpose: signInContext, title: "Sign in",
		intro: "The context " + conn.ContextName + " signs in on Keycloak's login page, and it has no session that still works. " +
			"Sign in to switch to it, or press esc to stay on " + contextLabel(e.opts.ContextName) + ".",
	}
	s.start = func() (requestID, context.CancelFunc, tea.Cmd) { return e.signInAgain(conn.Backend) }
	s.succeed = func(tea.Msg) tea.Cmd {
		return func() tea.Msg { return switchMsg{conn} }
	}
	return s
}

// newUserSignIn returns the sign-in of a user as the application, which
// shows the user's tokens on success. addRedirectURI adds the loopback
// redirect URI for the sign-in, which the operator has confirmed.
func newUserSignIn(e *env, login keycloak.UserLogin, method keycloak.SignInMethod, claim bool) *signInScreen {
	app := login.Application
	intro := "Sign in as a user of " + app.ClientID + " on Keycloak's login page of the realm " + e.backend.Realm() +
		". idtui then shows the user's ID token and access token."
	if claim {
		intro += " " + claimIntro(login)
	}
	s := &signInScreen{env: e, keys: newSignInKeys(), purpose: signInUser, title: "Sign in as user", intro: intro, appClientID: app.ClientID}
	s.start = func() (requestID, context.CancelFunc, tea.Cmd) { return e.userToken(login, method, claim) }
	s.succeed = func(reply tea.Msg) tea.Cmd {
		msg := reply.(tokenMsg)
		cmds := []tea.Cmd{e.replaceScreen(s, newUserTokenScreen(e, app, msg))}
		if claim {
			// The sign-in added and removed a redirect URI, so the screens
			// that show the application read it again.
			cmds = append(cmds, e.reload(app.Ref()))
		}
		if msg.cleanupErr != nil {
			cmds = append(cmds, notifyError(errRedirectURIKept(app, msg.cleanupErr)))
		}
		return tea.Batch(cmds...)
	}
	// Starting over requests the confirmation again before anything changes.
	s.again = func() tea.Cmd { return e.replaceScreen(s, newUserLoginScreen(e, app)) }
	return s
}

// claimIntro describes what the sign-in does with the loopback redirect URI.
func claimIntro(login keycloak.UserLogin) string {
	app, uri := login.Application.ClientID, model.LoopbackRedirectURI
	switch login.Loopback {
	case model.LoopbackInUse:
		return "Another idtui sign-in to " + app + " uses the redirect URI " + uri + " now; this one shares it, and the last of them to end removes it."
	case model.LoopbackLeftover:
		return "idtui removes the redirect URI " + uri + " from " + app + " when the sign-in ends."
	}
	return "idtui adds the redirect URI " + uri + " to " + app + " for this sign-in, and removes it when the sign-in ends."
}

func errRedirectURIKept(app model.Application, err error) error {
	return errors.New("the temporary redirect URI " + model.LoopbackRedirectURI + " is still on " + app.ClientID + ": " + err.Error() +
		"; remove it in Keycloak's admin console, under Clients > " + app.ClientID + " > Valid redirect URIs")
}

// contextLabel names a context in a sentence, or the connection without one.
func contextLabel(name string) string {
	if name == "" {
		return "the current connection"
	}
	return "the context " + name
}

func (s *signInScreen) Init() tea.Cmd { return tea.Batch(s.restart(), s.tick()) }

// restart starts the flow, afresh after a failure.
func (s *signInScreen) restart() tea.Cmd {
	s.err, s.prompt, s.notOpened, s.opening = nil, nil, "", false
	s.id, s.stop, s.wait = s.start()
	return s.wait
}

func (s *signInScreen) tick() tea.Cmd {
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return signInTickMsg{s} })
}

func (s *signInScreen) Title() string             { return s.title }
func (s *signInScreen) clientID() string          { return s.appClientID }
func (s *signInScreen) SetSize(width, height int) { s.width, s.height = width, height }
func (s *signInScreen) Capturing() bool           { return false }

func (s *signInScreen) ShortHelp() []key.Binding {
	switch {
	case s.err != nil:
		return []key.Binding{s.keys.Retry, s.keys.Cancel}
	case s.showsURL():
		return []key.Binding{s.keys.CopyURL, s.keys.Cancel}
	}
	return []key.Binding{s.keys.Cancel}
}

func (s *signInScreen) FullHelp() [][]key.Binding {
	return [][]key.Binding{{s.keys.CopyURL, s.keys.Retry, s.keys.Cancel}}
}

// showsURL reports whether the screen shows the browser method's URL.
func (s *signInScreen) showsURL() bool {
	return s.prompt != nil && s.prompt.Method == keycloak.SignInBrowser
}

func (s *signInScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return s.handleKey(msg)
	case signInTickMsg:
		if msg.screen == s && !s.done {
			return s.tick()
		}
	case signInPromptMsg:
		if msg.id != s.id {
			return nil
		}
		s.prompt = &msg.prompt
		if msg.prompt.Method == keycloak.SignInBrowser {
			return tea.Batch(s.wait, s.openBrowser(msg.prompt.URL))
		}
		return s.wait
	case browserMsg:
		if msg.id == s.id {
			s.opening, s.notOpened = false, msg.notOpened
		}
	case requestReply:
		if msg.endsRequest() != s.id || s.done {
			return nil
		}
		if err := msg.requestErr(); err != nil {
			s.err, s.prompt = err, nil
			return nil
		}
		s.done = true
		return s.succeed(msg)
	}
	return nil
}

func (s *signInScreen) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, s.keys.CopyURL) && s.showsURL():
		url := model.Secret(s.prompt.URL)
		return func() tea.Msg { return copyMsg{kind: copySignInURL, text: url} }
	case key.Matches(msg, s.keys.Retry) && s.err != nil:
		if s.again != nil {
			return s.again()
		}
		return s.restart()
	case key.Matches(msg, s.keys.Cancel):
		// Where the App does not pop the screen, esc still ends the flow.
		return s.env.closeScreen(s)
	}
	return nil
}

// openBrowser opens url in the system browser, unless --no-browser is set
// or the machine has no browser to show, as over SSH.
func (s *signInScreen) openBrowser(url string) tea.Cmd {
	getenv := s.env.opts.getenv
	s.notOpened = keycloak.BrowserUnavailable(getenv)
	if s.env.opts.NoBrowser {
		s.notOpened = "--no-browser is set"
	}
	if s.notOpened != "" {
		return nil
	}

	s.opening = true
	id := s.id
	return func() tea.Msg {
		if err := keycloak.OpenBrowser(getenv, url); err != nil {
			return browserMsg{id: id, notOpened: "opening it failed: " + err.Error()}
		}
		return browserMsg{id: id}
	}
}

// closed ends the flow when the operator leaves the screen before the
// sign-in ends. The calls that wait for the operator's sign-in fail then.
func (s *signInScreen) closed() tea.Cmd {
	if s.done {
		return nil
	}
	s.done = true
	s.stop()
	s.env.log.Info("sign-in canceled")
	switch s.purpose {
	case signInSession:
		failed := s.failed
		return func() tea.Msg { return signInCanceledMsg{failed: failed} }
	case signInContext:
		return notifyInfo("Switch canceled; still on " + contextLabel(s.env.opts.ContextName))
	}
	return nil
}
