package keycloak

import (
	"cmp"
	"context"
	"slices"

	"github.com/Nerzal/gocloak/v13"

	"github.com/idtui/idtui/model"
)

// ListAPIs returns the realm's API clients (resource servers) with their
// roles, sorted by client id, for choosing a permission to grant. It costs
// one request per page of clients and one per API.
func (c *Client) ListAPIs(ctx context.Context) ([]model.API, error) {
	all, err := c.AllApplications(ctx)
	if err != nil {
		return nil, err
	}

	var apis []model.API
	for _, app := range all {
		if app.Type != model.TypeAPI {
			continue
		}
		var roles []*gocloak.Role
		err := c.call(ctx, "read the roles of", app.ClientID, func(ctx context.Context, token string) (err error) {
			roles, err = c.gc.GetClientRoles(ctx, token, c.cfg.Realm, app.ID, gocloak.GetRoleParams{})
			return err
		})
		if err != nil {
			return nil, err
		}

		api := model.API{ClientID: app.ClientID, Name: app.Name, Roles: []string{}}
		for _, role := range roles {
			api.Roles = append(api.Roles, deref(role.Name))
		}
		slices.Sort(api.Roles)
		apis = append(apis, api)
	}
	slices.SortFunc(apis, func(a, b model.API) int { return cmp.Compare(a.ClientID, b.ClientID) })
	return apis, nil
}
