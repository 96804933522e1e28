package keycloak_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/keycloak/kctest"
	"github.com/idtui/idtui/model"
)

// roleOperation is one admin operation of idtui and the realm-management
// role that it needs.
type roleOperation struct {
	name string
	role string
	run  func(ctx context.Context, c *keycloak.Client, app model.Application) error
}

var roleOperations = []roleOperation{
	{"list", keycloak.RoleViewClients, func(ctx context.Context, c *keycloak.Client, _ model.Application) error {
		_, err := c.AllApplications(ctx)
		return err
	}},
	{"get", keycloak.RoleViewClients, func(ctx context.Context, c *keycloak.Client, app model.Application) error {
		_, err := c.GetApplication(ctx, model.AppRef{ClientID: app.ClientID})
		return err
	}},
	{"service account user", keycloak.RoleViewClients, func(ctx context.Context, c *keycloak.Client, app model.Application) error {
		_, err := c.ServiceAccountUser(ctx, app.Ref())
		return err
	}},
	{"secret", keycloak.RoleViewClients, func(ctx context.Context, c *keycloak.Client, app model.Application) error {
		_, err := c.Secret(ctx, app.Ref())
		return err
	}},
	{"test token", keycloak.RoleViewClients, func(ctx context.Context, c *keycloak.Client, app model.Application) error {
		_, err := c.FetchTestToken(ctx, app.Ref())
		return err
	}},
	{"APIs", keycloak.RoleViewClients, func(ctx context.Context, c *keycloak.Client, _ model.Application) error {
		_, err := c.ListAPIs(ctx)
		return err
	}},
	{"permissions", keycloak.RoleViewUsers, func(ctx context.Context, c *keycloak.Client, app model.Application) error {
		_, err := c.Permissions(ctx, app.Ref())
		return err
	}},
	{"enable", keycloak.RoleManageClients, func(ctx context.Context, c *keycloak.Client, app model.Application) error {
		return c.SetEnabled(ctx, app.Ref(), true)
	}},
	{"rotate", keycloak.RoleManageClients, func(ctx context.Context, c *keycloak.Client, app model.Application) error {
		_, err := c.RotateSecret(ctx, app.Ref())
		return err
	}},
	{"grant", keycloak.RoleManageUsers, func(ctx context.Context, c *keycloak.Client, app model.Application) error {
		return c.GrantPermission(ctx, app.Ref(), model.Permission{API: "operate-api", Role: "read:*"})
	}},
	{"revoke", keycloak.RoleManageUsers, func(ctx context.Context, c *keycloak.Client, app model.Application) error {
		return c.RevokePermission(ctx, app.Ref(), model.Permission{API: "operate-api", Role: "read:*"})
	}},
	{"create and delete", keycloak.RoleManageClients, func(ctx context.Context, c *keycloak.Client, _ model.Application) error {
		created, _, err := c.CreateApplication(ctx, model.NewApplication{ClientID: kctest.UniqueID("roles-create"), Type: model.TypeM2M})
		if err != nil {
			return err
		}
		return c.DeleteApplication(ctx, created.Ref())
	}},
}

// holds reports whether an admin with roles may do what role allows: a
// manage role implies its view role.
func holds(roles []string, role string) bool {
	switch role {
	case keycloak.RoleViewClients:
		return slices.Contains(roles, role) || slices.Contains(roles, keycloak.RoleManageClients)
	case keycloak.RoleViewUsers:
		return slices.Contains(roles, role) || slices.Contains(roles, keycloak.RoleManageUsers)
	}
	return slices.Contains(roles, role)
}

// Each operation works with the role it needs, and fails with a 403 whose
// hint names that role without it.
func TestRolesOfEachOperation(t *testing.T) {
	admin := kctest.NewAdmin(t)
	kc := kctest.Client(t)
	roleSets := [][]string{
		{keycloak.RoleViewClients},
		{keycloak.RoleViewClients, keycloak.RoleViewUsers},
		{keycloak.RoleViewClients, keycloak.RoleManageClients},
		{keycloak.RoleViewClients, keycloak.RoleManageUsers},
		{keycloak.RoleManageClients, keycloak.RoleManageUsers},
	}
	for _, roles := range roleSets {
		t.Run(strings.Join(roles, ","), func(t *testing.T) {
			username, _ := admin.CreateUser(t, kctest.Realm, "roles", "roles-pass", roles...)
			app, _ := kctest.CreateApplication(t, kc, model.TypeM2M, "roles")
			cfg := kctest.Config(t)
			cfg.AdminRealm = kctest.Realm
			cfg.Credentials = keycloak.Password{Username: username, Password: "roles-pass"}
			c, err := keycloak.New(cfg)
			if err != nil {
				t.Fatal(err)
			}

			for _, op := range roleOperations {
				err := op.run(kctest.Context(t), c, app)
				if holds(roles, op.role) {
					if err != nil {
						t.Errorf("%s with %s: %v", op.name, op.role, err)
					}
					continue
				}
				if !errors.Is(err, keycloak.ErrForbidden) {
					t.Errorf("%s without %s: err = %v, want forbidden", op.name, op.role, err)
					continue
				}
				if !strings.Contains(err.Error(), "needs the realm-management role "+op.role) {
					t.Errorf("%s without %s: the message does not name the role: %v", op.name, op.role, err)
				}
			}
		})
	}
}
