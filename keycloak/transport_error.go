package keycloak

import (
	"context"
	"crypto/tls"
	"net"
	"net/url"
	"strings"
	"time"
)

// explainTransport returns a detail and a hint for a failed connection
// whose cause the operator can fix: an untrusted or mismatched certificate,
// http spoken to an https port or the reverse, or nothing listening. It
// matches the message text because gocloak flattens errors to strings,
// which drops the error chain. The caller appends the cause to the detail.
func explainTransport(err error, info callInfo) (detail, hint string, ok bool) {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "certificate signed by unknown authority"):
		if info.caFile != "" {
			return "Keycloak's TLS certificate is signed by a certificate authority that neither the CA file " + info.caFile + " nor this machine trusts",
				"The CA file does not match Keycloak's certificate: put the CA certificate that signed it into " + info.caFile + ", or point " + caFileSetting(info) + " at the right file", true
		}
		return "Keycloak's TLS certificate is signed by a certificate authority that this machine does not trust",
			"Pass the CA certificate that signed it with " + caFileSetting(info) + ", or add it to the system's trusted CAs", true
	case strings.Contains(msg, "x509: certificate is valid for"), strings.Contains(msg, "x509: certificate is not valid for any names"):
		return "Keycloak's TLS certificate does not name this host",
			"Use the host name that the certificate names in the URL", true
	case strings.Contains(msg, "doesn't contain any IP SANs"):
		return "Keycloak's TLS certificate names no IP address, and the URL reaches Keycloak by IP address",
			"Use the host name that the certificate names in the URL, or add the IP address to the certificate's subject alternative names", true
	case strings.Contains(msg, "x509: certificate has expired"), strings.Contains(msg, "certificate is not yet valid"):
		return "Keycloak's TLS certificate is outside its validity period",
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

// caFileSetting names where the operator sets a CA file: the flag, and the
// context key when the run has a context.
func caFileSetting(info callInfo) string {
	if info.context == "" {
		return "--ca-file (PEM)"
	}
	return "--ca-file (PEM) or ca-file in the context " + info.context
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

// httpsURL returns base with https:// when base is an http:// URL whose
// port completes a TLS handshake, so that a server which rejects plain
// http, or returns an error page for it, gets the right fix. The handshake
// skips verification because it only tests whether the port speaks TLS,
// and it sends no request. It returns "" otherwise.
func httpsURL(ctx context.Context, base string) string {
	u, err := url.Parse(base)
	if err != nil || u.Scheme != "http" {
		return ""
	}
	host := u.Host
	if u.Port() == "" {
		host = net.JoinHostPort(u.Hostname(), "80")
	}

	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	dialer := &tls.Dialer{Config: &tls.Config{InsecureSkipVerify: true, ServerName: u.Hostname()}} //nolint:gosec // only tests whether the port speaks TLS
	conn, err := dialer.DialContext(ctx, "tcp", host)
	if err != nil {
		return ""
	}
	conn.Close()
	u.Scheme = "https"
	return u.String()
}
