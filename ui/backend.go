package ui

import (
	"context"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/model"
	"github.com/idtui/idtui/model/tokencheck"
)

// Backend is the part of Keycloak's admin API that the console uses, as
// *keycloak.Client implements it. Its errors are *keycloak.Error values.
// Their messages name the client and the fix, so the console shows them
// as they are.
type Backend interface {
	// ListApplications passes the realm's clients to yield one page at a
	// time, in order, as the pages arrive.
	ListApplications(ctx context.Context, pageSize int, yield func([]model.Application) error) error
	GetApplication(ctx context.Context, ref model.AppRef) (model.Application, error)
	CreateApplication(ctx context.Context, n model.NewApplication) (model.Application, model.Secret, error)
	DeleteApplication(ctx context.Context, ref model.AppRef) error
	SetEnabled(ctx context.Context, ref model.AppRef, enabled bool) error
	Secret(ctx context.Context, ref model.AppRef) (model.Secret, error)
	RotateSecret(ctx context.Context, ref model.AppRef) (model.Secret, error)
	// ServiceAccount returns the username of the application's service
	// account and its permissions, in one call: "" and no permissions when
	// the client has no service account.
	ServiceAccount(ctx context.Context, ref model.AppRef) (username string, perms []model.Permission, err error)
	// ListAPIs returns the realm's API clients with their roles, the
	// permissions an application can be granted.
	ListAPIs(ctx context.Context) ([]model.API, error)
	GrantPermission(ctx context.Context, ref model.AppRef, p model.Permission) error
	RevokePermission(ctx context.Context, ref model.AppRef, p model.Permission) error

	// FetchTestToken fetches a client-credentials token with the
	// application's current secret. When the token request fails, the
	// error's Failure, Detail and Hint explain it, and the TestToken still
	// holds the request that failed.
	FetchTestToken(ctx context.Context, ref model.AppRef) (keycloak.TestToken, error)
	// KeySet fetches the realm's published signing keys (its JWKS).
	KeySet(ctx context.Context) (tokencheck.KeySet, error)

	// PrepareUserLogin reads the application and its secret for a user's
	// sign-in as the application, and checks that it has a login page. It
	// changes nothing.
	PrepareUserLogin(ctx context.Context, ref model.AppRef) (keycloak.UserLogin, error)
	// ClaimLoopbackRedirectURI adds model.LoopbackRedirectURI to the
	// application's redirect URIs where it is missing, for one sign-in, and
	// returns the function that removes it again, unless another sign-in
	// still uses it.
	ClaimLoopbackRedirectURI(ctx context.Context, ref model.AppRef) (release func(context.Context) (removed bool, err error), err error)
	// UserToken signs a user in as the application with method, and
	// returns the access token and the ID token. prompt shows the URL or
	// the user code, and must return at once.
	UserToken(ctx context.Context, l keycloak.UserLogin, method keycloak.SignInMethod, prompt keycloak.PromptFunc) (keycloak.TestToken, error)
	// SignInAgain signs the operator in on Keycloak's login page, after a
	// call failed with keycloak.ErrSignInRequired. prompt shows the URL or
	// the user code, and must return at once.
	SignInAgain(ctx context.Context, prompt keycloak.PromptFunc) error

	// TokenURL is the realm's token endpoint, for the .env block.
	TokenURL() string
	URL() string
	Realm() string
	// Identity names the admin, such as "admin@master".
	Identity() string
}
