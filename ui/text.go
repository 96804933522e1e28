package ui

import (
	"strings"
	"unicode"

	"github.com/idtui/idtui/model"
)

// printable neutralises the characters of s that would act on the
// terminal instead of showing. Names, descriptions, URIs and error details
// come from Keycloak, where anyone who may edit a client can put anything.
// Tabs and line breaks become spaces, so that a "\r" cannot
// hide the text before it. Every other control character, such as ESC
// and the C1 controls, and the bidirectional formatting characters, which
// can reorder what a line shows, become U+FFFD.
func printable(s string) string {
	if !strings.ContainsFunc(s, needsReplacing) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f':
			return ' '
		case needsReplacing(r):
			return unicode.ReplacementChar
		}
		return r
	}, s)
}

func needsReplacing(r rune) bool {
	return unicode.IsControl(r) || isBidiControl(r)
}

// isBidiControl reports whether r is one of Unicode's explicit
// bidirectional formatting characters (Unicode Standard Annex #9).
func isBidiControl(r rune) bool {
	switch {
	case r == '\u061c', r == '\u200e', r == '\u200f':
		return true
	case r >= '\u202a' && r <= '\u202e':
		return true
	case r >= '\u2066' && r <= '\u2069':
		return true
	}
	return false
}

// builtInName is the name that the console shows for a Keycloak built-in
// client whose name is a message key.
const builtInName = "(Keycloak built-in)"

// displayName returns the name of app as the console shows it. Keycloak
// names its built-in clients with message keys, such as
// ${client_account}, that only its own admin console translates.
func displayName(app model.Application) string {
	if app.Type == model.TypeBuiltIn && isMessageKey(app.Name) {
		return builtInName
	}
	return app.Name
}

// isMessageKey reports whether name is a Keycloak message key, such as
// ${client_account}.
func isMessageKey(name string) bool {
	return strings.HasPrefix(name, "${") && strings.HasSuffix(name, "}")
}
