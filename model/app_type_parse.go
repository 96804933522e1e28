package model

import (
	"fmt"
	"strings"
)

// CreatableTypes are the types an operator can create, in the order forms offer them.
var CreatableTypes = []AppType{TypeM2M, TypeConfidential, TypePublic}

// ParseAppType reads a creatable type as typed in a flag or a form, in any case.
func ParseAppType(s string) (AppType, error) {
	for _, t := range CreatableTypes {
		if strings.EqualFold(s, t.String()) {
			return t, nil
		}
	}
	return 0, &FieldError{Field: "type", Value: s, Rule: "is not a known type", Fix: "use m2m, confidential or public"}
}

// MarshalText writes the type as its label, so JSON and YAML output read "M2M".
func (t AppType) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// UnmarshalText reads any label that String returns.
func (t *AppType) UnmarshalText(b []byte) error {
	for _, candidate := range []AppType{TypeM2M, TypeConfidential, TypePublic, TypeAPI, TypeBuiltIn} {
		if strings.EqualFold(string(b), candidate.String()) {
			*t = candidate
			return nil
		}
	}
	return fmt.Errorf("unknown application type %q: expected M2M, Confidential, Public, API or Built-in", b)
}
