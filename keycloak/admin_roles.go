package keycloak

import (
	"errors"
	"fmt"
)

// The realm-management roles that idtui's admin operations need. A manage
// role implies its view role: Keycloak lets an admin who may manage clients
// or users view them too.
const (
	RoleViewClients   = "view-clients"
	RoleManageClients = "manage-clients"
	RoleViewUsers     = "view-users"
	RoleManageUsers   = "manage-users"
)

// requiredRoles maps each admin operation, by the op of its errors, to the
// realm-management role it needs in Keycloak 26.7. The integration test
// TestRolesOfEachOperation checks each one against Keycloak. A service
// account's permissions are role mappings of its user, so reading them
// needs view-users and changing them manage-users, while the service
// account user itself and the client secret need view-clients only.
var requiredRoles = map[string]string{
	"list applications":           RoleViewClients,
	"get application":             RoleViewClients,
	"read the service account of": RoleViewClients,
	"read the secret of":          RoleViewClients,
	"read the roles of":           RoleViewClients,
	"read the permissions of":     RoleViewUsers,
	"create application":          RoleManageClients,
	"update application":          RoleManageClients,
	"delete application":          RoleManageClients,
	"rotate the secret of":        RoleManageClients,
	"change the redirect URIs of": RoleManageClients,
	opGrantPermission:             RoleManageUsers,
	opRevokePermission:            RoleManageUsers,
}

// managementClient names the client whose roles are the realm-management
// roles of the application realm, as the admin sees them: realm-management
// in the realm itself, or "<realm>-realm" in the admin realm.
func (c *Client) managementClient() string {
	if c.cfg.AdminRealm == c.cfg.Realm {
		return fmt.Sprintf("realm-management in the realm %q", c.cfg.Realm)
	}
	return fmt.Sprintf("%s-realm in the realm %q", c.cfg.Realm, c.cfg.AdminRealm)
}

// explainForbidden names the role that op needs and where to grant it. For
// a service-account admin it adds the usual cause of a 403: the client does
// not allow the full scope, so the realm-management roles it holds never
// reach its token.
func (c *Client) explainForbidden(op string, err error) error {
	var e *Error
	if !errors.As(err, &e) || e.Kind != ErrForbidden {
		return err
	}
	if role, ok := requiredRoles[op]; ok {
		e.Hint = fmt.Sprintf("This needs the realm-management role %s, which %s lacks. Grant %s the role %s of the client %s", role, c.Identity(), c.Identity(), role, c.managementClient())
	}
	if _, ok := c.cfg.Credentials.(ClientSecret); ok {
		e.Hint += fmt.Sprintf(". A service account's token carries those roles only if the client %q has Full Scope Allowed on, or a scope mapping for them", c.cfg.Credentials.Identity())
	}
	return err
}
