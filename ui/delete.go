package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/idtui/idtui/model"
)

type deleteKeys struct {
	Confirm key.Binding
	Cancel  key.Binding
}

// deleteScreen deletes an application once the operator has typed its
// client id, so that a stray key cannot delete the wrong one.
type deleteScreen struct {
	env   *env
	keys  deleteKeys
	app   model.Application
	input textinput.Model

	mismatch bool // enter was pressed with another text than the client id
	id       requestID
	busy     bool

	width, height int
}

func newDeleteScreen(e *env, app model.Application) *deleteScreen {
	return &deleteScreen{
		// No placeholder: the client id as a hint would look typed.
		env: e, app: app, input: e.newTextInput("> ", ""),
		keys: deleteKeys{
			Confirm: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "delete")),
			Cancel:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		},
	}
}

func (s *deleteScreen) Init() tea.Cmd    { return s.input.Focus() }
func (s *deleteScreen) Title() string    { return "Delete" }
func (s *deleteScreen) clientID() string { return s.app.ClientID }
func (s *deleteScreen) Capturing() bool  { return true }

func (s *deleteScreen) awaited() requestID {
	if s.busy {
		return s.id
	}
	return 0
}

func (s *deleteScreen) SetSize(width, height int) {
	s.width, s.height = width, height
	s.input.SetWidth(max(10, width-4))
}

// ShortHelp offers no key while the deletion is on its way, because
// neither enter nor esc does anything then.
func (s *deleteScreen) ShortHelp() []key.Binding {
	if s.busy {
		return nil
	}
	return []key.Binding{s.keys.Confirm, s.keys.Cancel}
}

func (s *deleteScreen) FullHelp() [][]key.Binding {
	return [][]key.Binding{{s.keys.Confirm, s.keys.Cancel, s.env.global.Interrupt}}
}

func (s *deleteScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return s.handleKey(msg)
	case deletedMsg:
		if msg.id != s.id {
			return nil
		}
		s.busy = false
		if msg.err != nil {
			return nil
		}
		return s.env.closeScreen(s)
	}
	return nil
}

func (s *deleteScreen) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case s.busy:
		return nil
	case key.Matches(msg, s.keys.Cancel):
		return s.env.pop()
	case key.Matches(msg, s.keys.Confirm):
		if !s.typedClientID() {
			s.mismatch = true
			return nil
		}
		s.busy = true
		var cmd tea.Cmd
		s.id, cmd = s.env.delete(s.app.Ref())
		return cmd
	}
	s.mismatch = false
	var cmd tea.Cmd
	s.input, cmd = s.input.Update(msg)
	return cmd
}

// typedClientID reports whether the input is the client id. Spaces
// around the typed text are ignored, because the input does not show a
// trailing space.
func (s *deleteScreen) typedClientID() bool {
	typed := s.input.Value()
	return typed == s.app.ClientID || strings.TrimSpace(typed) == s.app.ClientID
}

func (s *deleteScreen) View() string {
	st := s.env.styles
	width := max(20, s.width-2)
	warning := "This deletes the client and its service account from the realm " + s.env.backend.Realm() +
		". Services that use it get no more tokens, and its users cannot log in through it. It cannot be undone."
	lines := append([]string{""}, hanging("", "Delete "+s.app.ClientID+"?", width, st.Heading)...)
	lines = append(lines,
		"",
		st.Warning.Render(ansi.Wrap(printable(warning), width, " ")),
		"",
		"Type the client id to confirm:",
		s.input.View(),
	)
	switch {
	case s.busy:
		lines = append(lines, st.Muted.Render("Deleting…"))
	case s.mismatch:
		lines = append(lines, hanging("", "That is not the client id. Type "+s.app.ClientID+" exactly, or press esc to cancel.", width, st.Invalid)...)
	}
	return strings.Join(lines, "\n")
}
