package main

import (
	"strings"
	"testing"

	"github.com/idtui/idtui/keycloak/kctest"
)

// TestUserTokenFixesGrantTheUser signs a user who holds read:* on
// operate-api only in as operate. The diagnosis of the user's token must
// tell to grant the user the missing roles: granting them to operate
// would change nothing in a user's token.
func TestUserTokenFixesGrantTheUser(t *testing.T) {
	admin := kctest.NewAdmin(t)
	browser := kctest.NewBrowser(t)
	user, userID := admin.CreateUser(t, kctest.Realm, "operate-reader", "reader-pass")
	admin.GrantClientRoles(t, kctest.Realm, userID, "operate-api", "read:*")
	c := newCLI(t)

	run := c.start("token", "operate", "--login", "--yes", "--no-browser", "-o", "json")
	browser.Open(run.waitFor(signInURL)[1])
	browser.SignIn(user, "reader-pass")
	browser.WaitForText("Signed in")
	r := run.wait()
	if r.code != exitOK {
		t.Fatalf("token --login: %s", r)
	}

	var report struct {
		APIs []struct {
			Name     string   `json:"name"`
			Accepted bool     `json:"accepted"`
			Fixes    []string `json:"fixes"`
		} `json:"apis"`
	}
	r.decode(t, &report)
	for _, api := range report.APIs {
		fixes := strings.Join(api.Fixes, "\n")
		switch {
		case api.Name == "Operate" && !api.Accepted:
			t.Errorf("Operate rejects the token of a user with read:* on operate-api: %q", api.Fixes)
		case api.Name == "Zeebe" && !strings.Contains(fixes, "Grant the user "+user+" read:* or write:* on zeebe-api in Keycloak, under Users > "+user+" > Role mapping"):
			t.Errorf("Zeebe's fixes = %q, want the grant to the user", api.Fixes)
		}
		if strings.Contains(fixes, "Grant the application") {
			t.Errorf("%s's fixes grant the application a role, which a user's token does not carry: %q", api.Name, api.Fixes)
		}
	}
}
