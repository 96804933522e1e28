package ui

import (
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/model"
)

func TestPrintable(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text", "plain text"},
		{"visible\rhidden", "visible hidden"},
		{"line\none\ttab", "line one tab"},
		{"esc\x1b[2Jclear", "esc\ufffd[2Jclear"},
		{"osc\x1b]52;c;aGk=\x07", "osc\ufffd]52;c;aGk=\ufffd"},
		{"c1\u009b31m", "c1\ufffd31m"},
		{"bidi\u202eevil\u2066", "bidi\ufffdevil\ufffd"},
		{"ünïcödé 日本", "ünïcödé 日本"},
	}
	for _, tt := range tests {
		if got := printable(tt.in); got != tt.want {
			t.Errorf("printable(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// sgr matches the colour and emphasis sequences that the styles write;
// the console writes no other escape sequence.
var sgr = regexp.MustCompile(`\x1b\[[0-9;:]*m`)

// checkTerminalSafe fails when the rendered screen holds a control
// character other than a line break or a style sequence.
func checkTerminalSafe(t *testing.T, where, rendered string) {
	t.Helper()
	for _, r := range sgr.ReplaceAllString(rendered, "") {
		if r != '\n' && model.IsTerminalControl(r) {
			t.Errorf("%s: the screen holds the control character %U", where, r)
			return
		}
	}
}

func TestKeycloakTextNeutralised(t *testing.T) {
	f := newFixture(t, nil)
	f.backend.mu.Lock()
	f.backend.add(model.Application{
		ClientID: "evil-app", Name: "Evil\x1b]52;c;aGk=\x07 name", Description: "visible\rhidden\x1b[8m",
		Type: model.TypeM2M, Enabled: true, Flows: model.Flows{ServiceAccount: true},
		RedirectURIs: []string{"https://evil.example.com/\u202e/cb"}, RootURL: "https://evil.example.com\x1b[2J",
	}, "s")
	f.backend.mu.Unlock()
	f.start(t, 100, 40)

	checkTerminalSafe(t, "list", f.app.render())
	f.press("/")
	f.typeText("evil")
	f.press("enter", "enter")
	checkTerminalSafe(t, "details", f.app.render())
	if view := f.view(); !strings.Contains(view, "visible hidden\ufffd[8m") {
		t.Errorf("the description hides text:\n%s", view)
	}

	f.backend.fail("rotate the secret of", &keycloak.Error{Kind: keycloak.ErrInvalid, Op: "rotate the secret of", ClientID: "evil-app", Status: 400, Detail: "bad\x1b]0;title\x07request"})
	f.press("R")
	checkTerminalSafe(t, "rotate", f.app.render())
	f.press("y")
	checkTerminalSafe(t, "rotate error", f.app.render())
	if view := f.view(); !strings.Contains(view, "bad\ufffd]0;title\ufffdrequest") {
		t.Errorf("footer lacks the neutralised detail:\n%s", view)
	}
}

func TestBuiltInNames(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 30)
	f.press("a", "g")

	view := f.view()
	if strings.Contains(view, "${client_admin-cli}") || !strings.Contains(view, "admin-cli                        (Keycloak built-in)") {
		t.Errorf("the list shows a message key as a name:\n%s", view)
	}
	f.press("enter")
	if view := flatView(f); !strings.Contains(view, "Name (Keycloak built-in), named with the message key ${client_admin-cli}") {
		t.Errorf("details:\n%s", view)
	}
}

func TestPrintableReplacesEveryControl(t *testing.T) {
	for r := rune(0); r < 0x100; r++ {
		if got := printable(string(r)); unicode.IsControl(r) && got == string(r) {
			t.Errorf("printable keeps the control character %U", r)
		}
	}
}
