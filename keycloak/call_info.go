package keycloak

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"
)

// callInfo describes a call to Keycloak for the message of its failure:
// when it started and which Keycloak it went to. withDeadline puts it in
// the call's context.
type callInfo struct {
	start   time.Time
	baseURL string
	caFile  string // Config.CAFile
	context string // Config.Context
}

type callInfoKey struct{}

func callInfoOf(ctx context.Context) (callInfo, bool) {
	info, ok := ctx.Value(callInfoKey{}).(callInfo)
	return info, ok
}

// timeoutDetail names the Keycloak that did not respond and how long the
// call waited, such as "no response from http://localhost:18080/auth
// within 15s".
func timeoutDetail(ctx context.Context) string {
	info, ok := callInfoOf(ctx)
	deadline, hasDeadline := ctx.Deadline()
	if !ok || !hasDeadline {
		return "no response before the deadline"
	}
	return fmt.Sprintf("no response from %s within %v", info.baseURL, deadline.Sub(info.start).Round(100*time.Millisecond))
}

// timeoutHint is the hint of a call that timed out. The connection may have
// been accepted by a Keycloak that hangs, or dropped on the way.
const timeoutHint = "Check that Keycloak is not overloaded or stuck (its server log shows the requests it works on) and that no firewall drops the connection, then retry"

// devKeycloakHint ends the hint of an unreachable Keycloak at the dev
// address, where the dev Keycloak of scripts/keycloak listens.
const devKeycloakHint = " (scripts/keycloak up starts the dev Keycloak)"

// isDevURL reports whether base is at the address of the dev Keycloak:
// port 18080 of this machine.
func isDevURL(base string) bool {
	u, err := url.Parse(base)
	if err != nil || u.Port() != "18080" {
		return false
	}
	host := u.Hostname()
	ip := net.ParseIP(host)
	return strings.EqualFold(host, "localhost") || ip != nil && ip.IsLoopback()
}

// withDevHint adds devKeycloakHint to the hint of an unreachable Keycloak at
// the dev address.
func withDevHint(hint, baseURL string) string {
	if !isDevURL(baseURL) {
		return hint
	}
	return hint + devKeycloakHint
}
