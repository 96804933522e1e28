package main

import (
	"os"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/keycloak/kctest"
	"github.com/idtui/idtui/model"
)

// TestUserTokenLoginInterrupted ends idtui with a signal while it waits
// for the sign-in: idtui removes the redirect URI it added, prints that it
// was interrupted, and exits as SIGINT would have ended it.
func TestUserTokenLoginInterrupted(t *testing.T) {
	for _, signal := range []os.Signal{syscall.SIGINT, syscall.SIGHUP} {
		t.Run(signal.String(), func(t *testing.T) {
			admin := kctest.Client(t)
			app, _ := kctest.CreateApplication(t, admin, model.TypeConfidential, "interrupted")
			c := newCLI(t)

			run := c.start("token", app.ClientID, "--login", "--yes", "--no-browser")
			run.waitFor(signInURL)
			if err := run.cmd.Process.Signal(signal); err != nil {
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
			requireRedirectURIs(t, admin, app.Ref(), app.RedirectURIs)
		})
	}
}

// TestUserTokenLoginLeftoverRedirectURI finds the redirect URI that an
// earlier sign-in left behind: idtui warns, uses it, and removes it.
func TestUserTokenLoginLeftoverRedirectURI(t *testing.T) {
	admin := kctest.Client(t)
	app, _ := kctest.CreateApplication(t, admin, model.TypeConfidential, "leftover")
	if _, err := admin.AddLoopbackRedirectURI(kctest.Context(t), app); err != nil {
		t.Fatal(err)
	}
	c := newCLI(t)

	run := c.start("token", app.ClientID, "--login", "--yes", "--no-browser")
	run.waitFor(signInURL)
	if err := run.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	r := run.wait()

	if !strings.Contains(r.stderr, "still has the temporary redirect URI "+model.LoopbackRedirectURI) {
		t.Errorf("no warning about the leftover redirect URI: %s", r)
	}
	if strings.Contains(r.stderr, "Added the redirect URI") {
		t.Errorf("idtui added the redirect URI again: %s", r)
	}
	if !strings.Contains(r.stderr, "Removed the temporary redirect URI") {
		t.Errorf("stderr: %s", r)
	}
	requireRedirectURIs(t, admin, app.Ref(), app.RedirectURIs)
}

// requireRedirectURIs waits up to 30 s until the application has the
// redirect URIs want, because a console ends after its terminal does.
func requireRedirectURIs(t *testing.T, admin *keycloak.Client, ref model.AppRef, want []string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		now, err := admin.GetApplication(kctest.Context(t), ref)
		if err != nil {
			t.Fatal(err)
		}
		if slices.Equal(now.RedirectURIs, want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("redirect URIs of %s: %v, want %v", ref.ClientID, now.RedirectURIs, want)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
