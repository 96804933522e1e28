package model

import (
	"slices"
	"strings"
	"time"
)

// LoopbackRedirectPath is the path of the redirect URI on which idtui
// receives the authorization code, at http://127.0.0.1:PORT with a port
// chosen at random for each sign-in.
const LoopbackRedirectPath = "/idtui/callback"

// LoopbackRedirectURI is the redirect URI that idtui registers on a client
// for its loopback listener. It has no port: Keycloak 26 ignores the port
// of a redirect URI at 127.0.0.1 or [::1], as RFC 8252 section 7.3 requires,
// so this one entry accepts every port.
const LoopbackRedirectURI = "http://127.0.0.1" + LoopbackRedirectPath

// AcceptsLoopbackRedirect reports whether a client with these redirect URIs
// accepts http://127.0.0.1:PORT/idtui/callback for any port. It follows the
// rules of Keycloak 26: an entry matches exactly, or as a prefix when it
// ends in '*'. For a loopback address Keycloak also tries the URI without
// its port.
// Relative entries depend on the client's root URL and count as not
// matching, so the caller offers to add LoopbackRedirectURI instead.
func AcceptsLoopbackRedirect(registered []string) bool {
	const withoutPort = LoopbackRedirectURI
	const portPrefix = "http://127.0.0.1:"
	for _, uri := range registered {
		prefix, wildcard := strings.CutSuffix(uri, "*")
		switch {
		case !wildcard && uri == withoutPort:
			return true
		case wildcard && strings.HasPrefix(withoutPort, prefix):
			return true
		case wildcard && prefix == portPrefix:
			// "http://127.0.0.1:*" matches the URI with its port, whatever
			// the port. A longer prefix would pin some of the port's digits.
			return true
		}
	}
	return false
}

// LoopbackState is the state of LoopbackRedirectURI on an application, as
// idtui's user sign-ins see it.
type LoopbackState int

const (
	// LoopbackAbsent means that the application lacks the entry, though
	// another entry, such as http://127.0.0.1/*, may accept it.
	LoopbackAbsent LoopbackState = iota
	// LoopbackConfigured means that an admin entered it, so idtui never
	// removes it.
	LoopbackConfigured
	// LoopbackInUse means that an idtui sign-in added it and may still be
	// waiting for the person.
	LoopbackInUse
	// LoopbackLeftover means that an idtui sign-in added it and ended
	// without removing it, as after a SIGKILL.
	LoopbackLeftover
)

// LoopbackRedirect returns the state of LoopbackRedirectURI on the
// application at now.
func (a Application) LoopbackRedirect(now time.Time) LoopbackState {
	switch {
	case !slices.Contains(a.RedirectURIs, LoopbackRedirectURI):
		return LoopbackAbsent
	case len(a.LoopbackLeases) == 0:
		return LoopbackConfigured
	case len(ActiveLeases(a.LoopbackLeases, now)) > 0:
		return LoopbackInUse
	}
	return LoopbackLeftover
}

// ActiveLeases returns the leases that end after now.
func ActiveLeases(leases []time.Time, now time.Time) []time.Time {
	var active []time.Time
	for _, lease := range leases {
		if lease.After(now) {
			active = append(active, lease)
		}
	}
	return active
}
