package kctest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/Nerzal/gocloak/v13"
)

// Admin is a raw gocloak connection as the master admin, for setting up what
// idtui itself does not manage: realms, users and their role mappings.
type Admin struct {
	GC    *gocloak.GoCloak
	Token string
}

// NewAdmin logs in as the master admin, after Require.
func NewAdmin(t testing.TB) *Admin {
	t.Helper()
	Require(t)
	gc := gocloak.NewClient(URL())
	gc.RestyClient().SetDisableWarn(true)
	jwt, err := gc.LoginAdmin(Context(t), AdminUsername(), AdminPassword().Reveal(), "master")
	if err != nil {
		t.Fatalf("log in as the master admin: %v", err)
	}
	return &Admin{GC: gc, Token: jwt.AccessToken}
}

// freshToken logs in again for a cleanup, which runs when the test ends,
// possibly after the master admin's access token (60 s) expired. It
// returns the old token when the login fails, and the cleanup then reports
// the error.
func (a *Admin) freshToken(ctx context.Context) string {
	jwt, err := a.GC.LoginAdmin(ctx, AdminUsername(), AdminPassword().Reveal(), "master")
	if err != nil {
		return a.Token
	}
	return jwt.AccessToken
}

// CreateRealm creates an empty realm with a unique name and the given
// access token lifespan, and deletes it when the test ends.
func (a *Admin) CreateRealm(t testing.TB, prefix string, rep gocloak.RealmRepresentation) string {
	t.Helper()
	name := UniqueID(prefix)
	rep.Realm = gocloak.StringP(name)
	rep.Enabled = gocloak.BoolP(true)

	// A realm with hundreds of clients took Keycloak over a minute on a
	// busy 2-core machine, more than the deadline of Context.
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	if _, err := a.GC.CreateRealm(ctx, a.Token, rep); err != nil {
		t.Fatalf("create realm %s: %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := a.GC.DeleteRealm(ctx, a.freshToken(ctx), name); err != nil {
			t.Errorf("clean up realm %s: %v", name, err)
		}
	})
	return name
}

// CreateUser creates a user with a unique name and the password given,
// holding the realm-management roles given, in realm. It deletes the user
// when the test ends.
func (a *Admin) CreateUser(t testing.TB, realm, prefix, password string, realmManagementRoles ...string) (username, id string) {
	t.Helper()
	ctx := Context(t)
	username = UniqueID(prefix)
	id, err := a.GC.CreateUser(ctx, a.Token, realm, gocloak.User{
		Username:      gocloak.StringP(username),
		Enabled:       gocloak.BoolP(true),
		Email:         gocloak.StringP(username + "@example.com"),
		EmailVerified: gocloak.BoolP(true),
		FirstName:     gocloak.StringP("Integration"),
		LastName:      gocloak.StringP("Test"),
	})
	if err != nil {
		t.Fatalf("create user %s in %s: %v", username, realm, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := a.GC.DeleteUser(ctx, a.freshToken(ctx), realm, id); err != nil && !isGocloakNotFound(err) {
			t.Errorf("clean up user %s: %v", username, err)
		}
	})
	if err := a.GC.SetPassword(ctx, a.Token, id, realm, password, false); err != nil {
		t.Fatalf("set the password of %s: %v", username, err)
	}
	if len(realmManagementRoles) > 0 {
		a.GrantClientRoles(t, realm, id, "realm-management", realmManagementRoles...)
	}
	return username, id
}

// GrantClientRoles maps roles of the client with the given client id to a user.
func (a *Admin) GrantClientRoles(t testing.TB, realm, userID, clientID string, roles ...string) {
	t.Helper()
	ctx := Context(t)
	clients, err := a.GC.GetClients(ctx, a.Token, realm, gocloak.GetClientsParams{ClientID: gocloak.StringP(clientID)})
	if err != nil || len(clients) != 1 {
		t.Fatalf("find client %s in %s: %v (found %d)", clientID, realm, err, len(clients))
	}
	var mapped []gocloak.Role
	for _, name := range roles {
		role, err := a.GC.GetClientRole(ctx, a.Token, realm, *clients[0].ID, name)
		if err != nil {
			t.Fatalf("find role %s of %s: %v", name, clientID, err)
		}
		mapped = append(mapped, gocloak.Role{ID: role.ID, Name: role.Name})
	}
	if err := a.GC.AddClientRolesToUser(ctx, a.Token, realm, *clients[0].ID, userID, mapped); err != nil {
		t.Fatalf("grant %v of %s: %v", roles, clientID, err)
	}
}

func isGocloakNotFound(err error) bool {
	var apiErr *gocloak.APIError
	return errors.As(err, &apiErr) && apiErr.Code == 404
}
