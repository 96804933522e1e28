// Package kctest connects tests to the real Keycloak that scripts/keycloak
// starts, and gives them uniquely named clients, users and realms that are
// removed when the test ends, so runs can repeat and overlap.
//
// Settings, from the environment:
//
//	IDTUI_TEST_KEYCLOAK_URL      base URL (default http://localhost:18080/auth)
//	IDTUI_TEST_ADMIN_USERNAME    master admin (default admin)
//	IDTUI_TEST_ADMIN_PASSWORD    its password (default admin)
//	IDTUI_TEST_REQUIRE_KEYCLOAK  when set, or when CI=true, a missing Keycloak fails the test instead of skipping it
package kctest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/model"
)

// Realm is the application realm that testdata/realm-camunda-platform.json creates.
const Realm = "camunda-platform"

// URL returns the base URL of the test Keycloak.
func URL() string {
	if u := os.Getenv("IDTUI_TEST_KEYCLOAK_URL"); u != "" {
		return strings.TrimRight(u, "/")
	}
	return keycloak.DefaultURL
}

// AdminUsername and AdminPassword return the master admin's credentials.
func AdminUsername() string { return envOr("IDTUI_TEST_ADMIN_USERNAME", "admin") }

func AdminPassword() model.Secret { return model.Secret(envOr("IDTUI_TEST_ADMIN_PASSWORD", "admin")) }

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

// Require skips the test unless the test Keycloak answers, or fails it when
// a Keycloak is required.
func Require(t testing.TB) {
	t.Helper()
	if testing.Short() {
		t.Skip("integration test: skipped with -short")
	}
	discovery := URL() + "/realms/" + Realm + "/.well-known/openid-configuration"
	client := http.Client{Timeout: 5 * time.Second}
	resp, err := client.Get(discovery)
	if err == nil {
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			return
		}
	}

	msg := "no Keycloak with the realm " + Realm + " at " + URL() +
		"; start one with scripts/keycloak up, or set IDTUI_TEST_KEYCLOAK_URL"
	if os.Getenv("CI") == "true" || os.Getenv("IDTUI_TEST_REQUIRE_KEYCLOAK") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// Config returns a configuration for the master admin on the application realm.
func Config(t testing.TB) keycloak.Config {
	t.Helper()
	return keycloak.Config{
		URL:         URL(),
		Realm:       Realm,
		AdminRealm:  "master",
		Credentials: keycloak.Password{Username: AdminUsername(), Password: AdminPassword()},
		Timeout:     30 * time.Second,
	}
}

// Client returns a keycloak.Client for the master admin, after Require.
func Client(t testing.TB) *keycloak.Client {
	t.Helper()
	Require(t)
	c, err := keycloak.New(Config(t))
	if err != nil {
		t.Fatalf("keycloak.New: %v", err)
	}
	return c
}

// Context returns a context that ends with the test, within a minute.
func Context(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// UniqueID returns a name that no other run uses, such as "it-rotate-3f9a1c2b".
func UniqueID(prefix string) string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return "it-" + prefix + "-" + hex.EncodeToString(b)
}

// CreateApplication creates an application with a unique client id and
// deletes it when the test ends.
func CreateApplication(t testing.TB, c *keycloak.Client, typ model.AppType, prefix string) (model.Application, model.Secret) {
	t.Helper()
	n := model.NewApplication{ClientID: UniqueID(prefix), Name: "Integration test " + prefix, Type: typ}
	if typ != model.TypeM2M {
		n.RedirectURIs = []string{"http://localhost:9999/*"}
	}
	app, secret, err := c.CreateApplication(Context(t), n)
	if err != nil {
		t.Fatalf("create %s application: %v", typ, err)
	}
	t.Cleanup(func() { DeleteApplication(t, c, app.Ref()) })
	return app, secret
}

// DeleteApplication deletes the application unless it is already gone.
func DeleteApplication(t testing.TB, c *keycloak.Client, ref model.AppRef) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := c.DeleteApplication(ctx, ref)
	if err != nil && !isNotFound(err) {
		t.Errorf("clean up application %s: %v", ref.ClientID, err)
	}
}

func isNotFound(err error) bool { return errors.Is(err, keycloak.ErrNotFound) }
