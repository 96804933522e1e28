package main

import (
	"slices"
	"testing"

	"github.com/idtui/idtui/keycloak/kctest"
	"github.com/idtui/idtui/model"
)

// TestConsoleHangupRemovesRedirectURI closes the terminal while the console
// waits for a user's sign-in, as a dropped SSH session does: the console
// still removes the redirect URI it added.
func TestConsoleHangupRemovesRedirectURI(t *testing.T) {
	admin := kctest.Client(t)
	requireTool(t, "tmux")
	app, _ := kctest.CreateApplication(t, admin, model.TypeConfidential, "hangup")

	con := startConsole(t, idtuiBinary(t), t.TempDir())
	con.waitFor("operate")
	con.keys("/")
	con.typeText(app.ClientID)
	con.keys("Enter")
	con.waitFor("1 application,")
	con.keys("t")
	con.waitFor("Add the redirect URI " + model.LoopbackRedirectURI + " to " + app.ClientID + "?")
	con.keys("y")
	con.waitFor("c copies the URL")
	during, err := admin.GetApplication(kctest.Context(t), app.Ref())
	if err != nil || !slices.Contains(during.RedirectURIs, model.LoopbackRedirectURI) {
		t.Fatalf("redirect URIs during the sign-in: %v, %v", during.RedirectURIs, err)
	}

	if err := con.session.Close(); err != nil {
		t.Fatal(err)
	}

	requireRedirectURIs(t, admin, app.Ref(), app.RedirectURIs)
}
