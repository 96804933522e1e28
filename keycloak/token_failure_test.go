package keycloak

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/idtui/idtui/model"
)

// The replies are those of Keycloak 26.7.3, captured with curl against the
// dev realm; token_failure_integration_test.go produces each one for real.
func TestClassifyTokenReply(t *testing.T) {
	tests := []struct {
		name              string
		status            int
		code, description string
		want              TokenFailure
	}{
		{"wrong secret", 401, "unauthorized_client", "Invalid client or Invalid client credentials", FailureWrongSecret},
		{"disabled or unknown client", 401, "invalid_client", "Invalid client or Invalid client credentials", FailureInvalidClient},
		{"public client", 401, "unauthorized_client", "Public client not allowed to retrieve service account", FailurePublicClient},
		{"no service account", 401, "unauthorized_client", "Client not enabled to retrieve service account", FailureNoServiceAccount},
		{"unknown realm", 404, "Realm does not exist", "", FailureUnknownRealm},
		{"HTML 404 outside /auth", 404, "", "", FailureWrongURL},
		{"wrong endpoint path", 405, "HTTP 405 Method Not Allowed", "", FailureWrongURL},
		{"server error", 500, "unknown_error", "", ""},
		{"unknown grant", 400, "unsupported_grant_type", "Unsupported grant_type", ""},
	}
	for _, tt := range tests {
		if got := classifyTokenReply(tt.status, tt.code, tt.description); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestRefineWithClient(t *testing.T) {
	enabled := &model.Application{ClientID: "svc", Type: model.TypeM2M, Enabled: true}
	disabled := &model.Application{ClientID: "svc", Type: model.TypeM2M}
	public := &model.Application{ClientID: "spa", Type: model.TypePublic, Enabled: true}

	tests := []struct {
		name  string
		reply TokenFailure
		app   *model.Application
		want  TokenFailure
	}{
		{"unknown client", FailureInvalidClient, nil, FailureUnknownClient},
		{"disabled client", FailureInvalidClient, disabled, FailureDisabledClient},
		{"disabled client with a wrong secret", FailureWrongSecret, disabled, FailureDisabledClient},
		{"enabled client", FailureInvalidClient, enabled, FailureWrongSecret},
		{"wrong secret", FailureWrongSecret, enabled, FailureWrongSecret},
		{"public client", FailureInvalidClient, public, FailurePublicClient},
		{"unambiguous reply", FailureNoServiceAccount, disabled, FailureNoServiceAccount},
	}
	for _, tt := range tests {
		if got := refineWithClient(tt.reply, tt.app); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestExplainTokenFailure(t *testing.T) {
	rotated := &model.Application{ClientID: "svc", Type: model.TypeM2M, Enabled: true, SecretCreatedAt: time.Date(2026, 12, 4, 12, 3, 0, 0, time.UTC)}
	api := &model.Application{ClientID: "operate-api", Type: model.TypeAPI, Enabled: true}
	tests := []struct {
		failure      TokenFailure
		fc           failureContext
		kind         error
		detail, hint string
	}{
		{FailureWrongSecret, failureContext{clientID: "svc", app: rotated}, ErrUnauthorized,
			`Keycloak rejected the client secret of "svc"`, "the current one was generated at 2026-12-04 12:03 UTC"},
		{FailureInvalidClient, failureContext{clientID: "svc", realm: "camunda-platform"}, ErrUnauthorized,
			`no client has this client id in the realm "camunda-platform", or the client is disabled`, "idtui token tells the two apart"},
		{FailureUnknownClient, failureContext{clientID: "svc", realm: "camunda-platform"}, ErrNotFound,
			`no client with the client id "svc" exists in the realm "camunda-platform"`, "case-sensitive"},
		{FailureDisabledClient, failureContext{clientID: "svc"}, ErrUnauthorized,
			`the client "svc" is disabled`, "Enable the client"},
		{FailurePublicClient, failureContext{clientID: "spa"}, ErrUnauthorized,
			`"spa" is a public client`, "Client authentication and Service account roles"},
		{FailureNoServiceAccount, failureContext{clientID: "operate"}, ErrUnauthorized,
			`"operate" has no service account`, "Turn on Service account roles"},
		{FailureNoServiceAccount, failureContext{clientID: "operate-api", app: api}, ErrUnauthorized,
			`"operate-api" is an API (a resource server)`, "grant that application a role on this API"},
		{FailureUnknownRealm, failureContext{realm: "nosuch", baseURL: "http://localhost:18080/auth"}, ErrNotFound,
			`the realm "nosuch" does not exist at http://localhost:18080/auth`, "Check the realm name"},
		{FailureWrongURL, failureContext{tokenURL: "http://localhost:18080/realms/x/protocol/openid-connect/token", workingBaseURL: "http://localhost:18080/auth"}, ErrNotFound,
			"nothing serves a token endpoint at http://localhost:18080/realms/x/", "use the URL http://localhost:18080/auth"},
		{FailureWrongURL, failureContext{tokenURL: "http://localhost:18080/x"}, ErrNotFound,
			"nothing serves a token endpoint", "Camunda's charts serve under /auth"},
		{FailureUnreachable, failureContext{tokenURL: "http://localhost:1/auth/realms/x/protocol/openid-connect/token", cause: errors.New("connection refused")}, ErrUnavailable,
			"no response from localhost:1: connection refused", "Check the URL and that Keycloak runs"},
	}
	for _, tt := range tests {
		t.Run(string(tt.failure), func(t *testing.T) {
			e := &Error{Kind: ErrInvalid, Failure: tt.failure}

			explainTokenFailure(e, tt.fc)

			if e.Kind != tt.kind {
				t.Errorf("kind = %v, want %v", e.Kind, tt.kind)
			}
			if !strings.Contains(e.Detail, tt.detail) {
				t.Errorf("detail = %q\nwant it to contain %q", e.Detail, tt.detail)
			}
			if !strings.Contains(e.Hint, tt.hint) {
				t.Errorf("hint = %q\nwant it to contain %q", e.Hint, tt.hint)
			}
		})
	}
}

func TestExplanationKeepsKeycloakAnswer(t *testing.T) {
	reply := &oauth2.RetrieveError{
		Response:         &http.Response{StatusCode: 401},
		ErrorCode:        "unauthorized_client",
		ErrorDescription: "Invalid client or Invalid client credentials",
	}
	e := &Error{Op: "fetch a token for", ClientID: "svc", Status: 401, Failure: FailureWrongSecret, Err: reply}

	explainTokenFailure(e, failureContext{clientID: "svc"})

	want := `Keycloak rejected the client secret of "svc" (Keycloak returned HTTP 401 unauthorized_client: Invalid client or Invalid client credentials)`
	if e.Detail != want {
		t.Errorf("detail =\n%s\nwant\n%s", e.Detail, want)
	}
}

func TestExplainLeavesUnknownFailureAlone(t *testing.T) {
	e := &Error{Kind: ErrUnavailable, Detail: "Keycloak's own words", Hint: "retry"}
	explainTokenFailure(e, failureContext{})
	if e.Detail != "Keycloak's own words" || e.Hint != "retry" || e.Kind != ErrUnavailable {
		t.Errorf("error changed: %+v", e)
	}
}
