package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/idtui/idtui/keycloak/kctest"
)

// failingKeycloak puts a proxy in front of the test Keycloak that returns
// status for the client list and passes every other request on, so that
// the admin login works as with Keycloak itself.
func failingKeycloak(t *testing.T, status int) string {
	t.Helper()
	return proxyKeycloak(t, func(w http.ResponseWriter, r *http.Request, keycloak http.Handler) {
		if !strings.HasSuffix(r.URL.Path, "/admin/realms/"+kctest.Realm+"/clients") {
			keycloak.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(`{"error":"unknown_error"}`))
	})
}

func TestServerErrorExitCode(t *testing.T) {
	tests := []struct {
		status int
		code   int
		want   string
	}{
		{500, exitFailure, "server error (HTTP 500): unknown_error. Keycloak failed on the request; its server log says why"},
		{503, exitUnavailable, "unavailable (HTTP 503)"},
		{504, exitUnavailable, "unavailable (HTTP 504)"},
	}
	for _, tt := range tests {
		t.Run(http.StatusText(tt.status), func(t *testing.T) {
			c := newCLI(t)
			c.env[envURL] = failingKeycloak(t, tt.status)

			r := c.expectCode(tt.code, "apps", "list")

			if !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr = %q, want it to contain %q", r.stderr, tt.want)
			}
		})
	}
}

func TestCreateM2MClientIDTooLong(t *testing.T) {
	c := newCLI(t)
	id := kctest.UniqueID("long")
	id += strings.Repeat("x", 240-len(id))

	r := c.expectCode(exitUsage, "apps", "create", id, "--type", "m2m")

	for _, part := range []string{"over the maximum of 239 for an M2M application", "service-account-<client id>"} {
		if !strings.Contains(r.stderr, part) {
			t.Errorf("stderr = %q, want it to contain %q", r.stderr, part)
		}
	}
}
