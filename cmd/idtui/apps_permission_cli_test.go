package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/idtui/idtui/keycloak/kctest"
	"github.com/idtui/idtui/model"
)

func TestAppsGrantAndRevoke(t *testing.T) {
	c := newCLI(t)
	kc := kctest.Client(t)
	ctx := kctest.Context(t)
	app, _ := kctest.CreateApplication(t, kc, model.TypeM2M, "grant")
	read := model.Permission{API: "operate-api", Role: "read:*"}
	holds := func() bool {
		t.Helper()
		perms, err := kc.Permissions(ctx, app.Ref())
		if err != nil {
			t.Fatal(err)
		}
		return slices.Contains(perms, read)
	}

	var change permissionChangeView
	c.expectCode(exitOK, "apps", "grant", app.ClientID, "operate-api", "read:*", "-o", "json").decode(t, &change)
	if change != (permissionChangeView{ClientID: app.ClientID, API: "operate-api", Role: "read:*", Granted: true, Changed: true}) {
		t.Errorf("grant output = %+v", change)
	}
	if !holds() {
		t.Fatal("the application lacks the permission after grant")
	}

	var report tokenReport
	c.expectCode(exitOK, "token", app.ClientID, "-o", "json").decode(t, &report)
	for _, api := range report.APIs {
		if api.Name == "Operate" && !api.Accepted {
			t.Errorf("Operate would reject the token after the grant: %s", api.Summary)
		}
	}

	again := c.expectCode(exitOK, "apps", "grant", app.ClientID, "operate-api", "read:*", "-o", "json")
	again.decode(t, &change)
	if change.Changed || !change.Granted || !strings.Contains(again.stderr, "already holds read:* on operate-api; nothing changed") {
		t.Errorf("second grant: %+v, stderr %q", change, again.stderr)
	}

	r := c.expectCode(exitUsage, "apps", "revoke", app.ClientID, "operate-api", "read:*")
	if !strings.Contains(r.stderr, "pass --yes") || !holds() {
		t.Errorf("revoke without --yes in a script: stderr %q, permission held %v", r.stderr, holds())
	}

	c.expectCode(exitOK, "apps", "revoke", app.ClientID, "operate-api", "read:*", "--yes", "-o", "yaml")
	if holds() {
		t.Error("the application holds the permission after revoke")
	}
	r = c.expectCode(exitOK, "apps", "revoke", app.ClientID, "operate-api", "read:*", "--yes")
	if !strings.Contains(r.stderr, "does not hold read:* on operate-api; nothing changed") {
		t.Errorf("second revoke: stderr %q", r.stderr)
	}
}

func TestAppsRevokeAsksOnTerminal(t *testing.T) {
	c := newCLI(t)
	kc := kctest.Client(t)
	app, _ := kctest.CreateApplication(t, kc, model.TypeM2M, "revoke-ask")
	read := model.Permission{API: "tasklist-api", Role: "read:*"}
	if err := kc.GrantPermission(kctest.Context(t), app.Ref(), read); err != nil {
		t.Fatal(err)
	}

	r, _ := c.runOnTerminal([]exchange{{expect: "its services may lose access to the API. [y/N]", send: "n\n"}}, "apps", "revoke", app.ClientID, "tasklist-api", "read:*")
	if r.code != exitFailure || !strings.Contains(r.stderr, "nothing was changed") {
		t.Errorf("revoke answered no: %s", r)
	}
	if perms, _ := kc.Permissions(kctest.Context(t), app.Ref()); !slices.Contains(perms, read) {
		t.Error("the permission is gone after no")
	}

	r, _ = c.runOnTerminal([]exchange{{expect: "[y/N]", send: "y\n"}}, "apps", "revoke", app.ClientID, "tasklist-api", "read:*")
	if r.code != exitOK {
		t.Errorf("revoke answered yes: %s", r)
	}
	if perms, _ := kc.Permissions(kctest.Context(t), app.Ref()); slices.Contains(perms, read) {
		t.Error("the permission is still there after yes")
	}
}

func TestAppsGrantRejections(t *testing.T) {
	c := newCLI(t)
	kc := kctest.Client(t)
	app, _ := kctest.CreateApplication(t, kc, model.TypeM2M, "grant-bad")

	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"read-only mode", []string{"--readonly", "apps", "grant", app.ClientID, "operate-api", "read:*"}, exitUnauthorized, "read-only mode is on"},
		{"read-only revoke", []string{"--readonly", "apps", "revoke", app.ClientID, "operate-api", "read:*", "--yes"}, exitUnauthorized, "read-only mode is on"},
		{"unknown API", []string{"apps", "grant", app.ClientID, "operate-apj", "read:*"}, exitNotFound, `Did you mean "operate-api"?`},
		{"unknown role", []string{"apps", "grant", app.ClientID, "operate-api", "raed:*"}, exitNotFound, `has no role "raed:*"`},
		{"unknown client id", []string{"apps", "grant", "it-no-such-client", "operate-api", "read:*"}, exitNotFound, `grant a permission to "it-no-such-client" failed: not found`},
		{"missing role", []string{"apps", "grant", app.ClientID, "operate-api"}, exitUsage, "takes CLIENT_ID, API and ROLE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.expectCode(tt.code, tt.args...)

			if !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr = %q, want it to contain %q", r.stderr, tt.want)
			}
		})
	}
	if r := c.expectCode(exitNotFound, "apps", "grant", app.ClientID, "operate-api", "raed:*"); !strings.Contains(r.stderr, `Did you mean "read:*"?`) {
		t.Errorf("stderr = %q, want a suggestion of read:*", r.stderr)
	}
	if perms, err := kc.Permissions(kctest.Context(t), app.Ref()); err != nil || len(perms) != 0 {
		t.Errorf("permissions after the rejected commands = %v, %v; want none", perms, err)
	}
}

func TestAppsGrantCompletion(t *testing.T) {
	c := newCLI(t)
	kc := kctest.Client(t)
	app, _ := kctest.CreateApplication(t, kc, model.TypeM2M, "grant-complete")
	if err := kc.GrantPermission(kctest.Context(t), app.Ref(), model.Permission{API: "zeebe-api", Role: "write:*"}); err != nil {
		t.Fatal(err)
	}

	apis := c.expectCode(exitOK, "__complete", "apps", "grant", app.ClientID, "op")
	if !strings.HasPrefix(apis.stdout, "operate-api\n") || strings.Contains(apis.stdout, "zeebe-api") {
		t.Errorf("API completions of grant:\n%s", apis.stdout)
	}
	roles := c.expectCode(exitOK, "__complete", "apps", "grant", app.ClientID, "operate-api", "")
	if !strings.HasPrefix(roles.stdout, "read:*\nwrite:*\n") {
		t.Errorf("role completions of grant:\n%s", roles.stdout)
	}
	// cobra ends the candidates with a line of its directive, such as ":4".
	held := c.expectCode(exitOK, "__complete", "apps", "revoke", app.ClientID, "")
	if !strings.HasPrefix(held.stdout, "zeebe-api\n:") {
		t.Errorf("API completions of revoke, want only the held one:\n%s", held.stdout)
	}
}
