package keycloak_test

import (
	"testing"

	"github.com/Nerzal/gocloak/v13"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/keycloak/kctest"
)

// TestSignOut ends a session, then signs out with tokens that Keycloak no
// longer accepts: each leaves the store, and none returns an error.
func TestSignOut(t *testing.T) {
	realm, username, _ := signInRealm(t, gocloak.RealmRepresentation{})
	browser := kctest.NewBrowser(t)
	p := newPrompts()
	store := &memoryStore{}
	c, _ := signInClient(t, realm, keycloak.SignInBrowser, p, store)

	done := loginAsync(c)
	browser.Open(p.next(t).URL)
	browser.SignIn(username, "operator-pass")
	browser.WaitForText("Signed in")
	waitLogin(t, done)
	signedIn, _ := store.Load()

	first, err := c.SignOut(kctest.Context(t))
	if err != nil || !first.Stored || !first.Ended {
		t.Fatalf("first sign-out: %+v, %v; want the session ended", first, err)
	}
	if token, _ := store.Load(); token != "" {
		t.Error("the store holds the refresh token after the sign-out")
	}

	// The same refresh token again: Keycloak has nothing more to end.
	store.token = signedIn
	if again, err := c.SignOut(kctest.Context(t)); err != nil || !again.Stored {
		t.Errorf("sign-out with the used token: %+v, %v", again, err)
	}

	// A token Keycloak rejects with invalid_grant leaves the store too.
	store.token = "not-a-refresh-token"
	rejected, err := c.SignOut(kctest.Context(t))
	if err != nil || !rejected.Stored || rejected.Ended {
		t.Errorf("sign-out with a rejected token: %+v, %v; want the token removed and no session ended", rejected, err)
	}
	if token, _ := store.Load(); token != "" {
		t.Error("the store holds the rejected refresh token")
	}

	// An empty store has nothing to sign out.
	third, err := c.SignOut(kctest.Context(t))
	if err != nil || third.Stored {
		t.Errorf("sign-out with an empty store: %+v, %v", third, err)
	}
}
