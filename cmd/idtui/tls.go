package main

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net/http"
	"os"
)

// newHTTPClient returns the HTTP client for Keycloak: TLS verification on,
// with the CA of --ca-file trusted besides the system's, or verification off
// with --insecure-skip-tls-verify.
func newHTTPClient(s Settings) (*http.Client, error) {
	tlsConfig := &tls.Config{MinVersion: tls.VersionTLS12}

	if s.CAFile.Value != "" {
		pool, err := certPoolWith(s.CAFile.Value)
		if err != nil {
			return nil, usageError{fmt.Errorf("%s (%s): %w", s.CAFile.Value, s.CAFile.Origin, err)}
		}
		tlsConfig.RootCAs = pool
	}
	if s.InsecureSkipTLSVerify.Value {
		tlsConfig.InsecureSkipVerify = true
	}

	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.TLSClientConfig = tlsConfig
	return &http.Client{Transport: transport}, nil
}

// certPoolWith returns the system's CA certificates plus those of the PEM
// file at path.
func certPoolWith(path string) (*x509.CertPool, error) {
	pem, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read the CA file: %w", err)
	}
	pool, err := x509.SystemCertPool()
	if err != nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("the CA file holds no PEM certificate; expected one or more \"-----BEGIN CERTIFICATE-----\" blocks")
	}
	return pool, nil
}
