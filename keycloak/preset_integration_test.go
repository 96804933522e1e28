package keycloak_test

import (
	"encoding/base64"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/idtui/idtui/keycloak/kctest"
	"github.com/idtui/idtui/model"
)

// The dev realm's preset applications, as testdata/realm-camunda-platform.json defines them.
func TestPresetApplications(t *testing.T) {
	c := kctest.Client(t)
	all, err := c.AllApplications(kctest.Context(t))
	if err != nil {
		t.Fatalf("list: %v", err)
	}
	types := map[string]model.AppType{}
	for _, app := range all {
		types[app.ClientID] = app.Type
	}

	want := map[string]model.AppType{
		"camunda-identity": model.TypeConfidential, "operate": model.TypeConfidential,
		"tasklist": model.TypeConfidential, "optimize": model.TypeConfidential,
		"web-modeler": model.TypePublic, "console": model.TypePublic,
		"zeebe": model.TypeM2M, "connectors": model.TypeM2M,
		"zeebe-api": model.TypeAPI, "operate-api": model.TypeAPI, "tasklist-api": model.TypeAPI,
		"optimize-api": model.TypeAPI, "camunda-identity-resource-server": model.TypeAPI,
		"account": model.TypeBuiltIn, "admin-cli": model.TypeBuiltIn, "realm-management": model.TypeBuiltIn,
	}
	for clientID, typ := range want {
		got, ok := types[clientID]
		if !ok {
			t.Errorf("%s is missing", clientID)
			continue
		}
		if got != typ {
			t.Errorf("%s type = %v, want %v", clientID, got, typ)
		}
	}
}

func TestZeebeTokenHasZeebeAudience(t *testing.T) {
	c := kctest.Client(t)
	ctx := kctest.Context(t)

	tok, err := c.ClientCredentialsToken(ctx, "zeebe", "zeebe-dev-secret")
	if err != nil {
		t.Fatalf("token for zeebe: %v", err)
	}
	claims := payload(t, tok.AccessToken)

	if !slices.Contains(audience(claims["aud"]), "zeebe-api") {
		t.Errorf("aud = %v, want zeebe-api in it", claims["aud"])
	}
	perms, _ := claims["permissions"].(map[string]any)
	if roles, _ := perms["zeebe-api"].([]any); !slices.Contains(roles, any("write:*")) {
		t.Errorf("permissions = %v, want write:* on zeebe-api", claims["permissions"])
	}
	if claims["iss"] != c.Issuer() {
		t.Errorf("iss = %v, want %s", claims["iss"], c.Issuer())
	}

	got, err := c.Permissions(ctx, model.AppRef{ClientID: "zeebe"})
	if err != nil {
		t.Fatalf("permissions of zeebe: %v", err)
	}
	if want := []model.Permission{{API: "zeebe-api", Role: "write:*"}}; !slices.Equal(got, want) {
		t.Errorf("permissions of zeebe = %v, want %v", got, want)
	}
}

// payload decodes a JWT's claims without checking the signature.
func payload(t *testing.T, token model.Secret) map[string]any {
	t.Helper()
	parts := strings.Split(token.Reveal(), ".")
	if len(parts) != 3 {
		t.Fatalf("token has %d parts, want 3", len(parts))
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatalf("decode payload: %v", err)
	}
	var claims map[string]any
	if err := json.Unmarshal(raw, &claims); err != nil {
		t.Fatalf("parse payload: %v", err)
	}
	return claims
}

// audience reads aud, which Keycloak writes as a string for one audience and an array for several.
func audience(aud any) []string {
	switch v := aud.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, a := range v {
			if s, ok := a.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}
