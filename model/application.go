package model

import "time"

// AppType is the kind of an Identity application, derived from its client's
// flags. The UI hides the last two kinds by default.
type AppType int

const (
	// TypeM2M is a confidential client with a service account and no login
	// page: a service that fetches tokens with the client-credentials grant.
	TypeM2M AppType = iota
	// TypeConfidential is a confidential client with a login page (the
	// authorization code flow), such as Operate or Tasklist.
	TypeConfidential
	// TypePublic is a client without a secret, such as a single-page application.
	TypePublic
	// TypeAPI is a resource server: a client that no one logs in to, whose
	// client roles are the permissions that applications receive.
	TypeAPI
	// TypeBuiltIn is one of the clients that Keycloak creates in every realm.
	TypeBuiltIn
)

// String returns the label the UI and the CLI show for the type.
func (t AppType) String() string {
	switch t {
	case TypeM2M:
		return "M2M"
	case TypeConfidential:
		return "Confidential"
	case TypePublic:
		return "Public"
	case TypeAPI:
		return "API"
	case TypeBuiltIn:
		return "Built-in"
	}
	return "Unknown"
}

// Application is an Identity application: a client in the application realm.
type Application struct {
	// ID is Keycloak's internal id of the client, used in admin API paths.
	ID          string
	ClientID    string
	Name        string
	Description string
	Type        AppType
	Enabled     bool

	RootURL      string
	RedirectURIs []string
	WebOrigins   []string
	Flows        Flows

	// SecretCreatedAt is when the current secret was generated, from the client
	// attribute client.secret.creation.time. It is zero where Keycloak has no
	// record, as for secrets set by an import.
	SecretCreatedAt time.Time

	// LoopbackLeases are the times at which the idtui sign-ins that use
	// LoopbackRedirectURI on this application stop waiting, from the client
	// attribute idtui.loopback-redirect.leases. They are empty where no
	// idtui sign-in added that redirect URI.
	LoopbackLeases []time.Time

	// Permissions are the API roles mapped to the service account. They are
	// nil until loaded, because listing clients does not return them.
	Permissions []Permission
}

// Flows are the OAuth 2.0 grants a client has enabled.
type Flows struct {
	Standard       bool // authorization code, the login page
	Implicit       bool
	DirectAccess   bool // resource owner password credentials
	ServiceAccount bool // client credentials
	Device         bool // device authorization grant
}

// Ref returns the reference that admin operations take.
func (a Application) Ref() AppRef {
	return AppRef{ID: a.ID, ClientID: a.ClientID}
}

// HasSecret reports whether the client authenticates with a secret.
func (a Application) HasSecret() bool {
	return a.Type != TypePublic && a.Type != TypeBuiltIn
}

// SecretAge returns how old the secret is at now, and false where Keycloak
// did not record its creation time.
func (a Application) SecretAge(now time.Time) (time.Duration, bool) {
	if a.SecretCreatedAt.IsZero() {
		return 0, false
	}
	return now.Sub(a.SecretCreatedAt), true
}

// AppRef names an application for admin operations. Callers that listed the
// application pass both ids. Callers that know only the client id leave ID
// empty, and the keycloak package looks it up, which costs one request.
type AppRef struct {
	ID       string
	ClientID string
}

// Permission is one client role of an API client, mapped to an application's
// service account, such as "read:*" on "operate-api".
type Permission struct {
	// API is the client id of the API client (resource server).
	API string
	// Role is the name of the API client's role.
	Role string
}

// String returns the permission as "operate-api read:*".
func (p Permission) String() string {
	return p.API + " " + p.Role
}
