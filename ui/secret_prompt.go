package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/idtui/idtui/model"
)

type secretPromptKeys struct {
	Submit key.Binding
	Cancel key.Binding
}

// secretPromptScreen reads a secret that a context to switch to needs,
// such as the admin password, with the input masked. It sends the flow
// one answer: the secret on enter, and errSecretCanceled on esc or when
// the screen closes otherwise.
type secretPromptScreen struct {
	env     *env
	keys    secretPromptKeys
	context string // the context that needs the secret
	label   string
	input   textinput.Model
	answers chan<- secretAnswer
	// answered is set once the flow has its answer.
	answered bool
	empty    bool // enter was pressed with nothing typed

	width, height int
}

func newSecretPrompt(e *env, contextName, label string, answers chan<- secretAnswer) *secretPromptScreen {
	input := e.newTextInput("> ", "")
	input.EchoMode = textinput.EchoPassword
	input.EchoCharacter = '•'
	return &secretPromptScreen{
		env: e, context: contextName, label: label, input: input, answers: answers,
		keys: secretPromptKeys{
			Submit: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "connect")),
			Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		},
	}
}

func (s *secretPromptScreen) Init() tea.Cmd   { return s.input.Focus() }
func (s *secretPromptScreen) Title() string   { return "Secret" }
func (s *secretPromptScreen) Capturing() bool { return true }

func (s *secretPromptScreen) SetSize(width, height int) {
	s.width, s.height = width, height
	s.input.SetWidth(max(10, width-4))
}

func (s *secretPromptScreen) ShortHelp() []key.Binding {
	return []key.Binding{s.keys.Submit, s.keys.Cancel}
}

func (s *secretPromptScreen) FullHelp() [][]key.Binding {
	return [][]key.Binding{{s.keys.Submit, s.keys.Cancel, s.env.global.Interrupt}}
}

func (s *secretPromptScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, s.keys.Cancel):
			return s.env.closeScreen(s)
		case key.Matches(msg, s.keys.Submit):
			if s.input.Value() == "" {
				s.empty = true
				return nil
			}
			s.answer(secretAnswer{secret: model.Secret(s.input.Value())})
			s.input.SetValue("")
			return s.env.closeScreen(s)
		}
		s.empty = false
		return s.updateInput(msg)
	case tea.PasteMsg:
		return s.updateInput(msg)
	}
	return nil
}

func (s *secretPromptScreen) updateInput(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	s.input, cmd = s.input.Update(msg)
	return cmd
}

// answer sends the flow its answer, once. The channel has room for it,
// so this never blocks.
func (s *secretPromptScreen) answer(a secretAnswer) {
	if s.answered {
		return
	}
	s.answered = true
	s.answers <- a
}

// closed cancels the prompt when the screen goes without an answer.
func (s *secretPromptScreen) closed() tea.Cmd {
	s.answer(secretAnswer{err: errSecretCanceled})
	return nil
}

func (s *secretPromptScreen) View() string {
	st := s.env.styles
	width := max(20, s.width-2)
	lines := []string{"", st.Heading.Render("Switch to the context " + s.context), ""}
	lines = append(lines, hanging("", strings.TrimSpace(s.label), width, st.Plain)...)
	lines = append(lines, s.input.View(), "")
	if s.empty {
		lines = append(lines, st.Invalid.Render("Type the secret, or press esc to stay on "+contextLabel(s.env.opts.ContextName)+"."))
	} else {
		lines = append(lines, hanging("", "The input stays masked. enter connects; esc stays on "+contextLabel(s.env.opts.ContextName)+".", width, st.Muted)...)
	}
	return strings.Join(lines, "\n")
}
