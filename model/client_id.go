package model

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// ProposeClientID derives a client id from an application's name, as the
// create form's suggestion: "Billing Service (EU)" becomes "billing-service-eu".
// Accents are dropped, letters such as 'ß' are spelled out, other
// characters outside ValidateClientID's set become '-', and the result is
// cut to MaxClientIDLength. It returns "" for a name with no letter or digit.
func ProposeClientID(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(latinLetters.Replace(name)) {
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

// latinLetters spells out the Latin letters that are not a base letter plus
// an accent, so NFD leaves them whole: "Süßwaren" becomes "Süsswaren"
// rather than "su-waren".
var latinLetters = strings.NewReplacer(
	"ß", "ss", "ẞ", "SS", "æ", "ae", "Æ", "AE", "œ", "oe", "Œ", "OE",
	"ø", "o", "Ø", "O", "đ", "d", "Đ", "D", "ł", "l", "Ł", "L", "þ", "th", "Þ", "TH",
)
