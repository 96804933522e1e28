package main

import (
	"errors"
	"strings"
	"testing"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/keycloak/kctest"
	"github.com/idtui/idtui/model"
)

func TestAppsLifecycleJSON(t *testing.T) {
	c := newCLI(t)
	kc := kctest.Client(t)
	ctx := kctest.Context(t)
	id := kctest.UniqueID("cli")
	t.Cleanup(func() { kctest.DeleteApplication(t, kc, model.AppRef{ClientID: id}) })

	var created createdView
	c.expectCode(exitOK, "apps", "create", id, "--name", "CLI test", "-o", "json").decode(t, &created)
	if created.ClientID != id || created.Type != "M2M" || created.Secret == nil || created.TokenURL != kc.TokenURL() {
		t.Fatalf("create output = %+v", created)
	}
	first := model.Secret(*created.Secret)
	if _, err := kc.ClientCredentialsToken(ctx, id, first); err != nil {
		t.Fatalf("token with the printed secret: %v", err)
	}

	var listed []applicationView
	c.expectCode(exitOK, "apps", "list", "-o", "json").decode(t, &listed)
	if !containsClient(listed, id) || containsClient(listed, "realm-management") {
		t.Errorf("list has %d applications; want %s and no built-in client", len(listed), id)
	}
	var all []applicationView
	c.expectCode(exitOK, "apps", "list", "--all", "-o", "json").decode(t, &all)
	if !containsClient(all, "realm-management") || !containsClient(all, "zeebe-api") {
		t.Error("list --all lacks the built-in and API clients")
	}

	got := c.expectCode(exitOK, "apps", "get", id, "-o", "json")
	var details applicationDetailsView
	got.decode(t, &details)
	if details.ServiceAccountUser != "service-account-"+id || details.Permissions == nil || details.SecretCreatedAt == nil {
		t.Errorf("get output = %+v", details)
	}
	if strings.Contains(got.stdout, first.Reveal()) || strings.Contains(got.stdout, `"secret"`) {
		t.Errorf("apps get printed a secret:\n%s", got.stdout)
	}

	var rotated rotatedView
	c.expectCode(exitOK, "apps", "rotate", id, "--yes", "-o", "json").decode(t, &rotated)
	if rotated.ClientID != id || rotated.Secret == "" || rotated.Secret == first.Reveal() {
		t.Fatalf("rotate output = %+v", rotated)
	}
	if _, err := kc.ClientCredentialsToken(ctx, id, model.Secret(rotated.Secret)); err != nil {
		t.Errorf("token with the rotated secret: %v", err)
	}
	if _, err := kc.ClientCredentialsToken(ctx, id, first); !errors.Is(err, keycloak.ErrUnauthorized) {
		t.Errorf("token with the old secret: err = %v, want unauthorized", err)
	}

	var state stateView
	c.expectCode(exitOK, "apps", "disable", id, "--yes", "-o", "json").decode(t, &state)
	if state.Enabled == nil || *state.Enabled {
		t.Errorf("disable output = %+v", state)
	}
	if app, _ := kc.GetApplication(ctx, model.AppRef{ClientID: id}); app.Enabled {
		t.Error("the application is still enabled in Keycloak")
	}
	c.expectCode(exitOK, "apps", "enable", id, "-o", "yaml")
	if app, _ := kc.GetApplication(ctx, model.AppRef{ClientID: id}); !app.Enabled {
		t.Error("the application is still disabled in Keycloak")
	}

	c.expectCode(exitOK, "apps", "delete", id, "--yes", "-o", "json").decode(t, &state)
	if !state.Deleted {
		t.Errorf("delete output = %+v", state)
	}
	if _, err := kc.GetApplication(ctx, model.AppRef{ClientID: id}); !errors.Is(err, keycloak.ErrNotFound) {
		t.Errorf("get after delete: err = %v, want not found", err)
	}
	c.expectCode(exitNotFound, "apps", "get", id)
}

func TestAppsCreateOutputs(t *testing.T) {
	c := newCLI(t)
	kc := kctest.Client(t)

	confidential := kctest.UniqueID("cli-web")
	t.Cleanup(func() { kctest.DeleteApplication(t, kc, model.AppRef{ClientID: confidential}) })
	r := c.expectCode(exitOK, "apps", "create", confidential, "--type", "confidential", "--redirect-uri", "http://localhost:9999/*", "-o", "yaml")
	if !strings.Contains(r.stdout, "type: Confidential") || !strings.Contains(r.stdout, "- http://localhost:9999/*") || !strings.Contains(r.stdout, "secret: ") {
		t.Errorf("YAML output:\n%s", r.stdout)
	}

	public := kctest.UniqueID("cli-spa")
	t.Cleanup(func() { kctest.DeleteApplication(t, kc, model.AppRef{ClientID: public}) })
	var created createdView
	c.expectCode(exitOK, "apps", "create", public, "--type", "public", "--redirect-uri", "http://localhost:9999/*", "-o", "json").decode(t, &created)
	if created.Secret != nil || created.Type != "Public" {
		t.Errorf("public application output = %+v, want a null secret", created)
	}
	c.expectCode(exitUsage, "apps", "rotate", public, "--yes")

	m2m := kctest.UniqueID("cli-env")
	t.Cleanup(func() { kctest.DeleteApplication(t, kc, model.AppRef{ClientID: m2m}) })
	r = c.expectCode(exitOK, "apps", "create", m2m, "-o", "env")
	for _, line := range []string{"ZEEBE_CLIENT_ID=" + m2m, "ZEEBE_CLIENT_SECRET=", "CAMUNDA_OAUTH_URL=" + kc.TokenURL()} {
		if !strings.Contains(r.stdout, line) {
			t.Errorf(".env output lacks %q:\n%s", line, r.stdout)
		}
	}
	if !strings.Contains(r.stderr, "Created the M2M application") || strings.Contains(r.stdout, "Created") {
		t.Errorf("the message belongs on stderr only: %s", r)
	}
	if !strings.Contains(r.stderr, "holds no API permission yet") || !strings.Contains(r.stderr, "idtui apps grant "+m2m+" zeebe-api write:*") {
		t.Errorf("no hint that the new application needs a permission: %s", r)
	}

	c.expectCode(exitFailure, "apps", "create", m2m)
	r = c.expectCode(exitUsage, "apps", "create", "has space")
	if !strings.Contains(r.stderr, "contains a space") {
		t.Errorf("invalid client id message: %s", r)
	}
	c.expectCode(exitUsage, "apps", "create", kctest.UniqueID("cli-bad"), "--type", "confidential")
}

func TestAppsCreateProposesClientIDFromName(t *testing.T) {
	c := newCLI(t)
	kc := kctest.Client(t)
	name := kctest.UniqueID("Billing Service")
	want := model.ProposeClientID(name)
	t.Cleanup(func() { kctest.DeleteApplication(t, kc, model.AppRef{ClientID: want}) })

	var created createdView
	c.expectCode(exitOK, "apps", "create", "--name", name, "-o", "json").decode(t, &created)

	if created.ClientID != want || created.Name != name {
		t.Errorf("created %q named %q, want %q named %q", created.ClientID, created.Name, want, name)
	}
}

func TestAppsNotFoundSuggests(t *testing.T) {
	c := newCLI(t)
	kc := kctest.Client(t)
	app, _ := kctest.CreateApplication(t, kc, model.TypeM2M, "suggest")

	for _, args := range [][]string{
		{"apps", "get", app.ClientID + "x"},
		{"apps", "rotate", app.ClientID + "x", "--yes"},
		{"apps", "delete", app.ClientID + "x", "--yes"},
		{"apps", "disable", app.ClientID + "x", "--yes"},
	} {
		r := c.expectCode(exitNotFound, args...)
		if !strings.Contains(r.stderr, `Did you mean "`+app.ClientID+`"?`) {
			t.Errorf("%v: no suggestion of %s:\n%s", args, app.ClientID, r)
		}
		if r.stdout != "" {
			t.Errorf("%v: stdout = %q, want nothing", args, r.stdout)
		}
	}
	r := c.expectCode(exitNotFound, "apps", "get", "no-client-anywhere-near-"+kctest.UniqueID("x"))
	if strings.Contains(r.stderr, "Did you mean") {
		t.Errorf("suggested something for a client id close to none:\n%s", r)
	}
}

func TestDestructiveCommandsNeedYesInScripts(t *testing.T) {
	c := newCLI(t)
	kc := kctest.Client(t)
	app, secret := kctest.CreateApplication(t, kc, model.TypeM2M, "noyes")

	for _, verb := range []string{"rotate", "disable", "delete"} {
		r := c.expectCode(exitUsage, "apps", verb, app.ClientID)
		if !strings.Contains(r.stderr, "pass --yes") {
			t.Errorf("%s without --yes: %s", verb, r)
		}
	}

	got, err := kc.GetApplication(kctest.Context(t), app.Ref())
	if err != nil || !got.Enabled {
		t.Fatalf("the application changed: %+v, %v", got, err)
	}
	if _, err := kc.ClientCredentialsToken(kctest.Context(t), app.ClientID, secret); err != nil {
		t.Errorf("the secret changed: %v", err)
	}
}

func TestReadOnlyRejectsMutations(t *testing.T) {
	c := newCLI(t)
	kc := kctest.Client(t)
	app, secret := kctest.CreateApplication(t, kc, model.TypeM2M, "readonly")
	c.writeConfig("current-context: prod\ncontexts:\n  - name: prod\n    readonly: true\n")

	for _, args := range [][]string{
		{"apps", "create", kctest.UniqueID("readonly-new")},
		{"apps", "rotate", app.ClientID, "--yes"},
		{"apps", "disable", app.ClientID, "--yes"},
		{"apps", "enable", app.ClientID},
		{"apps", "delete", app.ClientID, "--yes"},
	} {
		r := c.expectCode(exitUnauthorized, args...)
		if !strings.Contains(r.stderr, "read-only mode is on (context prod)") {
			t.Errorf("%v: message = %q", args, r.stderr)
		}
	}
	c.expectCode(exitUnauthorized, "--context", "prod", "apps", "delete", app.ClientID, "--yes")

	if _, err := kc.ClientCredentialsToken(kctest.Context(t), app.ClientID, secret); err != nil {
		t.Errorf("the application changed in read-only mode: %v", err)
	}
	c.expectCode(exitOK, "apps", "list")
	c.expectCode(exitOK, "apps", "get", app.ClientID)

	// Lifting a context's read-only mode works, with a warning each time.
	c.env[envReadOnly] = "false"
	r := c.expectCode(exitOK, "apps", "list")
	if !strings.Contains(r.stderr, "the context prod is read-only, but env IDTUI_READONLY turns read-only mode off") {
		t.Errorf("no warning when the environment lifts read-only mode: %q", r.stderr)
	}
	delete(c.env, envReadOnly)

	help := c.expectCode(exitOK, "apps", "--help")
	for _, verb := range []string{"create", "rotate", "enable", "disable", "delete"} {
		if strings.Contains(help.stdout, "\n  "+verb+" ") {
			t.Errorf("help in read-only mode offers %s:\n%s", verb, help.stdout)
		}
	}
	if !strings.Contains(help.stdout, "\n  list ") {
		t.Errorf("help in read-only mode lacks list:\n%s", help.stdout)
	}

	c.writeConfig("contexts:\n  - name: dev\n")
	c.expectCode(exitUnauthorized, "--readonly", "apps", "disable", app.ClientID, "--yes")
	c.env[envReadOnly] = "true"
	c.expectCode(exitUnauthorized, "apps", "disable", app.ClientID, "--yes")
}

func TestUsageErrorsExitTwo(t *testing.T) {
	c := newOfflineCLI(t)
	for _, args := range [][]string{
		{"apps", "list", "--no-such-flag"},
		{"apps", "get"},
		{"apps", "get", "a", "b"},
		{"apps", "list", "-o", "xml"},
		{"apps", "bogus"},
		{"context", "use"},
		{"version", "extra"},
	} {
		r := c.run(args...)
		if r.code != exitUsage {
			t.Errorf("idtui %v: %s; want exit code 2", args, r)
		}
	}

	r := c.expectCode(exitUsage, "apps", "list", "--password=hunter2")
	if !strings.Contains(r.stderr, "Secrets have no flags") || strings.Contains(r.stderr, "hunter2") {
		t.Errorf("secret flag message: %s", r)
	}
}

func TestListFitsColumns(t *testing.T) {
	c := newCLI(t)
	kc := kctest.Client(t)
	n := model.NewApplication{ClientID: kctest.UniqueID("wide"), Name: strings.Repeat("A long display name ", 5), Type: model.TypeM2M}
	if _, _, err := kc.CreateApplication(kctest.Context(t), n); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { kctest.DeleteApplication(t, kc, model.AppRef{ClientID: n.ClientID}) })
	c.env["COLUMNS"] = "80"

	r := c.expectCode(exitOK, "apps", "list")

	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if !strings.HasPrefix(lines[0], "CLIENT ID") {
		t.Errorf("no header:\n%s", r.stdout)
	}
	found := false
	for _, line := range lines {
		if len([]rune(line)) > 80 {
			t.Errorf("line of %d columns, over 80: %q", len([]rune(line)), line)
		}
		found = found || strings.HasPrefix(line, n.ClientID+" ")
	}
	if !found {
		t.Errorf("the table lacks %s whole:\n%s", n.ClientID, r.stdout)
	}
}

func containsClient(apps []applicationView, clientID string) bool {
	for _, a := range apps {
		if a.ClientID == clientID {
			return true
		}
	}
	return false
}
