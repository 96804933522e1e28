package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// adminAPI is a minimal client of Keycloak's admin REST API, built on
// net/http and encoding/json alone. The seeder uses it, and the listing
// benchmark uses it as the floor: no library between the program and
// Keycloak.
type adminAPI struct {
	base     string // such as http://localhost:18080/auth
	username string
	password string
	http     *http.Client

	mu      sync.Mutex
	token   string
	renewAt time.Time
}

// newAdminAPI returns a client with a transport of its own, so that no
// connection is shared with another client of the same run.
func newAdminAPI(base, username, password string) *adminAPI {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	return &adminAPI{
		base:     strings.TrimRight(base, "/"),
		username: username,
		password: password,
		http:     &http.Client{Transport: transport},
	}
}

// close drops the idle connections of the client's transport.
func (a *adminAPI) close() { a.http.CloseIdleConnections() }

// requireLoopback rejects a base URL whose host is not a loopback address:
// the bench creates realms with thousands of clients and must never do so
// on a shared server by mistake.
func requireLoopback(base string) error {
	u, err := url.Parse(base)
	if err != nil {
		return fmt.Errorf("invalid Keycloak URL %q: %w", base, err)
	}
	host := u.Hostname()
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("Keycloak URL %q is not on a loopback address; the bench runs only against a local Keycloak such as http://localhost:18080/auth", base)
}

// accessToken returns a master admin token, logging in again when the
// current one is within 15 s of its expiry. Admin tokens in master live
// 60 s, and a long seeding outlives several.
func (a *adminAPI) accessToken(ctx context.Context) (string, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.token != "" && time.Now().Before(a.renewAt) {
		return a.token, nil
	}

	form := url.Values{
		"grant_type": {"password"},
		"client_id":  {"admin-cli"},
		"username":   {a.username},
		"password":   {a.password},
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.base+"/realms/master/protocol/openid-connect/token", strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := a.http.Do(req)
	if err != nil {
		return "", fmt.Errorf("log in to %s as %s: %w", a.base, a.username, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("log in to %s as %s: %s; check KEYCLOAK_ADMIN_USERNAME and KEYCLOAK_ADMIN_PASSWORD", a.base, a.username, statusAndBody(resp))
	}

	var tok struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil {
		return "", fmt.Errorf("read the login response of %s: %w", a.base, err)
	}
	a.token = tok.AccessToken
	a.renewAt = time.Now().Add(time.Duration(tok.ExpiresIn)*time.Second - 15*time.Second)
	return a.token, nil
}

// errNotFound marks a 404 response of the admin API.
var errNotFound = errors.New("not found")

// do sends one admin API request to path, such as /realms/bench-1000, with
// body encoded as JSON, unless nil, and decodes the response into out, unless
// nil. A 404 wraps errNotFound.
func (a *adminAPI) do(ctx context.Context, method, path string, body, out any) error {
	token, err := a.accessToken(ctx)
	if err != nil {
		return err
	}

	var reader io.Reader
	if body != nil {
		encoded, err := json.Marshal(body)
		if err != nil {
			return err
		}
		reader = bytes.NewReader(encoded)
	}
	req, err := http.NewRequestWithContext(ctx, method, a.base+"/admin"+path, reader)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}

	resp, err := a.http.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotFound {
		return fmt.Errorf("%s %s: %w", method, path, errNotFound)
	}
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s %s: %s", method, path, statusAndBody(resp))
	}
	if out == nil {
		_, err = io.Copy(io.Discard, resp.Body)
		return err
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("%s %s: decode the response: %w", method, path, err)
	}
	return nil
}

// statusAndBody returns the status line and the start of the body, which
// holds Keycloak's error message.
func statusAndBody(resp *http.Response) string {
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	return strings.TrimSpace(resp.Status + " " + string(b))
}
