package tokencheck

import (
	"fmt"
	"net/url"
	"strings"
)

// compareIssuer returns "" when iss equals the expected issuer, and
// otherwise the difference and its fix. Keycloak writes into iss the scheme,
// host and port that the token request was sent to, unless its hostname
// option fixes them. So a token fetched through localhost fails at an API
// configured with 127.0.0.1 or with an in-cluster host name.
func compareIssuer(iss, expected string) (problem, fix string) {
	iss = strings.TrimRight(iss, "/")
	expected = strings.TrimRight(expected, "/")
	if iss == expected {
		return "", ""
	}
	if iss == "" {
		return "the token has no iss", "Fetch the token from Keycloak's token endpoint, which always sets iss"
	}

	got, errGot := url.Parse(iss)
	want, errWant := url.Parse(expected)
	sameOrigin := errGot == nil && errWant == nil && got.Scheme == want.Scheme && got.Host == want.Host
	fixHost := fmt.Sprintf("Fetch tokens through %s, the URL the API's issuer setting names, or set Keycloak's hostname option (KC_HOSTNAME) so that every token carries one issuer", originOf(expected))

	switch {
	case errGot != nil || errWant != nil || got.Host == "" || want.Host == "":
		return fmt.Sprintf("iss is %s, but the API expects %s", iss, expected), fixHost
	case got.Scheme != want.Scheme && got.Host == want.Host:
		return fmt.Sprintf("iss uses %s, but the API expects %s (%s)", got.Scheme, want.Scheme, expected),
			"A proxy that ends TLS must pass X-Forwarded-Proto to Keycloak (KC_PROXY_HEADERS=xforwarded), or fetch tokens with the scheme the API expects"
	case !sameOrigin && isLoopback(got.Hostname()) && isLoopback(want.Hostname()):
		return fmt.Sprintf("iss names the host %s, but the API expects %s (%s); both are this machine, but the names differ, and an API compares them as text", got.Host, want.Host, expected), fixHost
	case !sameOrigin:
		return fmt.Sprintf("iss names the host %s, but the API expects %s (%s); a token fetched through one host name fails at an API configured with another, as with localhost and an in-cluster name", got.Host, want.Host, expected), fixHost
	}

	gotBase, gotRealm := splitRealm(got.Path)
	wantBase, wantRealm := splitRealm(want.Path)
	if gotRealm != wantRealm {
		return fmt.Sprintf("the token comes from the realm %q, but the API expects the realm %q (%s)", gotRealm, wantRealm, expected),
			fmt.Sprintf("Fetch the token from the realm %q, or point the API at the realm %q", wantRealm, gotRealm)
	}
	if gotBase != wantBase {
		return fmt.Sprintf("iss has the path %q before /realms, but the API expects %q (%s)", gotBase, wantBase, expected),
			"Use the same Keycloak base path (with or without /auth) in the API's issuer setting as in Keycloak's http-relative-path"
	}
	return fmt.Sprintf("iss is %s, but the API expects %s", iss, expected), fixHost
}

// splitRealm splits an issuer path such as /auth/realms/camunda-platform
// into the base path and the realm.
func splitRealm(path string) (base, realm string) {
	base, realm, found := strings.Cut(path, "/realms/")
	if !found {
		return path, ""
	}
	return base, realm
}

func originOf(issuer string) string {
	u, err := url.Parse(issuer)
	if err != nil || u.Host == "" {
		return issuer
	}
	base, _ := splitRealm(u.Path)
	return u.Scheme + "://" + u.Host + base
}

func isLoopback(host string) bool {
	return host == "localhost" || host == "::1" || strings.HasPrefix(host, "127.")
}
