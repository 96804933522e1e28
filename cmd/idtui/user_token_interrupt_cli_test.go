package main

import (
	"os"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/Nerzal/gocloak/v13"

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
			if strings.Contains(r.stderr, "--device") {
				t.Errorf("idtui offers the device grant, which the application does not allow: %s", r.stderr)
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
	setLoopbackRedirect(t, app, strconv.FormatInt(time.Now().Add(-time.Hour).Unix(), 10))
	c := newCLI(t)

	r := interruptSignIn(t, c, app.ClientID)

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

// TestUserTokenLoginKeepsConfiguredRedirectURI leaves alone the redirect
// URI that an admin entered, which has no lease of idtui's.
func TestUserTokenLoginKeepsConfiguredRedirectURI(t *testing.T) {
	admin := kctest.Client(t)
	app, _ := kctest.CreateApplication(t, admin, model.TypeConfidential, "configured")
	setLoopbackRedirect(t, app, "")
	want := append(slices.Clone(app.RedirectURIs), model.LoopbackRedirectURI)
	c := newCLI(t)

	r := interruptSignIn(t, c, app.ClientID)

	if strings.Contains(r.stderr, "redirect URI") {
		t.Errorf("idtui mentions the redirect URI that an admin entered: %s", r)
	}
	requireRedirectURIs(t, admin, app.Ref(), want)
}

// TestUserTokenLoginParallel runs two sign-ins as one application: the one
// that ends first leaves the redirect URI to the other, and the last one
// removes it.
func TestUserTokenLoginParallel(t *testing.T) {
	admin := kctest.Client(t)
	app, _ := kctest.CreateApplication(t, admin, model.TypeConfidential, "parallel")
	c := newCLI(t)

	first := c.start("token", app.ClientID, "--login", "--yes", "--no-browser")
	first.waitFor(signInURL)
	second := c.start("token", app.ClientID, "--login", "--yes", "--no-browser")
	second.waitFor(signInURL)

	if err := second.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	r := second.wait()
	if !strings.Contains(r.stderr, "Another idtui sign-in to "+app.ClientID+" uses the redirect URI") || !strings.Contains(r.stderr, "Left the redirect URI") {
		t.Errorf("second sign-in: %s", r)
	}
	requireRedirectURIs(t, admin, app.Ref(), append(slices.Clone(app.RedirectURIs), model.LoopbackRedirectURI))

	if err := first.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if r := first.wait(); !strings.Contains(r.stderr, "Removed the temporary redirect URI") {
		t.Errorf("first sign-in: %s", r)
	}
	requireRedirectURIs(t, admin, app.Ref(), app.RedirectURIs)
}

// interruptSignIn starts a user sign-in as the application and interrupts
// it once it waits for the person.
func interruptSignIn(t *testing.T, c *cli, clientID string) result {
	t.Helper()
	run := c.start("token", clientID, "--login", "--yes", "--no-browser")
	run.waitFor(signInURL)
	if err := run.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	return run.wait()
}

// setLoopbackRedirect adds idtui's loopback redirect URI to the application
// with the lease attribute leases, or with none when leases is "", as an
// admin who entered it by hand.
func setLoopbackRedirect(t *testing.T, app model.Application, leases string) {
	t.Helper()
	admin := kctest.NewAdmin(t)
	uris := append(slices.Clone(app.RedirectURIs), model.LoopbackRedirectURI)
	attrs := map[string]string{"idtui.loopback-redirect.leases": leases}
	rep := gocloak.Client{ID: &app.ID, ClientID: &app.ClientID, RedirectURIs: &uris, Attributes: &attrs}
	if err := admin.GC.UpdateClient(kctest.Context(t), admin.Token, kctest.Realm, rep); err != nil {
		t.Fatal(err)
	}
}

// requireRedirectURIs waits up to 30 s until the application has the
// redirect URIs want, in any order, because a console ends after its
// terminal does.
func requireRedirectURIs(t *testing.T, admin *keycloak.Client, ref model.AppRef, want []string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		now, err := admin.GetApplication(kctest.Context(t), ref)
		if err != nil {
			t.Fatal(err)
		}
		// Keycloak keeps redirect URIs as a set, in its own order.
		if slices.Equal(slices.Sorted(slices.Values(now.RedirectURIs)), slices.Sorted(slices.Values(want))) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("redirect URIs of %s: %v, want %v", ref.ClientID, now.RedirectURIs, want)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
