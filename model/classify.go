package model

// BuiltInClientIDs are the clients that Keycloak creates in every realm. The
// master realm adds one "<realm>-realm" client per realm, which Keycloak
// marks with the realm_client attribute instead.
var BuiltInClientIDs = map[string]bool{
	"account":                true,
	"account-console":        true,
	"admin-cli":              true,
	"broker":                 true,
	"realm-management":       true,
	"security-admin-console": true,
}

// ClientFlags are the fields of a Keycloak client that decide its AppType.
type ClientFlags struct {
	ClientID    string
	RealmClient bool // the realm_client attribute, set by Keycloak on its own clients
	Public      bool
	BearerOnly  bool
	Flows       Flows
}

// Classify returns the AppType of a client. A confidential client that no one
// can obtain a token for (bearer-only, or no grant enabled) is an API. One
// with a login page is Confidential, even if it also has a service account.
func Classify(f ClientFlags) AppType {
	switch {
	case f.RealmClient || BuiltInClientIDs[f.ClientID]:
		return TypeBuiltIn
	case f.Public:
		return TypePublic
	case f.BearerOnly:
		return TypeAPI
	case f.Flows.Standard || f.Flows.Implicit:
		return TypeConfidential
	case f.Flows.ServiceAccount:
		return TypeM2M
	case f.Flows.DirectAccess || f.Flows.Device:
		return TypeConfidential
	}
	return TypeAPI
}
