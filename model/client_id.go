package model

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// ProposeClientID derives a client id from an application's name, as the
// create form's suggestion: "Billing Service (EU)" becomes "billing-service-eu".
// Accents are dropped, other characters outside ValidateClientID's set become
// '-', and the result is cut to MaxClientIDLength. It returns "" for a name
// with no letter or digit.
func ProposeClientID(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(name) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// A combining accent, split off by NFD: "é" is "e" plus U+0301.
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		case r == '.' || r == '_':
			if b.Len() > 0 && !dash {
				b.WriteRune(r)
			}
		default:
			dash = true
		}
	}

	id := strings.TrimRight(b.String(), "._")
	if len(id) > MaxClientIDLength {
		id = strings.TrimRight(id[:MaxClientIDLength], "-._")
	}
	return id
}
