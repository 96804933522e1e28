package keycloak_test

import (
	"errors"
	"net"
	"strings"
	"testing"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/keycloak/kctest"
	"github.com/idtui/idtui/model"
)

// tokenFailure asserts that err is a token failure of the given cause, with
// a detail and a hint that contain the given words.
func tokenFailure(t *testing.T, err error, want keycloak.TokenFailure, detail, hint string) *keycloak.Error {
	t.Helper()
	var e *keycloak.Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v, want a *keycloak.Error", err)
	}
	if e.Failure != want {
		t.Errorf("failure = %q, want %q (%v)", e.Failure, want, err)
	}
	if !strings.Contains(e.Detail, detail) {
		t.Errorf("detail = %q\nwant it to contain %q", e.Detail, detail)
	}
	if !strings.Contains(e.Hint, hint) {
		t.Errorf("hint = %q\nwant it to contain %q", e.Hint, hint)
	}
	return e
}

func TestTokenWithRotatedSecret(t *testing.T) {
	c := kctest.Client(t)
	ctx := kctest.Context(t)
	app, old := kctest.CreateApplication(t, c, model.TypeM2M, "old-secret")
	if _, err := c.RotateSecret(ctx, app.Ref()); err != nil {
		t.Fatalf("rotate: %v", err)
	}

	_, err := c.ClientCredentialsToken(ctx, app.ClientID, old)
	e := tokenFailure(t, err, keycloak.FailureWrongSecret, "Keycloak rejected the client secret", "Use the client's current secret")
	if e.Status != 401 || e.OAuthCode != "unauthorized_client" || !errors.Is(err, keycloak.ErrUnauthorized) {
		t.Errorf("status %d, code %q, err %v", e.Status, e.OAuthCode, err)
	}

	err = c.ExplainTokenFailure(ctx, err)
	tokenFailure(t, err, keycloak.FailureWrongSecret, "(Keycloak returned HTTP 401 unauthorized_client: Invalid client or Invalid client credentials)", "the current one was generated at")

	if _, err := c.FetchTestToken(ctx, app.Ref()); err != nil {
		t.Errorf("test token with the current secret: %v", err)
	}
}

func TestTokenForPublicClient(t *testing.T) {
	c := kctest.Client(t)
	ctx := kctest.Context(t)
	app, _ := kctest.CreateApplication(t, c, model.TypePublic, "public")

	tt, err := c.FetchTestToken(ctx, app.Ref())

	tokenFailure(t, err, keycloak.FailurePublicClient, "is a public client", "turn on Client authentication")
	if tt.Secret != "" || tt.Application.ClientID != app.ClientID {
		t.Errorf("test token of a failed request = %s with secret %v; want the application and no secret", tt.Application.ClientID, tt.Secret != "")
	}
	if !strings.Contains(tt.Curl().Text().Reveal(), "client_id="+app.ClientID) {
		t.Error("the failed request cannot be shown as curl")
	}
}

func TestTokenWithoutServiceAccount(t *testing.T) {
	c := kctest.Client(t)
	app, _ := kctest.CreateApplication(t, c, model.TypeConfidential, "no-sa")

	_, err := c.FetchTestToken(kctest.Context(t), app.Ref())

	tokenFailure(t, err, keycloak.FailureNoServiceAccount, "has no service account", "Turn on Service account roles")
}

func TestTokenForAPIClient(t *testing.T) {
	c := kctest.Client(t)

	_, err := c.FetchTestToken(kctest.Context(t), model.AppRef{ClientID: "operate-api"})

	tokenFailure(t, err, keycloak.FailureNoServiceAccount, "is an API (a resource server)", "grant that application a role on this API")
}

func TestTokenForDisabledClient(t *testing.T) {
	c := kctest.Client(t)
	ctx := kctest.Context(t)
	app, secret := kctest.CreateApplication(t, c, model.TypeM2M, "disabled")
	if err := c.SetEnabled(ctx, app.Ref(), false); err != nil {
		t.Fatalf("disable: %v", err)
	}

	_, err := c.ClientCredentialsToken(ctx, app.ClientID, secret)
	tokenFailure(t, err, keycloak.FailureInvalidClient, "or the client is disabled", "tells the two apart")

	err = c.ExplainTokenFailure(ctx, err)
	tokenFailure(t, err, keycloak.FailureDisabledClient, "is disabled", "Enable the client")

	_, err = c.FetchTestToken(ctx, app.Ref())
	tokenFailure(t, err, keycloak.FailureDisabledClient, "is disabled", "Enable the client")
}

func TestTokenForUnknownClient(t *testing.T) {
	c := kctest.Client(t)
	ctx := kctest.Context(t)
	clientID := kctest.UniqueID("no-such-client")

	_, err := c.ClientCredentialsToken(ctx, clientID, "whatever")
	err = c.ExplainTokenFailure(ctx, err)
	tokenFailure(t, err, keycloak.FailureUnknownClient, "no client with the client id", "case-sensitive")
	if !errors.Is(err, keycloak.ErrNotFound) {
		t.Errorf("err = %v, want not found", err)
	}

	_, err = c.FetchTestToken(ctx, model.AppRef{ClientID: clientID})
	tokenFailure(t, err, keycloak.FailureUnknownClient, "no client with the client id", "case-sensitive")
}

func TestTokenFromUnknownRealm(t *testing.T) {
	kctest.Require(t)
	cfg := kctest.Config(t)
	cfg.Realm = kctest.UniqueID("no-such-realm")
	c, err := keycloak.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx := kctest.Context(t)

	_, err = c.ClientCredentialsToken(ctx, "zeebe", "zeebe-dev-secret")
	tokenFailure(t, err, keycloak.FailureUnknownRealm, `the realm "`+cfg.Realm+`" does not exist at `+kctest.URL(), "Check the realm name")
	if !errors.Is(err, keycloak.ErrNotFound) {
		t.Errorf("err = %v, want not found", err)
	}

	_, err = c.FetchTestToken(ctx, model.AppRef{ClientID: "zeebe"})
	tokenFailure(t, err, keycloak.FailureUnknownRealm, "does not exist", "Check the realm name")

	if _, err := c.KeySet(ctx); !errors.Is(err, keycloak.ErrNotFound) {
		t.Errorf("keys of an unknown realm: err = %v, want not found", err)
	}
}

func TestTokenFromWrongBasePath(t *testing.T) {
	kctest.Require(t)
	cfg := kctest.Config(t)
	cfg.URL = otherBasePath(kctest.URL())
	c, err := keycloak.New(cfg)
	if err != nil {
		t.Fatal(err)
	}

	_, err = c.ClientCredentialsToken(kctest.Context(t), "zeebe", "zeebe-dev-secret")

	tokenFailure(t, err, keycloak.FailureWrongURL, "nothing serves a token endpoint at "+cfg.URL, "use the URL "+kctest.URL())
}

func TestTokenFromClosedPort(t *testing.T) {
	kctest.Require(t)
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := listener.Addr().String()
	listener.Close()
	cfg := kctest.Config(t)
	cfg.URL = "http://" + closed + "/auth"
	c, err := keycloak.New(cfg)
	if err != nil {
		t.Fatal(err)
	}

	_, err = c.ClientCredentialsToken(kctest.Context(t), "zeebe", "zeebe-dev-secret")

	tokenFailure(t, err, keycloak.FailureUnreachable, "no response from "+closed, "Check the URL and that Keycloak runs")
	if !errors.Is(err, keycloak.ErrUnavailable) {
		t.Errorf("err = %v, want unavailable", err)
	}
}

// otherBasePath adds /auth to a base URL, or removes it: the usual mistake.
func otherBasePath(base string) string {
	if trimmed, ok := strings.CutSuffix(base, "/auth"); ok {
		return trimmed
	}
	return base + "/auth"
}
