package main

import (
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/idtui/idtui/keycloak/kctest"
	"github.com/idtui/idtui/model"
)

// TestUserTokenLoginInterrupted presses Ctrl+C while idtui waits for the
// sign-in: idtui removes the redirect URI it added, says it was
// interrupted, and exits as SIGINT would have ended it.
func TestUserTokenLoginInterrupted(t *testing.T) {
	admin := kctest.Client(t)
	app, _ := kctest.CreateApplication(t, admin, model.TypeConfidential, "interrupted")
	c := newCLI(t)

	run := c.start("token", app.ClientID, "--login", "--yes", "--no-browser")
	run.waitFor(signInURL)
	if err := run.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	r := run.wait()

	if r.code != exitInterrupted {
		t.Errorf("exit code %d, want %d: %s", r.code, exitInterrupted, r)
	}
	if !strings.Contains(r.stderr, "Removed the temporary redirect URI") || !strings.HasSuffix(r.stderr, "idtui: interrupted\n") {
		t.Errorf("stderr: %s", r.stderr)
	}
	if strings.Contains(r.stderr, "unavailable") {
		t.Errorf("an interrupt reads as an unreachable Keycloak: %s", r.stderr)
	}

	after, err := admin.GetApplication(kctest.Context(t), app.Ref())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(after.RedirectURIs, app.RedirectURIs) {
		t.Errorf("redirect URIs after the interrupt: %v, want %v", after.RedirectURIs, app.RedirectURIs)
	}
}
