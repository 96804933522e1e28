package tokencheck

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/go-jose/go-jose/v4"
)

// KeySet holds the public signing keys of a realm, from its JWKS
// ({issuer}/protocol/openid-connect/certs).
type KeySet struct {
	keys []jose.JSONWebKey
	// Skipped lists the keys of the JWKS that cannot verify a signature,
	// such as encryption keys, with the reason for each.
	Skipped []SkippedKey
}

// SkippedKey is a key of a JWKS that Verify does not use.
type SkippedKey struct {
	KeyID  string
	Reason string
}

// ParseKeySet reads a JWKS document. Keys it cannot use go to Skipped
// instead of failing the whole set, because Keycloak publishes encryption
// keys beside the signing keys, and RFC 7517 says to ignore keys one does
// not understand.
func ParseKeySet(data []byte) (KeySet, error) {
	var doc struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return KeySet{}, fmt.Errorf("invalid JWKS: %w", err)
	}
	if doc.Keys == nil {
		return KeySet{}, errors.New(`invalid JWKS: it has no "keys" array`)
	}

	var set KeySet
	for i, raw := range doc.Keys {
		key, err := parseKey(raw)
		if err != nil {
			set.Skipped = append(set.Skipped, SkippedKey{KeyID: keyID(raw, i), Reason: err.Error()})
			continue
		}
		set.keys = append(set.keys, key)
	}
	return set, nil
}

// parseKey reads one JWK and returns it if it can verify signatures.
func parseKey(raw json.RawMessage) (jose.JSONWebKey, error) {
	var fields struct {
		Kty string `json:"kty"`
		Crv string `json:"crv"`
		Use string `json:"use"`
	}
	if err := json.Unmarshal(raw, &fields); err != nil {
		return jose.JSONWebKey{}, errors.New("is not a JSON object")
	}
	if fields.Use != "" && fields.Use != "sig" {
		return jose.JSONWebKey{}, fmt.Errorf("is for %q, not for signatures", fields.Use)
	}
	if fields.Kty == "OKP" && fields.Crv != "Ed25519" {
		return jose.JSONWebKey{}, fmt.Errorf("is an %s key, which idtui cannot verify (it verifies Ed25519 of the EdDSA keys)", fields.Crv)
	}

	var key jose.JSONWebKey
	if err := key.UnmarshalJSON(raw); err != nil {
		return jose.JSONWebKey{}, fmt.Errorf("cannot be read: %v", err)
	}
	// A JWKS publishes public keys only. A symmetric or private key here
	// is a misconfiguration, and its public half would be of no use.
	switch key.Key.(type) {
	case *rsa.PublicKey, *ecdsa.PublicKey, ed25519.PublicKey:
		return key, nil
	}
	return jose.JSONWebKey{}, fmt.Errorf("is a %s key with private or symmetric material, which a JWKS must not publish", fields.Kty)
}

func keyID(raw json.RawMessage, index int) string {
	var fields struct {
		Kid string `json:"kid"`
	}
	if json.Unmarshal(raw, &fields) == nil && fields.Kid != "" {
		return fields.Kid
	}
	return fmt.Sprintf("#%d (no kid)", index+1)
}

// KeyIDs returns the ids of the usable keys, in the order of the JWKS.
func (s KeySet) KeyIDs() []string {
	ids := make([]string, 0, len(s.keys))
	for _, k := range s.keys {
		ids = append(ids, k.KeyID)
	}
	return ids
}

// Len returns the number of usable keys.
func (s KeySet) Len() int { return len(s.keys) }

func (s KeySet) byID(kid string) []jose.JSONWebKey {
	var found []jose.JSONWebKey
	for _, k := range s.keys {
		if k.KeyID == kid {
			found = append(found, k)
		}
	}
	return found
}

func (s KeySet) skipped(kid string) (SkippedKey, bool) {
	for _, k := range s.Skipped {
		if k.KeyID == kid {
			return k, true
		}
	}
	return SkippedKey{}, false
}
