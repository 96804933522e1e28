package tokencheck

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"
)

// maxNumericDate is 9999-12-31T23:59:59Z. Later or negative timestamps are
// rejected, because no Keycloak writes them and time.Unix cannot hold all of them.
const maxNumericDate = 253402300799

func parseClaims(data []byte) (Claims, error) {
	members, err := decodeObject("payload", data)
	if err != nil {
		return Claims{}, err
	}
	c := Claims{Other: map[string]json.RawMessage{}}
	// A claim whose value is null counts as absent, and stays in Other.
	present := func(name string) (json.RawMessage, bool) {
		value, ok := members[name]
		return value, ok && string(value) != "null"
	}

	// RFC 7519's registered claims have fixed types, so a wrong one makes
	// the token invalid.
	texts := []struct {
		name   string
		target *string
	}{{"iss", &c.Issuer}, {"sub", &c.Subject}}
	for _, t := range texts {
		if value, ok := present(t.name); ok {
			if err := json.Unmarshal(value, t.target); err != nil {
				return Claims{}, claimError(t.name, value, "a string")
			}
		}
	}
	if value, ok := present("aud"); ok {
		if c.Audience, err = parseAudience(value); err != nil {
			return Claims{}, err
		}
	}
	dates := []struct {
		name   string
		target *time.Time
	}{{"iat", &c.IssuedAt}, {"exp", &c.ExpiresAt}, {"nbf", &c.NotBefore}}
	for _, d := range dates {
		if value, ok := present(d.name); ok {
			if *d.target, err = parseNumericDate(d.name, value); err != nil {
				return Claims{}, err
			}
		}
	}

	// Keycloak's own claims are kept in Other when their shape is unusual,
	// because a realm's mappers can write anything under any name.
	for name, value := range members {
		if _, ok := present(name); !ok {
			c.Other[name] = value
			continue
		}
		switch name {
		case "iss", "sub", "aud", "iat", "exp", "nbf":
			continue
		case "azp":
			if json.Unmarshal(value, &c.AuthorizedParty) == nil {
				continue
			}
		case "scope":
			if json.Unmarshal(value, &c.Scope) == nil {
				continue
			}
		case "permissions":
			if perms, ok := parsePermissions(value); ok {
				c.Permissions = perms
				continue
			}
		}
		c.Other[name] = value
	}
	return c, nil
}

func claimError(name string, value json.RawMessage, want string) error {
	excerpt := string(value)
	if len(excerpt) > 40 {
		excerpt = excerpt[:40] + "…"
	}
	return &DecodeError{Part: "claim " + name, Reason: fmt.Sprintf("is %s, but it must be %s", excerpt, want)}
}

// parseAudience reads aud, which is a string for one audience and an array
// of strings for several.
func parseAudience(value json.RawMessage) ([]string, error) {
	var single string
	if json.Unmarshal(value, &single) == nil {
		return []string{single}, nil
	}
	var many []string
	if json.Unmarshal(value, &many) == nil {
		return many, nil
	}
	return nil, claimError("aud", value, "a string or an array of strings")
}

// parseNumericDate reads a NumericDate: seconds since the epoch, possibly
// with a fraction.
func parseNumericDate(name string, value json.RawMessage) (time.Time, error) {
	var seconds float64
	if err := json.Unmarshal(value, &seconds); err != nil {
		return time.Time{}, claimError(name, value, "a number of seconds since 1970")
	}
	if seconds < 0 || seconds > maxNumericDate || math.IsNaN(seconds) {
		return time.Time{}, claimError(name, value, "a time between 1970 and 9999")
	}
	whole, fraction := math.Modf(seconds)
	return time.Unix(int64(whole), int64(fraction*1e9)).UTC(), nil
}

// parsePermissions reads the permissions claim: an object from API client
// id to the roles on it. A mapper writes a single role as a string when it
// is not multivalued, so a string counts as a list of one.
func parsePermissions(value json.RawMessage) (map[string][]string, bool) {
	var members map[string]json.RawMessage
	if json.Unmarshal(value, &members) != nil || members == nil {
		return nil, false
	}
	perms := make(map[string][]string, len(members))
	for api, raw := range members {
		var single string
		if json.Unmarshal(raw, &single) == nil {
			perms[api] = []string{single}
			continue
		}
		var roles []string
		if json.Unmarshal(raw, &roles) != nil {
			return nil, false
		}
		perms[api] = roles
	}
	return perms, true
}

// Scopes returns the scope claim split at spaces.
func (c Claims) Scopes() []string { return strings.Fields(c.Scope) }

// HasAudience reports whether aud contains audience.
func (c Claims) HasAudience(audience string) bool {
	for _, a := range c.Audience {
		if a == audience {
			return true
		}
	}
	return false
}

// Username returns the preferred_username claim, which Keycloak writes for
// a user and for a service account, or "" when the token has none.
func (c Claims) Username() string {
	var name string
	if raw, ok := c.Other["preferred_username"]; ok {
		_ = json.Unmarshal(raw, &name)
	}
	return name
}
