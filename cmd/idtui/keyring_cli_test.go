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
