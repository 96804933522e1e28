package main

import (
	"context"
	"log/slog"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/Nerzal/gocloak/v13"

	"github.com/idtui/idtui/keycloak/kctest"
	"github.com/idtui/idtui/model"
)

func TestContextCommands(t *testing.T) {
	c := newOfflineCLI(t)
	c.env["DEV_PASSWORD"] = "dev-secret-value"
	c.writeConfig(`# two Keycloaks
current-context: dev
contexts:
  - name: dev
    url: http://localhost:18080/auth
    auth:
      secret: env
      secret-env: DEV_PASSWORD
  - name: prod
    url: https://keycloak.example.com
    admin-realm: admins
    auth:
      method: client-secret
      client-id: idtui-admin
      secret: keyring
    readonly: true
    accent: "#ff0000"
`)

	var contexts []contextView
	c.expectCode(exitOK, "context", "list", "-o", "json").decode(t, &contexts)
	if len(contexts) != 2 || !contexts[0].Current || contexts[1].Current || contexts[1].Auth.ClientID != "idtui-admin" || !contexts[1].ReadOnly {
		t.Errorf("context list = %+v", contexts)
	}
	table := c.expectCode(exitOK, "context", "list")
	if !strings.Contains(table.stdout, "*        dev") || !strings.Contains(table.stdout, "idtui-admin (service account)@admins") {
		t.Errorf("context list table:\n%s", table.stdout)
	}

	r := c.expectCode(exitOK, "context", "use", "prod")
	if r.stdout != "" || !strings.Contains(r.stderr, `Switched to the context "prod"`) {
		t.Errorf("context use: %s", r)
	}
	data, _ := os.ReadFile(c.configPath())
	if !strings.HasPrefix(string(data), "# two Keycloaks\ncurrent-context: prod\n") {
		t.Errorf("config file after use:\n%s", data)
	}

	var shown contextView
	c.expectCode(exitOK, "context", "show", "-o", "json").decode(t, &shown)
	if shown.Name != "prod" || shown.Auth.Secret != "keyring" || shown.Origins["readonly"] != "context prod" || shown.Origins["adminRealm"] != "context prod" {
		t.Errorf("context show = %+v", shown)
	}

	c.env[envRealm] = "from-env"
	show := c.expectCode(exitOK, "context", "show", "dev")
	if !strings.Contains(show.stdout, "from-env   [env IDTUI_REALM]") || !strings.Contains(show.stdout, "environment variable DEV_PASSWORD   [context dev]") {
		t.Errorf("context show dev:\n%s", show.stdout)
	}
	c.env[envPassword] = "password-from-env"
	for _, args := range [][]string{{"context", "show", "dev"}, {"context", "show", "dev", "-o", "yaml"}, {"context", "list", "-o", "json"}} {
		r := c.expectCode(exitOK, args...)
		for _, secret := range []string{"dev-secret-value", "password-from-env"} {
			if strings.Contains(r.stdout+r.stderr, secret) {
				t.Errorf("%v printed a secret:\n%s", args, r)
			}
		}
	}

	r = c.expectCode(exitUsage, "context", "use", "prd")
	if !strings.Contains(r.stderr, `did you mean "prod"?`) {
		t.Errorf("context use prd: %s", r)
	}
	c.expectCode(exitUsage, "--context", "staging", "apps", "list")
}

func TestInvalidConfigNamesTheLine(t *testing.T) {
	c := newOfflineCLI(t)
	c.writeConfig("contexts:\n  - name: dev\n    realm: camunda-platform\n    readonly: yes\n")

	r := c.expectCode(exitUsage, "apps", "list")

	for _, want := range []string{c.configPath(), "line 4", "readonly must be true or false"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("message lacks %q: %s", want, r)
		}
	}
}

func TestReadableFilesWarn(t *testing.T) {
	c := newCLI(t)
	c.writeConfig("contexts:\n  - name: dev\n")
	if err := os.Chmod(c.configPath(), 0o644); err != nil {
		t.Fatal(err)
	}
	passwordFile := c.writeFile("password", kctest.AdminPassword().Reveal()+"\n", 0o640)
	delete(c.env, envPassword)

	r := c.expectCode(exitOK, "--password-file", passwordFile, "apps", "list")

	if !strings.Contains(r.stderr, "the config file "+c.configPath()+" can be read by group or others (mode 0644)") {
		t.Errorf("no warning about the config file: %s", r)
	}
	if !strings.Contains(r.stderr, "the secret file "+passwordFile+" can be read by group or others (mode 0640); run: chmod 600") {
		t.Errorf("no warning about the secret file: %s", r)
	}
}

func TestWritableFilesWarn(t *testing.T) {
	c := newCLI(t)
	caFile := c.writeFile("ca.pem", string(newTestCA(t, "writable CA").pem), 0o600)
	c.writeConfig("current-context: dev\ncontexts:\n  - name: dev\n    ca-file: " + caFile + "\n")
	passwordFile := c.writeFile("password", kctest.AdminPassword().Reveal()+"\n", 0o600)
	delete(c.env, envPassword)
	// Set the modes after writing, because the umask clears write bits.
	for path, mode := range map[string]os.FileMode{c.configPath(): 0o622, passwordFile: 0o660, caFile: 0o666} {
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
	}

	r := c.expectCode(exitOK, "--password-file", passwordFile, "apps", "list")

	if !strings.Contains(r.stderr, "the config file "+c.configPath()+" can be written by group or others (mode 0622); run: chmod 600 "+c.configPath()) {
		t.Errorf("no warning about the config file: %s", r)
	}
	if !strings.Contains(r.stderr, "the secret file "+passwordFile+" can be read and written by group or others (mode 0660); run: chmod 600 "+passwordFile) {
		t.Errorf("no warning about the secret file: %s", r)
	}
	if !strings.Contains(r.stderr, "the CA file "+caFile+" (context dev) can be written by group or others (mode 0666)") || !strings.Contains(r.stderr, "run: chmod go-w "+caFile) {
		t.Errorf("no warning about the CA file: %s", r)
	}
}

func TestReadableCAFileDoesNotWarn(t *testing.T) {
	c := newCLI(t)
	caFile := c.writeFile("ca.pem", string(newTestCA(t, "public CA").pem), 0o600)
	if err := os.Chmod(caFile, 0o644); err != nil {
		t.Fatal(err)
	}

	r := c.expectCode(exitOK, "--ca-file", caFile, "apps", "list")

	if strings.Contains(r.stderr, "warning") {
		t.Errorf("a CA file that others may only read raised a warning: %s", r)
	}
}

func TestContextUseWarnsAboutConfigMode(t *testing.T) {
	c := newOfflineCLI(t)
	c.writeConfig("contexts:\n  - name: dev\n  - name: prod\n")
	if err := os.Chmod(c.configPath(), 0o646); err != nil {
		t.Fatal(err)
	}

	r := c.expectCode(exitOK, "context", "use", "prod")

	if !strings.Contains(r.stderr, "the config file "+c.configPath()+" can be read and written by group or others (mode 0646)") {
		t.Errorf("context use gave no warning about the config file: %s", r)
	}
}

// The console switches context through newClientForContext; each context
// then reaches its own realm.
func TestClientForContextSwitchesRealm(t *testing.T) {
	admin := kctest.NewAdmin(t)
	realm := admin.CreateRealm(t, "switch", gocloak.RealmRepresentation{})
	kc := kctest.Client(t)
	app, _ := kctest.CreateApplication(t, kc, model.TypeM2M, "switch")

	c := newOfflineCLI(t)
	c.writeConfig("current-context: main\ncontexts:\n  - name: main\n    url: " + kctest.URL() + "\n  - name: other\n    url: " + kctest.URL() + "\n    realm: " + realm + "\n    readonly: true\n    accent: \"#ff0000\"\n")
	a := newApp(os.Stdin, os.Stdout, os.Stderr)
	newRootCommand(a)
	opts := a.opts
	opts.configPath = c.configPath()
	env := map[string]string{envPassword: kctest.AdminPassword().Reveal()}
	opts.getenv = func(name string) string { return env[name] }
	logger := slog.New(slog.DiscardHandler)

	clientIDs := func(name string) ([]string, Settings) {
		t.Helper()
		client, s, err := opts.newClientForContext(name, logger, nil)
		if err != nil {
			t.Fatalf("client for %q: %v", name, err)
		}
		apps, err := client.AllApplications(context.Background())
		if err != nil {
			t.Fatalf("list in %q: %v", name, err)
		}
		var ids []string
		for _, a := range apps {
			ids = append(ids, a.ClientID)
		}
		return ids, s
	}

	mainIDs, mainSettings := clientIDs("")
	otherIDs, otherSettings := clientIDs("other")

	if !slices.Contains(mainIDs, app.ClientID) || slices.Contains(otherIDs, app.ClientID) {
		t.Errorf("%s found in main: %v, in other: %v; want main only", app.ClientID, slices.Contains(mainIDs, app.ClientID), slices.Contains(otherIDs, app.ClientID))
	}
	if mainSettings.Context != "main" || mainSettings.ReadOnly.Value {
		t.Errorf("main settings = %+v", mainSettings)
	}
	if otherSettings.Context != "other" || !otherSettings.ReadOnly.Value || otherSettings.Accent.Value != "#ff0000" || otherSettings.Realm.Value != realm {
		t.Errorf("other settings = %+v", otherSettings)
	}
}

// The console's context switcher prompts for a secret only after the CA
// file of the new context has been read.
func TestClientForContextChecksCAFileFirst(t *testing.T) {
	c := newOfflineCLI(t)
	c.writeConfig("current-context: main\ncontexts:\n  - name: main\n  - name: prod\n    url: https://127.0.0.1:1/auth\n    ca-file: missing-ca.pem\n")
	a := newApp(os.Stdin, os.Stdout, os.Stderr)
	newRootCommand(a)
	opts := a.opts
	opts.configPath = c.configPath()
	opts.getenv = func(string) string { return "" }
	prompted := false
	prompt := func(string) (model.Secret, error) {
		prompted = true
		return "typed-password", nil
	}

	_, _, err := opts.newClientForContext("prod", slog.New(slog.DiscardHandler), prompt)

	if err == nil || !strings.Contains(err.Error(), "missing-ca.pem") {
		t.Errorf("err = %v, want the missing CA file", err)
	}
	if prompted {
		t.Error("the password was asked for before the CA file was read")
	}
}
