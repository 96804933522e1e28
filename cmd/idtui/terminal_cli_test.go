package main

import (
	"errors"
	"strings"
	"testing"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/keycloak/kctest"
	"github.com/idtui/idtui/model"
)

func TestPasswordPromptOnTerminal(t *testing.T) {
	c := newCLI(t)
	delete(c.env, envPassword)

	r, _ := c.runOnTerminal([]exchange{{expect: "The password of admin@master: ", send: kctest.AdminPassword().Reveal() + "\n"}}, "apps", "list", "-o", "json")

	if r.code != exitOK {
		t.Fatalf("list after the prompt: %s", r)
	}
	var apps []applicationView
	r.decode(t, &apps)
	if !containsClient(apps, "zeebe") {
		t.Errorf("list lacks zeebe: %s", r.stdout)
	}
	if strings.Contains(r.stderr, kctest.AdminPassword().Reveal()+"\r") {
		t.Errorf("the terminal echoed the password:\n%s", r.stderr)
	}
}

func TestConfirmationOnTerminal(t *testing.T) {
	c := newCLI(t)
	kc := kctest.Client(t)
	ctx := kctest.Context(t)
	app, secret := kctest.CreateApplication(t, kc, model.TypeM2M, "confirm")

	r, _ := c.runOnTerminal([]exchange{{expect: "old secret stops working at once", send: "n\n"}}, "apps", "rotate", app.ClientID)
	if r.code != exitFailure || !strings.Contains(r.stderr, "nothing was changed") {
		t.Errorf("rotate answered no: %s", r)
	}
	if _, err := kc.ClientCredentialsToken(ctx, app.ClientID, secret); err != nil {
		t.Errorf("the secret changed after no: %v", err)
	}

	r, _ = c.runOnTerminal([]exchange{{expect: "[y/N]", send: "y\n"}}, "apps", "rotate", app.ClientID, "-o", "json")
	var rotated rotatedView
	r.decode(t, &rotated)
	if _, err := kc.ClientCredentialsToken(ctx, app.ClientID, model.Secret(rotated.Secret)); err != nil {
		t.Errorf("token with the secret rotated after yes: %v", err)
	}

	r, _ = c.runOnTerminal([]exchange{{expect: "Type the client id", send: "y\n"}}, "apps", "delete", app.ClientID)
	if r.code != exitFailure || !strings.Contains(r.stderr, "nothing was deleted") {
		t.Errorf("delete confirmed with y: %s", r)
	}
	if _, err := kc.GetApplication(ctx, app.Ref()); err != nil {
		t.Fatalf("the application is gone after a wrong confirmation: %v", err)
	}

	r, _ = c.runOnTerminal([]exchange{{expect: "Type the client id", send: app.ClientID + "\n"}}, "apps", "delete", app.ClientID)
	if r.code != exitOK {
		t.Fatalf("delete confirmed with the client id: %s", r)
	}
	if _, err := kc.GetApplication(ctx, app.Ref()); !errors.Is(err, keycloak.ErrNotFound) {
		t.Errorf("get after delete: err = %v, want not found", err)
	}
}
