package tokencheck

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/idtui/idtui/model"
)

// Token is a decoded JWT. Decode fills it without checking the signature,
// so nothing in it is trusted until Verify has checked the signature.
type Token struct {
	// Raw is the token in compact form, as Decode received it without
	// surrounding space or a "Bearer " prefix.
	Raw    model.Secret
	Header Header
	Claims Claims
	// HeaderJSON and PayloadJSON are the decoded header and payload, byte
	// for byte, for showing them as they are.
	HeaderJSON  json.RawMessage
	PayloadJSON json.RawMessage
	Signature   []byte
}

// Header is the JOSE header of a signed JWT.
type Header struct {
	Alg string // signature algorithm, such as RS256
	Kid string // id of the signing key in the realm's JWKS
	Typ string // "JWT" for Keycloak's access tokens
}

// Claims are the claims of a Keycloak access or ID token that idtui reads.
// Missing claims stay zero. Other holds every claim without a field here,
// raw, and also permissions, azp or scope when their value has a shape that
// Keycloak's mappers do not write.
type Claims struct {
	Issuer          string   // iss
	Subject         string   // sub
	AuthorizedParty string   // azp, the client id the token was issued to
	Audience        []string // aud, which Keycloak writes as a string for one audience
	Scope           string   // scope, space-separated
	// Permissions maps an API client id to the roles the token carries on
	// it, as the dev realm's camunda-permissions client scope writes them.
	Permissions map[string][]string
	IssuedAt    time.Time // iat
	ExpiresAt   time.Time // exp
	NotBefore   time.Time // nbf
	Other       map[string]json.RawMessage
}

// DecodeError is input that is not a JWT. Its message names the part that
// is wrong and what was expected.
type DecodeError struct {
	Part   string // "token", "header", "payload", "signature" or a claim such as "claim exp"
	Reason string
}

func (e *DecodeError) Error() string {
	return "invalid token: the " + e.Part + " " + e.Reason
}

// Decode reads a JWT in compact form (header.payload.signature). It accepts
// the value of an Authorization header too, and ignores space around the
// token. An expired token decodes like any other. Input that is not a JWT
// returns a *DecodeError.
func Decode(raw string) (Token, error) {
	s := strings.TrimSpace(raw)
	if len(s) > len("bearer ") && strings.EqualFold(s[:len("bearer ")], "bearer ") {
		s = strings.TrimSpace(s[len("bearer "):])
	}
	if s == "" {
		return Token{}, &DecodeError{Part: "token", Reason: "is empty; paste the whole access_token value"}
	}

	parts := strings.Split(s, ".")
	switch len(parts) {
	case 3:
	case 5:
		return Token{}, &DecodeError{Part: "token", Reason: "has 5 parts, so it is an encrypted token (JWE), whose claims only the audience can read"}
	default:
		noun := "parts"
		if len(parts) == 1 {
			noun = "part"
		}
		return Token{}, &DecodeError{Part: "token", Reason: fmt.Sprintf("has %d %s separated by '.', but a signed JWT has 3 (header.payload.signature); paste the whole access_token value", len(parts), noun)}
	}

	headerJSON, err := decodePart("header", parts[0])
	if err != nil {
		return Token{}, err
	}
	payloadJSON, err := decodePart("payload", parts[1])
	if err != nil {
		return Token{}, err
	}
	signature, err := decodePart("signature", parts[2])
	if err != nil {
		return Token{}, err
	}

	header, err := parseHeader(headerJSON)
	if err != nil {
		return Token{}, err
	}
	claims, err := parseClaims(payloadJSON)
	if err != nil {
		return Token{}, err
	}
	return Token{
		Raw:         model.Secret(s),
		Header:      header,
		Claims:      claims,
		HeaderJSON:  headerJSON,
		PayloadJSON: payloadJSON,
		Signature:   signature,
	}, nil
}

// decodePart decodes one base64url part. It accepts '=' padding, which JWS
// leaves out but some tools add.
func decodePart(part, s string) ([]byte, error) {
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
	if err == nil {
		return b, nil
	}

	// Go reports a short last group as corrupt input at its first
	// character, which is then a valid one.
	var corrupt base64.CorruptInputError
	if errors.As(err, &corrupt) && int(corrupt) < len(s) && !isBase64URL(s[corrupt]) {
		reason := fmt.Sprintf("is not base64url: invalid character %q at offset %d", s[corrupt], int64(corrupt))
		if c := s[corrupt]; c == '+' || c == '/' {
			reason += "; the token was base64-encoded with '+' and '/' instead of '-' and '_'"
		}
		return nil, &DecodeError{Part: part, Reason: reason}
	}
	return nil, &DecodeError{Part: part, Reason: "is not base64url: its length leaves an incomplete last group, so part of it is missing"}
}

func isBase64URL(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}

// decodeObject parses a JSON object into its members, keeping numbers as
// written so that large timestamps lose no precision.
func decodeObject(part string, data []byte) (map[string]json.RawMessage, error) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return nil, &DecodeError{Part: part, Reason: "is not a JSON object"}
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(trimmed, &members); err != nil {
		return nil, &DecodeError{Part: part, Reason: "is not valid JSON: " + err.Error()}
	}
	return members, nil
}

func parseHeader(data []byte) (Header, error) {
	members, err := decodeObject("header", data)
	if err != nil {
		return Header{}, err
	}

	var h Header
	fields := []struct {
		name   string
		target *string
	}{{"alg", &h.Alg}, {"kid", &h.Kid}, {"typ", &h.Typ}}
	for _, f := range fields {
		value, ok := members[f.name]
		if !ok {
			continue
		}
		if err := json.Unmarshal(value, f.target); err != nil {
			return Header{}, &DecodeError{Part: "header", Reason: fmt.Sprintf("has %s %s, but it must be a string", f.name, value)}
		}
	}
	if h.Alg == "" {
		return Header{}, &DecodeError{Part: "header", Reason: "has no alg, which every signed JWT names"}
	}
	return h, nil
}
