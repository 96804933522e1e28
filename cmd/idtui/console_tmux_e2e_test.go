package main

import (
	"testing"

	"github.com/idtui/idtui/keycloak/kctest"
	"github.com/idtui/idtui/model"
)

// TestConsoleWarnsWhenTmuxDropsCopies runs the binary in tmux with
// set-clipboard external, tmux's default, which drops the OSC 52 copies of
// programs: the footer must warn and give the fix instead of "Copied".
// After the fix, a copy reaches tmux's buffer.
func TestConsoleWarnsWhenTmuxDropsCopies(t *testing.T) {
	admin := kctest.Client(t)
	requireTool(t, "tmux")
	bin := idtuiBinary(t)
	secret, err := admin.Secret(kctest.Context(t), model.AppRef{ClientID: "zeebe"})
	if err != nil {
		t.Fatal(err)
	}

	c := startConsole(t, bin, t.TempDir())
	c.secrets = append(c.secrets, secret.Reveal())
	c.waitFor("zeebe")
	if err := c.session.SetOption("set-clipboard", "external"); err != nil {
		t.Fatal(err)
	}
	c.keys("/")
	c.typeText("zeebe")
	c.keys("Enter")
	c.waitFor("1 application,")

	c.keys("c")
	c.waitFor("tmux dropped the secret of zeebe: its set-clipboard option is external")
	c.waitFor("Run tmux set -g set-clipboard on, then copy again")

	if err := c.session.SetOption("set-clipboard", "on"); err != nil {
		t.Fatal(err)
	}
	c.keys("c")
	c.waitFor("Copied the secret of zeebe to the terminal's clipboard (OSC 52)")
	if got := c.buffer(); got != secret.Reveal() {
		t.Errorf("tmux's buffer holds %d bytes after the fix, want the secret of zeebe", len(got))
	}
}
