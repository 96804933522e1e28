package main

import (
	"strings"
	"testing"

	"github.com/idtui/idtui/keycloak/kctest"
)

func TestKeyringSecret(t *testing.T) {
	c := newCLI(t)
	delete(c.env, envPassword)
	c.env["DBUS_SESSION_BUS_ADDRESS"] = startKeyring(t)
	c.writeConfig("current-context: kr\ncontexts:\n  - name: kr\n    url: " + kctest.URL() + "\n    auth:\n      secret: keyring\n")

	r := c.expectCode(exitUsage, "apps", "list")
	if !strings.Contains(r.stderr, "holds no password of admin@master") || !strings.Contains(r.stderr, "idtui context set-secret kr") {
		t.Errorf("missing entry message: %s", r)
	}

	r = c.runInput(kctest.AdminPassword().Reveal()+"\n", "context", "set-secret", "kr")
	if r.code != exitOK || !strings.Contains(r.stderr, "Stored the secret of admin@master "+kctest.URL()) {
		t.Fatalf("set-secret: %s", r)
	}
	c.expectCode(exitOK, "apps", "list")

	r = c.expectCode(exitOK, "context", "set-secret", "kr", "--delete")
	if !strings.Contains(r.stderr, "Deleted the secret") {
		t.Errorf("delete: %s", r)
	}
	c.expectCode(exitUsage, "apps", "list")
}

func TestKeyringUnavailable(t *testing.T) {
	c := newCLI(t)
	delete(c.env, envPassword)
	c.env["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=" + c.home + "/no-bus"
	c.writeConfig("current-context: kr\ncontexts:\n  - name: kr\n    auth:\n      secret: keyring\n")

	r := c.expectCode(exitUsage, "apps", "list")

	for _, part := range []string{"the OS keyring is not available", "Secret Service", "secret: prompt"} {
		if !strings.Contains(r.stderr, part) {
			t.Errorf("stderr lacks %q: %s", part, r)
		}
	}
	r = c.runInput("some-secret\n", "context", "set-secret", "kr")
	if r.code != exitUsage || !strings.Contains(r.stderr, "the OS keyring is not available") {
		t.Errorf("set-secret without a keyring: %s", r)
	}
}

func TestKeyringUnavailableForSignIn(t *testing.T) {
	c := signInCLI(t, "      secret: keyring\n")
	c.env["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=" + c.home + "/no-bus"

	run := c.start("apps", "list", "--no-browser")
	run.waitFor(signInURL)
	_ = run.cmd.Process.Kill()
	stderr := run.stderr.String()

	warning := "idtui: warning: the refresh token stays in memory, so every command signs in again: secret: keyring (context ops) names the OS keyring, which is not available ("
	if strings.Count(stderr, warning) != 1 {
		t.Errorf("stderr lacks one warning %q:\n%s", warning, stderr)
	}
	for _, part := range []string{"Secret Service", "set secret: memory in the context"} {
		if !strings.Contains(stderr, part) {
			t.Errorf("stderr lacks %q:\n%s", part, stderr)
		}
	}

	r := c.expectCode(exitUsage, "logout")
	if !strings.Contains(r.stderr, "set secret: memory in the context") || strings.Contains(r.stderr, "secret: file") {
		t.Errorf("logout without a keyring gives advice that does not fit the browser method: %s", r)
	}
}

func TestSetSecretRejectsSignInContext(t *testing.T) {
	for _, method := range []string{"browser", "device"} {
		t.Run(method, func(t *testing.T) {
			c := newOfflineCLI(t)
			c.writeConfig("current-context: op\ncontexts:\n  - name: op\n    auth:\n      method: " + method + "\n      username: op1\n      secret: keyring\n")

			r := c.runInput("personal-password\n", "context", "set-secret", "op")

			if r.code != exitUsage {
				t.Fatalf("set-secret on a %s context: want exit code %d, got %s", method, exitUsage, r)
			}
			for _, want := range []string{"signs in on Keycloak's login page", "keeps only a refresh token"} {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("stderr lacks %q: %s", want, r)
				}
			}
		})
	}
}
