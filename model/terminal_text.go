package model

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// IsTerminalControl reports whether a terminal acts on r instead of showing
// it: the C0 and C1 control characters and DEL, which start escape
// sequences, move the cursor or ring the bell, and the Unicode
// bidirectional formatting characters, which reorder the text around them
// on screen.
func IsTerminalControl(r rune) bool {
	switch {
	case unicode.IsControl(r):
		return true
	case r == '\u061c', r == '\u200e', r == '\u200f':
		return true // the Arabic letter mark and the left-to-right and right-to-left marks
	case r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069':
		return true // embeddings, overrides and isolates
	}
	return false
}

// EscapeControl returns s with every terminal control character written as
// an escape, such as \x1b for ESC, \n for a line feed or \u202e for a
// right-to-left override, and every byte that is not UTF-8 as \xNN. Values
// from Keycloak, such as client names and descriptions, go through it
// before they reach a terminal. Otherwise anyone who can change a client
// could set the window title, write to the clipboard with OSC 52 or clear
// the screen of the operator who lists it. Backslashes stay as they are,
// so the result is for reading, not for parsing back.
func EscapeControl(s string) string {
	return escapeControl(s, "")
}

// EscapeControlKeepLines is EscapeControl for text of several lines, such
// as a message on stderr: it keeps line feeds and tabs, and escapes the rest.
func EscapeControlKeepLines(s string) string {
	return escapeControl(s, "\n\t")
}

// HasTerminalControl reports whether EscapeControl would change s.
func HasTerminalControl(s string) bool {
	return needsEscape(s, "")
}

func needsEscape(s, keep string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || IsTerminalControl(r) && !strings.ContainsRune(keep, r) {
			return true
		}
		i += size
	}
	return false
}

func escapeControl(s, keep string) string {
	if !needsEscape(s, keep) {
		return s
	}

	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case !IsTerminalControl(r) || strings.ContainsRune(keep, r):
			b.WriteString(s[i : i+size])
		default:
			b.WriteString(escapeRune(r))
		}
		i += size
	}
	return b.String()
}

// escapeRune writes a control character the way Go and C write it in a
// string literal.
func escapeRune(r rune) string {
	switch r {
	case '\a':
		return `\a`
	case '\b':
		return `\b`
	case '\t':
		return `\t`
	case '\n':
		return `\n`
	case '\v':
		return `\v`
	case '\f':
		return `\f`
	case '\r':
		return `\r`
	}
	if r < utf8.RuneSelf {
		return fmt.Sprintf(`\x%02x`, r)
	}
	return fmt.Sprintf(`\u%04x`, r)
}

// validateShownText rejects a value with a terminal control character
// other than those in keep. idtui escapes such characters wherever it shows
// a value, but other tools, such as Keycloak's admin console or a
// colleague's shell, may not.
func validateShownText(field, value, keep string) error {
	for i, r := range value {
		if IsTerminalControl(r) && !strings.ContainsRune(keep, r) {
			return &FieldError{
				Field: field, Value: value,
				Rule: fmt.Sprintf("contains the control character %s at byte %d, which terminals act on instead of showing", EscapeControl(string(r)), i),
				Fix:  "remove it",
			}
		}
	}
	return nil
}
