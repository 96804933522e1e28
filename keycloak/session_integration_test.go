package keycloak_test

import (
	"bytes"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Nerzal/gocloak/v13"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/keycloak/kctest"
	"github.com/idtui/idtui/model"
)

func TestAdminWithoutManageClientsIsForbidden(t *testing.T) {
	admin := kctest.NewAdmin(t)
	username, _ := admin.CreateUser(t, kctest.Realm, "viewer", "viewer-pass", "view-clients")
	cfg := kctest.Config(t)
	cfg.AdminRealm = kctest.Realm // a user of the application realm itself
	cfg.Credentials = keycloak.Password{Username: username, Password: "viewer-pass"}
	c, err := keycloak.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx := kctest.Context(t)

	if _, err := c.AllApplications(ctx); err != nil {
		t.Fatalf("list as a viewer: %v", err)
	}
	_, _, err = c.CreateApplication(ctx, model.NewApplication{ClientID: kctest.UniqueID("forbidden"), Type: model.TypeM2M})
	if !errors.Is(err, keycloak.ErrForbidden) {
		t.Fatalf("create as a viewer: err = %v, want forbidden", err)
	}
	if !strings.Contains(err.Error(), "manage-clients") {
		t.Errorf("error %q does not name the missing role", err)
	}
	if n := strings.Count(err.Error(), "403"); n != 1 {
		t.Errorf("error %q names the status %d times, want once", err, n)
	}
}

func TestServiceAccountAdmin(t *testing.T) {
	c := kctest.Client(t)
	admin := kctest.NewAdmin(t)
	app, secret := kctest.CreateApplication(t, c, model.TypeM2M, "admin-sa")
	user, err := admin.GC.GetClientServiceAccount(kctest.Context(t), admin.Token, kctest.Realm, app.ID)
	if err != nil {
		t.Fatal(err)
	}
	admin.GrantClientRoles(t, kctest.Realm, *user.ID, "realm-management", "view-clients")

	cfg := kctest.Config(t)
	cfg.AdminRealm = kctest.Realm
	cfg.Credentials = keycloak.ClientSecret{ClientID: app.ClientID, Secret: secret}
	sa, err := keycloak.New(cfg)
	if err != nil {
		t.Fatal(err)
	}

	// idtui creates clients without the full scope, so the realm-management
	// roles stay out of the token until the client allows it.
	_, err = sa.AllApplications(kctest.Context(t))
	if !errors.Is(err, keycloak.ErrForbidden) || !strings.Contains(err.Error(), "Full Scope Allowed") {
		t.Fatalf("list without the full scope: err = %v, want forbidden with a hint at Full Scope Allowed", err)
	}
	err = admin.GC.UpdateClient(kctest.Context(t), admin.Token, kctest.Realm, gocloak.Client{ID: &app.ID, ClientID: &app.ClientID, FullScopeAllowed: gocloak.BoolP(true)})
	if err != nil {
		t.Fatal(err)
	}

	if _, err := sa.AllApplications(kctest.Context(t)); err != nil {
		t.Fatalf("list as a service account: %v", err)
	}
	if got, want := sa.Identity(), app.ClientID+"@"+kctest.Realm; got != want {
		t.Errorf("identity = %q, want %q", got, want)
	}
}

func TestLoginFailures(t *testing.T) {
	// A web server that is not Keycloak, as Python's http.server, which
	// rejects the token request's POST with HTTP 501.
	notKeycloak := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "Unsupported method", http.StatusNotImplemented)
	}))
	t.Cleanup(notKeycloak.Close)

	kctest.Require(t)
	withoutAuth := strings.TrimSuffix(kctest.URL(), "/auth")

	tests := []struct {
		name     string
		url      string
		password model.Secret
		realm    string
		kind     error
		contains string
		lacks    string
	}{
		{name: "wrong password", password: "wrong", kind: keycloak.ErrUnauthorized, contains: "unauthorized: Keycloak rejected the credentials: invalid_grant: Invalid user credentials (HTTP 400). Check the admin credentials"},
		{name: "base path without /auth", url: withoutAuth, kind: keycloak.ErrNotFound, contains: "use the URL " + kctest.URL()},
		{name: "another base path", url: withoutAuth + "/foo", kind: keycloak.ErrNotFound, contains: "use the URL " + kctest.URL(), lacks: "/foo/auth"},
		{name: "unknown admin realm", realm: "no-such-realm", kind: keycloak.ErrNotFound, contains: `admin realm "no-such-realm" does not exist`},
		{name: "not Keycloak", url: notKeycloak.URL + "/auth", kind: keycloak.ErrUnavailable, contains: "with HTTP 501 and serves no discovery document for the realm \"master\", so it is not Keycloak", lacks: "server log"},
		{name: "nothing listening", url: "http://127.0.0.1:1/auth", kind: keycloak.ErrUnavailable, contains: "Check that Keycloak runs at http://127.0.0.1:1/auth", lacks: "scripts/keycloak"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := kctest.Config(t)
			if tt.url != "" {
				cfg.URL = tt.url
			}
			if tt.password != "" {
				cfg.Credentials = keycloak.Password{Username: kctest.AdminUsername(), Password: tt.password}
			}
			if tt.realm != "" {
				cfg.AdminRealm = tt.realm
			}
			c, err := keycloak.New(cfg)
			if err != nil {
				t.Fatal(err)
			}

			err = c.Login(kctest.Context(t))

			if !errors.Is(err, tt.kind) {
				t.Fatalf("err = %v, want %v", err, tt.kind)
			}
			if !strings.Contains(err.Error(), tt.contains) {
				t.Errorf("err = %q, want it to contain %q", err, tt.contains)
			}
			if tt.lacks != "" && strings.Contains(err.Error(), tt.lacks) {
				t.Errorf("err = %q, want it without %q", err, tt.lacks)
			}
		})
	}
}

// A realm whose tokens live 2 s and whose sessions idle out after 4 s makes
// an admin session outlive both within seconds, instead of the minutes that
// master's lifespans would take.
func TestSessionOutlivesTokens(t *testing.T) {
	admin := kctest.NewAdmin(t)
	realm := admin.CreateRealm(t, "session", gocloak.RealmRepresentation{
		AccessTokenLifespan:   gocloak.IntP(2),
		SsoSessionIdleTimeout: gocloak.IntP(4),
	})
	username, userID := admin.CreateUser(t, realm, "admin", "admin-pass", "view-clients")

	var logs syncBuffer
	cfg := kctest.Config(t)
	cfg.Realm, cfg.AdminRealm = realm, realm
	cfg.Credentials = keycloak.Password{Username: username, Password: "admin-pass"}
	cfg.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	c, err := keycloak.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx := kctest.Context(t)
	list := func(step string) {
		t.Helper()
		if _, err := c.AllApplications(ctx); err != nil {
			t.Fatalf("%s: list: %v", step, err)
		}
	}

	list("first call")
	time.Sleep(2500 * time.Millisecond) // the access token expires, the session does not
	list("after the access token expired")
	if !strings.Contains(logs.String(), "admin session refreshed") {
		t.Errorf("no refresh in the log:\n%s", logs.String())
	}

	time.Sleep(4500 * time.Millisecond) // the session idles out, so the refresh fails
	list("after the session idled out")
	if n := strings.Count(logs.String(), "admin logged in"); n != 2 {
		t.Errorf("logged in %d times, want 2 (the start and after the idle timeout):\n%s", n, logs.String())
	}

	// An admin ends every session of the user: the access token, still
	// within its lifespan, is rejected, and the client renews and retries.
	list("before the logout")
	if err := admin.GC.LogoutAllSessions(ctx, admin.Token, realm, userID); err != nil {
		t.Fatalf("log out the user's sessions: %v", err)
	}
	list("after the logout")
	if !strings.Contains(logs.String(), "admin token rejected") {
		t.Errorf("no retry after 401 in the log:\n%s", logs.String())
	}
	if strings.Contains(logs.String(), "admin-pass") {
		t.Error("the log contains the admin password")
	}
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
