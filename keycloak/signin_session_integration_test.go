package keycloak_test

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/Nerzal/gocloak/v13"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/keycloak/kctest"
	"github.com/idtui/idtui/model"
)

// A realm whose access tokens live 2 s and whose sessions idle out after
// 5 s shows refresh, expiry and revocation within seconds.
func TestSignInSessionRefreshExpiryAndRevocation(t *testing.T) {
	realm, username, admin := signInRealm(t, gocloak.RealmRepresentation{
		AccessTokenLifespan:   gocloak.IntP(2),
		SsoSessionIdleTimeout: gocloak.IntP(5),
	})
	browser := kctest.NewBrowser(t)
	p := newPrompts()
	store := &memoryStore{}
	c, creds := signInClient(t, realm, keycloak.SignInBrowser, p, store)
	ctx := kctest.Context(t)

	// Sign in; the store receives the refresh token.
	done := loginAsync(c)
	browser.Open(p.next(t).URL)
	browser.SignIn(username, "operator-pass")
	waitLogin(t, done)
	first := store.get()
	if first == "" {
		t.Fatal("the store holds no refresh token after the sign-in")
	}
	creds.SetPrompt(nil) // from here on, as in the console

	// The access token expires; the session refreshes it and stores the
	// newest refresh token.
	time.Sleep(2500 * time.Millisecond)
	if _, err := c.AllApplications(ctx); err != nil {
		t.Fatalf("list after the access token expired: %v", err)
	}
	if store.get() == "" || store.get() == first {
		t.Error("the store does not hold the refresh token of the refresh")
	}

	// A new client with the same store, as the next CLI run: it uses the
	// stored refresh token and needs no prompt.
	next, _ := signInClient(t, realm, keycloak.SignInBrowser, newPrompts(), store)
	if err := next.Login(ctx); err != nil {
		t.Fatalf("login with the stored refresh token: %v", err)
	}

	// An admin revokes the user's sessions: the next call fails with
	// ErrSignInRequired, and the store drops the dead token.
	users, err := admin.GC.GetUsers(ctx, admin.Token, realm, gocloak.GetUsersParams{Username: gocloak.StringP(username), Exact: gocloak.BoolP(true)})
	if err != nil || len(users) != 1 {
		t.Fatalf("find the user: %v", err)
	}
	if err := admin.GC.LogoutAllSessions(ctx, admin.Token, realm, *users[0].ID); err != nil {
		t.Fatal(err)
	}
	_, err = c.AllApplications(ctx)
	if !errors.Is(err, keycloak.ErrSignInRequired) {
		t.Fatalf("list after the revocation: err = %v, want ErrSignInRequired", err)
	}
	if store.get() != "" {
		t.Error("the store still holds the revoked refresh token")
	}

	// The operator signs in again, and the client works on.
	again := make(chan error, 1)
	go func() { again <- c.SignInAgain(context.Background(), p.show) }()
	browser.Open(p.next(t).URL)
	browser.SignIn(username, "operator-pass")
	waitLogin(t, again)
	if _, err := c.AllApplications(ctx); err != nil {
		t.Fatalf("list after signing in again: %v", err)
	}

	// The session idles out: the refresh fails, and sign-in is required.
	time.Sleep(7 * time.Second)
	_, err = c.AllApplications(ctx)
	if !errors.Is(err, keycloak.ErrSignInRequired) {
		t.Fatalf("list after the idle timeout: err = %v, want ErrSignInRequired", err)
	}
}

// The redirect URI rules of model.AcceptsLoopbackRedirect, checked against
// Keycloak itself.
func TestLoopbackRedirectMatchesKeycloak(t *testing.T) {
	c := kctest.Client(t)
	ctx := kctest.Context(t)
	app, _ := kctest.CreateApplication(t, c, model.TypePublic, "redirect")

	cases := [][]string{
		{"http://127.0.0.1/*"},
		{"http://127.0.0.1/idtui/callback"},
		{"http://127.0.0.1*"},
		{"http://127.0.0.1:*"},
		{"http://127.0.0.1:8080/*"},
		{"http://127.0.0.1/other"},
		{"http://localhost/*"},
		{"http://localhost:8081/*"},
		{"http://[::1]/*"},
	}
	for _, uris := range cases {
		if err := c.UpdateApplication(ctx, app.Ref(), model.ApplicationUpdate{RedirectURIs: &uris}); err != nil {
			t.Fatal(err)
		}
		want := model.AcceptsLoopbackRedirect(uris)
		for _, port := range []int{54321, 40123} {
			err := c.CheckLoopbackRedirect(ctx, app.ClientID, port)
			if got := err == nil; got != want {
				t.Errorf("redirect URIs %q, port %d: Keycloak accepts = %v (%v), AcceptsLoopbackRedirect = %v", uris, port, got, err, want)
			}
		}
	}
}

// A sign-in through a client that does not exist fails before any browser
// opens, with Keycloak's message and the fix.
func TestBrowserSignInUnknownClient(t *testing.T) {
	kctest.Require(t)
	shown := false
	creds := keycloak.NewSignIn(keycloak.SignInOptions{ClientID: kctest.UniqueID("missing"), Prompt: func(keycloak.SignInPrompt) error { shown = true; return nil }})
	cfg := kctest.Config(t)
	cfg.Credentials = creds
	cfg.Logger = slog.New(slog.DiscardHandler)
	c, err := keycloak.New(cfg)
	if err != nil {
		t.Fatal(err)
	}

	err = c.Login(kctest.Context(t))

	if !errors.Is(err, keycloak.ErrNotFound) || !strings.Contains(err.Error(), "Client not found") || !strings.Contains(err.Error(), "idtui login --setup") {
		t.Errorf("err = %v, want not found with Keycloak's message and the setup command", err)
	}
	if shown {
		t.Error("the prompt was shown for a client that does not exist")
	}
	var e *keycloak.Error
	if errors.As(err, &e) && e.Status != http.StatusBadRequest {
		t.Errorf("status = %d, want 400", e.Status)
	}
}
