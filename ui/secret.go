package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/idtui/idtui/model"
)

// secretEvent is the change that opened the secret screen.
type secretEvent int

const (
	secretCreated secretEvent = iota
	secretRotated
)

type secretKeys struct {
	Reveal key.Binding
	Done   key.Binding
}

// secretScreen shows a new secret right after a create or a rotate, with
// the .env block that Camunda clients read. Both stay masked until
// the operator reveals them, and both can be copied while masked.
type secretScreen struct {
	env      *env
	keys     secretKeys
	app      model.Application
	secret   model.Secret
	event    secretEvent
	revealed bool

	width, height int
}

func newSecretScreen(e *env, app model.Application, secret model.Secret, event secretEvent) *secretScreen {
	return &secretScreen{
		env: e, app: app, secret: secret, event: event,
		keys: secretKeys{
			Reveal: key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "reveal/hide")),
			Done:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "done")),
		},
	}
}

func (s *secretScreen) Init() tea.Cmd { return nil }

func (s *secretScreen) Title() string {
	if s.event == secretRotated {
		return "New secret"
	}
	return "Created"
}

func (s *secretScreen) clientID() string          { return s.app.ClientID }
func (s *secretScreen) SetSize(width, height int) { s.width, s.height = width, height }
func (s *secretScreen) Capturing() bool           { return false }

func (s *secretScreen) ShortHelp() []key.Binding {
	if s.secret == "" {
		return []key.Binding{s.keys.Done}
	}
	a := s.env.actions
	return []key.Binding{s.keys.Reveal, a.CopySecret, a.CopyEnv, s.keys.Done}
}

func (s *secretScreen) FullHelp() [][]key.Binding {
	return [][]key.Binding{append(s.ShortHelp(), s.env.global.Back)}
}

func (s *secretScreen) Update(msg tea.Msg) tea.Cmd {
	keyMsg, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	a := s.env.actions
	switch {
	case key.Matches(keyMsg, s.keys.Done):
		return s.env.pop()
	case s.secret == "":
		return nil
	case key.Matches(keyMsg, s.keys.Reveal):
		s.revealed = !s.revealed
	case key.Matches(keyMsg, a.CopySecret):
		return s.copy(copySecretOnly)
	case key.Matches(keyMsg, a.CopyEnv):
		return s.copy(copyEnvBlock)
	}
	return nil
}

func (s *secretScreen) copy(kind copyKind) tea.Cmd {
	msg := s.env.copyRequest(s.app.ClientID, s.secret, kind)
	return func() tea.Msg { return msg }
}

// noPermissionYet returns the hint of the Created screen of an application
// with a service account, with the details screen's grant key.
func (s *secretScreen) noPermissionYet() string {
	grant := newDetailsKeys(s.env.opts.ReadOnly).Grant.Help().Key
	return "No API permission yet, so Camunda's APIs reject its tokens. Press " + grant + " in its details to grant one."
}

func (s *secretScreen) View() string {
	st := s.env.styles
	width := max(20, s.width-2)
	var lines []string
	switch s.event {
	case secretCreated:
		lines = append(append(lines, ""), hanging("", "Created "+s.app.Type.String()+" application "+s.app.ClientID+".", width, st.Success)...)
		if s.app.Flows.ServiceAccount {
			// A new client's service account has no role, so its tokens
			// carry no audience and the .env block below does not work yet.
			lines = append(lines, hanging("", s.noPermissionYet(), width, st.Warning)...)
		}
	case secretRotated:
		lines = append(append(lines, ""), hanging("", "Rotated the secret of "+s.app.ClientID+".", width, st.Success)...)
	}
	if s.secret == "" {
		text := "A Public application has no secret: its users log in through Keycloak's login page, and PKCE protects the codes."
		return strings.Join(append(lines, "", ansi.Wrap(text, width, " ")), "\n")
	}

	secret := s.secret.String()
	if s.revealed {
		secret = s.secret.Reveal()
	}
	block := model.EnvBlock{ClientID: s.app.ClientID, Secret: s.secret, TokenURL: s.env.backend.TokenURL(), Audience: model.ZeebeAudience}
	envText := block.Masked()
	if s.revealed {
		envText = block.Text().Reveal()
	}

	lines = append(lines,
		"",
		st.Label.Render("Secret  ")+st.Secret.Render(secret),
		"",
		st.Muted.Render(ansi.Wrap("Copy it into the services that use this application. This screen closes with enter, but the secret stays readable: the application's details show and copy it again at any time. The .env block for Camunda clients:", width, " ")),
		"",
	)
	for _, line := range strings.Split(strings.TrimRight(envText, "\n"), "\n") {
		lines = append(lines, "  "+printable(line))
	}
	return strings.Join(lines, "\n")
}
