package keycloak

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"golang.org/x/oauth2"

	"github.com/idtui/idtui/model"
)

// TokenFailure names why the token endpoint refused a token request.
type TokenFailure string

// The causes that idtui distinguishes, with the response of Keycloak 26.7.3
// to each. The tests in token_failure_integration_test.go produce each one.
const (
	// FailureWrongSecret: 401 unauthorized_client "Invalid client or Invalid
	// client credentials", for an enabled client and a wrong or missing secret.
	FailureWrongSecret TokenFailure = "wrong-secret"
	// FailureInvalidClient: 401 invalid_client with the same description,
	// which Keycloak returns both for a client id that does not exist and for
	// a disabled client. Only the client's settings distinguish the two.
	FailureInvalidClient TokenFailure = "invalid-client"
	// FailureUnknownClient and FailureDisabledClient are FailureInvalidClient
	// once the admin API has shown which of the two applies.
	FailureUnknownClient  TokenFailure = "unknown-client"
	FailureDisabledClient TokenFailure = "disabled-client"
	// FailurePublicClient: 401 unauthorized_client "Public client not allowed
	// to retrieve service account".
	FailurePublicClient TokenFailure = "public-client"
	// FailureNoServiceAccount: 401 unauthorized_client "Client not enabled to
	// retrieve service account", also returned for API clients.
	FailureNoServiceAccount TokenFailure = "no-service-account"
	// FailureUnknownRealm: 404 {"error":"Realm does not exist"}.
	FailureUnknownRealm TokenFailure = "unknown-realm"
	// FailureWrongURL: any other 404, such as the HTML page Keycloak serves
	// for a path outside its relative path (/auth), or a 405.
	FailureWrongURL TokenFailure = "wrong-url"
	// FailureUnreachable: no HTTP response at all.
	FailureUnreachable TokenFailure = "unreachable"
)

// Keycloak's error_description values, as written by Keycloak 26.7.3.
const (
	descInvalidCredentials = "Invalid client or Invalid client credentials"
	descPublicClient       = "Public client not allowed to retrieve service account"
	descNoServiceAccount   = "Client not enabled to retrieve service account"
	descUnknownRealm       = "Realm does not exist" // sent as "error", with no description
)

// classifyTokenReply names the failure from the token endpoint's reply
// alone, or returns "" for a reply that idtui does not recognize.
func classifyTokenReply(status int, code, description string) TokenFailure {
	switch {
	case description == descPublicClient:
		return FailurePublicClient
	case description == descNoServiceAccount:
		return FailureNoServiceAccount
	case description == descInvalidCredentials && code == "invalid_client":
		return FailureInvalidClient
	case description == descInvalidCredentials:
		return FailureWrongSecret
	case status == http.StatusNotFound && code == descUnknownRealm:
		return FailureUnknownRealm
	case status == http.StatusNotFound || status == http.StatusMethodNotAllowed:
		return FailureWrongURL
	}
	return ""
}

// aboutClient reports whether the failure lies in the client's settings,
// so that the client as the admin API returns it sharpens the explanation.
func (f TokenFailure) aboutClient() bool {
	switch f {
	case FailureWrongSecret, FailureInvalidClient, FailurePublicClient, FailureNoServiceAccount:
		return true
	}
	return false
}

// refineWithClient resolves the failures for which Keycloak returns the same
// error, with the client as the admin API returned it. app is nil when no
// client has that client id.
func refineWithClient(f TokenFailure, app *model.Application) TokenFailure {
	if f != FailureInvalidClient && f != FailureWrongSecret {
		return f
	}
	switch {
	case app == nil:
		return FailureUnknownClient
	case !app.Enabled:
		return FailureDisabledClient
	case app.Type == model.TypePublic:
		return FailurePublicClient
	}
	return FailureWrongSecret
}

// failureContext holds the values that an explanation names.
type failureContext struct {
	clientID string
	realm    string
	baseURL  string
	tokenURL string
	app      *model.Application // nil unless the admin API returned the client
	// workingBaseURL is a base URL where the realm's discovery document is
	// served, found after a 404. It is empty when none was found.
	workingBaseURL string
	cause          error // the transport error, for FailureUnreachable
}

// explainTokenFailure sets the kind, the plain explanation and the fix of a
// failed token request. Keycloak's own error response stays in the detail,
// in parentheses, so that it can still be searched for.
func explainTokenFailure(e *Error, fc failureContext) {
	detail, hint := explanation(e.Failure, fc)
	if detail == "" {
		return
	}
	if response := keycloakResponse(e); response != "" {
		detail += " (Keycloak returned " + response + ")"
	}
	e.Detail, e.Hint = detail, hint

	switch e.Failure {
	case FailureUnknownClient, FailureUnknownRealm, FailureWrongURL:
		e.Kind = ErrNotFound
	case FailureUnreachable:
		e.Kind = ErrUnavailable
	default:
		e.Kind = ErrUnauthorized
	}
}

// keycloakResponse returns the status and OAuth error of the token
// endpoint's reply, such as "HTTP 401 unauthorized_client: Invalid client
// or Invalid client credentials", or "" when no reply arrived.
func keycloakResponse(e *Error) string {
	var re *oauth2.RetrieveError
	if !errors.As(e.Err, &re) || re.Response == nil {
		return ""
	}
	response := fmt.Sprintf("HTTP %d", re.Response.StatusCode)
	if re.ErrorCode != "" {
		response += " " + re.ErrorCode
	}
	if re.ErrorDescription != "" {
		response += ": " + re.ErrorDescription
	}
	return response
}

// explanation is the table of plain explanations and fixes.
func explanation(f TokenFailure, fc failureContext) (detail, hint string) {
	client := fmt.Sprintf("%q", fc.clientID)
	switch f {
	case FailureWrongSecret:
		hint = "Use the client's current secret; it changes whenever someone rotates it"
		if fc.app != nil && !fc.app.SecretCreatedAt.IsZero() {
			hint += fmt.Sprintf(", and the current one was generated at %s", fc.app.SecretCreatedAt.UTC().Format("2006-01-02 15:04 UTC"))
		}
		return "Keycloak rejected the client secret of " + client, hint + ". idtui shows it in the application's details, and Keycloak's admin console under Clients > " + fc.clientID + " > Credentials"
	case FailureInvalidClient:
		return fmt.Sprintf("Keycloak rejected the client %s: no client has this client id in the realm %q, or the client is disabled, and Keycloak returns the same error for both", client, fc.realm),
			"Check the client id and that the client is enabled; with admin access, idtui token tells the two apart"
	case FailureUnknownClient:
		return fmt.Sprintf("no client with the client id %s exists in the realm %q", client, fc.realm),
			"Check the client id (client ids are case-sensitive) and the realm"
	case FailureDisabledClient:
		return fmt.Sprintf("the client %s is disabled, and Keycloak returns the same error for a disabled client as for a wrong secret", client),
			"Enable the client, in idtui or in Keycloak's admin console"
	case FailurePublicClient:
		return fmt.Sprintf("%s is a public client, and a public client cannot use the client-credentials grant: it has no secret and no service account", client),
			"Fetch M2M tokens with an M2M application. If this client is meant to be one, turn on Client authentication and Service account roles in its settings"
	case FailureNoServiceAccount:
		if fc.app != nil && fc.app.Type == model.TypeAPI {
			return fmt.Sprintf("%s is an API (a resource server), which has no service account, so it gets no tokens of its own", client),
				"Fetch the token as the M2M application of the service, and grant that application a role on this API"
		}
		return fmt.Sprintf("%s has no service account, so it cannot use the client-credentials grant", client),
			"Turn on Service account roles in the client's settings, or create an M2M application for the service"
	case FailureUnknownRealm:
		return fmt.Sprintf("the realm %q does not exist at %s", fc.realm, fc.baseURL),
			"Check the realm name; Camunda's realm is camunda-platform unless the installation chose another"
	case FailureWrongURL:
		detail = "nothing serves a token endpoint at " + fc.tokenURL
		if fc.workingBaseURL != "" {
			return detail, fmt.Sprintf("Keycloak serves the realm at %s: use the URL %s", fc.workingBaseURL, fc.workingBaseURL)
		}
		return detail, "Check the base URL: Keycloak 17 and later serve at the root unless configured with a relative path, and Camunda's charts serve under /auth"
	case FailureUnreachable:
		return fmt.Sprintf("no response from %s: %v", hostOf(fc.tokenURL), fc.cause),
			withDevHint("Check the URL and that Keycloak runs, then retry", fc.baseURL)
	}
	return "", ""
}

func hostOf(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return rawURL
	}
	return u.Host
}
