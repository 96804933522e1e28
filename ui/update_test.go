package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// keyResult runs one key through the console and returns the messages of
// the commands it returns, without passing them back in.
func (f *fixture) keyResult(k string) []tea.Msg {
	_, cmd := f.app.Update(keyPress(k))
	return collect(cmd)
}

// keyAction describes what one key does: the screen it opens or closes,
// and the messages of its commands.
func (f *fixture) keyAction(k string) string {
	depth := len(f.app.stack)
	msgs := f.keyResult(k)
	var parts []string
	switch {
	case len(f.app.stack) > depth:
		parts = append(parts, "push "+f.top().Title())
	case len(f.app.stack) < depth:
		parts = append(parts, "pop")
	}
	if d := describe(msgs); d != "" {
		parts = append(parts, d)
	}
	return strings.Join(parts, ", ")
}

func describe(msgs []tea.Msg) string {
	var parts []string
	for _, msg := range msgs {
		switch msg := msg.(type) {
		case copyMsg:
			parts = append(parts, fmt.Sprintf("copy %s of %s", msg.kind, msg.clientID))
		case tea.QuitMsg:
			parts = append(parts, "quit")
		case infoMsg:
			parts = append(parts, "info")
		case errorMsg:
			parts = append(parts, "error")
		default:
			parts = append(parts, fmt.Sprintf("%T", msg))
		}
	}
	return strings.Join(parts, ", ")
}

func TestListKeys(t *testing.T) {
	tests := []struct {
		name     string
		readOnly bool
		keys     []string // pressed before the key under test
		key      string
		want     string
	}{
		{name: "enter opens details", key: "enter", want: "push connectors, ui.appMsg, ui.secretMsg, ui.serviceAccountMsg"},
		{name: "n opens the form", key: "n", want: "push New application"},
		{name: "R asks to rotate", key: "R", want: "push Rotate secret"},
		{name: "x asks to disable", key: "x", want: "push Disable"},
		{name: "D asks to delete", key: "D", want: "push Delete"},
		{name: "c copies the secret", key: "c", want: "copy secret of connectors"},
		{name: "e copies the env block", key: "e", want: "copy .env block of connectors"},
		{name: "? opens help", key: "?", want: "push Help"},
		{name: "q quits", key: "q", want: "quit"},
		{name: "ctrl+c quits", key: "ctrl+c", want: "quit"},
		{name: "x enables a disabled one", keys: []string{"j"}, key: "x", want: "ui.enabledMsg"},
		{name: "R on public is an error", keys: []string{"j", "j", "j"}, key: "R", want: "error"},
		{name: "c on public is an error", keys: []string{"j", "j", "j"}, key: "c", want: "error"},
		{name: "q types into the filter", keys: []string{"/"}, key: "q", want: ""},
		{name: "read-only: n notes read-only", readOnly: true, key: "n", want: "info"},
		{name: "read-only: R notes read-only", readOnly: true, key: "R", want: "info"},
		{name: "read-only: x notes read-only", readOnly: true, key: "x", want: "info"},
		{name: "read-only: D notes read-only", readOnly: true, key: "D", want: "info"},
		{name: "read-only: j still moves", readOnly: true, key: "j", want: ""},
		{name: "read-only: c still copies", readOnly: true, key: "c", want: "copy secret of connectors"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, func(o *Options) { o.ReadOnly = tt.readOnly })
			f.start(t, 100, 30)
			f.press(tt.keys...)

			got := f.keyAction(tt.key)

			if got != tt.want {
				t.Errorf("key %q: got %q, want %q", tt.key, got, tt.want)
			}
		})
	}
}

func TestListOrderAndFilter(t *testing.T) {
	tests := []struct {
		name string
		keys []string
		want []string // visible client ids, in order
	}{
		{name: "hides built-in and API", want: []string{"connectors", "legacy-batch", "operate", "web-modeler", "zeebe"}},
		{name: "a shows all", keys: []string{"a"}, want: []string{"admin-cli", "connectors", "legacy-batch", "operate", "operate-api", "web-modeler", "zeebe", "zeebe-api"}},
		{name: "s sorts by secret age", keys: []string{"s"}, want: []string{"connectors", "zeebe", "operate", "legacy-batch", "web-modeler"}},
		{name: "filter by client id", keys: []string{"/", "z", "e", "enter"}, want: []string{"zeebe"}},
		{name: "filter by name", keys: []string{"/", "L", "E", "G"}, want: []string{"legacy-batch"}},
		{name: "filter narrows and widens", keys: []string{"/", "o", "p", "backspace"}, want: []string{"connectors", "legacy-batch", "operate", "web-modeler"}},
		{name: "esc clears the filter", keys: []string{"/", "z", "enter", "esc"}, want: []string{"connectors", "legacy-batch", "operate", "web-modeler", "zeebe"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, nil)
			f.start(t, 100, 30)
			f.press(tt.keys...)

			list := f.app.stack[0].(*listScreen)
			var got []string
			for i := range list.table.len() {
				got = append(got, list.table.at(i).ClientID)
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("visible = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestListCursorKeys(t *testing.T) {
	tests := []struct {
		keys []string
		want string
	}{
		{nil, "connectors"},
		{[]string{"j"}, "legacy-batch"},
		{[]string{"down", "down", "up"}, "legacy-batch"},
		{[]string{"G"}, "zeebe"},
		{[]string{"G", "g"}, "connectors"},
		{[]string{"end", "k"}, "web-modeler"},
		{[]string{"pgdown"}, "zeebe"},
		{[]string{"k", "k"}, "connectors"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.keys, ","), func(t *testing.T) {
			f := newFixture(t, nil)
			f.start(t, 100, 30)
			f.press(tt.keys...)

			app, ok := f.app.stack[0].(*listScreen).current()
			if !ok || app.ClientID != tt.want {
				t.Errorf("selected %q, want %q", app.ClientID, tt.want)
			}
		})
	}
}

func TestGlobalKeys(t *testing.T) {
	tests := []struct {
		name  string
		keys  []string
		depth int // screens on the stack afterwards
		top   string
	}{
		{name: "esc on the list stays", keys: []string{"esc"}, depth: 1, top: "Applications"},
		{name: "esc leaves details", keys: []string{"enter", "esc"}, depth: 1, top: "Applications"},
		{name: "? toggles help", keys: []string{"enter", "?"}, depth: 3, top: "Help"},
		{name: "? closes help", keys: []string{"?", "?"}, depth: 1, top: "Applications"},
		{name: "esc closes help", keys: []string{"?", "esc"}, depth: 1, top: "Applications"},
		{name: "n cancels rotate", keys: []string{"R", "n"}, depth: 1, top: "Applications"},
		{name: "esc in the form cancels", keys: []string{"n", "esc"}, depth: 1, top: "Applications"},
		{name: "? in the form is text", keys: []string{"n", "?"}, depth: 2, top: "New application"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, nil)
			f.start(t, 100, 30)
			f.press(tt.keys...)

			if len(f.app.stack) != tt.depth || f.top().Title() != tt.top {
				t.Errorf("stack of %d with %q on top, want %d with %q", len(f.app.stack), f.top().Title(), tt.depth, tt.top)
			}
		})
	}
}

func TestReadOnlyNote(t *testing.T) {
	tests := []struct {
		name    string
		context string
		keys    []string
		key     string
		want    string
	}{
		{name: "list with a context", context: "production", key: "R", want: "The context production is read-only, so R (rotate secret) is off: it would change Keycloak"},
		{name: "list with --readonly", key: "D", want: "This run is read-only, so D (delete) is off: it would change Keycloak"},
		{name: "details", keys: []string{"enter"}, key: "+", want: "This run is read-only, so + (grant permission) is off"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, func(o *Options) { o.ReadOnly, o.ContextName = true, tt.context })
			f.start(t, 100, 30)
			f.press(tt.keys...)
			depth := len(f.app.stack)

			f.press(tt.key)

			if view := flatView(f); !strings.Contains(view, tt.want) {
				t.Errorf("footer lacks %q:\n%s", tt.want, view)
			}
			if len(f.app.stack) != depth {
				t.Errorf("%s opened %q in read-only mode", tt.key, f.top().Title())
			}
		})
	}
}

func TestNoSecretMessages(t *testing.T) {
	tests := []struct {
		keys []string
		key  string
		want string
	}{
		{keys: []string{"j", "j", "j"}, key: "R", want: "web-modeler is a Public application, and a Public application has no secret to rotate: its users sign in with PKCE instead"},
		{keys: []string{"j", "j", "j"}, key: "e", want: "web-modeler is a Public application, and a Public application has no secret to put in a .env block"},
		{keys: []string{"j", "j", "j"}, key: "c", want: "has no secret to copy"},
		{keys: []string{"j", "j", "j", "enter"}, key: "R", want: "has no secret to rotate"},
		{keys: []string{"a", "g"}, key: "R", want: "admin-cli is one of Keycloak's built-in clients, and idtui has no secret of it to rotate"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.keys, ",")+","+tt.key, func(t *testing.T) {
			f := newFixture(t, nil)
			f.start(t, 100, 30)
			f.press(tt.keys...)

			f.press(tt.key)

			if view := flatView(f); !strings.Contains(view, tt.want) {
				t.Errorf("footer lacks %q:\n%s", tt.want, view)
			}
		})
	}
}

func TestFooterKeepsHelpKey(t *testing.T) {
	tests := []struct {
		name  string
		width int
		keys  []string
		want  []string
	}{
		{name: "list at 120", width: 120, want: []string{"enter details", "e copy .env block", "… • ? help • q quit"}},
		{name: "list at 170", width: 170, want: []string{"D delete • ? help • q quit"}},
		{name: "list at 80", width: 80, want: []string{"enter details", "… • ? help • q quit"}},
		{name: "list at 50", width: 50, want: []string{"… • ? help • q quit"}},
		{name: "details at 100", width: 100, keys: []string{"enter"}, want: []string{"t test token", "? help • q quit"}},
		{name: "form at 60", width: 60, keys: []string{"n"}, want: []string{"ctrl+s create", "ctrl+c quit"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, nil)
			f.start(t, tt.width, 30)
			f.press(tt.keys...)

			lines := strings.Split(f.view(), "\n")
			keysLine := lines[len(lines)-2]
			for _, want := range tt.want {
				if !strings.Contains(keysLine, want) {
					t.Errorf("keys line lacks %q: %q", want, keysLine)
				}
			}
			if w := ansi.StringWidth(keysLine); w > tt.width {
				t.Errorf("keys line is %d wide, more than %d: %q", w, tt.width, keysLine)
			}
		})
	}
}
