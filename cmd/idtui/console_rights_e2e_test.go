package main

import (
	"testing"

	"github.com/idtui/idtui/keycloak/kctest"
)

// TestConsoleViewOnlyAdmin runs the binary as an admin who holds only
// view-clients. Keycloak refuses such an admin the service account's
// roles, which need view-users: the details must name that role where the
// service account is, instead of loading for ever.
func TestConsoleViewOnlyAdmin(t *testing.T) {
	admin := kctest.NewAdmin(t)
	requireTool(t, "tmux")
	bin := idtuiBinary(t)
	viewer, _ := admin.CreateUser(t, kctest.Realm, "console-viewer", "viewer-pass", "view-clients")

	env := append(baseEnv(t.TempDir()), "IDTUI_USERNAME="+viewer, "IDTUI_PASSWORD=viewer-pass")
	c := startConsoleWith(t, []string{bin, "--url", kctest.URL(), "--realm", kctest.Realm, "--admin-realm", kctest.Realm, "--clipboard", "osc52"}, env)
	c.waitFor("zeebe")
	c.keys("/")
	c.typeText("zeebe")
	c.keys("Enter")
	c.waitFor("1 application,")

	c.keys("Enter")
	// The message wraps at the screen's width, so the checks take one line each.
	c.waitFor("Keycloak refused it (HTTP 403 Forbidden). Reading a service account's roles needs the")
	c.waitFor("realm-management role view-users")
	c.waitFor("API access       unknown, because the service account was not read")

	c.keys("+")
	c.waitFor("Error: the permissions of zeebe could not be read")
}
