package keycloak_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/keycloak/kctest"
	"github.com/idtui/idtui/model"
	"github.com/idtui/idtui/model/tokencheck"
)

// inspect decodes, verifies and diagnoses a token the way the token screen does.
func inspect(t *testing.T, c *keycloak.Client, token model.Secret) tokencheck.Inspection {
	t.Helper()
	keys, err := c.KeySet(kctest.Context(t))
	if err != nil {
		t.Fatalf("fetch the realm's keys: %v", err)
	}
	in, err := tokencheck.Inspect(token, &keys, c.Issuer(), time.Now())
	if err != nil {
		t.Fatalf("inspect the token: %v", err)
	}
	return in
}

func diagnosisFor(t *testing.T, in tokencheck.Inspection, api model.CamundaAPI) tokencheck.APIDiagnosis {
	t.Helper()
	for _, d := range in.APIs {
		if d.API == api {
			return d
		}
	}
	t.Fatalf("no diagnosis for %s", api.Name)
	return tokencheck.APIDiagnosis{}
}

func TestZeebeTokenVerifiesAgainstRealmKeys(t *testing.T) {
	c := kctest.Client(t)
	tok, err := c.ClientCredentialsToken(kctest.Context(t), "zeebe", "zeebe-dev-secret")
	if err != nil {
		t.Fatalf("token for zeebe: %v", err)
	}

	in := inspect(t, c, tok.AccessToken)

	if !in.Token.Claims.HasAudience("zeebe-api") {
		t.Errorf("aud = %v, want zeebe-api in it", in.Token.Claims.Audience)
	}
	if in.Signature == nil || !in.Signature.Verified {
		t.Fatalf("signature = %+v, want verified against the realm's JWKS", in.Signature)
	}
	if in.Token.Header.Kid == "" || in.Signature.KeyID != in.Token.Header.Kid {
		t.Errorf("verified with key %q, token names %q", in.Signature.KeyID, in.Token.Header.Kid)
	}
	if zeebe := diagnosisFor(t, in, model.APIZeebe); !zeebe.Accepted {
		t.Errorf("Zeebe diagnosis: %s %v", zeebe.Summary, zeebe.Checks)
	}
	if operate := diagnosisFor(t, in, model.APIOperate); operate.Accepted || !strings.Contains(operate.Summary, "aud lacks operate-api") {
		t.Errorf("Operate diagnosis: %s", operate.Summary)
	}
}

func TestFetchTestTokenForZeebe(t *testing.T) {
	c := kctest.Client(t)

	tt, err := c.FetchTestToken(kctest.Context(t), model.AppRef{ClientID: "zeebe"})
	if err != nil {
		t.Fatalf("test token: %v", err)
	}

	if tt.Secret.Reveal() != "zeebe-dev-secret" || tt.Application.ClientID != "zeebe" {
		t.Errorf("secret or application wrong: %s, %q", tt.Application.ClientID, tt.Secret.Reveal())
	}
	if tt.TokenURL != c.TokenURL() || tt.Issuer != c.Issuer() {
		t.Errorf("token URL %s, issuer %s", tt.TokenURL, tt.Issuer)
	}
	in := inspect(t, c, tt.Response.AccessToken)
	if got := in.Token.Claims.AuthorizedParty; got != "zeebe" {
		t.Errorf("azp = %q", got)
	}
	if !strings.Contains(tt.Curl().Text().Reveal(), "printf '%s' zeebe-dev-secret | curl") {
		t.Errorf("curl command lacks the secret:\n%s", tt.Curl().Masked())
	}
	if want := "Authorization: Bearer " + tt.Response.AccessToken.Reveal(); tt.Header().Text().Reveal() != want {
		t.Error("the Authorization header does not carry the token")
	}
}

func TestDiagnosisAfterGrantingOperate(t *testing.T) {
	c := kctest.Client(t)
	ctx := kctest.Context(t)
	app, _ := kctest.CreateApplication(t, c, model.TypeM2M, "grant-operate")

	before, err := c.FetchTestToken(ctx, app.Ref())
	if err != nil {
		t.Fatalf("token before the grant: %v", err)
	}
	operate := diagnosisFor(t, inspect(t, c, before.Response.AccessToken), model.APIOperate)
	if operate.Accepted || operate.Status != 401 || !strings.Contains(operate.Summary, "a missing operate-api audience is the usual reason Operate returns 401") {
		t.Errorf("Operate before the grant: %s", operate.Summary)
	}

	readAll := model.Permission{API: "operate-api", Role: "read:*"}
	if err := c.GrantPermission(ctx, app.Ref(), readAll); err != nil {
		t.Fatalf("grant: %v", err)
	}
	perms, err := c.Permissions(ctx, app.Ref())
	if err != nil {
		t.Fatalf("permissions: %v", err)
	}
	if !slices.Equal(perms, []model.Permission{readAll}) {
		t.Errorf("permissions after the grant = %v", perms)
	}

	after, err := c.FetchTestToken(ctx, app.Ref())
	if err != nil {
		t.Fatalf("token after the grant: %v", err)
	}
	in := inspect(t, c, after.Response.AccessToken)
	operate = diagnosisFor(t, in, model.APIOperate)
	if !operate.Accepted {
		t.Errorf("Operate after the grant: %s", operate.Summary)
	}
	if !in.Token.Claims.HasAudience("operate-api") || !slices.Equal(in.Token.Claims.Permissions["operate-api"], []string{"read:*"}) {
		t.Errorf("aud %v, permissions %v; want operate-api with read:*", in.Token.Claims.Audience, in.Token.Claims.Permissions)
	}
	if zeebe := diagnosisFor(t, in, model.APIZeebe); zeebe.Accepted {
		t.Error("Zeebe accepts a token that only holds operate-api")
	}

	if err := c.RevokePermission(ctx, app.Ref(), readAll); err != nil {
		t.Fatalf("revoke: %v", err)
	}
	revoked, err := c.FetchTestToken(ctx, app.Ref())
	if err != nil {
		t.Fatalf("token after the revoke: %v", err)
	}
	if operate := diagnosisFor(t, inspect(t, c, revoked.Response.AccessToken), model.APIOperate); operate.Accepted {
		t.Error("Operate still accepts the token after the revoke")
	}
}

func TestRealmKeySet(t *testing.T) {
	c := kctest.Client(t)

	keys, err := c.KeySet(kctest.Context(t))
	if err != nil {
		t.Fatal(err)
	}

	if keys.Len() == 0 {
		t.Fatal("the realm's JWKS has no usable signing key")
	}
	// Keycloak publishes an RSA-OAEP encryption key beside the signing key.
	if len(keys.Skipped) == 0 || !strings.Contains(keys.Skipped[0].Reason, `is for "enc"`) {
		t.Errorf("skipped keys = %+v, want the encryption key", keys.Skipped)
	}
}

func TestListAPIs(t *testing.T) {
	c := kctest.Client(t)

	apis, err := c.ListAPIs(kctest.Context(t))
	if err != nil {
		t.Fatal(err)
	}

	byID := map[string]model.API{}
	for _, api := range apis {
		byID[api.ClientID] = api
	}
	for _, want := range model.CamundaAPIs {
		api, ok := byID[want.Audience]
		if !ok {
			t.Errorf("%s is missing from %v", want.Audience, apis)
			continue
		}
		if !slices.Equal(api.Roles, model.CamundaRoles) {
			t.Errorf("%s roles = %v, want %v", want.Audience, api.Roles, model.CamundaRoles)
		}
	}
	if _, ok := byID["realm-management"]; ok {
		t.Error("ListAPIs lists realm-management")
	}
	if _, ok := byID["zeebe"]; ok {
		t.Error("ListAPIs lists the M2M application zeebe")
	}
}
