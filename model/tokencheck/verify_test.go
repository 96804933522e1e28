package tokencheck

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/go-jose/go-jose/v4"
)

// rsaKey is generated once, because 2048-bit keys take a while under -race.
var rsaKey = sync.OnceValue(func() *rsa.PrivateKey {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return key
})

// signingKey returns a new private key for alg, and its public key.
func signingKey(t *testing.T, alg string) (crypto.Signer, crypto.PublicKey) {
	t.Helper()
	var curve elliptic.Curve
	switch alg {
	case "RS256", "RS384", "RS512", "PS256", "PS384", "PS512":
		return rsaKey(), rsaKey().Public()
	case "EdDSA":
		pub, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		return priv, pub
	case "ES256":
		curve = elliptic.P256()
	case "ES384":
		curve = elliptic.P384()
	case "ES512":
		curve = elliptic.P521()
	default:
		t.Fatalf("no key for %s", alg)
	}
	key, err := ecdsa.GenerateKey(curve, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return key, key.Public()
}

// sign signs payload as a JWT with the header fields Keycloak sets.
func sign(t *testing.T, alg, kid string, key crypto.Signer, payload string) string {
	t.Helper()
	signer, err := jose.NewSigner(
		jose.SigningKey{Algorithm: jose.SignatureAlgorithm(alg), Key: jose.JSONWebKey{Key: key, KeyID: kid}},
		(&jose.SignerOptions{}).WithType("JWT"),
	)
	if err != nil {
		t.Fatal(err)
	}
	jws, err := signer.Sign([]byte(payload))
	if err != nil {
		t.Fatal(err)
	}
	compact, err := jws.CompactSerialize()
	if err != nil {
		t.Fatal(err)
	}
	return compact
}

// jwks returns the KeySet that ParseKeySet reads from a JWKS of the given keys.
func jwks(t *testing.T, keys ...jose.JSONWebKey) KeySet {
	t.Helper()
	data, err := json.Marshal(jose.JSONWebKeySet{Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	set, err := ParseKeySet(data)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

func decode(t *testing.T, raw string) Token {
	t.Helper()
	tok, err := Decode(raw)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestVerifyEachAlgorithm(t *testing.T) {
	for _, alg := range VerifiableAlgorithms {
		t.Run(alg, func(t *testing.T) {
			priv, pub := signingKey(t, alg)
			keys := jwks(t, jose.JSONWebKey{Key: pub, KeyID: "kid-" + alg, Algorithm: alg, Use: "sig"})
			tok := decode(t, sign(t, alg, "kid-"+alg, priv, zeebePayload))

			v := Verify(tok, keys)

			if !v.Verified || v.KeyID != "kid-"+alg || v.Alg != alg || v.Reason != "" {
				t.Fatalf("verification = %+v, want verified with kid-%s", v, alg)
			}

			// The same token with one claim changed must fail.
			parts := strings.Split(tok.Raw.Reveal(), ".")
			parts[1] = base64.RawURLEncoding.EncodeToString([]byte(strings.Replace(zeebePayload, `"azp":"zeebe"`, `"azp":"zeebf"`, 1)))
			v = Verify(decode(t, strings.Join(parts, ".")), keys)
			if v.Verified || !strings.Contains(v.Reason, "does not match the realm's key kid-"+alg) {
				t.Errorf("changed token: verification = %+v", v)
			}
		})
	}
}

func TestVerifyPicksKeyByKid(t *testing.T) {
	old, oldPub := signingKey(t, "ES256")
	current, currentPub := signingKey(t, "ES256")
	keys := jwks(t,
		jose.JSONWebKey{Key: oldPub, KeyID: "old", Algorithm: "ES256", Use: "sig"},
		jose.JSONWebKey{Key: currentPub, KeyID: "current", Algorithm: "ES256", Use: "sig"},
	)

	if v := Verify(decode(t, sign(t, "ES256", "old", old, zeebePayload)), keys); !v.Verified || v.KeyID != "old" {
		t.Errorf("token of the old key: %+v", v)
	}
	if v := Verify(decode(t, sign(t, "ES256", "current", current, zeebePayload)), keys); !v.Verified || v.KeyID != "current" {
		t.Errorf("token of the current key: %+v", v)
	}
	if v := Verify(decode(t, sign(t, "ES256", "old", current, zeebePayload)), keys); v.Verified {
		t.Errorf("a token naming the wrong key verified: %+v", v)
	}
}

func TestVerifyWithoutKid(t *testing.T) {
	priv, pub := signingKey(t, "ES384")
	_, otherPub := signingKey(t, "ES384")
	keys := jwks(t,
		jose.JSONWebKey{Key: otherPub, KeyID: "other", Use: "sig"},
		jose.JSONWebKey{Key: pub, KeyID: "right", Use: "sig"},
	)

	v := Verify(decode(t, sign(t, "ES384", "", priv, zeebePayload)), keys)
	if !v.Verified || v.KeyID != "right" {
		t.Errorf("token without kid: %+v, want verified with the key that fits", v)
	}

	stranger, _ := signingKey(t, "ES384")
	v = Verify(decode(t, sign(t, "ES384", "", stranger, zeebePayload)), keys)
	if v.Verified || !strings.Contains(v.Reason, "names no key (no kid), and none of the realm's 2 signing keys") {
		t.Errorf("token of an unknown key without kid: %+v", v)
	}
}

func TestVerifyFailures(t *testing.T) {
	rsaPriv, rsaPub := signingKey(t, "RS256")
	_, ecPub := signingKey(t, "ES256")
	keys := jwks(t,
		jose.JSONWebKey{Key: rsaPub, KeyID: "rsa", Algorithm: "RS256", Use: "sig"},
		jose.JSONWebKey{Key: ecPub, KeyID: "ec", Algorithm: "ES256", Use: "sig"},
		jose.JSONWebKey{Key: rsaPub, KeyID: "enc", Algorithm: "RSA-OAEP", Use: "enc"},
	)
	esPriv, _ := signingKey(t, "ES512")

	tests := []struct {
		name, token, reason string
	}{
		{"unknown kid", sign(t, "RS256", "rotated-out", rsaPriv, zeebePayload), "publishes no key with kid rotated-out: the key was rotated out"},
		{"encryption key", sign(t, "RS256", "enc", rsaPriv, zeebePayload), `the realm's key enc is for "enc", not for signatures`},
		{"key of another type", sign(t, "ES512", "rsa", esPriv, zeebePayload), "the key rsa is an RSA key, but ES512 needs an EC key on P-521"},
		{"curve of another size", sign(t, "ES512", "ec", esPriv, zeebePayload), "the key ec is an EC key on P-256, but ES512 needs an EC key on P-521"},
		{"algorithm the key is not for", sign(t, "PS256", "rsa", rsaPriv, zeebePayload), "the key rsa is for RS256, but the token names PS256"},
		{"HMAC", unsignedToken(`{"alg":"HS512","kid":"x"}`, zeebePayload), "an HMAC with a secret that only Keycloak holds"},
		{"unsigned", unsignedToken(`{"alg":"none"}`, zeebePayload), "not signed (alg none)"},
		{"unknown algorithm", unsignedToken(`{"alg":"XS256","kid":"rsa"}`, zeebePayload), `cannot verify the algorithm "XS256"; it verifies RS256, RS384`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Verify(decode(t, tt.token), keys)
			if v.Verified {
				t.Fatal("verified")
			}
			if !strings.Contains(v.Reason, tt.reason) {
				t.Errorf("reason = %q, want it to contain %q", v.Reason, tt.reason)
			}
		})
	}
}

func TestParseKeySetSkipsUnusableKeys(t *testing.T) {
	_, ecPub := signingKey(t, "ES256")
	ecJSON, err := json.Marshal(jose.JSONWebKey{Key: ecPub, KeyID: "ec", Use: "sig"})
	if err != nil {
		t.Fatal(err)
	}
	// An Ed448 key in the form of RFC 8037, a shared secret, and a key
	// of a type that does not exist.
	doc := `{"keys":[` + string(ecJSON) + `,
		{"kid":"ed448","kty":"OKP","crv":"Ed448","alg":"EdDSA","use":"sig","x":"` + strings.Repeat("A", 76) + `"},
		{"kid":"shared","kty":"oct","k":"c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0"},
		{"kty":"XYZ"},
		"not an object"]}`

	set, err := ParseKeySet([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}

	if ids := set.KeyIDs(); len(ids) != 1 || ids[0] != "ec" {
		t.Errorf("usable keys = %v, want [ec]", ids)
	}
	reasons := map[string]string{}
	for _, k := range set.Skipped {
		reasons[k.KeyID] = k.Reason
	}
	for kid, want := range map[string]string{
		"ed448":       "is an Ed448 key, which idtui cannot verify",
		"shared":      "private or symmetric material",
		"#4 (no kid)": "cannot be read",
		"#5 (no kid)": "is not a JSON object",
	} {
		if !strings.Contains(reasons[kid], want) {
			t.Errorf("skipped %s: reason %q, want it to contain %q", kid, reasons[kid], want)
		}
	}

	tok := decode(t, unsignedToken(`{"alg":"EdDSA","kid":"ed448"}`, zeebePayload))
	if v := Verify(tok, set); !strings.Contains(v.Reason, "the realm's key ed448 is an Ed448 key, which idtui cannot verify") {
		t.Errorf("token signed with the Ed448 key: %+v", v)
	}
}

func TestParseKeySetInvalid(t *testing.T) {
	for _, doc := range []string{``, `[]`, `{"keys":{}}`, `{}`, `<html>`} {
		if _, err := ParseKeySet([]byte(doc)); err == nil || !strings.HasPrefix(err.Error(), "invalid JWKS") {
			t.Errorf("ParseKeySet(%q) err = %v, want an invalid JWKS error", doc, err)
		}
	}
}

func TestVerifyWithEmptyKeySet(t *testing.T) {
	v := Verify(decode(t, unsignedToken(zeebeHeader, zeebePayload)), KeySet{Skipped: []SkippedKey{{KeyID: "enc", Reason: `is for "enc", not for signatures`}}})
	want := `the realm publishes no signing key that idtui can use (key enc is for "enc", not for signatures)`
	if v.Verified || v.Reason != want {
		t.Errorf("reason = %q, want %q", v.Reason, want)
	}
}

func joseKey(pub crypto.PublicKey, kid string) jose.JSONWebKey {
	return jose.JSONWebKey{Key: pub, KeyID: kid, Use: "sig"}
}
