package keycloak_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/Nerzal/gocloak/v13"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/keycloak/kctest"
	"github.com/idtui/idtui/model"
)

func TestApplicationLifecycle(t *testing.T) {
	c := kctest.Client(t)
	ctx := kctest.Context(t)

	app, secret := kctest.CreateApplication(t, c, model.TypeM2M, "lifecycle")
	if app.Type != model.TypeM2M {
		t.Errorf("created type = %v, want M2M", app.Type)
	}
	if secret == "" {
		t.Fatal("created M2M application has no secret")
	}
	if app.SecretCreatedAt.IsZero() {
		t.Error("created application has no secret creation time")
	}

	all, err := c.AllApplications(ctx)
	if err != nil {
		t.Fatalf("list: %v", err)
	}
	if !slices.ContainsFunc(all, func(a model.Application) bool { return a.ClientID == app.ClientID }) {
		t.Errorf("list of %d applications lacks %s", len(all), app.ClientID)
	}

	got, err := c.GetApplication(ctx, model.AppRef{ClientID: app.ClientID})
	if err != nil {
		t.Fatalf("get by client id: %v", err)
	}
	if got.ID != app.ID {
		t.Errorf("get by client id returned id %s, want %s", got.ID, app.ID)
	}

	if _, err := c.ClientCredentialsToken(ctx, app.ClientID, secret); err != nil {
		t.Fatalf("token with the first secret: %v", err)
	}

	rotated, err := c.RotateSecret(ctx, app.Ref())
	if err != nil {
		t.Fatalf("rotate: %v", err)
	}
	if rotated == secret {
		t.Fatal("rotate returned the old secret")
	}
	tok, err := c.ClientCredentialsToken(ctx, app.ClientID, rotated)
	if err != nil {
		t.Fatalf("token with the rotated secret: %v", err)
	}
	// Keycloak computes expires_in as exp minus its current second, so a
	// request that crosses a second boundary gets 299.
	if tok.AccessToken == "" || tok.TokenType != "Bearer" || tok.ExpiresIn < 299*time.Second || tok.ExpiresIn > 300*time.Second {
		t.Errorf("token response = type %q, expires in %v; want a Bearer token for 300s", tok.TokenType, tok.ExpiresIn)
	}
	_, err = c.ClientCredentialsToken(ctx, app.ClientID, secret)
	if !errors.Is(err, keycloak.ErrUnauthorized) {
		t.Errorf("token with the old secret: err = %v, want unauthorized", err)
	}

	if err := c.DeleteApplication(ctx, app.Ref()); err != nil {
		t.Fatalf("delete: %v", err)
	}
	_, err = c.GetApplication(ctx, app.Ref())
	if !errors.Is(err, keycloak.ErrNotFound) {
		t.Errorf("get after delete: err = %v, want not found", err)
	}
}

func TestCreateSetsEveryFlag(t *testing.T) {
	c := kctest.Client(t)

	tests := []struct {
		typ                                    model.AppType
		public, standard, serviceAccount, pkce bool
	}{
		{typ: model.TypeM2M, serviceAccount: true},
		{typ: model.TypeConfidential, standard: true},
		{typ: model.TypePublic, public: true, standard: true, pkce: true},
	}
	for _, tt := range tests {
		t.Run(tt.typ.String(), func(t *testing.T) {
			app, secret := kctest.CreateApplication(t, c, tt.typ, "flags")

			if app.Type != tt.typ {
				t.Errorf("type = %v, want %v", app.Type, tt.typ)
			}
			if (secret != "") == tt.public {
				t.Errorf("has secret = %v for public = %v", secret != "", tt.public)
			}
			if app.Flows.Standard != tt.standard {
				t.Errorf("standard flow = %v, want %v", app.Flows.Standard, tt.standard)
			}
			if app.Flows.ServiceAccount != tt.serviceAccount {
				t.Errorf("service account = %v, want %v", app.Flows.ServiceAccount, tt.serviceAccount)
			}
			if app.Flows.Implicit || app.Flows.DirectAccess || app.Flows.Device {
				t.Errorf("flows = %+v: implicit, direct access and device must stay off", app.Flows)
			}
			if !app.Enabled {
				t.Error("created application is disabled")
			}
		})
	}
}

func TestCreateDuplicateClientID(t *testing.T) {
	c := kctest.Client(t)
	app, _ := kctest.CreateApplication(t, c, model.TypeM2M, "duplicate")

	_, _, err := c.CreateApplication(kctest.Context(t), model.NewApplication{ClientID: app.ClientID, Type: model.TypeM2M})

	if !errors.Is(err, keycloak.ErrConflict) {
		t.Fatalf("err = %v, want conflict", err)
	}
	var e *keycloak.Error
	if !errors.As(err, &e) || e.Status != 409 || e.ClientID != app.ClientID {
		t.Errorf("error = %#v, want status 409 naming %s", err, app.ClientID)
	}
}

func TestCreateInvalidInputSendsNothing(t *testing.T) {
	c := kctest.Client(t)
	before := c.Requests()

	_, _, err := c.CreateApplication(kctest.Context(t), model.NewApplication{ClientID: "has space", Type: model.TypeM2M})

	if !errors.Is(err, keycloak.ErrInvalid) {
		t.Fatalf("err = %v, want invalid", err)
	}
	if sent := c.Requests() - before; sent != 0 {
		t.Errorf("sent %d requests for invalid input, want 0", sent)
	}
}

func TestDeletedMeanwhileIsNotFound(t *testing.T) {
	c := kctest.Client(t)
	ctx := kctest.Context(t)
	app, _ := kctest.CreateApplication(t, c, model.TypeM2M, "gone")
	other := kctest.Client(t) // another admin deletes the client behind the first one's back
	if err := other.DeleteApplication(ctx, app.Ref()); err != nil {
		t.Fatalf("delete: %v", err)
	}

	calls := map[string]func() error{
		"get":         func() error { _, err := c.GetApplication(ctx, app.Ref()); return err },
		"get by id":   func() error { _, err := c.GetApplication(ctx, model.AppRef{ClientID: app.ClientID}); return err },
		"secret":      func() error { _, err := c.Secret(ctx, app.Ref()); return err },
		"rotate":      func() error { _, err := c.RotateSecret(ctx, app.Ref()); return err },
		"disable":     func() error { return c.SetEnabled(ctx, app.Ref(), false) },
		"delete":      func() error { return c.DeleteApplication(ctx, app.Ref()) },
		"permissions": func() error { _, err := c.Permissions(ctx, app.Ref()); return err },
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			err := call()
			if !errors.Is(err, keycloak.ErrNotFound) {
				t.Fatalf("err = %v, want not found", err)
			}
			var e *keycloak.Error
			if errors.As(err, &e) && e.ClientID != app.ClientID {
				t.Errorf("error names client %q, want %q", e.ClientID, app.ClientID)
			}
		})
	}
}

func TestUpdateKeepsRotatedSecret(t *testing.T) {
	c := kctest.Client(t)
	ctx := kctest.Context(t)
	app, _ := kctest.CreateApplication(t, c, model.TypeConfidential, "update")
	rotated, err := c.RotateSecret(ctx, app.Ref())
	if err != nil {
		t.Fatalf("rotate: %v", err)
	}

	description := "changed by the test"
	if err := c.UpdateApplication(ctx, app.Ref(), model.ApplicationUpdate{Description: &description}); err != nil {
		t.Fatalf("update: %v", err)
	}

	got, err := c.GetApplication(ctx, app.Ref())
	if err != nil {
		t.Fatalf("get: %v", err)
	}
	if got.Description != description {
		t.Errorf("description = %q, want %q", got.Description, description)
	}
	if !slices.Equal(got.RedirectURIs, app.RedirectURIs) {
		t.Errorf("redirect URIs = %v, want them unchanged: %v", got.RedirectURIs, app.RedirectURIs)
	}
	if !got.Flows.Standard || got.Type != model.TypeConfidential {
		t.Errorf("flows = %+v, type %v: the update changed fields it did not set", got.Flows, got.Type)
	}
	secret, err := c.Secret(ctx, app.Ref())
	if err != nil {
		t.Fatalf("read secret: %v", err)
	}
	if secret != rotated {
		t.Error("the secret changed with an update of the description")
	}
}

func TestDisabledClientGetsNoToken(t *testing.T) {
	c := kctest.Client(t)
	ctx := kctest.Context(t)
	app, secret := kctest.CreateApplication(t, c, model.TypeM2M, "disable")

	if err := c.SetEnabled(ctx, app.Ref(), false); err != nil {
		t.Fatalf("disable: %v", err)
	}
	got, err := c.GetApplication(ctx, app.Ref())
	if err != nil {
		t.Fatalf("get: %v", err)
	}
	if got.Enabled {
		t.Error("application still enabled")
	}
	if _, err := c.ClientCredentialsToken(ctx, app.ClientID, secret); err == nil {
		t.Error("a disabled client got a token")
	}

	if err := c.SetEnabled(ctx, app.Ref(), true); err != nil {
		t.Fatalf("enable: %v", err)
	}
	if _, err := c.ClientCredentialsToken(ctx, app.ClientID, secret); err != nil {
		t.Errorf("token after enabling again: %v", err)
	}
}

// The listing runs on a realm of the test's own, because other test
// packages create and delete clients in camunda-platform at the same time.
func TestListPagesNeverTruncate(t *testing.T) {
	admin := kctest.NewAdmin(t)
	cfg := kctest.Config(t)
	cfg.Realm = admin.CreateRealm(t, "paging", gocloak.RealmRepresentation{})
	c, err := keycloak.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx := kctest.Context(t)
	for range 7 {
		kctest.CreateApplication(t, c, model.TypeM2M, "page")
	}
	all, err := c.AllApplications(ctx)
	if err != nil {
		t.Fatalf("list: %v", err)
	}

	var paged []model.Application
	pages := 0
	err = c.ListApplications(ctx, 3, func(page []model.Application) error {
		pages++
		paged = append(paged, page...)
		return nil
	})
	if err != nil {
		t.Fatalf("list in pages of 3: %v", err)
	}

	if len(paged) != len(all) {
		t.Errorf("pages of 3 returned %d applications, one page of %d returned %d", len(paged), keycloak.DefaultPageSize, len(all))
	}
	if want := len(paged)/3 + 1; pages != want {
		t.Errorf("got %d pages for %d applications, want %d", pages, len(paged), want)
	}
	seen := map[string]bool{}
	for _, app := range paged {
		if seen[app.ID] {
			t.Errorf("%s appears on two pages", app.ClientID)
		}
		seen[app.ID] = true
	}
}
