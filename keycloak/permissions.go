package keycloak

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/Nerzal/gocloak/v13"

	"github.com/idtui/idtui/model"
)

// Permissions returns the API roles mapped to the application's service
// account, sorted by API and role. Roles of Keycloak's built-in clients,
// such as realm-management, are left out. An application without a service
// account has none.
func (c *Client) Permissions(ctx context.Context, ref model.AppRef) ([]model.Permission, error) {
	_, perms, err := c.ServiceAccount(ctx, ref)
	return perms, err
}

// ServiceAccount returns the username of the application's service account
// user and its permissions, as Permissions returns them, in two requests.
// A details view that shows both calls this instead of ServiceAccountUser
// and Permissions, which would read the service account user twice. It
// returns "" and no permissions when the service account is off. When only
// the permissions cannot be read, as for an admin without view-users, it
// returns the username with the error.
func (c *Client) ServiceAccount(ctx context.Context, ref model.AppRef) (username string, perms []model.Permission, err error) {
	user, err := c.serviceAccountUser(ctx, ref)
	if err != nil || user.ID == nil {
		return "", nil, err
	}

	var mappings *gocloak.MappingsRepresentation
	err = c.call(ctx, "read the permissions of", ref.ClientID, func(ctx context.Context, token string) (err error) {
		mappings, err = c.gc.GetRoleMappingByUserID(ctx, token, c.cfg.Realm, *user.ID)
		return err
	})
	if err != nil {
		return deref(user.Username), nil, err
	}
	return deref(user.Username), permissionsOf(mappings), nil
}

func permissionsOf(mappings *gocloak.MappingsRepresentation) []model.Permission {
	perms := []model.Permission{}
	if mappings == nil {
		return perms
	}
	for api, m := range mappings.ClientMappings {
		if model.BuiltInClientIDs[api] || m == nil || m.Mappings == nil {
			continue
		}
		for _, role := range *m.Mappings {
			perms = append(perms, model.Permission{API: api, Role: deref(role.Name)})
		}
	}
	slices.SortFunc(perms, func(a, b model.Permission) int {
		if a.API != b.API {
			return cmp.Compare(a.API, b.API)
		}
		return cmp.Compare(a.Role, b.Role)
	})
	return perms
}

// ServiceAccountUser returns the username of the application's service
// account user, or "" when the service account is off.
func (c *Client) ServiceAccountUser(ctx context.Context, ref model.AppRef) (string, error) {
	user, err := c.serviceAccountUser(ctx, ref)
	return deref(user.Username), err
}

// serviceAccount returns the user id of the application's service account,
// or "" when the service account is off.
func (c *Client) serviceAccount(ctx context.Context, ref model.AppRef) (string, error) {
	user, err := c.serviceAccountUser(ctx, ref)
	return deref(user.ID), err
}

// serviceAccountUser returns an empty user when the service account is off.
func (c *Client) serviceAccountUser(ctx context.Context, ref model.AppRef) (gocloak.User, error) {
	ref, err := c.resolve(ctx, ref)
	if err != nil {
		return gocloak.User{}, err
	}
	var user *gocloak.User
	err = c.call(ctx, "read the service account of", ref.ClientID, func(ctx context.Context, token string) (err error) {
		user, err = c.gc.GetClientServiceAccount(ctx, token, c.cfg.Realm, ref.ID)
		return err
	})
	if isServiceAccountOff(err) {
		return gocloak.User{}, nil
	}
	if err != nil {
		return gocloak.User{}, err
	}
	return *user, nil
}

// isServiceAccountOff reports whether Keycloak rejected a service-account
// lookup because the client has none: it answers 400 for that.
func isServiceAccountOff(err error) bool {
	return statusOf(err) == 400
}

// The ops of permission changes, in errors.
const (
	opGrantPermission  = "grant a permission to"
	opRevokePermission = "remove a permission from"
)

// GrantPermission maps the API client's role to the application's service account.
func (c *Client) GrantPermission(ctx context.Context, ref model.AppRef, p model.Permission) error {
	return c.changePermission(ctx, ref, p, opGrantPermission, c.gc.AddClientRolesToUser)
}

// RevokePermission removes the API client's role from the application's service account.
func (c *Client) RevokePermission(ctx context.Context, ref model.AppRef, p model.Permission) error {
	return c.changePermission(ctx, ref, p, opRevokePermission, c.gc.DeleteClientRolesFromUser)
}

type roleMappingChange func(ctx context.Context, token, realm, idOfClient, userID string, roles []gocloak.Role) error

func (c *Client) changePermission(ctx context.Context, ref model.AppRef, p model.Permission, op string, change roleMappingChange) error {
	if model.BuiltInClientIDs[p.API] {
		// Roles of realm-management and of Keycloak's other built-in clients
		// are admin rights, not API permissions, and granting them here
		// would be a surprise.
		return &Error{Kind: ErrInvalid, Op: op, ClientID: ref.ClientID, Detail: fmt.Sprintf("%q is a client that Keycloak creates in every realm, not an API", p.API), Hint: "Choose an API client, such as operate-api"}
	}
	ref, err := c.resolve(ctx, ref)
	if err != nil {
		return err
	}
	user, err := c.serviceAccount(ctx, ref)
	if err != nil {
		return err
	}
	if user == "" {
		return &Error{Kind: ErrInvalid, Op: op, ClientID: ref.ClientID, Detail: "the application has no service account", Hint: "Permissions apply to M2M applications; enable the service account first"}
	}
	api, err := c.findByClientID(ctx, p.API)
	if errors.Is(err, ErrNotFound) {
		return &Error{Kind: ErrNotFound, Op: op, ClientID: ref.ClientID, Detail: fmt.Sprintf("the API client %q does not exist in the realm %q", p.API, c.cfg.Realm), Hint: "Check the API's client id", Err: err}
	}
	if err != nil {
		return err
	}

	var role *gocloak.Role
	err = c.call(ctx, op, ref.ClientID, func(ctx context.Context, token string) (err error) {
		role, err = c.gc.GetClientRole(ctx, token, c.cfg.Realm, api.ID, p.Role)
		return err
	})
	if err != nil {
		return explainMissingRole(err, p)
	}

	// Keycloak matches a mapped role by id and checks its name, so the
	// request carries both.
	mapped := gocloak.Role{ID: role.ID, Name: role.Name}
	err = c.call(ctx, op, ref.ClientID, func(ctx context.Context, token string) error {
		return change(ctx, token, c.cfg.Realm, api.ID, user, []gocloak.Role{mapped})
	})
	if err == nil {
		event := "permission granted"
		if op == opRevokePermission {
			event = "permission removed"
		}
		c.cfg.Logger.Info(event, "client_id", ref.ClientID, "realm", c.cfg.Realm, "api", p.API, "role", p.Role)
	}
	return err
}

func explainMissingRole(err error, p model.Permission) error {
	var e *Error
	if errors.As(err, &e) && e.Kind == ErrNotFound {
		e.Detail = fmt.Sprintf("the API client %q has no role %q", p.API, p.Role)
		e.Hint = "Use one of the API's roles, such as read:* or write:*"
	}
	return err
}
