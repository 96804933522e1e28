package main

import (
	"strings"
	"testing"

	"github.com/idtui/idtui/keycloak/kctest"
	"github.com/idtui/idtui/model"
)

// viewerCLI returns a cli that logs in as a new user of the application
// realm who holds roles.
func viewerCLI(t *testing.T, roles ...string) *cli {
	t.Helper()
	admin := kctest.NewAdmin(t)
	username, _ := admin.CreateUser(t, kctest.Realm, "viewer", "viewer-pass", roles...)
	c := newCLI(t)
	c.env[envAdminRealm] = kctest.Realm
	c.env[envUsername] = username
	c.env[envPassword] = "viewer-pass"
	return c
}

// With view-clients alone, apps get shows the application and its service
// account, and a warning that its permissions need view-users.
func TestAppsGetWithoutViewUsers(t *testing.T) {
	c := viewerCLI(t, "view-clients")

	table := c.expectCode(exitOK, "apps", "get", "zeebe")

	for _, line := range []string{"Client ID:       zeebe", "Service account: service-account-zeebe", "Permissions:     not shown, because reading them needs the realm-management role view-users"} {
		if !strings.Contains(table.stdout, line) {
			t.Errorf("apps get lacks %q:\n%s", line, table.stdout)
		}
	}
	if !strings.Contains(table.stderr, `warning: the permissions of "zeebe" are not shown`) {
		t.Errorf("stderr = %q", table.stderr)
	}

	var details applicationDetailsView
	c.expectCode(exitOK, "apps", "get", "zeebe", "-o", "json").decode(t, &details)
	if details.ClientID != "zeebe" || details.ServiceAccountUser != "service-account-zeebe" || details.Permissions == nil || !strings.Contains(details.PermissionsError, "view-users") {
		t.Errorf("apps get -o json = %+v", details)
	}
}

func TestAppsGetWithViewUsers(t *testing.T) {
	c := viewerCLI(t, "view-clients", "view-users")

	var details applicationDetailsView
	r := c.expectCode(exitOK, "apps", "get", "zeebe", "-o", "json")
	r.decode(t, &details)

	if len(details.Permissions) != 1 || details.Permissions[0] != (permissionView{API: "zeebe-api", Role: "write:*"}) || details.PermissionsError != "" {
		t.Errorf("apps get -o json = %+v", details)
	}
	if strings.Contains(r.stdout, "permissionsError") || r.stderr != "" {
		t.Errorf("stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	}
}

func TestForbiddenNamesRole(t *testing.T) {
	c := viewerCLI(t, "view-clients")
	app, _ := kctest.CreateApplication(t, kctest.Client(t), model.TypeM2M, "forbidden")

	r := c.expectCode(exitUnauthorized, "apps", "rotate", app.ClientID, "--yes")

	if !strings.Contains(r.stderr, "This needs the realm-management role manage-clients") || !strings.Contains(r.stderr, `the role manage-clients of the client realm-management in the realm "camunda-platform"`) {
		t.Errorf("stderr = %q", r.stderr)
	}
}

func TestDoctorRightsInReadOnlyMode(t *testing.T) {
	c := viewerCLI(t, "view-clients", "view-users")

	var report doctorView
	c.expectCode(exitOK, "--readonly", "doctor", "-o", "json").decode(t, &report)

	for _, check := range report.Checks {
		if check.Name == "rights" && (check.Status != statusOK || !strings.Contains(check.Detail, "lacks manage-clients, manage-users, which read-only mode does not use")) {
			t.Errorf("rights check = %+v", check)
		}
	}

	r := c.run("doctor", "-o", "json")
	r.decode(t, &report)
	for _, check := range report.Checks {
		if check.Name == "rights" && (check.Status != statusFail || !strings.Contains(check.Fix, "manage-users grants and revokes permissions")) {
			t.Errorf("rights check without read-only mode = %+v", check)
		}
	}
}
