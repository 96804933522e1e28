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
	var err error
	rights.ViewClients, rights.ManageClients, err = c.clientRights(ctx)
	if err != nil {
		return rights, err
	}
	rights.ViewUsers, rights.ManageUsers, err = c.userRights(ctx)
	return rights, err
}

// clientRights reads the access map of one client of the realm. Keycloak
// returns 403 for the list when the admin may neither view nor query
// clients. With query-clients alone it returns an empty list, because it
// leaves out the clients the admin may not view, and every realm has
// Keycloak's own clients.
func (c *Client) clientRights(ctx context.Context) (view, manage model.RightState, err error) {
	var clients []*gocloak.Client
	err = c.call(ctx, "read the admin's rights on clients", "", func(ctx context.Context, token string) (err error) {
		clients, err = c.gc.GetClients(ctx, token, c.cfg.Realm, gocloak.GetClientsParams{First: gocloak.IntP(0), Max: gocloak.IntP(1)})
		return err
	})
	switch {
	case errors.Is(err, ErrForbidden):
		return model.RightMissing, model.RightMissing, nil
	case err != nil:
		return model.RightUnknown, model.RightUnknown, err
	case len(clients) == 0:
		return model.RightMissing, model.RightMissing, nil
	case clients[0].Access == nil:
		return model.RightHeld, model.RightUnknown, nil
	}
	access := *clients[0].Access
	return rightOf(access["view"]), rightOf(access["manage"]), nil
}

// userRights reads the access map of one user of the realm, and that
// user's role mappings. Keycloak 26 puts only "manage" in the access map of
// a listed user, so reading the role mappings, as apps get does for a
// service account, shows whether the admin may view users. Keycloak returns
// 403 for a user search when the admin may neither view, query nor manage
// users. Without a user to read, the rights stay unknown.
func (c *Client) userRights(ctx context.Context) (view, manage model.RightState, err error) {
	var users []*gocloak.User
	err = c.call(ctx, "read the admin's rights on users", "", func(ctx context.Context, token string) (err error) {
		users, err = c.gc.GetUsers(ctx, token, c.cfg.Realm, gocloak.GetUsersParams{Max: gocloak.IntP(1), BriefRepresentation: gocloak.BoolP(false)})
		return err
	})
	switch {
	case errors.Is(err, ErrForbidden):
		return model.RightMissing, model.RightMissing, nil
	case err != nil:
		return model.RightUnknown, model.RightUnknown, err
	case len(users) == 0 || users[0].ID == nil:
		return model.RightUnknown, model.RightUnknown, nil
	}

	manage = model.RightUnknown
	if users[0].Access != nil {
		manage = rightOf((*users[0].Access)["manage"])
	}
	err = c.call(ctx, "read the admin's rights on users", "", func(ctx context.Context, token string) error {
		_, err := c.gc.GetRoleMappingByUserID(ctx, token, c.cfg.Realm, *users[0].ID)
		return err
	})
	switch {
	case errors.Is(err, ErrForbidden):
		return model.RightMissing, manage, nil
	case err != nil:
		return model.RightUnknown, manage, err
	}
	return model.RightHeld, manage, nil
}

func rightOf(v any) model.RightState {
	if held, ok := v.(bool); ok && held {
		return model.RightHeld
	}
	return model.RightMissing
}
