package ui

import (
	"strings"
	"unicode"

	"github.com/idtui/idtui/model"
)

// printable neutralises the characters of s that would act on the
// terminal instead of showing, as model.IsTerminalControl classifies them.
// The CLI escapes them instead, with model.EscapeControl, so that output
// can be read back; the console replaces them, which keeps columns aligned. Names, descriptions, URIs and error details
// come from Keycloak, where anyone who may edit a client can put anything.
// Tabs and line breaks become spaces, so that a "\r" cannot
// hide the text before it. Every other control character, such as ESC
// and the C1 controls, and the bidirectional formatting characters, which
// can reorder what a line shows, become U+FFFD.
func printable(s string) string {
	if !strings.ContainsFunc(s, model.IsTerminalControl) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f':
			return ' '
		case model.IsTerminalControl(r):
			return unicode.ReplacementChar
		}
		return r
	}, s)
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
