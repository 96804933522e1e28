package keycloak

import (
	"strings"
)

// explainTransport returns a detail and a hint for a failed connection
// whose cause the operator can fix: an untrusted or mismatched certificate,
// http spoken to an https port or the reverse, or nothing listening. It
// matches the message text because gocloak flattens errors to strings,
// which drops the error chain.
func explainTransport(err error) (detail, hint string, ok bool) {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "certificate signed by unknown authority"):
		return "Keycloak's TLS certificate is signed by a certificate authority that this machine does not trust",
			"Pass the CA certificate that signed it with --ca-file (PEM), or add it to the system's trusted CAs", true
	case strings.Contains(msg, "x509: certificate is valid for"), strings.Contains(msg, "x509: certificate is not valid for any names"):
		return "Keycloak's TLS certificate does not name this host: " + afterLast(msg, "x509: "),
			"Use the host name that the certificate names in the URL", true
	case strings.Contains(msg, "x509: certificate has expired"), strings.Contains(msg, "certificate is not yet valid"):
		return "Keycloak's TLS certificate is outside its validity period: " + afterLast(msg, "x509: "),
			"Renew Keycloak's certificate, and check this machine's clock", true
	case strings.Contains(msg, "server gave HTTP response to HTTPS client"):
		return "Keycloak serves plain http at this address, not https",
			"Use an http:// URL, or point the URL at Keycloak's https port", true
	case strings.Contains(msg, "malformed HTTP response"):
		return "Keycloak answered in TLS to a plain http request",
			"Use an https:// URL for this address", true
	case strings.Contains(msg, "connection refused"):
		return "nothing listens at this address",
			"Check the host and port of the URL, and that Keycloak runs", true
	case strings.Contains(msg, "no such host"):
		return "the host name does not resolve",
			"Check the host name in the URL", true
	}
	return "", "", false
}

func afterLast(s, sep string) string {
	if i := strings.LastIndex(s, sep); i >= 0 {
		return s[i+len(sep):]
	}
	return s
}

// isProtocolMismatch reports whether err is a TLS or http/https failure,
// where "check that Keycloak runs" would send the operator the wrong way.
func isProtocolMismatch(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "x509: ") || strings.Contains(msg, "tls: ") ||
		strings.Contains(msg, "server gave HTTP response to HTTPS client") || strings.Contains(msg, "malformed HTTP response")
}
