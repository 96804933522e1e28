package keycloak_test

import (
	"slices"
	"testing"

	"github.com/idtui/idtui/keycloak/kctest"
	"github.com/idtui/idtui/model"
)

func TestCreateSendsTwoRequests(t *testing.T) {
	c := kctest.Client(t)
	if err := c.Login(kctest.Context(t)); err != nil {
		t.Fatal(err)
	}

	before := c.Requests()
	app, secret := kctest.CreateApplication(t, c, model.TypeM2M, "create-requests")
	sent := c.Requests() - before

	if sent != 2 {
		t.Errorf("create sent %d requests, want 2: the POST and one GET that carries the secret", sent)
	}
	read, err := c.Secret(kctest.Context(t), app.Ref())
	if err != nil {
		t.Fatalf("read the secret: %v", err)
	}
	if secret == "" || read != secret {
		t.Error("create returned a secret that differs from the client's")
	}
}

func TestServiceAccountReadsUserOnce(t *testing.T) {
	c := kctest.Client(t)
	ctx := kctest.Context(t)
	app, _ := kctest.CreateApplication(t, c, model.TypeM2M, "service-account")
	granted := model.Permission{API: "operate-api", Role: "read:*"}
	if err := c.GrantPermission(ctx, app.Ref(), granted); err != nil {
		t.Fatalf("grant: %v", err)
	}

	before := c.Requests()
	username, perms, err := c.ServiceAccount(ctx, app.Ref())
	sent := c.Requests() - before

	if err != nil {
		t.Fatalf("service account: %v", err)
	}
	if want := "service-account-" + app.ClientID; username != want {
		t.Errorf("username = %q, want %q", username, want)
	}
	if !slices.Equal(perms, []model.Permission{granted}) {
		t.Errorf("permissions = %v, want [%v]", perms, granted)
	}
	if sent != 2 {
		t.Errorf("sent %d requests, want 2: the service account user and its role mappings", sent)
	}
}

func TestServiceAccountOff(t *testing.T) {
	c := kctest.Client(t)
	ctx := kctest.Context(t)
	app, _ := kctest.CreateApplication(t, c, model.TypeConfidential, "no-service-account")

	username, perms, err := c.ServiceAccount(ctx, app.Ref())

	if err != nil || username != "" || perms != nil {
		t.Errorf("ServiceAccount = %q, %v, %v; want no user, no permissions and no error", username, perms, err)
	}
}
