package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// helpScreen lists every key of the screen beneath it, then the keys that
// work everywhere. Keys that read-only mode disables are not listed.
type helpScreen struct {
	env    *env
	of     screen
	keys   scrollKeys
	offset int

	width, height int
}

func newHelpScreen(e *env, of screen) *helpScreen {
	return &helpScreen{env: e, of: of, keys: newScrollKeys()}
}

func (s *helpScreen) Init() tea.Cmd             { return nil }
func (s *helpScreen) Title() string             { return "Help" }
func (s *helpScreen) SetSize(width, height int) { s.width, s.height = width, height }
func (s *helpScreen) Capturing() bool           { return false }

func (s *helpScreen) ShortHelp() []key.Binding {
	return []key.Binding{s.keys.Up, s.keys.Down, s.env.global.Back}
}

func (s *helpScreen) FullHelp() [][]key.Binding {
	return [][]key.Binding{append(s.keys.bindings(), s.env.global.Back)}
}

func (s *helpScreen) Update(msg tea.Msg) tea.Cmd {
	if keyMsg, ok := msg.(tea.KeyPressMsg); ok {
		s.offset, _ = s.keys.scroll(keyMsg, s.offset, len(s.lines()), s.height)
	}
	return nil
}

func (s *helpScreen) View() string {
	lines := s.lines()
	offset := max(0, min(s.offset, len(lines)-s.height))
	return strings.Join(lines[offset:], "\n")
}

func (s *helpScreen) lines() []string {
	st := s.env.styles
	g := s.env.global
	groups := append(s.of.FullHelp(), []key.Binding{g.Help, g.Back, g.SwitchContext, g.Quit, g.Interrupt})

	keyWidth := 0
	for _, group := range groups {
		for _, b := range group {
			keyWidth = max(keyWidth, len([]rune(b.Help().Key)))
		}
	}

	lines := []string{"", st.Heading.Render("Keys of " + s.of.Title())}
	for i, group := range groups {
		if i == len(groups)-1 {
			lines = append(lines, "", st.Heading.Render("Everywhere"))
		} else {
			lines = append(lines, "")
		}
		for _, b := range group {
			if !b.Enabled() {
				continue
			}
			h := b.Help()
			lines = append(lines, "  "+st.HelpKey.Render(cell(h.Key, keyWidth))+"  "+st.HelpDesc.Render(h.Desc))
		}
	}
	if s.env.opts.ReadOnly {
		lines = append(lines, "", st.Muted.Render("Read-only: the keys that change Keycloak are off."))
	}
	return lines
}
