package main

import (
	"net"
	"strings"
	"testing"
	"time"
)

// The TLS failures below all fail safely; these tests check that each
// message names the cause once and the fix that applies.

func TestTLSWrongCAFileNamed(t *testing.T) {
	base := tlsKeycloak(t, newTestCA(t, "idtui test CA"))
	c := newCLI(t)
	c.env[envURL] = base
	otherCAFile := c.writeFile("other-ca.pem", string(newTestCA(t, "another CA").pem), 0o600)

	r := c.expectCode(exitUnavailable, "--ca-file", otherCAFile, "apps", "list")

	if !strings.Contains(r.stderr, "The CA file does not match Keycloak's certificate: put the CA certificate that signed it into "+otherCAFile) {
		t.Errorf("message does not name the CA file that does not match: %s", r)
	}
	if strings.Contains(r.stderr, "with --ca-file") {
		t.Errorf("message advises --ca-file, which was given: %s", r)
	}
}

func TestTLSUnknownCANamesContextKey(t *testing.T) {
	base := tlsKeycloak(t, newTestCA(t, "idtui test CA"))
	c := newCLI(t)
	delete(c.env, envURL)
	c.writeConfig("current-context: tls\ncontexts:\n  - name: tls\n    url: " + base + "\n")

	r := c.expectCode(exitUnavailable, "apps", "list")
	if !strings.Contains(r.stderr, "--ca-file (PEM) or ca-file in the context tls") {
		t.Errorf("message does not name the context key ca-file: %s", r)
	}

	var report doctorView
	c.expectCode(exitUnavailable, "doctor", "-o", "json").decode(t, &report)
	if fix := report.Checks[1].Fix; !strings.Contains(fix, "ca-file in the context tls") {
		t.Errorf("doctor's tls fix = %q, want the context key ca-file", fix)
	}
}

func TestTLSCertificateWithoutIPSAN(t *testing.T) {
	ca := newTestCA(t, "idtui test CA")
	base := tlsKeycloakWith(t, ca.certificateFor(t, []string{"localhost"}, nil, time.Now().Add(24*time.Hour)))
	c := newCLI(t)
	c.env[envURL] = base
	caFile := c.writeFile("ca.pem", string(ca.pem), 0o600)

	r := c.expectCode(exitUnavailable, "--ca-file", caFile, "apps", "list")

	if !strings.Contains(r.stderr, "names no IP address") || !strings.Contains(r.stderr, "Use the host name that the certificate names") {
		t.Errorf("message does not explain the missing IP SAN: %s", r)
	}
	if strings.Contains(r.stderr, "Check that Keycloak runs") {
		t.Errorf("message blames a stopped Keycloak: %s", r)
	}

	var report doctorView
	c.expectCode(exitUnavailable, "--ca-file", caFile, "doctor", "-o", "json").decode(t, &report)
	if fix := report.Checks[1].Fix; !strings.Contains(fix, "Use the host name that the certificate names") {
		t.Errorf("doctor's tls fix = %q, want the host name", fix)
	}
}

func TestTLSCauseAppearsOnce(t *testing.T) {
	ca := newTestCA(t, "idtui test CA")
	for _, tt := range []struct {
		name  string
		names []string
		ips   []net.IP
		until time.Time
		cause string
	}{
		{"host name mismatch", []string{"keycloak.example.com"}, nil, time.Now().Add(24 * time.Hour), "certificate is valid for keycloak.example.com, not localhost"},
		{"expired", []string{"localhost"}, nil, time.Now().Add(-time.Minute), "current time "},
	} {
		t.Run(tt.name, func(t *testing.T) {
			base := tlsKeycloakWith(t, ca.certificateFor(t, tt.names, tt.ips, tt.until))
			c := newCLI(t)
			c.env[envURL] = strings.Replace(base, "127.0.0.1", "localhost", 1)
			caFile := c.writeFile("ca.pem", string(ca.pem), 0o600)

			r := c.expectCode(exitUnavailable, "--ca-file", caFile, "apps", "list")

			if n := strings.Count(r.stderr, tt.cause); n != 1 {
				t.Errorf("the cause %q appears %d times, want once: %s", tt.cause, n, r)
			}
		})
	}
}

func TestHTTPToTLSPortSuggestsHTTPS(t *testing.T) {
	base := tlsKeycloak(t, newTestCA(t, "idtui test CA"))
	plain := strings.Replace(base, "https://", "http://", 1)
	c := newCLI(t)
	c.env[envURL] = plain

	r := c.expectCode(exitUnavailable, "apps", "list")
	if !strings.Contains(r.stderr, "Use the URL "+base) {
		t.Errorf("message does not suggest %s: %s", base, r)
	}

	var report doctorView
	c.expectCode(exitUnavailable, "doctor", "-o", "json").decode(t, &report)
	if fix := report.Checks[0].Fix; !strings.Contains(fix, "Use the URL "+base) {
		t.Errorf("doctor's url fix = %q, want %s", fix, base)
	}
}
