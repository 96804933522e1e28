package keycloak_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/keycloak/kctest"
	"github.com/idtui/idtui/model"
)

// longClientID returns a unique client id of n bytes.
func longClientID(n int) string {
	id := kctest.UniqueID("long")
	return id + strings.Repeat("x", n-len(id))
}

func TestM2MClientIDAtLimit(t *testing.T) {
	c := kctest.Client(t)
	ctx := kctest.Context(t)
	id := longClientID(model.MaxM2MClientIDLength)
	t.Cleanup(func() { kctest.DeleteApplication(t, c, model.AppRef{ClientID: id}) })

	app, _, err := c.CreateApplication(ctx, model.NewApplication{ClientID: id, Type: model.TypeM2M})
	if err != nil {
		t.Fatalf("create an M2M application with a client id of %d bytes: %v", len(id), err)
	}
	user, err := c.ServiceAccountUser(ctx, app.Ref())
	if err != nil || len(user) != 255 {
		t.Errorf("service account user %q (%d bytes), err %v; want 255 bytes", user, len(user), err)
	}
}

// Keycloak 26.7 fails with HTTP 500 on a service account whose username
// would be longer than 255 characters, which idtui reports as a server
// error rather than an unavailable Keycloak.
func TestM2MClientIDOverLimit(t *testing.T) {
	c := kctest.Client(t)
	ctx := kctest.Context(t)
	id := longClientID(model.MaxM2MClientIDLength + 1)
	t.Cleanup(func() { kctest.DeleteApplication(t, c, model.AppRef{ClientID: id}) })
	n := model.NewApplication{ClientID: id, Type: model.TypeM2M}

	before := c.Requests()
	if _, _, err := c.CreateApplication(ctx, n); !errors.Is(err, keycloak.ErrInvalid) || !strings.Contains(err.Error(), "maximum of 239") {
		t.Errorf("create with a client id of %d bytes: err = %v, want invalid", len(id), err)
	}
	if sent := c.Requests() - before; sent != 0 {
		t.Errorf("create sent %d requests for an invalid client id", sent)
	}

	err := c.CreateClientUnchecked(ctx, n)
	var e *keycloak.Error
	if !errors.As(err, &e) || e.Status != 500 {
		t.Fatalf("Keycloak accepted a client id of %d bytes with a service account: err = %v", len(id), err)
	}
	if !errors.Is(err, keycloak.ErrServer) || errors.Is(err, keycloak.ErrUnavailable) {
		t.Errorf("err = %v, want a server error", err)
	}
	if !strings.Contains(err.Error(), "Keycloak failed on the request; its server log says why") {
		t.Errorf("message = %q", err)
	}
}
