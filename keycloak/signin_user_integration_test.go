package keycloak_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Nerzal/gocloak/v13"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/keycloak/kctest"
)

// requiredUserClient returns a client of realm whose browser sign-in keeps
// only the tokens of required.
func requiredUserClient(t *testing.T, realm, required string, p *prompts, store keycloak.RefreshTokenStore) (*keycloak.Client, *keycloak.SignIn) {
	t.Helper()
	return signInClientWith(t, realm, keycloak.SignInOptions{Method: keycloak.SignInBrowser, Prompt: p.show, Store: store,
		RequiredUser: required, RequiredUserOrigin: "context ops"})
}

// signInAs signs in on c as username through the browser, and waits for
// the login to succeed.
func signInAs(t *testing.T, c *keycloak.Client, p *prompts, browser *kctest.Browser, username, password string) {
	t.Helper()
	done := loginAsync(c)
	browser.Open(p.next(t).URL)
	browser.SignIn(username, password)
	waitLogin(t, done)
}

func TestSignInAsOtherUserRejected(t *testing.T) {
	realm, required, admin := signInRealm(t, gocloak.RealmRepresentation{})
	other, _ := admin.CreateUser(t, realm, "other", "other-pass", "view-clients")
	browser := kctest.NewBrowser(t)
	p := newPrompts()
	store := &memoryStore{}
	c, creds := requiredUserClient(t, realm, required, p, store)

	done := loginAsync(c)
	browser.Open(p.next(t).URL)
	browser.SignIn(other, "other-pass")
	var err error
	select {
	case err = <-done:
	case <-time.After(time.Minute):
		t.Fatal("login did not return within a minute")
	}

	if !errors.Is(err, keycloak.ErrUnauthorized) {
		t.Fatalf("sign-in as %s: err = %v, want ErrUnauthorized", other, err)
	}
	for _, want := range []string{"signed in as " + other, "context ops sets username " + required, "Sign in as " + required, "change or remove username in context ops"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
	if store.saves != 0 || store.get() != "" {
		t.Error("the store received the refresh token of the other user")
	}
	if got := creds.Identity(); got == other {
		t.Errorf("identity = %q after a rejected sign-in", got)
	}
}

func TestSignInRequiredUserIgnoresCase(t *testing.T) {
	realm, username, _ := signInRealm(t, gocloak.RealmRepresentation{})
	browser := kctest.NewBrowser(t)
	p := newPrompts()
	store := &memoryStore{}
	c, _ := requiredUserClient(t, realm, strings.ToUpper(username), p, store)

	signInAs(t, c, p, browser, username, "operator-pass")

	if store.get() == "" {
		t.Error("the store holds no refresh token after a sign-in as the required user")
	}
}

// A refresh token stored before the context named its user, under the
// same keyring entry, is dropped instead of used.
func TestStoredTokenOfOtherUserDropped(t *testing.T) {
	realm, required, admin := signInRealm(t, gocloak.RealmRepresentation{})
	other, _ := admin.CreateUser(t, realm, "other", "other-pass", "view-clients")
	browser := kctest.NewBrowser(t)
	p := newPrompts()
	store := &memoryStore{}
	first, _ := signInClient(t, realm, keycloak.SignInBrowser, p, store)
	signInAs(t, first, p, browser, other, "other-pass")
	if store.get() == "" {
		t.Fatal("the store holds no refresh token after the first sign-in")
	}

	next, creds := requiredUserClient(t, realm, required, newPrompts(), store)
	creds.SetPrompt(nil)
	err := next.Login(kctest.Context(t))

	if !errors.Is(err, keycloak.ErrSignInRequired) {
		t.Errorf("login with the other user's stored token: err = %v, want ErrSignInRequired", err)
	}
	if store.get() != "" {
		t.Error("the store still holds the other user's refresh token")
	}
}

func TestSignedInCallbackStopsWhenCleared(t *testing.T) {
	realm, username, _ := signInRealm(t, gocloak.RealmRepresentation{})
	browser := kctest.NewBrowser(t)
	p := newPrompts()
	var mu sync.Mutex
	var names []string
	c, creds := signInClientWith(t, realm, keycloak.SignInOptions{Method: keycloak.SignInBrowser, Prompt: p.show, SignedIn: func(user string) {
		mu.Lock()
		defer mu.Unlock()
		names = append(names, user)
	}})

	signInAs(t, c, p, browser, username, "operator-pass")
	creds.SetSignedIn(nil)
	again := make(chan error, 1)
	go func() { again <- c.SignInAgain(context.Background(), p.show) }()
	// The browser still holds the Keycloak session, so the page returns at once.
	browser.Open(p.next(t).URL)
	waitLogin(t, again)

	mu.Lock()
	defer mu.Unlock()
	if len(names) != 1 || names[0] != username {
		t.Errorf("SignedIn received %q, want %q once: after SetSignedIn(nil) it must not be called", names, username)
	}
}
