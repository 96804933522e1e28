package tokencheck

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/idtui/idtui/model"
)

const devIssuer = "http://localhost:18080/auth/realms/camunda-platform"

// issuedAt is the iat of the tokens these tests build; they expire 300 s later.
var issuedAt = time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)

// m2mToken builds the token the dev realm issues to an application with
// the given permissions: each API with a role is in aud.
func m2mToken(t *testing.T, iss string, perms map[string][]string) Token {
	t.Helper()
	var aud, entries []string
	for api, roles := range perms {
		aud = append(aud, fmt.Sprintf("%q", api))
		entries = append(entries, fmt.Sprintf("%q:[%s]", api, quoteAll(roles)))
	}
	payload := fmt.Sprintf(`{"iss":%q,"iat":%d,"exp":%d,"azp":"billing","aud":[%s],"permissions":{%s}}`,
		iss, issuedAt.Unix(), issuedAt.Add(5*time.Minute).Unix(), strings.Join(aud, ","), strings.Join(entries, ","))
	return decode(t, unsignedToken(`{"alg":"RS256","kid":"k"}`, payload))
}

func quoteAll(items []string) string {
	var quoted []string
	for _, s := range items {
		quoted = append(quoted, fmt.Sprintf("%q", s))
	}
	return strings.Join(quoted, ",")
}

func diagnosisOf(t *testing.T, diagnoses []APIDiagnosis, api model.CamundaAPI) APIDiagnosis {
	t.Helper()
	for _, d := range diagnoses {
		if d.API == api {
			return d
		}
	}
	t.Fatalf("no diagnosis for %s", api.Name)
	return APIDiagnosis{}
}

func checkOf(d APIDiagnosis, name string) Check {
	for _, c := range d.Checks {
		if c.Name == name {
			return c
		}
	}
	return Check{}
}

var verified = &Verification{Verified: true, Alg: "RS256", KeyID: "k"}

func TestDiagnoseZeebeToken(t *testing.T) {
	tok := m2mToken(t, devIssuer, map[string][]string{"zeebe-api": {"write:*"}})
	now := issuedAt.Add(time.Minute)

	diagnoses := Diagnose(tok, Expectations{Issuer: devIssuer, Signature: verified, Now: now})

	if len(diagnoses) != len(model.CamundaAPIs) {
		t.Fatalf("%d diagnoses, want one per API", len(diagnoses))
	}
	zeebe := diagnosisOf(t, diagnoses, model.APIZeebe)
	if !zeebe.Accepted || zeebe.Status != 0 || zeebe.Summary != "Zeebe would accept the token" || len(zeebe.Fixes()) != 0 {
		t.Errorf("Zeebe: %+v", zeebe)
	}
	if got := checkOf(zeebe, CheckPermission).Message; !strings.Contains(got, "write:* on zeebe-api, but not read:*") {
		t.Errorf("permission message = %q", got)
	}
	if got := checkOf(zeebe, CheckExpiry).Message; got != "valid for another 4m, until 2026-12-04 12:05:00 UTC" {
		t.Errorf("expiry message = %q", got)
	}
	if got := checkOf(zeebe, CheckSignature).Message; got != "verified with the realm's key k (RS256)" {
		t.Errorf("signature message = %q", got)
	}
	for _, api := range []model.CamundaAPI{model.APIOperate, model.APITasklist, model.APIOptimize, model.APIIdentity} {
		if d := diagnosisOf(t, diagnoses, api); d.Accepted || d.Status != http.StatusUnauthorized {
			t.Errorf("%s: accepted %v, status %d; want a 401", api.Name, d.Accepted, d.Status)
		}
	}
}

func TestDiagnoseMissingOperateAudience(t *testing.T) {
	tok := m2mToken(t, devIssuer, map[string][]string{"zeebe-api": {"write:*"}})

	d := DiagnoseAPI(tok, model.APIOperate, Expectations{Issuer: devIssuer, Now: issuedAt})

	want := "Operate would reject the token with HTTP 401 Unauthorized: aud lacks operate-api (it holds zeebe-api); " +
		"a missing operate-api audience is the usual reason Operate returns 401"
	if d.Summary != want {
		t.Errorf("summary =\n%s\nwant\n%s", d.Summary, want)
	}
	fixes := d.Fixes()
	if len(fixes) != 1 || !strings.HasPrefix(fixes[0], "Grant the application read:* or write:* on operate-api, then fetch a new token") {
		t.Errorf("fixes = %q, want the one grant that fixes both aud and permissions", fixes)
	}
	if c := checkOf(d, CheckSignature); c.Result != ResultSkipped {
		t.Errorf("signature check without keys = %+v, want skipped", c)
	}
}

func TestDiagnoseAfterGrant(t *testing.T) {
	tok := m2mToken(t, devIssuer, map[string][]string{"operate-api": {"read:*", "write:*"}})

	d := DiagnoseAPI(tok, model.APIOperate, Expectations{Issuer: devIssuer, Signature: verified, Now: issuedAt})

	if !d.Accepted || d.Summary != "Operate would accept the token" {
		t.Errorf("diagnosis = %+v", d)
	}
	for _, c := range d.Checks {
		if c.Result != ResultOK {
			t.Errorf("check %s = %s: %s", c.Name, c.Result, c.Message)
		}
	}
	if got := checkOf(d, CheckPermission).Message; got != "read:* and write:* on operate-api" {
		t.Errorf("permission message = %q", got)
	}
}

func TestDiagnoseAudienceWithoutPermission(t *testing.T) {
	payload := fmt.Sprintf(`{"iss":%q,"exp":%d,"aud":"tasklist-api","permissions":{"tasklist-api":["read:task"]}}`, devIssuer, issuedAt.Add(time.Hour).Unix())
	tok := decode(t, unsignedToken(`{"alg":"RS256"}`, payload))

	d := DiagnoseAPI(tok, model.APITasklist, Expectations{Issuer: devIssuer, Now: issuedAt})

	if d.Accepted || d.Status != http.StatusForbidden {
		t.Fatalf("accepted %v, status %d; want a 403", d.Accepted, d.Status)
	}
	want := "Tasklist would return HTTP 403 Forbidden: the token carries read:task on tasklist-api, but neither read:* nor write:*"
	if d.Summary != want {
		t.Errorf("summary =\n%s\nwant\n%s", d.Summary, want)
	}
}

func TestDiagnoseExpired(t *testing.T) {
	tok := m2mToken(t, devIssuer, map[string][]string{"zeebe-api": {"write:*"}})
	now := issuedAt.Add(8*time.Minute + 5*time.Second)

	d := DiagnoseAPI(tok, model.APIZeebe, Expectations{Issuer: devIssuer, Signature: verified, Now: now})

	c := checkOf(d, CheckExpiry)
	if d.Accepted || c.Result != ResultFailed {
		t.Fatalf("expired token: accepted %v, expiry check %+v", d.Accepted, c)
	}
	if c.Message != "the token expired 3m 5s ago, at 2026-12-04 12:05:00 UTC" {
		t.Errorf("message = %q", c.Message)
	}
	if !strings.Contains(c.Fix, "this client's tokens live 5m (exp - iat)") {
		t.Errorf("fix = %q", c.Fix)
	}
	if !strings.HasPrefix(d.Summary, "Zeebe would reject the token with HTTP 401 or gRPC UNAUTHENTICATED: the token expired") {
		t.Errorf("summary = %q", d.Summary)
	}
}

func TestDiagnoseNotYetValid(t *testing.T) {
	payload := fmt.Sprintf(`{"nbf":%d,"exp":%d,"aud":"zeebe-api","permissions":{"zeebe-api":["write:*"]}}`, issuedAt.Add(2*time.Minute).Unix(), issuedAt.Add(time.Hour).Unix())
	tok := decode(t, unsignedToken(`{"alg":"RS256"}`, payload))

	c := checkOf(DiagnoseAPI(tok, model.APIZeebe, Expectations{Now: issuedAt}), CheckExpiry)

	if c.Result != ResultFailed || !strings.Contains(c.Message, "not valid before 2026-12-04 12:02:00 UTC, 2m from now") || !strings.Contains(c.Fix, "NTP") {
		t.Errorf("check = %+v", c)
	}
}

func TestDiagnoseFailedSignature(t *testing.T) {
	tok := m2mToken(t, devIssuer, map[string][]string{"zeebe-api": {"write:*"}})
	failed := &Verification{Alg: "RS256", KeyID: "k", Reason: "the realm publishes no key with kid k"}

	d := DiagnoseAPI(tok, model.APIZeebe, Expectations{Issuer: devIssuer, Signature: failed, Now: issuedAt})

	if d.Accepted || checkOf(d, CheckSignature).Message != "the signature is not verified: the realm publishes no key with kid k" {
		t.Errorf("diagnosis = %+v", d)
	}
}

func TestDiagnoseIssuer(t *testing.T) {
	tests := []struct {
		name, iss, expected, problem, fix string
	}{
		{"same", devIssuer, devIssuer, "", ""},
		{"trailing slash", devIssuer, devIssuer + "/", "", ""},
		{"loopback names", "http://127.0.0.1:18080/auth/realms/camunda-platform", devIssuer,
			"iss names the host 127.0.0.1:18080, but the API expects localhost:18080", "Fetch tokens through http://localhost:18080/auth"},
		{"in-cluster name", "http://camunda-keycloak:80/auth/realms/camunda-platform", devIssuer,
			"as with localhost and an in-cluster name", "KC_HOSTNAME"},
		{"port", "http://localhost:8080/auth/realms/camunda-platform", devIssuer,
			"iss names the host localhost:8080, but the API expects localhost:18080", "Fetch tokens through"},
		{"realm", "http://localhost:18080/auth/realms/master", devIssuer,
			`the token comes from the realm "master", but the API expects the realm "camunda-platform"`, `Fetch the token from the realm "camunda-platform"`},
		{"base path", "http://localhost:18080/realms/camunda-platform", devIssuer,
			`iss has the path "" before /realms, but the API expects "/auth"`, "http-relative-path"},
		{"scheme", "http://keycloak.example.com/realms/c8", "https://keycloak.example.com/realms/c8",
			"iss uses http, but the API expects https", "X-Forwarded-Proto"},
		{"no iss", "", devIssuer, "the token has no iss", "token endpoint"},
		{"not a URL", "camunda", devIssuer, "iss is camunda, but the API expects " + devIssuer, "Fetch tokens through"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok := decode(t, unsignedToken(`{"alg":"RS256"}`, fmt.Sprintf(`{"iss":%q}`, tt.iss)))

			c := checkOf(DiagnoseAPI(tok, model.APIZeebe, Expectations{Issuer: tt.expected, Now: issuedAt}), CheckIssuer)

			if tt.problem == "" {
				if c.Result != ResultOK {
					t.Errorf("check = %+v, want ok", c)
				}
				return
			}
			if c.Result != ResultFailed || !strings.Contains(c.Message, tt.problem) || !strings.Contains(c.Fix, tt.fix) {
				t.Errorf("check = %+v\nwant message with %q and fix with %q", c, tt.problem, tt.fix)
			}
		})
	}
}

func TestDiagnoseWithoutExpectedIssuer(t *testing.T) {
	tok := m2mToken(t, "http://anywhere/realms/x", map[string][]string{"zeebe-api": {"write:*"}})

	d := DiagnoseAPI(tok, model.APIZeebe, Expectations{Now: issuedAt})

	if c := checkOf(d, CheckIssuer); c.Result != ResultSkipped {
		t.Errorf("issuer check = %+v, want skipped", c)
	}
	if !d.Accepted {
		t.Errorf("skipped checks rejected the token: %+v", d)
	}
}

func TestInspect(t *testing.T) {
	priv, pub := signingKey(t, "RS256")
	keys := jwks(t, joseKey(pub, "k"))
	payload := fmt.Sprintf(`{"iss":%q,"exp":%d,"aud":["zeebe-api","operate-api"],"permissions":{"zeebe-api":["write:*"],"operate-api":["read:*"]}}`, devIssuer, issuedAt.Add(time.Minute).Unix())
	raw := model.Secret(sign(t, "RS256", "k", priv, payload))

	in, err := Inspect(raw, &keys, devIssuer, issuedAt)
	if err != nil {
		t.Fatal(err)
	}

	if in.Signature == nil || !in.Signature.Verified {
		t.Errorf("signature = %+v", in.Signature)
	}
	accepted := in.Accepted()
	if len(accepted) != 2 || accepted[0] != model.APIZeebe || accepted[1] != model.APIOperate {
		t.Errorf("accepted by %v, want Zeebe and Operate", accepted)
	}

	in, err = Inspect(raw, nil, devIssuer, issuedAt)
	if err != nil || in.Signature != nil {
		t.Errorf("without keys: signature %+v, err %v; want no verification", in.Signature, err)
	}
	if _, err := Inspect("not a token", nil, "", issuedAt); err == nil {
		t.Error("Inspect accepted a string that is not a token")
	}
}

func TestDiagnoseUserTokenFixes(t *testing.T) {
	payload := fmt.Sprintf(`{"iss":%q,"iat":%d,"exp":%d,"azp":"operate","aud":["operate-api"],"permissions":{"operate-api":["read:*"]},"preferred_username":"demo"}`,
		devIssuer, issuedAt.Unix(), issuedAt.Add(5*time.Minute).Unix())
	tok := decode(t, unsignedToken(`{"alg":"RS256","kid":"k"}`, payload))
	now := issuedAt.Add(time.Minute)

	tests := []struct {
		holder  Holder
		want    string
		notWant string
	}{
		{HolderApplication, "Grant the application read:* or write:* on zeebe-api", "Grant the user"},
		{HolderUser, "Grant the user demo read:* or write:* on zeebe-api in Keycloak, under Users > demo > Role mapping, then sign in again", "Grant the application"},
	}
	for _, tt := range tests {
		zeebe := diagnosisOf(t, Diagnose(tok, Expectations{Issuer: devIssuer, Signature: verified, Now: now, Holder: tt.holder}), model.APIZeebe)

		fixes := strings.Join(zeebe.Fixes(), "\n")
		if !strings.Contains(fixes, tt.want) || strings.Contains(fixes, tt.notWant) {
			t.Errorf("holder %d: fixes = %q, want %q and not %q", tt.holder, fixes, tt.want, tt.notWant)
		}
		for _, name := range []string{CheckAudience, CheckPermission} {
			if c := checkOf(zeebe, name); !strings.Contains(c.Fix, tt.want) {
				t.Errorf("holder %d: %s fix = %q, want %q", tt.holder, name, c.Fix, tt.want)
			}
		}
	}
}

func TestDiagnoseUserTokenWithoutUsername(t *testing.T) {
	tok := m2mToken(t, devIssuer, map[string][]string{})
	zeebe := diagnosisOf(t, Diagnose(tok, Expectations{Now: issuedAt, Holder: HolderUser}), model.APIZeebe)

	if got := checkOf(zeebe, CheckAudience).Fix; !strings.Contains(got, "Grant the user who signed in read:* or write:* on zeebe-api in Keycloak, under Users > the user > Role mapping") {
		t.Errorf("audience fix = %q", got)
	}
}

func TestInspectAsUser(t *testing.T) {
	payload := fmt.Sprintf(`{"iss":%q,"exp":%d,"preferred_username":"demo"}`, devIssuer, issuedAt.Add(time.Minute).Unix())
	raw := model.Secret(unsignedToken(`{"alg":"RS256","kid":"k"}`, payload))

	in, err := InspectAs(raw, nil, devIssuer, HolderUser, issuedAt)
	if err != nil {
		t.Fatal(err)
	}

	if fixes := in.APIs[0].Fixes(); len(fixes) == 0 || !strings.HasPrefix(fixes[0], "Grant the user demo") {
		t.Errorf("fixes = %q, want the user's grant first", fixes)
	}
}
