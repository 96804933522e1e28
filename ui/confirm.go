package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/idtui/idtui/model"
)

type confirmKeys struct {
	Yes key.Binding
	No  key.Binding
}

func newConfirmKeys(action string) confirmKeys {
	return confirmKeys{
		Yes: key.NewBinding(key.WithKeys("y"), key.WithHelp("y", action)),
		No:  key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n/esc", "cancel")),
	}
}

// confirmScreen is a y/n question before an action that breaks running
// services: rotating a secret or disabling an application. y starts the
// request, and the screen stays until the reply, so a failure can be retried.
type confirmScreen struct {
	env   *env
	keys  confirmKeys
	app   model.Application
	title string
	// question and warning are the screen's text: what happens, and what
	// stops working because of it.
	question, warning string

	start  func() (requestID, tea.Cmd)
	finish func(msg tea.Msg) tea.Cmd // handles the reply of the request
	// accept, when set, replaces start and finish: y runs it, for a
	// confirmation that hands over to another screen.
	accept func() tea.Cmd

	id   requestID
	busy bool

	width, height int
}

// openRotate opens the confirmation of a rotation, which then shows the new
// secret.
func openRotate(e *env, app model.Application) tea.Cmd {
	if !app.HasSecret() {
		return notifyError(errNoSecret(app, "rotate"))
	}
	s := &confirmScreen{
		env: e, keys: newConfirmKeys("rotate"), app: app, title: "Rotate secret",
		question: "Rotate the secret of " + app.ClientID + "?",
		warning:  "The current secret stops working at once, for every service that uses it. Each of them needs the new secret before it can fetch tokens again.",
	}
	s.start = func() (requestID, tea.Cmd) { return e.rotate(app.Ref()) }
	s.finish = func(msg tea.Msg) tea.Cmd {
		rotated, ok := msg.(rotatedMsg)
		if !ok || rotated.id != s.id || rotated.err != nil {
			return nil
		}
		return tea.Batch(e.replaceScreen(s, newSecretScreen(e, app, rotated.secret, secretRotated)), e.reload(app.Ref()))
	}
	return s.env.push(s)
}

// toggleEnabled enables a disabled application at once. Disabling needs a
// confirmation first, because a disabled client gets no more tokens.
func toggleEnabled(e *env, app model.Application) tea.Cmd {
	if !app.Enabled {
		_, cmd := e.setEnabled(app.Ref(), true)
		return cmd
	}
	s := &confirmScreen{
		env: e, keys: newConfirmKeys("disable"), app: app, title: "Disable",
		question: "Disable " + app.ClientID + "?",
		warning:  "Keycloak then issues no tokens to it, and its users cannot log in through it, until it is enabled again. Tokens issued before stay valid until they expire.",
	}
	s.start = func() (requestID, tea.Cmd) { return e.setEnabled(app.Ref(), false) }
	s.finish = func(msg tea.Msg) tea.Cmd {
		done, ok := msg.(enabledMsg)
		if !ok || done.id != s.id || done.err != nil {
			return nil
		}
		return e.closeScreen(s)
	}
	return e.push(s)
}

func (s *confirmScreen) Init() tea.Cmd { return nil }
func (s *confirmScreen) Title() string { return s.title }

func (s *confirmScreen) clientID() string          { return s.app.ClientID }
func (s *confirmScreen) SetSize(width, height int) { s.width, s.height = width, height }
func (s *confirmScreen) Capturing() bool           { return false }

func (s *confirmScreen) awaited() requestID {
	if s.busy {
		return s.id
	}
	return 0
}

// ShortHelp offers no key while the change is on its way, because y and
// n do nothing then, and esc cannot cancel a request that Keycloak has.
func (s *confirmScreen) ShortHelp() []key.Binding {
	if s.busy {
		return nil
	}
	return []key.Binding{s.keys.Yes, s.keys.No}
}

func (s *confirmScreen) FullHelp() [][]key.Binding { return [][]key.Binding{{s.keys.Yes, s.keys.No}} }

func (s *confirmScreen) Update(msg tea.Msg) tea.Cmd {
	if keyMsg, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case s.busy:
			return nil
		case key.Matches(keyMsg, s.keys.Yes) && s.accept != nil:
			return s.accept()
		case key.Matches(keyMsg, s.keys.Yes):
			s.busy = true
			var cmd tea.Cmd
			s.id, cmd = s.start()
			return cmd
		case key.Matches(keyMsg, s.keys.No):
			return s.env.pop()
		}
		return nil
	}
	if s.accept != nil {
		return nil
	}
	if r, ok := msg.(requestReply); ok && r.endsRequest() == s.id && s.id != 0 {
		s.busy = false
	}
	return s.finish(msg)
}

func (s *confirmScreen) View() string {
	st := s.env.styles
	width := max(20, s.width-2)
	lines := append([]string{""}, hanging("", s.question, width, st.Heading)...)
	lines = append(lines,
		"",
		st.Warning.Render(ansi.Wrap(printable(s.warning), width, " ")),
		"",
	)
	if s.busy {
		lines = append(lines, st.Muted.Render("Working…"))
	} else {
		lines = append(lines, "y "+s.keys.Yes.Help().Desc+" · n or esc cancels")
	}
	return strings.Join(lines, "\n")
}
