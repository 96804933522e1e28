package model

import "time"

// RightState is whether an admin holds one of the rights idtui needs.
type RightState int

const (
	// RightUnknown means Keycloak gave nothing to decide by, such as a realm
	// with no user to read the access of.
	RightUnknown RightState = iota
	RightHeld
	RightMissing
)

func (s RightState) String() string {
	switch s {
	case RightHeld:
		return "held"
	case RightMissing:
		return "missing"
	}
	return "unknown"
}

// AdminRights are the realm-management rights that idtui uses, as
// Keycloak evaluates them for the logged-in admin. They include those
// granted through composite roles and fine-grained admin permissions.
type AdminRights struct {
	ViewClients   RightState // list and read clients, their secrets and service account users
	ManageClients RightState // create, change, rotate and delete clients
	ViewUsers     RightState // read the API roles mapped to service accounts
	ManageUsers   RightState // map API roles to service accounts
}

// TLSInfo describes the TLS connection to Keycloak.
type TLSInfo struct {
	Version  string // such as "TLS 1.3"
	Subject  string // the server certificate's subject
	Issuer   string // the issuer of the server certificate
	NotAfter time.Time
	// Verified is false when verification was skipped.
	Verified bool
}
