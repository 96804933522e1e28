package model

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode"
)

// MaxClientIDLength is the length of Keycloak's CLIENT.CLIENT_ID column.
const MaxClientIDLength = 255

// FieldError is an invalid value in a form or a flag. Its message names the
// field, the value and the rule it breaks, and gives the fix.
type FieldError struct {
	Field string // "client id", "redirect URI", ...
	Value string
	Rule  string // what is wrong, such as "contains a space"
	Fix   string // the valid alternative
}

func (e *FieldError) Error() string {
	msg := fmt.Sprintf("%s %q is invalid: it %s", e.Field, e.Value, e.Rule)
	if e.Value == "" {
		// "client id "" is invalid: it is empty" would quote nothing.
		msg = e.Field + " " + e.Rule
	}
	if e.Fix != "" {
		msg += "; " + e.Fix
	}
	return msg
}

// ValidateClientID returns a *FieldError unless id can be the client id of a
// new application. Keycloak itself accepts almost any string. idtui takes the
// subset that is safe in URLs, shell variables and .env files: letters,
// digits, '.', '_', ':' and '-', starting with a letter or digit.
func ValidateClientID(id string) error {
	invalid := func(rule, fix string) error {
		return &FieldError{Field: "client id", Value: id, Rule: rule, Fix: fix}
	}
	const allowed = "use ASCII letters, digits, '.', '_', ':' or '-'"

	if id == "" {
		return invalid("is empty", "type a client id such as billing-service")
	}
	if len(id) > MaxClientIDLength {
		return invalid(fmt.Sprintf("is %d bytes long, over the maximum of %d", len(id), MaxClientIDLength), "shorten it")
	}
	for i, r := range id {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
		case i == 0:
			return invalid(fmt.Sprintf("starts with %q", r), "start it with an ASCII letter or digit")
		case r == '.' || r == '_' || r == ':' || r == '-':
		case unicode.IsSpace(r):
			return invalid("contains a space", allowed)
		default:
			return invalid(fmt.Sprintf("contains %q", r), allowed)
		}
	}
	return nil
}

// ValidateRedirectURI returns a *FieldError unless uri is a redirect URI that
// Keycloak accepts and that is safe to register. It takes an absolute URI or
// a path relative to the client's root URL, with at most one '*' at the end.
func ValidateRedirectURI(uri string) error {
	invalid := func(rule, fix string) error {
		return &FieldError{Field: "redirect URI", Value: uri, Rule: rule, Fix: fix}
	}

	if uri == "" {
		return invalid("is empty", "type a URL such as https://app.example.com/callback")
	}
	if strings.IndexFunc(uri, unicode.IsSpace) >= 0 {
		return invalid("contains a space", "remove it, or encode it as %20")
	}
	if uri == "*" || uri == "/*" {
		return invalid("matches every URL, so any site could receive the login codes", "list the application's own URLs, such as https://app.example.com/*")
	}
	if i := strings.IndexByte(uri, '*'); i >= 0 && i != len(uri)-1 {
		return invalid("has a '*' before the end", "Keycloak matches a wildcard only as the last character")
	}

	u, err := url.Parse(strings.TrimSuffix(uri, "*"))
	if err != nil {
		return invalid("is not a URL", "type a URL such as https://app.example.com/callback")
	}
	if u.Fragment != "" || strings.Contains(uri, "#") {
		return invalid("has a fragment (#...)", "OAuth 2.0 forbids fragments in redirect URIs; remove it")
	}
	if strings.HasPrefix(uri, "/") {
		return nil // relative to the root URL
	}

	switch strings.ToLower(u.Scheme) {
	case "":
		return invalid("has no scheme", "start it with https://, http:// or /")
	case "javascript", "data", "file", "vbscript":
		return invalid(fmt.Sprintf("uses the %s: scheme, which Keycloak rejects", u.Scheme), "use https:// or an app scheme such as myapp://")
	case "http", "https":
		if u.Host == "" {
			return invalid("has no host", "type a URL such as https://app.example.com/callback")
		}
	}
	return nil
}

// ValidateRedirectURIs validates each URI and joins the errors.
func ValidateRedirectURIs(uris []string) error {
	var errs []error
	for _, uri := range uris {
		errs = append(errs, ValidateRedirectURI(uri))
	}
	return errors.Join(errs...)
}
