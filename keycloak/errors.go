package keycloak

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"

	"github.com/Nerzal/gocloak/v13"
)

// The kinds of failure. Every error this package returns wraps one of them,
// so callers branch with errors.Is(err, keycloak.ErrNotFound).
var (
	ErrNotFound     = errors.New("not found")
	ErrConflict     = errors.New("conflict")
	ErrForbidden    = errors.New("forbidden")
	ErrUnauthorized = errors.New("unauthorized")
	ErrUnavailable  = errors.New("unavailable")
	// ErrServer means that Keycloak received the request and failed on
	// it, with HTTP 500 or another 5xx status than those of a proxy in
	// front of an unavailable Keycloak. Keycloak's server log has the cause.
	ErrServer  = errors.New("server error")
	ErrInvalid = errors.New("invalid")
	// ErrSignInRequired means that the operator's session ended, or never
	// began, and only the operator can start a new one on Keycloak's login
	// page. Callers ask the operator and then call Client.SignInAgain.
	ErrSignInRequired = errors.New("sign-in required")
)

// Error is a failed call: what was tried, on which client, what Keycloak
// returned, and what to do about it.
type Error struct {
	Kind     error  // one of the Err* kinds
	Op       string // the failed operation, such as "create application"
	ClientID string // the client id involved, if any
	Status   int    // HTTP status, 0 when no response arrived
	Detail   string // Keycloak's own message, or the transport error
	// OAuthCode is the "error" field of an OAuth 2.0 error response, such
	// as "unauthorized_client", for failures at the token endpoint.
	OAuthCode string
	// Failure names the cause of a failed token request, such as
	// FailureWrongSecret, and is empty for other calls.
	Failure TokenFailure
	Hint    string // the next step for the operator
	Err     error  // the underlying error
}

func (e *Error) Error() string {
	msg := e.Summary()
	if e.Hint == "" {
		return msg
	}
	// Keycloak's own messages often end with a full stop, as in "Realm not
	// found.", which needs no second one before the hint.
	if strings.HasSuffix(msg, ".") {
		return msg + " " + e.Hint
	}
	return msg + ". " + e.Hint
}

// Summary returns what failed and why, without the hint. The HTTP status
// follows the kind when it is the status of that kind. Otherwise, as for a
// wrong password, which Keycloak rejects with 400, it follows the detail,
// unless the detail names it already.
func (e *Error) Summary() string {
	var b strings.Builder
	b.WriteString(e.Op)
	if e.ClientID != "" {
		fmt.Fprintf(&b, " %q", e.ClientID)
	}
	b.WriteString(" failed: ")
	b.WriteString(e.Kind.Error())

	status := ""
	if e.Status != 0 {
		status = fmt.Sprintf("HTTP %d", e.Status)
	}
	if status != "" && kindOfStatus(e.Status) == e.Kind {
		b.WriteString(" (" + status + ")")
		status = ""
	}
	if e.Detail != "" {
		b.WriteString(": ")
		b.WriteString(e.Detail)
	}
	if status != "" && !strings.Contains(e.Detail, status) {
		b.WriteString(" (" + status + ")")
	}
	return b.String()
}

func (e *Error) Is(target error) bool { return target == e.Kind }

func (e *Error) Unwrap() error { return e.Err }

// statusPrefix matches the status lines, such as "404 Not Found: " or
// "HTTP 403 Forbidden", that gocloak puts before Keycloak's message. A 403
// comes as "403 Forbidden: HTTP 403 Forbidden", with no message at all.
var statusPrefix = regexp.MustCompile(`^((HTTP\S* )?\d{3} [^:]*(: )?)+`)

// wrapError turns an error of gocloak, resty or the context into an *Error
// of the matching kind, with a default hint for that kind.
func wrapError(ctx context.Context, op, clientID string, err error) error {
	if err == nil {
		return nil
	}
	var already *Error
	if errors.As(err, &already) {
		return err
	}

	e := &Error{Op: op, ClientID: clientID, Err: err, Detail: err.Error()}
	var apiErr *gocloak.APIError
	switch {
	case ctx.Err() != nil:
		e.Kind = ErrUnavailable
		e.Detail = timeoutDetail(ctx)
		if errors.Is(ctx.Err(), context.Canceled) {
			e.Detail = "canceled"
		}
	case errors.As(err, &apiErr):
		e.Status = apiErr.Code
		e.Kind = kindOfStatus(apiErr.Code)
		e.Detail = strings.TrimSpace(statusPrefix.ReplaceAllString(apiErr.Message, ""))
	default:
		e.Kind = ErrUnavailable
	}
	e.Hint = defaultHint(e.Kind)

	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		e.Hint = timeoutHint
	}
	if ctx.Err() == nil && e.Kind == ErrUnavailable && e.Status == 0 {
		// No response arrived: the transport error gives the cause.
		info, _ := callInfoOf(ctx)
		if detail, hint, ok := explainTransport(err, info); ok {
			e.Detail = detail + " (" + afterLast(err.Error(), ": ") + ")"
			e.Hint = hint
		}
		if info.baseURL != "" && !isProtocolMismatch(err) {
			e.Hint = withDevHint(e.Hint, info.baseURL)
		}
	}
	return e
}

func kindOfStatus(status int) error {
	switch {
	case status == 0, status == http.StatusBadGateway, status == http.StatusServiceUnavailable, status == http.StatusGatewayTimeout:
		// A proxy in front of Keycloak returns 502 or 504 when Keycloak
		// does not respond, and Keycloak returns 503 while it starts or stops.
		return ErrUnavailable
	case status >= 500:
		return ErrServer
	case status == 401:
		return ErrUnauthorized
	case status == 403:
		return ErrForbidden
	case status == 404:
		return ErrNotFound
	case status == 409:
		return ErrConflict
	}
	return ErrInvalid
}

func defaultHint(kind error) string {
	switch kind {
	case ErrNotFound:
		return "Check the client id; another admin may have deleted it, so refresh the list"
	case ErrConflict:
		return "Choose another client id"
	case ErrForbidden:
		return "The admin lacks a realm-management role for this, such as view-clients or manage-clients; grant it in Keycloak"
	case ErrUnauthorized:
		return "Check the admin credentials and the admin realm"
	case ErrUnavailable:
		return "Check that Keycloak runs and that the URL is right, then retry"
	case ErrServer:
		return "Keycloak failed on the request; its server log says why"
	}
	return ""
}

// statusOf returns the HTTP status of a gocloak error, or 0.
func statusOf(err error) int {
	var apiErr *gocloak.APIError
	if errors.As(err, &apiErr) {
		return apiErr.Code
	}
	return 0
}
