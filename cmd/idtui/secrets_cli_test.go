package main

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/Nerzal/gocloak/v13"

	"github.com/idtui/idtui/keycloak/kctest"
	"github.com/idtui/idtui/model"
)

// slowKeycloak puts a proxy in front of the test Keycloak that delays each
// response, so that every idtui process lives long enough for the test to
// read its command line.
func slowKeycloak(t *testing.T, delay time.Duration) string {
	t.Helper()
	return proxyKeycloak(t, func(w http.ResponseWriter, r *http.Request, keycloak http.Handler) {
		time.Sleep(delay)
		keycloak.ServeHTTP(w, r)
	})
}

func randomSecret(prefix string) string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// After a full run with each documented way of passing the admin's secret,
// the secret is in no log file, no stdout and no command line of idtui or
// of its child processes; and the secrets that create and rotate print are
// in no log file either.
func TestSecretsStayOutOfLogsOutputAndCommandLines(t *testing.T) {
	kctest.Require(t)
	admin := kctest.NewAdmin(t)
	kc := kctest.Client(t)
	base := slowKeycloak(t, 20*time.Millisecond)
	busAddress := startKeyring(t)

	password := randomSecret("pw-")
	username, _ := admin.CreateUser(t, kctest.Realm, "secret-admin", password, "view-clients", "manage-clients", "manage-users")

	serviceAccount, clientSecret := kctest.CreateApplication(t, kc, model.TypeM2M, "secret-sa")
	saUser, err := admin.GC.GetClientServiceAccount(kctest.Context(t), admin.Token, kctest.Realm, serviceAccount.ID)
	if err != nil {
		t.Fatal(err)
	}
	admin.GrantClientRoles(t, kctest.Realm, *saUser.ID, "realm-management", "view-clients", "manage-clients", "manage-users")
	err = admin.GC.UpdateClient(kctest.Context(t), admin.Token, kctest.Realm, gocloak.Client{ID: &serviceAccount.ID, ClientID: &serviceAccount.ClientID, FullScopeAllowed: gocloak.BoolP(true)})
	if err != nil {
		t.Fatal(err)
	}

	type method struct {
		name     string
		secret   string
		setup    func(c *cli) []string // returns global flags
		terminal bool
	}
	asUser := func(c *cli) { c.env[envUsername] = username }
	asClient := func(c *cli) { c.env[envClientID] = serviceAccount.ClientID }
	methods := []method{
		{name: "IDTUI_PASSWORD", secret: password, setup: func(c *cli) []string { asUser(c); c.env[envPassword] = password; return nil }},
		{name: "--password-file", secret: password, setup: func(c *cli) []string {
			asUser(c)
			return []string{"--password-file", c.writeFile("pw", password+"\n", 0o600)}
		}},
		{name: "IDTUI_PASSWORD_FILE", secret: password, setup: func(c *cli) []string {
			asUser(c)
			c.env[envPasswordFile] = c.writeFile("pw", password, 0o600)
			return nil
		}},
		{name: "context secret-env", secret: password, setup: func(c *cli) []string {
			c.env["KC_PW"] = password
			c.writeConfig("current-context: c\ncontexts:\n  - name: c\n    auth:\n      username: " + username + "\n      secret: env\n      secret-env: KC_PW\n")
			return nil
		}},
		{name: "context secret-file", secret: password, setup: func(c *cli) []string {
			c.writeConfig("current-context: c\ncontexts:\n  - name: c\n    auth:\n      username: " + username + "\n      secret: file\n      secret-file: admin.secret\n")
			c.writeFile("config/idtui/admin.secret", password, 0o600)
			return nil
		}},
		{name: "context keyring", secret: password, setup: func(c *cli) []string {
			c.env["DBUS_SESSION_BUS_ADDRESS"] = busAddress
			c.writeConfig("current-context: c\ncontexts:\n  - name: c\n    url: " + base + "\n    admin-realm: " + kctest.Realm + "\n    auth:\n      username: " + username + "\n      secret: keyring\n")
			if r, _ := c.runWatched(password+"\n", "context", "set-secret"); r.code != exitOK {
				t.Fatalf("store the password in the keyring: %s", r)
			}
			return nil
		}},
		{name: "password prompt", secret: password, terminal: true, setup: func(c *cli) []string { asUser(c); return nil }},
		{name: "IDTUI_CLIENT_SECRET", secret: clientSecret.Reveal(), setup: func(c *cli) []string {
			asClient(c)
			c.env[envClientSecret] = clientSecret.Reveal()
			return nil
		}},
		{name: "--client-secret-file", secret: clientSecret.Reveal(), setup: func(c *cli) []string {
			asClient(c)
			return []string{"--client-secret-file", c.writeFile("cs", clientSecret.Reveal(), 0o600)}
		}},
		{name: "IDTUI_CLIENT_SECRET_FILE", secret: clientSecret.Reveal(), setup: func(c *cli) []string {
			asClient(c)
			c.env[envClientSecretFile] = c.writeFile("cs", clientSecret.Reveal(), 0o600)
			return nil
		}},
		{name: "client secret prompt", secret: clientSecret.Reveal(), terminal: true, setup: func(c *cli) []string { asClient(c); return nil }},
	}

	for _, m := range methods {
		t.Run(m.name, func(t *testing.T) {
			c := newOfflineCLI(t)
			c.env[envURL] = base
			c.env[envAdminRealm] = kctest.Realm
			flags := m.setup(c)
			app := kctest.UniqueID("secret-run")
			t.Cleanup(func() { kctest.DeleteApplication(t, kc, model.AppRef{ClientID: app}) })

			var stdout strings.Builder
			var printed []string // secrets that the commands exist to print
			var cmdlines []string
			processes := 0
			for _, args := range [][]string{
				{"apps", "list", "-o", "json"},
				{"apps", "create", app, "-o", "json"},
				{"apps", "rotate", app, "--yes", "-o", "env"},
				{"apps", "get", app, "-o", "yaml"},
				{"apps", "disable", app, "--yes"},
				{"apps", "delete", app, "--yes", "-o", "json"},
				{"doctor", "-o", "json"},
				{"context", "show", "-o", "json"},
			} {
				args = append(append([]string(nil), flags...), args...)
				var r result
				var seen []string
				if m.terminal && args[0] != "context" {
					r, seen = c.runOnTerminal([]exchange{{expect: "The ", send: m.secret + "\n"}}, args...)
				} else {
					r, seen = c.runWatched("", args...)
				}
				if r.code != exitOK {
					t.Fatalf("idtui %v: %s", args, r)
				}
				stdout.WriteString(r.stdout)
				cmdlines = append(cmdlines, seen...)
				for _, line := range seen {
					if strings.Contains(line, idtuiBinary(t)) {
						processes++
						break
					}
				}
				if args[len(flags)+1] == "create" || args[len(flags)+1] == "rotate" {
					printed = append(printed, printedSecrets(r.stdout)...)
				}
			}

			if processes == 0 {
				t.Fatal("never saw an idtui process in /proc, so the command lines were not checked")
			}
			if !strings.Contains(strings.Join(cmdlines, "\n"), "apps create "+app) {
				t.Errorf("the command lines read from /proc lack the arguments, so they prove nothing: %q", cmdlines)
			}
			if strings.Contains(stdout.String(), m.secret) {
				t.Error("stdout contains the admin's secret")
			}
			for _, line := range cmdlines {
				if strings.Contains(line, m.secret) {
					t.Errorf("a command line contains the admin's secret: %q", line)
				}
			}
			logData, err := os.ReadFile(c.logPath())
			if err != nil || len(logData) == 0 {
				t.Fatalf("no log file: %v", err)
			}
			if strings.Contains(string(logData), m.secret) {
				t.Error("the log file contains the admin's secret")
			}
			if len(printed) != 2 {
				t.Errorf("found %d printed application secrets, want 2 (create and rotate)", len(printed))
			}
			for _, s := range printed {
				if strings.Contains(string(logData), s) {
					t.Error("the log file contains an application secret that create or rotate printed")
				}
			}
		})
	}
}

// printedSecrets finds the application secrets in the JSON of create and
// in the .env block of rotate.
func printedSecrets(stdout string) []string {
	var secrets []string
	for _, line := range strings.Split(stdout, "\n") {
		line = strings.TrimSpace(line)
		if v, ok := strings.CutPrefix(line, `"secret": "`); ok {
			secrets = append(secrets, strings.TrimSuffix(strings.TrimSuffix(v, ","), `"`))
		}
		if v, ok := strings.CutPrefix(line, "ZEEBE_CLIENT_SECRET="); ok {
			secrets = append(secrets, strings.Trim(v, "'"))
		}
	}
	return secrets
}
