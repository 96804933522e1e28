package keycloak

import (
	"context"
	"fmt"

	"golang.org/x/oauth2"

	"github.com/idtui/idtui/model"
)

// CheckLoopbackRedirect sends an authorization request as clientID of the
// application realm, with the loopback redirect URI on port, and returns
// Keycloak's rejection or nil.
func (c *Client) CheckLoopbackRedirect(ctx context.Context, clientID string, port int) error {
	o := oauthClient{http: c.http, issuer: c.Issuer(), clientID: clientID}
	cfg := o.config(fmt.Sprintf("http://127.0.0.1:%d%s", port, model.LoopbackRedirectPath))
	return checkAuthorizationRequest(ctx, o, cfg.AuthCodeURL("state", oauth2.S256ChallengeOption(oauth2.GenerateVerifier())))
}

// CreateClientUnchecked creates the client of n without validating n, so
// that a test can make Keycloak itself fail on a request.
func (c *Client) CreateClientUnchecked(ctx context.Context, n model.NewApplication) error {
	rep := newClientRepresentation(n)
	return c.call(ctx, "create application", n.ClientID, func(ctx context.Context, token string) error {
		_, err := c.gc.CreateClient(ctx, token, c.cfg.Realm, rep)
		return err
	})
}
