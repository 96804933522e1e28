package ui

import (
	"context"
	"errors"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/idtui/idtui/keycloak"
)

type contextPickerKeys struct {
	Up, Down key.Binding
	Choose   key.Binding
}

// contextPicker lists the config file's contexts, with the current one
// marked, and switches the console to the chosen one for the rest of the
// run. A secret that the context needs is asked for on a screen above, and
// a context that signs in on Keycloak's login page gets the sign-in
// screen. A failed switch leaves the console on the current context and
// shows why on the picker.
type contextPicker struct {
	env  *env
	keys contextPickerKeys

	names   []string
	loadErr error
	cursor  int

	// The switch in flight: its flow, and the context it connects to.
	id         requestID
	stop       context.CancelFunc
	wait       tea.Cmd
	connecting string
	// failed is the context of the last failed switch, and err why.
	failed string
	err    error

	width, height int
}

// newContextPicker reads the context names, which the config file holds;
// cmd/idtui has read it once before the console opened.
func newContextPicker(e *env) *contextPicker {
	s := &contextPicker{env: e, keys: contextPickerKeys{
		Up:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:   key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Choose: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "switch")),
	}}
	s.names, s.loadErr = e.opts.Contexts.Names()
	s.cursor = max(0, slices.Index(s.names, e.opts.ContextName))
	return s
}

func (s *contextPicker) Init() tea.Cmd             { return nil }
func (s *contextPicker) Title() string             { return "Contexts" }
func (s *contextPicker) SetSize(width, height int) { s.width, s.height = width, height }
func (s *contextPicker) Capturing() bool           { return false }

func (s *contextPicker) ShortHelp() []key.Binding {
	return []key.Binding{s.keys.Choose, s.keys.Up, s.keys.Down, s.env.global.Back}
}

func (s *contextPicker) FullHelp() [][]key.Binding {
	return [][]key.Binding{{s.keys.Up, s.keys.Down, s.keys.Choose, s.env.global.Back}}
}

func (s *contextPicker) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return s.handleKey(msg)
	case secretPromptMsg:
		if msg.id != s.id {
			return nil
		}
		return tea.Batch(s.wait, s.env.push(newSecretPrompt(s.env, s.connecting, msg.label, msg.answers)))
	case connectMsg:
		if msg.id != s.id {
			return nil
		}
		return s.connected(msg)
	}
	return nil
}

func (s *contextPicker) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case s.connecting != "":
		return nil
	case key.Matches(msg, s.keys.Up):
		s.cursor = max(0, s.cursor-1)
	case key.Matches(msg, s.keys.Down):
		s.cursor = max(0, min(s.cursor+1, len(s.names)-1))
	case key.Matches(msg, s.keys.Choose) && len(s.names) > 0:
		return s.choose(s.names[s.cursor])
	}
	return nil
}

func (s *contextPicker) choose(name string) tea.Cmd {
	if name == s.env.opts.ContextName {
		return tea.Batch(s.env.closeScreen(s), notifyInfo("Already on the context "+name))
	}
	s.failed, s.err = "", nil
	s.connecting = name
	s.id, s.stop, s.wait = s.env.connect(name)
	return s.wait
}

// connected switches on success, and otherwise stays on the current
// context: with the sign-in screen where the context needs one, quietly
// after a canceled secret prompt, and with the error on the picker.
func (s *contextPicker) connected(msg connectMsg) tea.Cmd {
	s.connecting = ""
	switch {
	case msg.err == nil:
		conn := msg.conn
		return func() tea.Msg { return switchMsg{conn} }
	case errors.Is(msg.err, keycloak.ErrSignInRequired) && msg.conn.Backend != nil:
		return s.env.push(newContextSignIn(s.env, msg.conn))
	case errors.Is(msg.err, errSecretCanceled):
		return notifyInfo("Switch canceled; still on " + contextLabel(s.env.opts.ContextName))
	}
	s.failed, s.err = msg.name, msg.err
	return nil
}

// closed ends a switch in flight when the operator leaves the picker.
func (s *contextPicker) closed() tea.Cmd {
	if s.connecting != "" {
		s.stop()
	}
	return nil
}

func (s *contextPicker) View() string {
	st := s.env.styles
	width := max(20, s.width-2)
	intro := "The console works on the chosen context until it quits. The switch lasts for this run only: " +
		"idtui context use NAME changes the context that idtui starts with."
	lines := append([]string{""}, hanging("", intro, width, st.Muted)...)
	lines = append(lines, "")

	switch {
	case s.loadErr != nil:
		return strings.Join(append(lines, hanging("", "Reading the contexts failed: "+s.loadErr.Error(), width, st.Error)...), "\n")
	case len(s.names) == 0:
		text := s.noContextsText()
		return strings.Join(append(lines, hanging("", text, width, st.Plain)...), "\n")
	}

	for i, name := range s.names {
		line := "  " + printable(name)
		if name == s.env.opts.ContextName {
			line = "● " + printable(name) + "  (current)"
		}
		if i == s.cursor {
			line = st.Selected.Render(cell(line, min(width, max(30, len(line)+2))))
		}
		lines = append(lines, line)
	}

	lines = append(lines, "")
	switch {
	case s.connecting != "":
		lines = append(lines, st.Muted.Render("Connecting to "+s.connecting+"…"))
	case s.err != nil:
		headline := "Switching to " + s.failed + " failed; the console stays on " + contextLabel(s.env.opts.ContextName) + "."
		lines = append(lines, hanging("", headline, width, st.Error)...)
		_, problem, fix := explainFetchError(s.err)
		lines = append(lines, hanging("", problem, width, st.Plain)...)
		if fix != "" {
			lines = append(lines, hanging("", fix, width, st.Plain)...)
		}
	}
	return strings.Join(lines, "\n")
}

// noContextsText explains an empty list of contexts, naming the config
// file where the Contexts can tell it.
func (s *contextPicker) noContextsText() string {
	const howTo = "Add contexts to switch between Keycloaks; the README's Configuration section shows how."
	file, ok := s.env.opts.Contexts.(ConfigFile)
	if !ok {
		return "The config file has no contexts. " + howTo
	}
	path, exists := file.ConfigPath()
	if !exists {
		return "There is no config file at " + path + ", so there are no contexts to switch to. Create it to add contexts; the README's Configuration section shows how."
	}
	return "The config file " + path + " has no contexts. " + howTo
}
