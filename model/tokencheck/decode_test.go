package tokencheck

import (
	"encoding/base64"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

// zeebePayload is the payload of a token that the dev realm issued to zeebe,
// as Keycloak 26.7.3 wrote it.
const zeebePayload = `{"exp":1796415013,"iat":1796414713,"jti":"trrtcc:31083c0b-b78a-3358-b392-d7670ed8b77f",` +
	`"iss":"http://localhost:18080/auth/realms/camunda-platform","aud":"zeebe-api",` +
	`"sub":"13104422-b12d-4a51-b289-a7012eba847e","typ":"Bearer","azp":"zeebe","acr":"1",` +
	`"resource_access":{"zeebe-api":{"roles":["write:*"]}},"scope":"profile email","email_verified":false,` +
	`"permissions":{"zeebe-api":["write:*"]},"preferred_username":"service-account-zeebe"}`

const zeebeHeader = `{"alg":"RS256","typ" : "JWT","kid" : "pDYW0J5V0m_8pl7T6S1VQ1ywOsgllVHQE1cBzgwgXFk"}`

// unsignedToken joins a header and a payload with a signature that no key made.
func unsignedToken(header, payload string) string {
	enc := base64.RawURLEncoding
	return enc.EncodeToString([]byte(header)) + "." + enc.EncodeToString([]byte(payload)) + "." + enc.EncodeToString([]byte("not a signature"))
}

func TestDecodeKeycloakToken(t *testing.T) {
	tok, err := Decode(unsignedToken(zeebeHeader, zeebePayload))
	if err != nil {
		t.Fatal(err)
	}

	if tok.Header != (Header{Alg: "RS256", Kid: "pDYW0J5V0m_8pl7T6S1VQ1ywOsgllVHQE1cBzgwgXFk", Typ: "JWT"}) {
		t.Errorf("header = %+v", tok.Header)
	}
	c := tok.Claims
	if c.Issuer != "http://localhost:18080/auth/realms/camunda-platform" || c.Subject != "13104422-b12d-4a51-b289-a7012eba847e" || c.AuthorizedParty != "zeebe" {
		t.Errorf("iss, sub, azp = %q, %q, %q", c.Issuer, c.Subject, c.AuthorizedParty)
	}
	if !slices.Equal(c.Audience, []string{"zeebe-api"}) {
		t.Errorf("aud = %v, want [zeebe-api] from a string", c.Audience)
	}
	if !slices.Equal(c.Scopes(), []string{"profile", "email"}) {
		t.Errorf("scopes = %v", c.Scopes())
	}
	if !slices.Equal(c.Permissions["zeebe-api"], []string{"write:*"}) || len(c.Permissions) != 1 {
		t.Errorf("permissions = %v", c.Permissions)
	}
	if !c.IssuedAt.Equal(time.Unix(1796414713, 0)) || !c.ExpiresAt.Equal(time.Unix(1796415013, 0)) {
		t.Errorf("iat, exp = %v, %v", c.IssuedAt, c.ExpiresAt)
	}
	if !c.NotBefore.IsZero() {
		t.Errorf("nbf = %v, want zero when absent", c.NotBefore)
	}
	for _, name := range []string{"jti", "typ", "acr", "resource_access", "email_verified", "preferred_username"} {
		if _, ok := c.Other[name]; !ok {
			t.Errorf("Other lacks %s", name)
		}
	}
	for _, name := range []string{"iss", "aud", "exp", "permissions", "azp", "scope"} {
		if _, ok := c.Other[name]; ok {
			t.Errorf("Other holds %s, which has a field", name)
		}
	}
	if string(tok.PayloadJSON) != zeebePayload {
		t.Errorf("payload JSON changed:\n%s", tok.PayloadJSON)
	}
	if lifetime, _ := tok.Lifetime(); lifetime != 5*time.Minute {
		t.Errorf("lifetime = %v, want 5m", lifetime)
	}
}

func TestDecodeAudienceArray(t *testing.T) {
	payload := `{"aud":["operate-api","zeebe-api"],"permissions":{"operate-api":["read:*"],"zeebe-api":"write:*"}}`
	tok, err := Decode(unsignedToken(`{"alg":"ES256"}`, payload))
	if err != nil {
		t.Fatal(err)
	}

	if !slices.Equal(tok.Claims.Audience, []string{"operate-api", "zeebe-api"}) {
		t.Errorf("aud = %v", tok.Claims.Audience)
	}
	if !tok.Claims.HasAudience("operate-api") || tok.Claims.HasAudience("tasklist-api") {
		t.Errorf("HasAudience is wrong for %v", tok.Claims.Audience)
	}
	if !slices.Equal(tok.Claims.Permissions["zeebe-api"], []string{"write:*"}) {
		t.Errorf("a single role written as a string = %v, want [write:*]", tok.Claims.Permissions["zeebe-api"])
	}
}

func TestDecodeAcceptsPastedForms(t *testing.T) {
	raw := unsignedToken(zeebeHeader, zeebePayload)
	parts := strings.Split(raw, ".")
	padded := parts[0] + strings.Repeat("=", (4-len(parts[0])%4)%4) + "." + parts[1] + "." + parts[2]

	for name, input := range map[string]string{
		"bearer header value": "Bearer " + raw,
		"lower-case bearer":   "bearer " + raw,
		"surrounding space":   "\n  " + raw + "\n",
		"padded header":       padded,
	} {
		tok, err := Decode(input)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if tok.Claims.AuthorizedParty != "zeebe" {
			t.Errorf("%s: azp = %q", name, tok.Claims.AuthorizedParty)
		}
	}
}

func TestDecodeExpiredToken(t *testing.T) {
	tok, err := Decode(unsignedToken(zeebeHeader, zeebePayload))
	if err != nil {
		t.Fatal(err)
	}
	exp := time.Unix(1796415013, 0)

	if got := tok.ExpiryText(exp.Add(3*time.Minute + 5*time.Second)); got != "expired 3m 5s ago" {
		t.Errorf("three minutes after exp: %q", got)
	}
	if !tok.Expired(exp) {
		t.Error("not expired at exp")
	}
	if got := tok.ExpiryText(exp.Add(-252 * time.Second)); got != "expires in 4m 12s" {
		t.Errorf("before exp: %q", got)
	}
	if got := tok.ExpiryText(exp.Add(300 * time.Millisecond)); got != "expired just now" {
		t.Errorf("just after exp: %q", got)
	}
}

func TestDecodeKeepsUnusualClaimsRaw(t *testing.T) {
	payload := `{"permissions":["read:*"],"azp":7,"scope":null,"sub":null,"iat":1.5,"custom":{"a":[1,2]}}`
	tok, err := Decode(unsignedToken(`{"alg":"RS256"}`, payload))
	if err != nil {
		t.Fatal(err)
	}

	for name, want := range map[string]string{"permissions": `["read:*"]`, "azp": "7", "scope": "null", "sub": "null", "custom": `{"a":[1,2]}`} {
		if got := string(tok.Claims.Other[name]); got != want {
			t.Errorf("Other[%s] = %s, want %s", name, got, want)
		}
	}
	if tok.Claims.Permissions != nil || tok.Claims.AuthorizedParty != "" {
		t.Errorf("claims of unusual shape were decoded: %+v", tok.Claims)
	}
	if want := time.Unix(1, 5e8); !tok.Claims.IssuedAt.Equal(want) {
		t.Errorf("iat = %v, want %v", tok.Claims.IssuedAt, want)
	}
}

func TestDecodeNoExpiry(t *testing.T) {
	tok, err := Decode(unsignedToken(`{"alg":"none"}`, `{"sub":"x"}`))
	if err != nil {
		t.Fatal(err)
	}
	if tok.Expired(time.Now()) {
		t.Error("a token without exp expired")
	}
	if got := tok.ExpiryText(time.Now()); got != "never expires (no exp claim)" {
		t.Errorf("ExpiryText = %q", got)
	}
}

func TestDecodeMalformed(t *testing.T) {
	enc := base64.RawURLEncoding.EncodeToString
	okHeader, okPayload := enc([]byte(`{"alg":"RS256"}`)), enc([]byte(`{"sub":"x"}`))
	tests := []struct {
		name, input, part, reason string
	}{
		{"empty", "  ", "token", "is empty"},
		{"bearer only", "Bearer ", "token", "has 1 part separated"},
		{"two parts", okHeader + "." + okPayload, "token", "has 2 parts"},
		{"encrypted", "a.b.c.d.e", "token", "encrypted token (JWE)"},
		{"header not base64url", "!!!." + okPayload + ".c2ln", "header", `invalid character '!' at offset 0`},
		{"standard base64", okHeader + "." + okPayload + "+/." + "c2ln", "payload", "'+' and '/' instead of '-' and '_'"},
		{"bad length", okHeader + ".a.c2ln", "payload", "length"},
		{"header not JSON", enc([]byte("hello")) + "." + okPayload + ".c2ln", "header", "is not a JSON object"},
		{"header array", enc([]byte(`["alg"]`)) + "." + okPayload + ".c2ln", "header", "is not a JSON object"},
		{"header truncated", enc([]byte(`{"alg":"RS`)) + "." + okPayload + ".c2ln", "header", "is not valid JSON"},
		{"no alg", enc([]byte(`{"typ":"JWT"}`)) + "." + okPayload + ".c2ln", "header", "has no alg"},
		{"alg a number", enc([]byte(`{"alg":256}`)) + "." + okPayload + ".c2ln", "header", "has alg 256, but it must be a string"},
		{"payload not JSON", okHeader + "." + enc([]byte("plain text")) + ".c2ln", "payload", "is not a JSON object"},
		{"exp a string", okHeader + "." + enc([]byte(`{"exp":"soon"}`)) + ".c2ln", "claim exp", `is "soon", but it must be a number`},
		{"exp negative", okHeader + "." + enc([]byte(`{"exp":-1}`)) + ".c2ln", "claim exp", "between 1970 and 9999"},
		{"exp too large", okHeader + "." + enc([]byte(`{"exp":1e300}`)) + ".c2ln", "claim exp", "between 1970 and 9999"},
		{"aud a number", okHeader + "." + enc([]byte(`{"aud":5}`)) + ".c2ln", "claim aud", "a string or an array of strings"},
		{"iss an object", okHeader + "." + enc([]byte(`{"iss":{}}`)) + ".c2ln", "claim iss", "must be a string"},
		{"signature not base64url", okHeader + "." + okPayload + ".a*b", "signature", "invalid character '*'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode(tt.input)
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("err = %v, want a *DecodeError", err)
			}
			if de.Part != tt.part {
				t.Errorf("part = %q, want %q (%v)", de.Part, tt.part, err)
			}
			if !strings.Contains(de.Reason, tt.reason) {
				t.Errorf("reason = %q, want it to contain %q", de.Reason, tt.reason)
			}
		})
	}
}

func TestDecodeErrorKeepsTokenOutOfMessage(t *testing.T) {
	secretish := strings.Repeat("x", 30)
	_, err := Decode(secretish + ".." + secretish + ".." + secretish)
	if err == nil || strings.Contains(err.Error(), secretish) {
		t.Errorf("err = %v, want an error that does not repeat the input", err)
	}
}

func TestFormatDuration(t *testing.T) {
	tests := map[time.Duration]string{
		0:                                  "0s",
		45 * time.Second:                   "45s",
		1500 * time.Millisecond:            "1s",
		4*time.Minute + 12*time.Second:     "4m 12s",
		5 * time.Minute:                    "5m",
		2*time.Hour + 5*time.Minute + 9:    "2h 5m",
		76 * time.Hour:                     "3d 4h",
		-90 * time.Second:                  "1m 30s",
		time.Duration(-1 << 63):            "106751d 23h",
		time.Duration(1<<63 - 1):           "106751d 23h",
		48*time.Hour + 59*time.Minute:      "2d",
		time.Hour + 30*time.Second:         "1h",
		time.Minute + 500*time.Millisecond: "1m",
	}
	for d, want := range tests {
		if got := FormatDuration(d); got != want {
			t.Errorf("FormatDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestDecodeErrorMessage(t *testing.T) {
	err := &DecodeError{Part: "header", Reason: "is not a JSON object"}
	if got := err.Error(); got != "invalid token: the header is not a JSON object" {
		t.Errorf("message = %q", got)
	}
}
