package keycloak

import (
	"context"
	"errors"

	"github.com/Nerzal/gocloak/v13"

	"github.com/idtui/idtui/model"
)

// AdminRights returns which of the rights idtui uses the admin holds in the
// application realm. Keycloak's tokens for admin-cli carry no roles, so it
// reads the "access" map that the admin API adds to client and user
// representations: Keycloak fills it with what the caller may do, after
// composite roles and fine-grained permissions. It only reads.
func (c *Client) AdminRights(ctx context.Context) (model.AdminRights, error) {
	var rights model.AdminRights

	var clients []*gocloak.Client
	err := c.call(ctx, "read the admin's rights on clients", "", func(ctx context.Context, token string) (err error) {
		clients, err = c.gc.GetClients(ctx, token, c.cfg.Realm, gocloak.GetClientsParams{First: gocloak.IntP(0), Max: gocloak.IntP(1)})
		return err
	})
	switch {
	case errors.Is(err, ErrForbidden):
		rights.ViewClients, rights.ManageClients = model.RightMissing, model.RightMissing
	case err != nil:
		return rights, err
	default:
		rights.ViewClients = model.RightHeld
		rights.ManageClients = model.RightUnknown
		if len(clients) > 0 && clients[0].Access != nil {
			rights.ManageClients = rightOf((*clients[0].Access)["manage"])
		}
	}

	rights.ManageUsers, err = c.manageUsersRight(ctx)
	return rights, err
}

// manageUsersRight reads the access map of one user of the realm. Keycloak
// returns 403 for a user search when the admin may neither view nor manage
// users.
func (c *Client) manageUsersRight(ctx context.Context) (model.RightState, error) {
	var users []*gocloak.User
	err := c.call(ctx, "read the admin's rights on users", "", func(ctx context.Context, token string) (err error) {
		users, err = c.gc.GetUsers(ctx, token, c.cfg.Realm, gocloak.GetUsersParams{Max: gocloak.IntP(1), BriefRepresentation: gocloak.BoolP(false)})
		return err
	})
	switch {
	case errors.Is(err, ErrForbidden):
		return model.RightMissing, nil
	case err != nil:
		return model.RightUnknown, err
	case len(users) == 0 || users[0].Access == nil:
		return model.RightUnknown, nil
	}
	manage, ok := (*users[0].Access)["manage"]
	if !ok {
		return model.RightUnknown, nil
	}
	return rightOf(manage), nil
}

func rightOf(v any) model.RightState {
	if held, ok := v.(bool); ok && held {
		return model.RightHeld
	}
	return model.RightMissing
}
