package keycloak_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/keycloak/kctest"
	"github.com/idtui/idtui/model"
)

func TestAdminRights(t *testing.T) {
	admin := kctest.NewAdmin(t)
	viewer, _ := admin.CreateUser(t, kctest.Realm, "rights-viewer", "viewer-pass", "view-clients")
	reader, _ := admin.CreateUser(t, kctest.Realm, "rights-reader", "reader-pass", "view-clients", "view-users")
	querier, _ := admin.CreateUser(t, kctest.Realm, "rights-querier", "querier-pass", "query-clients")
	manager, _ := admin.CreateUser(t, kctest.Realm, "rights-manager", "manager-pass", "manage-clients", "manage-users")
	held, missing := model.RightHeld, model.RightMissing

	tests := []struct {
		name  string
		creds keycloak.Credentials
		realm string
		want  model.AdminRights
	}{
		{"master admin", keycloak.Password{Username: kctest.AdminUsername(), Password: kctest.AdminPassword()}, "master",
			model.AdminRights{ViewClients: held, ManageClients: held, ViewUsers: held, ManageUsers: held}},
		{"viewer", keycloak.Password{Username: viewer, Password: "viewer-pass"}, kctest.Realm,
			model.AdminRights{ViewClients: held, ManageClients: missing, ViewUsers: missing, ManageUsers: missing}},
		{"reader", keycloak.Password{Username: reader, Password: "reader-pass"}, kctest.Realm,
			model.AdminRights{ViewClients: held, ManageClients: missing, ViewUsers: held, ManageUsers: missing}},
		// query-clients lists clients, but Keycloak leaves out every client
		// that the admin may not view, so the list is empty.
		{"querier", keycloak.Password{Username: querier, Password: "querier-pass"}, kctest.Realm,
			model.AdminRights{ViewClients: missing, ManageClients: missing, ViewUsers: missing, ManageUsers: missing}},
		{"manager", keycloak.Password{Username: manager, Password: "manager-pass"}, kctest.Realm,
			model.AdminRights{ViewClients: held, ManageClients: held, ViewUsers: held, ManageUsers: held}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := kctest.Config(t)
			cfg.AdminRealm, cfg.Credentials = tt.realm, tt.creds
			c, err := keycloak.New(cfg)
			if err != nil {
				t.Fatal(err)
			}

			got, err := c.AdminRights(kctest.Context(t))

			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("rights = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestServerVersion(t *testing.T) {
	c := kctest.Client(t)

	v, err := c.ServerVersion(kctest.Context(t))

	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(v, "26.") {
		t.Errorf("version = %q, want the 26.x of scripts/keycloak", v)
	}
}

func TestProbe(t *testing.T) {
	kctest.Require(t)
	withoutAuth := strings.TrimSuffix(kctest.URL(), "/auth")

	tests := []struct {
		name                   string
		url, realm             string
		reachable, realmExists bool
		alternate              string
	}{
		{name: "right URL", url: kctest.URL(), realm: kctest.Realm, reachable: true, realmExists: true},
		{name: "unknown realm", url: kctest.URL(), realm: "no-such-realm", reachable: true},
		{name: "URL without /auth", url: withoutAuth, realm: kctest.Realm, alternate: kctest.URL()},
		{name: "URL with another path", url: withoutAuth + "/foo", realm: kctest.Realm, alternate: kctest.URL()},
		{name: "nothing listening", url: "http://127.0.0.1:1/auth", realm: kctest.Realm},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := kctest.Config(t)
			cfg.URL, cfg.Realm = tt.url, tt.realm

			r := keycloak.Probe(kctest.Context(t), cfg)

			if r.Reachable != tt.reachable || r.RealmExists != tt.realmExists || r.Alternate != tt.alternate {
				t.Errorf("probe = reachable %v, realm exists %v, alternate %q; want %v, %v, %q (err %v)",
					r.Reachable, r.RealmExists, r.Alternate, tt.reachable, tt.realmExists, tt.alternate, r.Err)
			}
			if !tt.reachable && r.Err == nil {
				t.Error("an unreachable URL has no error")
			}
			if tt.reachable && !r.AdminRealmExists {
				t.Error("the admin realm master does not exist")
			}
		})
	}
}

func TestUnknownRealmNamesRealm(t *testing.T) {
	cfg := kctest.Config(t)
	cfg.Realm = "no-such-realm"
	c, err := keycloak.New(cfg)
	if err != nil {
		t.Fatal(err)
	}

	_, err = c.AllApplications(kctest.Context(t))

	if !errors.Is(err, keycloak.ErrNotFound) {
		t.Fatalf("err = %v, want not found", err)
	}
	for _, part := range []string{`the realm "no-such-realm" does not exist at ` + kctest.URL(), "--realm", "idtui context show"} {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("err = %q, want it to contain %q", err, part)
		}
	}
	if strings.Contains(err.Error(), "client id") || strings.Contains(err.Error(), "..") {
		t.Errorf("err = %q", err)
	}
}
