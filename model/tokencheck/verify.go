package tokencheck

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"fmt"
	"slices"
	"strings"

	"github.com/go-jose/go-jose/v4"
)

// VerifiableAlgorithms are the signature algorithms that Verify checks: the
// asymmetric ones that Keycloak offers for realm keys, less Ed448.
var VerifiableAlgorithms = []string{
	"RS256", "RS384", "RS512",
	"PS256", "PS384", "PS512",
	"ES256", "ES384", "ES512",
	"EdDSA",
}

// Verification is the outcome of checking a token's signature.
type Verification struct {
	Verified bool
	Alg      string // the token's alg
	KeyID    string // the key that verified the token, or the kid the token names
	// Reason explains in plain words why the signature was not verified,
	// and what to do. It is empty when Verified.
	Reason string
}

// Verify checks the token's signature against the realm's keys. It does not
// look at exp or any other claim: Diagnose does.
func Verify(t Token, keys KeySet) Verification {
	v := Verification{Alg: t.Header.Alg, KeyID: t.Header.Kid}
	if reason := unverifiableAlgorithm(t.Header.Alg); reason != "" {
		v.Reason = reason
		return v
	}

	candidates, reason := candidateKeys(t.Header, keys)
	if len(candidates) == 0 {
		v.Reason = reason
		return v
	}
	jws, err := jose.ParseSignedCompact(t.Raw.Reveal(), []jose.SignatureAlgorithm{jose.SignatureAlgorithm(t.Header.Alg)})
	if err != nil {
		v.Reason = "the token cannot be read as a signed JWT: " + err.Error()
		return v
	}

	var mismatches []string
	for _, key := range candidates {
		if mismatch := keyMismatch(key, t.Header.Alg); mismatch != "" {
			mismatches = append(mismatches, mismatch)
			continue
		}
		if _, err := jws.Verify(key); err == nil {
			v.Verified = true
			v.KeyID = key.KeyID
			return v
		}
	}

	switch {
	case len(mismatches) == len(candidates):
		v.Reason = strings.Join(mismatches, "; ")
	case t.Header.Kid == "":
		v.Reason = fmt.Sprintf("the token names no key (no kid), and none of the realm's %d signing keys verifies it", len(candidates))
	default:
		v.Reason = fmt.Sprintf("the signature does not match the realm's key %s: the token was changed after signing, or another Keycloak signed it with a key of the same kid", t.Header.Kid)
	}
	return v
}

// unverifiableAlgorithm returns why alg cannot be verified with published
// keys, or "" when it can.
func unverifiableAlgorithm(alg string) string {
	switch {
	case slices.Contains(VerifiableAlgorithms, alg):
		return ""
	case strings.EqualFold(alg, "none"):
		return "the token is not signed (alg none), and no Camunda API accepts an unsigned token"
	case strings.HasPrefix(alg, "HS"):
		return fmt.Sprintf("the token is signed with %s, an HMAC with a secret that only Keycloak holds, so no published key can verify it; Keycloak signs access tokens with the realm's asymmetric keys unless a client chooses otherwise", alg)
	}
	return fmt.Sprintf("idtui cannot verify the algorithm %q; it verifies %s", alg, strings.Join(VerifiableAlgorithms, ", "))
}

// candidateKeys returns the keys to try: the one the token's kid names, or
// every key when the token names none.
func candidateKeys(h Header, keys KeySet) ([]jose.JSONWebKey, string) {
	if keys.Len() == 0 {
		return nil, "the realm publishes no signing key that idtui can use" + skippedSuffix(keys)
	}
	if h.Kid == "" {
		return keys.keys, ""
	}
	if found := keys.byID(h.Kid); len(found) > 0 {
		return found, ""
	}
	if skipped, ok := keys.skipped(h.Kid); ok {
		return nil, fmt.Sprintf("the realm's key %s %s", h.Kid, skipped.Reason)
	}
	return nil, fmt.Sprintf("the realm publishes no key with kid %s: the key was rotated out and removed, or the token comes from another realm or another Keycloak; fetch a new token", h.Kid)
}

func skippedSuffix(keys KeySet) string {
	if len(keys.Skipped) == 0 {
		return ""
	}
	var parts []string
	for _, k := range keys.Skipped {
		parts = append(parts, "key "+k.KeyID+" "+k.Reason)
	}
	return " (" + strings.Join(parts, "; ") + ")"
}

// keyMismatch returns why key cannot verify a signature made with alg, or
// "" when it can. A key that names its algorithm is used for that one only,
// so that a token cannot choose a weaker use of the same key.
func keyMismatch(key jose.JSONWebKey, alg string) string {
	if !keyFitsAlgorithm(key, alg) {
		return fmt.Sprintf("the key %s is %s, but %s needs %s", key.KeyID, keyKind(key), alg, neededKeyKind(alg))
	}
	if key.Algorithm != "" && key.Algorithm != alg {
		return fmt.Sprintf("the key %s is for %s, but the token names %s", key.KeyID, key.Algorithm, alg)
	}
	return ""
}

func keyFitsAlgorithm(key jose.JSONWebKey, alg string) bool {
	switch k := key.Key.(type) {
	case *rsa.PublicKey:
		return strings.HasPrefix(alg, "RS") || strings.HasPrefix(alg, "PS")
	case *ecdsa.PublicKey:
		return alg == curveAlgorithm[k.Curve.Params().Name]
	case ed25519.PublicKey:
		return alg == "EdDSA"
	}
	return false
}

// curveAlgorithm maps each curve to the one ES algorithm that uses it.
var curveAlgorithm = map[string]string{"P-256": "ES256", "P-384": "ES384", "P-521": "ES512"}

func keyKind(key jose.JSONWebKey) string {
	switch k := key.Key.(type) {
	case *rsa.PublicKey:
		return "an RSA key"
	case *ecdsa.PublicKey:
		return "an EC key on " + k.Curve.Params().Name
	case ed25519.PublicKey:
		return "an Ed25519 key"
	}
	return "a key of an unknown type"
}

func neededKeyKind(alg string) string {
	for curve, curveAlg := range curveAlgorithm {
		if alg == curveAlg {
			return "an EC key on " + curve
		}
	}
	if alg == "EdDSA" {
		return "an Ed25519 key"
	}
	return "an RSA key"
}
