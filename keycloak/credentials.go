package keycloak

import (
	"context"

	"github.com/Nerzal/gocloak/v13"

	"github.com/idtui/idtui/model"
)

// Credentials log an admin in to the admin realm and refresh the session.
type Credentials interface {
	// Login returns a fresh admin token.
	Login(ctx context.Context, gc *gocloak.GoCloak, realm string) (*gocloak.JWT, error)
	// Refresh exchanges a refresh token for a new admin token.
	Refresh(ctx context.Context, gc *gocloak.GoCloak, realm, refreshToken string) (*gocloak.JWT, error)
	// Identity names the admin user or client, for the footer and messages.
	Identity() string
}

// adminCLI is the public client that Keycloak creates in every realm for
// password logins to the admin API.
const adminCLI = "admin-cli"

// Password logs in a user through admin-cli with the password grant. The user
// may be in master or in the application realm itself, as long as the user
// holds realm-management roles there.
type Password struct {
	Username string
	Password model.Secret
}

func (p Password) Login(ctx context.Context, gc *gocloak.GoCloak, realm string) (*gocloak.JWT, error) {
	return gc.LoginAdmin(ctx, p.Username, p.Password.Reveal(), realm)
}

func (p Password) Refresh(ctx context.Context, gc *gocloak.GoCloak, realm, refreshToken string) (*gocloak.JWT, error) {
	return gc.RefreshToken(ctx, refreshToken, adminCLI, "", realm)
}

func (p Password) Identity() string { return p.Username }

// ClientSecret logs in as the service account of a confidential client that
// holds realm-management roles, with the client-credentials grant.
type ClientSecret struct {
	ClientID string
	Secret   model.Secret
}

func (c ClientSecret) Login(ctx context.Context, gc *gocloak.GoCloak, realm string) (*gocloak.JWT, error) {
	return gc.LoginClient(ctx, c.ClientID, c.Secret.Reveal(), realm)
}

// Refresh logs in again: the client-credentials grant issues no refresh token
// by default, and a new login costs the same single request.
func (c ClientSecret) Refresh(ctx context.Context, gc *gocloak.GoCloak, realm, _ string) (*gocloak.JWT, error) {
	return c.Login(ctx, gc, realm)
}

func (c ClientSecret) Identity() string { return c.ClientID }
