package keycloak

import (
	"context"

	"github.com/Nerzal/gocloak/v13"

	"github.com/idtui/idtui/model"
)

// Secret reads the client's current secret.
func (c *Client) Secret(ctx context.Context, ref model.AppRef) (model.Secret, error) {
	ref, err := c.resolve(ctx, ref)
	if err != nil {
		return "", err
	}

	var cred *gocloak.CredentialRepresentation
	err = c.call(ctx, "read the secret of", ref.ClientID, func(ctx context.Context, token string) (err error) {
		cred, err = c.gc.GetClientSecret(ctx, token, c.cfg.Realm, ref.ID)
		return err
	})
	if err != nil {
		return "", err
	}
	return model.Secret(deref(cred.Value)), nil
}

// RotateSecret generates a new secret for the client and returns it. The old
// secret stops working at once.
func (c *Client) RotateSecret(ctx context.Context, ref model.AppRef) (model.Secret, error) {
	ref, err := c.resolve(ctx, ref)
	if err != nil {
		return "", err
	}

	var cred *gocloak.CredentialRepresentation
	err = c.call(ctx, "rotate the secret of", ref.ClientID, func(ctx context.Context, token string) (err error) {
		cred, err = c.gc.RegenerateClientSecret(ctx, token, c.cfg.Realm, ref.ID)
		return err
	})
	if err != nil {
		return "", err
	}
	c.cfg.Logger.Info("client secret rotated", "client_id", ref.ClientID, "realm", c.cfg.Realm)
	return model.Secret(deref(cred.Value)), nil
}
