package keycloak

import (
	"context"
	"errors"

	"github.com/idtui/idtui/model"
)

// TestToken is a token fetched for an application the way its service
// fetches one, with what is needed to repeat the request elsewhere.
type TestToken struct {
	Application model.Application
	// Secret is the client secret the request used, read through the admin
	// API. It is empty for a public client.
	Secret   model.Secret
	TokenURL string
	// Issuer is the iss that tokens fetched through this URL carry.
	Issuer   string
	Response model.TokenResponse
}

// Curl returns the curl command that repeats the token request.
func (t TestToken) Curl() model.CurlCommand {
	return model.CurlCommand{TokenURL: t.TokenURL, ClientID: t.Application.ClientID, Secret: t.Secret}
}

// Env returns the .env block with which a Camunda client authenticates as
// the application.
func (t TestToken) Env() model.EnvBlock {
	return model.EnvBlock{ClientID: t.Application.ClientID, Secret: t.Secret, TokenURL: t.TokenURL}
}

// Header returns the Authorization header that carries the token.
func (t TestToken) Header() model.BearerHeader {
	return model.BearerHeader{Token: t.Response.AccessToken}
}

// FetchTestToken fetches a client-credentials token for the application
// with its current secret, read through the admin API. It costs three
// requests, or four when ref has no internal id. A failure is an *Error
// whose Failure, Detail and Hint give the cause and the fix, from Keycloak's
// response and the client's settings together. When the token request
// itself fails, the TestToken returned with the error still holds the
// application, the secret and the URL, so that a caller can show the
// request that failed.
func (c *Client) FetchTestToken(ctx context.Context, ref model.AppRef) (TestToken, error) {
	// Logging in first keeps a failed admin login, with its own
	// explanation, apart from a client that cannot be found. The session
	// caches the admin token, so this costs a request only once.
	if err := c.Login(ctx); err != nil {
		return TestToken{}, err
	}
	app, err := c.GetApplication(ctx, ref)
	if err != nil {
		return TestToken{}, c.explainLookupError(err)
	}

	// A public client has no secret to read. The request without one gets
	// Keycloak's own error response, which the explanation builds on.
	var secret model.Secret
	if app.Type != model.TypePublic {
		if secret, err = c.Secret(ctx, app.Ref()); err != nil {
			return TestToken{}, err
		}
	}

	t := TestToken{Application: app, Secret: secret, TokenURL: c.TokenURL(), Issuer: c.Issuer()}
	t.Response, err = c.ClientCredentialsToken(ctx, app.ClientID, secret)
	var e *Error
	if errors.As(err, &e) && e.Failure.aboutClient() {
		c.refineTokenError(e, &app)
	}
	return t, err
}
