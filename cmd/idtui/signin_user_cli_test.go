package main

import (
	"strings"
	"testing"

	"github.com/idtui/idtui/keycloak/kctest"
	"github.com/idtui/idtui/model"
)

// signInCLI returns a cli with no admin password, whose context ops signs
// in through the browser on a new sign-in client of the application realm.
// auth is added under the context's auth key.
func signInCLI(t *testing.T, auth string) *cli {
	t.Helper()
	signInClient := kctest.UniqueID("idtui")
	t.Cleanup(func() { kctest.DeleteApplication(t, kctest.Client(t), model.AppRef{ClientID: signInClient}) })
	c := newCLI(t)
	c.expectCode(exitOK, "login", "--setup", "--sign-in-realm", kctest.Realm, "--sign-in-client", signInClient)
	delete(c.env, envPassword)
	c.writeConfig("current-context: ops\ncontexts:\n  - name: ops\n    url: " + kctest.URL() +
		"\n    admin-realm: " + kctest.Realm + "\n    auth:\n      method: browser\n      client-id: " + signInClient + "\n" + auth)
	return c
}

func TestSignInAsOtherUserThanContext(t *testing.T) {
	admin := kctest.NewAdmin(t)
	browser := kctest.NewBrowser(t)
	named, _ := admin.CreateUser(t, kctest.Realm, "named", "named-pass", "view-clients")
	other, _ := admin.CreateUser(t, kctest.Realm, "other", "other-pass", "view-clients")
	c := signInCLI(t, "      username: "+named+"\n")

	run := c.start("apps", "list", "--no-browser")
	browser.Open(run.waitFor(signInURL)[1])
	browser.SignIn(other, "other-pass")
	r := run.wait()

	if r.code != exitUnauthorized {
		t.Fatalf("sign-in as another user: want exit code %d, got %s", exitUnauthorized, r)
	}
	for _, want := range []string{"signed in as " + other, "context ops sets username " + named, "Sign in as " + named, "change or remove username in context ops"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q: %s", want, r)
		}
	}
	if r.stdout != "" {
		t.Errorf("apps list printed output as the other user: %s", r)
	}
}

func TestSignInNamesUserWithoutUsername(t *testing.T) {
	admin := kctest.NewAdmin(t)
	browser := kctest.NewBrowser(t)
	operator, _ := admin.CreateUser(t, kctest.Realm, "operator", "operator-pass", "view-clients")
	c := signInCLI(t, "")

	run := c.start("apps", "list", "--no-browser")
	browser.Open(run.waitFor(signInURL)[1])
	browser.SignIn(operator, "operator-pass")
	r := run.wait()

	if r.code != exitOK {
		t.Fatalf("apps list after the sign-in: %s", r)
	}
	if want := "Signed in as " + operator + "@" + kctest.Realm + ".\n"; strings.Count(r.stderr, want) != 1 {
		t.Errorf("stderr does not name the signed-in user once, as %q: %s", want, r)
	}
}
