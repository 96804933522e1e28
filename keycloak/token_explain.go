package keycloak

import (
	"context"
	"errors"

	"github.com/idtui/idtui/model"
)

// ExplainTokenFailure refines a failure of ClientCredentialsToken with the
// client's settings, read through the admin API. Keycloak returns the same
// error, or nearly the same, for a wrong secret, a disabled client and an
// unknown client id, and only the client's settings distinguish them. It
// returns err, refined in place. It leaves err as it was when the failure
// does not lie in the client, or when the admin API cannot be asked.
func (c *Client) ExplainTokenFailure(ctx context.Context, err error) error {
	var e *Error
	if !errors.As(err, &e) || !e.Failure.aboutClient() {
		return err
	}

	app, lookupErr := c.GetApplication(ctx, model.AppRef{ClientID: e.ClientID})
	switch {
	case errors.Is(lookupErr, ErrNotFound):
		c.refineTokenError(e, nil)
	case lookupErr == nil:
		c.refineTokenError(e, &app)
	default:
		c.cfg.Logger.Warn("could not read the client to explain a token failure", "client_id", e.ClientID, "error", lookupErr)
	}
	return err
}

// refineTokenError explains e again with the client as the admin API
// returned it, or with nil when no client has e's client id.
func (c *Client) refineTokenError(e *Error, app *model.Application) {
	e.Failure = refineWithClient(e.Failure, app)
	explainTokenFailure(e, c.failureContext(e.ClientID, app, e.Err))
}

// findWorkingBaseURL looks for the realm at the base URLs that
// alternateBaseURLs proposes, after the token endpoint returned 404. It
// returns the base URL where the realm's discovery document is served, or "".
func (c *Client) findWorkingBaseURL(ctx context.Context) string {
	return c.findBaseURL(ctx, c.cfg.Realm)
}

// explainLookupError names an unknown realm or client id when the admin API
// could not find the application to fetch a token for.
func (c *Client) explainLookupError(err error) error {
	var e *Error
	if !errors.As(err, &e) || e.Kind != ErrNotFound {
		return err
	}
	e.Failure = FailureUnknownClient
	if isRealmNotFound(e.Err) {
		e.Failure = FailureUnknownRealm
	}
	explainTokenFailure(e, c.failureContext(e.ClientID, nil, e.Err))
	return err
}

func (c *Client) failureContext(clientID string, app *model.Application, cause error) failureContext {
	return failureContext{clientID: clientID, realm: c.cfg.Realm, baseURL: c.baseURL, tokenURL: c.TokenURL(), app: app, cause: cause}
}
