package keycloak

import (
	"context"
	"errors"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/idtui/idtui/model"
)

// ClientCredentialsToken fetches a token for an application with the
// client-credentials grant, as a Camunda service does: client_id and
// client_secret in the form body. A rejection is an *Error whose OAuthCode
// and Detail carry Keycloak's error and error_description. Its Failure
// names the cause when the response alone identifies it, and
// ExplainTokenFailure adds the client's settings from the admin API.
func (c *Client) ClientCredentialsToken(ctx context.Context, clientID string, secret model.Secret) (model.TokenResponse, error) {
	ctx, cancel := c.withDeadline(ctx)
	defer cancel()

	cfg := clientcredentials.Config{
		ClientID:     clientID,
		ClientSecret: secret.Reveal(),
		TokenURL:     c.TokenURL(),
		AuthStyle:    oauth2.AuthStyleInParams,
	}
	tok, err := cfg.Token(context.WithValue(ctx, oauth2.HTTPClient, c.http))
	if err != nil {
		return model.TokenResponse{}, c.tokenError(ctx, clientID, err)
	}
	return tokenResponse(tok, time.Now()), nil
}

// tokenResponse converts an oauth2 token. The package turns expires_in into
// an expiry time, so the lifetime is read back from the raw field.
func tokenResponse(tok *oauth2.Token, received time.Time) model.TokenResponse {
	resp := model.TokenResponse{
		AccessToken:  model.Secret(tok.AccessToken),
		TokenType:    tok.TokenType,
		RefreshToken: model.Secret(tok.RefreshToken),
		ReceivedAt:   received,
	}
	if seconds, ok := tok.Extra("expires_in").(float64); ok {
		resp.ExpiresIn = time.Duration(seconds) * time.Second
	} else if !tok.Expiry.IsZero() {
		resp.ExpiresIn = tok.Expiry.Sub(received).Round(time.Second)
	}
	if scope, ok := tok.Extra("scope").(string); ok {
		resp.Scope = scope
	}
	if id, ok := tok.Extra("id_token").(string); ok {
		resp.IDToken = model.Secret(id)
	}
	return resp
}

// tokenError turns a failed token request into an *Error with the cause
// and its fix, from the reply alone.
func (c *Client) tokenError(ctx context.Context, clientID string, err error) error {
	op := "fetch a token for"
	fc := c.failureContext(clientID, nil, err)

	var re *oauth2.RetrieveError
	if !errors.As(err, &re) || re.Response == nil {
		wrapped := wrapError(ctx, op, clientID, err)
		var e *Error
		if errors.As(wrapped, &e) && ctx.Err() == nil && e.Kind == ErrUnavailable {
			e.Failure = FailureUnreachable
			explainTokenFailure(e, fc)
		}
		return wrapped
	}

	e := &Error{
		Kind:      kindOfStatus(re.Response.StatusCode),
		Op:        op,
		ClientID:  clientID,
		Status:    re.Response.StatusCode,
		OAuthCode: re.ErrorCode,
		Detail:    re.ErrorDescription,
		Err:       err,
	}
	if e.Detail == "" {
		e.Detail = re.ErrorCode
	}
	if e.Detail == "" {
		e.Detail = "the token endpoint answered " + re.Response.Status
	}
	e.Hint = defaultHint(e.Kind)

	e.Failure = classifyTokenReply(e.Status, re.ErrorCode, re.ErrorDescription)
	if e.Failure == FailureWrongURL {
		fc.workingBaseURL = c.findWorkingBaseURL(ctx)
	}
	explainTokenFailure(e, fc)
	return e
}
