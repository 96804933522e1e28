package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/idtui/idtui/keycloak/kctest"
)

// testCA is a certificate authority made for one test.
type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pem  []byte
}

func newTestCA(t *testing.T, name string) testCA {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: name},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	return testCA{cert: cert, key: key, pem: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}
}

// serverCertificate issues a certificate for 127.0.0.1 and localhost.
func (ca testCA) serverCertificate(t *testing.T) tls.Certificate {
	t.Helper()
	return ca.certificateFor(t, []string{"localhost"}, []net.IP{net.ParseIP("127.0.0.1")}, time.Now().Add(24*time.Hour))
}

// certificateFor issues a server certificate for the given names, valid
// from an hour ago until notAfter.
func (ca testCA) certificateFor(t *testing.T, dnsNames []string, ips []net.IP, notAfter time.Time) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2),
		Subject:      pkix.Name{CommonName: "keycloak.test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     notAfter,
		DNSNames:     dnsNames,
		IPAddresses:  ips,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

// tlsKeycloak puts a TLS endpoint with a certificate of ca in front of the
// test Keycloak and returns its base URL.
func tlsKeycloak(t *testing.T, ca testCA) string {
	t.Helper()
	return tlsKeycloakWith(t, ca.serverCertificate(t))
}

// tlsKeycloakWith puts a TLS endpoint with cert in front of the test
// Keycloak and returns its base URL, at 127.0.0.1.
func tlsKeycloakWith(t *testing.T, cert tls.Certificate) string {
	t.Helper()
	kctest.Require(t)
	target, err := url.Parse(kctest.URL())
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(&url.URL{Scheme: target.Scheme, Host: target.Host})
	srv := httptest.NewUnstartedServer(proxy)
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv.URL + target.Path
}

func TestTLSVerification(t *testing.T) {
	ca := newTestCA(t, "idtui test CA")
	base := tlsKeycloak(t, ca)
	c := newCLI(t)
	c.env[envURL] = base
	caFile := c.writeFile("ca.pem", string(ca.pem), 0o600)
	otherCAFile := c.writeFile("other-ca.pem", string(newTestCA(t, "another CA").pem), 0o600)

	t.Run("unknown CA rejected", func(t *testing.T) {
		r := c.expectCode(exitUnavailable, "apps", "list")
		for _, want := range []string{"certificate authority that this machine does not trust", "--ca-file"} {
			if !strings.Contains(r.stderr, want) {
				t.Errorf("message lacks %q: %s", want, r)
			}
		}
		if r.stdout != "" {
			t.Errorf("stdout = %q", r.stdout)
		}
	})

	t.Run("another CA rejected", func(t *testing.T) {
		c.expectCode(exitUnavailable, "--ca-file", otherCAFile, "apps", "list")
	})

	t.Run("ca-file accepted", func(t *testing.T) {
		var apps []applicationView
		r := c.expectCode(exitOK, "--ca-file", caFile, "apps", "list", "-o", "json")
		r.decode(t, &apps)
		if !containsClient(apps, "zeebe") {
			t.Errorf("list through TLS lacks zeebe: %v", apps)
		}
		if r.stderr != "" {
			t.Errorf("verified TLS printed warnings: %q", r.stderr)
		}
	})

	t.Run("ca-file in the context", func(t *testing.T) {
		c.writeConfig("current-context: tls\ncontexts:\n  - name: tls\n    ca-file: ca.pem\n")
		t.Cleanup(func() { c.writeConfig("") })
		c.writeFile("config/idtui/ca.pem", string(ca.pem), 0o600)
		c.expectCode(exitOK, "apps", "list")
	})

	t.Run("doctor reports the verified certificate", func(t *testing.T) {
		var report doctorView
		c.expectCode(exitOK, "--ca-file", caFile, "doctor", "-o", "json").decode(t, &report)
		tlsCheck := report.Checks[1]
		if tlsCheck.Name != "tls" || tlsCheck.Status != statusOK || !strings.Contains(tlsCheck.Detail, "issued by CN=idtui test CA") {
			t.Errorf("tls check = %+v", tlsCheck)
		}
	})

	t.Run("doctor explains an unknown CA", func(t *testing.T) {
		var report doctorView
		r := c.expectCode(exitUnavailable, "doctor", "-o", "json")
		r.decode(t, &report)
		tlsCheck := report.Checks[1]
		if tlsCheck.Status != statusFail || !strings.Contains(tlsCheck.Fix, "--ca-file") {
			t.Errorf("tls check = %+v", tlsCheck)
		}
		if urlCheck := report.Checks[0]; !strings.Contains(urlCheck.Detail, "the tls check gives the cause") || urlCheck.Fix != "" {
			t.Errorf("url check repeats the tls check: %+v", urlCheck)
		}
	})

	t.Run("skipping verification works and warns", func(t *testing.T) {
		r := c.expectCode(exitOK, "--insecure-skip-tls-verify", "apps", "list")
		if !strings.Contains(r.stderr, "warning: TLS certificate verification is off") {
			t.Errorf("no warning: %s", r)
		}
		var report doctorView
		r = c.expectCode(exitUnavailable, "--insecure-skip-tls-verify", "doctor", "-o", "json")
		r.decode(t, &report)
		if report.Checks[1].Status != statusFail || !strings.Contains(report.Checks[1].Detail, "not verified") {
			t.Errorf("tls check = %+v", report.Checks[1])
		}
	})

	t.Run("invalid CA file", func(t *testing.T) {
		notPEM := c.writeFile("not.pem", "hello", 0o600)
		r := c.expectCode(exitUsage, "--ca-file", notPEM, "apps", "list")
		if !strings.Contains(r.stderr, "holds no PEM certificate") {
			t.Errorf("message: %s", r)
		}
	})
}

func TestPlainHTTPToOtherHostWarns(t *testing.T) {
	c := newOfflineCLI(t)
	c.env[envPassword] = "unused"

	// 192.0.2.0/24 is reserved for documentation, and the command fails at
	// the read-only check before any request, so no packet leaves.
	r := c.run("--url", "http://192.0.2.1/auth", "--readonly", "apps", "delete", "x", "--yes")

	if !strings.Contains(r.stderr, "uses plain http to a host other than this machine") {
		t.Errorf("no warning: %s", r)
	}
	if r.code != exitUnauthorized {
		t.Errorf("exit code %d, want %d", r.code, exitUnauthorized)
	}
}
