package keycloak_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/keycloak/kctest"
	"github.com/idtui/idtui/model"
)

// roleMappingRecorder passes every request on to the real Keycloak and
// keeps the bodies sent to role-mapping endpoints.
type roleMappingRecorder struct {
	mu     sync.Mutex
	bodies []recordedRequest
}

type recordedRequest struct {
	method string
	body   []byte
}

func (r *roleMappingRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	if strings.Contains(req.URL.Path, "/role-mappings/clients/") && req.Body != nil {
		body, err := io.ReadAll(req.Body)
		if err != nil {
			return nil, err
		}
		req.Body = io.NopCloser(bytes.NewReader(body))
		r.mu.Lock()
		r.bodies = append(r.bodies, recordedRequest{req.Method, body})
		r.mu.Unlock()
	}
	return http.DefaultTransport.RoundTrip(req)
}

func TestGrantAndRevokeSendRoleIDAndName(t *testing.T) {
	kctest.Require(t)
	recorder := &roleMappingRecorder{}
	cfg := kctest.Config(t)
	cfg.HTTPClient = &http.Client{Transport: recorder}
	c, err := keycloak.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx := kctest.Context(t)
	app, _ := kctest.CreateApplication(t, c, model.TypeM2M, "role-body")
	write := model.Permission{API: "tasklist-api", Role: "write:*"}

	if err := c.GrantPermission(ctx, app.Ref(), write); err != nil {
		t.Fatalf("grant: %v", err)
	}
	if err := c.RevokePermission(ctx, app.Ref(), write); err != nil {
		t.Fatalf("revoke: %v", err)
	}

	recorder.mu.Lock()
	defer recorder.mu.Unlock()
	var methods []string
	for _, r := range recorder.bodies {
		methods = append(methods, r.method)
		var roles []map[string]any
		if err := json.Unmarshal(r.body, &roles); err != nil {
			t.Fatalf("%s body %s: %v", r.method, r.body, err)
		}
		if len(roles) != 1 || roles[0]["name"] != "write:*" || roles[0]["id"] == "" || roles[0]["id"] == nil {
			t.Errorf("%s sent %s, want one role with its id and the name write:*", r.method, r.body)
		}
	}
	if !slices.Equal(methods, []string{http.MethodPost, http.MethodDelete}) {
		t.Errorf("role-mapping requests = %v, want a POST and a DELETE", methods)
	}
}

func TestGrantTwiceAndRevokeUnheld(t *testing.T) {
	c := kctest.Client(t)
	ctx := kctest.Context(t)
	app, _ := kctest.CreateApplication(t, c, model.TypeM2M, "grant-twice")
	read := model.Permission{API: "optimize-api", Role: "read:*"}

	for i := range 2 {
		if err := c.GrantPermission(ctx, app.Ref(), read); err != nil {
			t.Fatalf("grant %d: %v", i+1, err)
		}
	}
	perms, err := c.Permissions(ctx, app.Ref())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(perms, []model.Permission{read}) {
		t.Errorf("permissions after two grants = %v, want one", perms)
	}

	unheld := model.Permission{API: "optimize-api", Role: "write:*"}
	if err := c.RevokePermission(ctx, app.Ref(), unheld); err != nil {
		t.Errorf("revoke of a permission the application does not hold: %v", err)
	}
	if perms, _ := c.Permissions(ctx, app.Ref()); !slices.Equal(perms, []model.Permission{read}) {
		t.Errorf("permissions after revoking an unheld one = %v", perms)
	}
}

func TestGrantPermissionRejections(t *testing.T) {
	c := kctest.Client(t)
	ctx := kctest.Context(t)
	m2m, _ := kctest.CreateApplication(t, c, model.TypeM2M, "grant-bad")
	web, _ := kctest.CreateApplication(t, c, model.TypeConfidential, "grant-web")

	tests := []struct {
		name   string
		ref    model.AppRef
		perm   model.Permission
		kind   error
		detail string
	}{
		{"no service account", web.Ref(), model.Permission{API: "operate-api", Role: "read:*"}, keycloak.ErrInvalid, "has no service account"},
		{"unknown API", m2m.Ref(), model.Permission{API: "it-no-such-api", Role: "read:*"}, keycloak.ErrNotFound, `the API client "it-no-such-api" does not exist`},
		{"unknown role", m2m.Ref(), model.Permission{API: "operate-api", Role: "admin:*"}, keycloak.ErrNotFound, `the API client "operate-api" has no role "admin:*"`},
		{"built-in client", m2m.Ref(), model.Permission{API: "realm-management", Role: "manage-clients"}, keycloak.ErrInvalid, "not an API"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := c.GrantPermission(ctx, tt.ref, tt.perm)

			if !errors.Is(err, tt.kind) {
				t.Fatalf("err = %v, want %v", err, tt.kind)
			}
			var e *keycloak.Error
			if !errors.As(err, &e) || !strings.Contains(e.Detail, tt.detail) || e.Hint == "" {
				t.Errorf("err = %v, want a detail with %q and a hint", err, tt.detail)
			}
		})
	}

	perms, err := c.Permissions(ctx, m2m.Ref())
	if err != nil || len(perms) != 0 {
		t.Errorf("permissions after rejected grants = %v, %v; want none", perms, err)
	}
}
