package keycloak

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/Nerzal/gocloak/v13"

	"github.com/idtui/idtui/model"
)

// A client as Keycloak 26 returns it from GET /admin/realms/{realm}/clients, trimmed.
const zeebeJSON = `{
  "id": "0b6b7f7c-1111-4d8e-9b7e-6a1f2f0e9a01",
  "clientId": "zeebe",
  "name": "Zeebe",
  "description": "Zeebe brokers and gateway",
  "enabled": true,
  "clientAuthenticatorType": "client-secret",
  "secret": "zeebe-dev-secret",
  "redirectUris": [],
  "webOrigins": [],
  "bearerOnly": false,
  "standardFlowEnabled": false,
  "implicitFlowEnabled": false,
  "directAccessGrantsEnabled": false,
  "serviceAccountsEnabled": true,
  "publicClient": false,
  "attributes": {
    "realm_client": "false",
    "client.secret.creation.time": "1764547200",
    "oauth2.device.authorization.grant.enabled": "false"
  }
}`

func TestToApplication(t *testing.T) {
	var c gocloak.Client
	if err := json.Unmarshal([]byte(zeebeJSON), &c); err != nil {
		t.Fatal(err)
	}

	app := toApplication(&c)

	if app.ID != "0b6b7f7c-1111-4d8e-9b7e-6a1f2f0e9a01" || app.ClientID != "zeebe" || app.Name != "Zeebe" {
		t.Errorf("ids and name = %q %q %q", app.ID, app.ClientID, app.Name)
	}
	if app.Type != model.TypeM2M || !app.Enabled || !app.Flows.ServiceAccount || app.Flows.Standard {
		t.Errorf("type %v, enabled %v, flows %+v; want an enabled M2M with only a service account", app.Type, app.Enabled, app.Flows)
	}
	if want := time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC); !app.SecretCreatedAt.Equal(want) {
		t.Errorf("secret created at %v, want %v", app.SecretCreatedAt, want)
	}
	if app.Permissions != nil {
		t.Errorf("permissions = %v, want nil until loaded", app.Permissions)
	}
}

func TestToApplicationWithoutOptionalFields(t *testing.T) {
	app := toApplication(&gocloak.Client{ClientID: gocloak.StringP("bare"), Attributes: &map[string]string{attrSecretCreationTime: "not a number"}})

	if app.ClientID != "bare" || app.Enabled || app.RedirectURIs != nil {
		t.Errorf("app = %+v", app)
	}
	if !app.SecretCreatedAt.IsZero() {
		t.Errorf("secret created at %v from an invalid attribute, want zero", app.SecretCreatedAt)
	}
}

func TestNewClientRepresentationRoundTrip(t *testing.T) {
	for _, typ := range model.CreatableTypes {
		n := model.NewApplication{ClientID: "x", Name: "X", Type: typ, RedirectURIs: []string{"https://x.example.com/*"}}
		rep := newClientRepresentation(n)

		for name, flag := range map[string]*bool{
			"publicClient": rep.PublicClient, "standardFlowEnabled": rep.StandardFlowEnabled,
			"serviceAccountsEnabled": rep.ServiceAccountsEnabled, "implicitFlowEnabled": rep.ImplicitFlowEnabled,
			"directAccessGrantsEnabled": rep.DirectAccessGrantsEnabled, "bearerOnly": rep.BearerOnly,
			"fullScopeAllowed": rep.FullScopeAllowed, "enabled": rep.Enabled,
		} {
			if flag == nil {
				t.Errorf("%v: %s is not sent, so Keycloak would choose it", typ, name)
			}
		}
		if got := toApplication(&rep).Type; got != typ {
			t.Errorf("%v: the representation reads back as %v", typ, got)
		}
	}
}

func TestWrapErrorKinds(t *testing.T) {
	tests := []struct {
		code int
		kind error
	}{
		{400, ErrInvalid}, {401, ErrUnauthorized}, {403, ErrForbidden}, {404, ErrNotFound},
		{409, ErrConflict}, {500, ErrServer}, {501, ErrServer}, {502, ErrUnavailable},
		{503, ErrUnavailable}, {504, ErrUnavailable}, {0, ErrUnavailable},
	}
	for _, tt := range tests {
		apiErr := &gocloak.APIError{Code: tt.code, Message: "409 Conflict: Client zeebe already exists"}
		err := wrapError(context.Background(), "create application", "zeebe", apiErr)

		if !errors.Is(err, tt.kind) {
			t.Errorf("status %d: err = %v, want %v", tt.code, err, tt.kind)
		}
		var target *gocloak.APIError
		if !errors.As(err, &target) {
			t.Errorf("status %d: the gocloak error is not reachable through errors.As", tt.code)
		}
	}
}

func TestErrorMessage(t *testing.T) {
	apiErr := &gocloak.APIError{Code: 409, Message: "409 Conflict: Client zeebe already exists"}

	got := wrapError(context.Background(), "create application", "zeebe", apiErr).Error()

	want := `create application "zeebe" failed: conflict (HTTP 409): Client zeebe already exists. Choose another client id`
	if got != want {
		t.Errorf("message =\n%s\nwant\n%s", got, want)
	}
}

func TestErrorMessageAfterFullStop(t *testing.T) {
	apiErr := &gocloak.APIError{Code: 404, Message: "404 Not Found: Realm not found."}

	got := wrapError(context.Background(), "list applications", "", apiErr).Error()

	if strings.Contains(got, "..") || !strings.Contains(got, "Realm not found. Check") {
		t.Errorf("message = %q, want one full stop after Keycloak's message", got)
	}
}

func TestErrorMessageStatusOfAnotherKind(t *testing.T) {
	e := &Error{Kind: ErrUnauthorized, Op: "log in as admin@master", Status: 400, Detail: "invalid_grant: Invalid user credentials", Hint: "Check the admin credentials"}

	want := "log in as admin@master failed: unauthorized: invalid_grant: Invalid user credentials (HTTP 400). Check the admin credentials"
	if got := e.Error(); got != want {
		t.Errorf("message =\n%s\nwant\n%s", got, want)
	}
}

func TestServerErrorMessage(t *testing.T) {
	apiErr := &gocloak.APIError{Code: 500, Message: "500 Internal Server Error: unknown_error"}

	got := wrapError(context.Background(), "create application", "billing", apiErr).Error()

	want := `create application "billing" failed: server error (HTTP 500): unknown_error. Keycloak failed on the request; its server log says why`
	if got != want {
		t.Errorf("message =\n%s\nwant\n%s", got, want)
	}
}

func TestWrapErrorAfterDeadline(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 0)
	defer cancel()
	<-ctx.Done()

	err := wrapError(ctx, "list applications", "", errors.New("context deadline exceeded"))

	if !errors.Is(err, ErrUnavailable) {
		t.Errorf("err = %v, want unavailable", err)
	}
}

func TestDevHintOnlyForDevURL(t *testing.T) {
	refused := errors.New(`Post "http://localhost:18080/auth/realms/master/protocol/openid-connect/token": dial tcp 127.0.0.1:18080: connect: connection refused`)
	tests := []struct {
		baseURL string
		dev     bool
	}{
		{"http://localhost:18080/auth", true},
		{"http://127.0.0.1:18080", true},
		{"http://127.0.0.1:1/auth", false},
		{"https://keycloak.example.com/auth", false},
	}
	for _, tt := range tests {
		ctx := context.WithValue(context.Background(), callInfoKey{}, callInfo{start: time.Now(), baseURL: tt.baseURL})

		err := wrapError(ctx, "list applications", "", refused)

		if got := strings.Contains(err.Error(), "scripts/keycloak up"); got != tt.dev {
			t.Errorf("%s: mentions scripts/keycloak = %v, want %v: %v", tt.baseURL, got, tt.dev, err)
		}
	}
}

func TestAlternateBaseURLs(t *testing.T) {
	tests := []struct {
		base string
		want []string
	}{
		{"http://localhost:18080/auth", []string{"http://localhost:18080"}},
		{"http://localhost:18080", []string{"http://localhost:18080/auth"}},
		{"http://localhost:18080/foo", []string{"http://localhost:18080/auth", "http://localhost:18080"}},
		{"https://sso.example.com/keycloak/auth", []string{"https://sso.example.com/keycloak"}},
	}
	for _, tt := range tests {
		if got := alternateBaseURLs(tt.base); !slices.Equal(got, tt.want) {
			t.Errorf("alternateBaseURLs(%q) = %q, want %q", tt.base, got, tt.want)
		}
	}
}
