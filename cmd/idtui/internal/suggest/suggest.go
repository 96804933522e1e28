// Package suggest finds the names closest to a mistyped one, for messages
// such as "did you mean zeebe?".
package suggest

import (
	"cmp"
	"slices"
	"strings"

	"github.com/agnivade/levenshtein"
)

// MaxSuggestions caps how many names Closest returns.
const MaxSuggestions = 3

// Closest returns up to MaxSuggestions candidates close to word, closest
// first. A candidate is close when it differs from word by at most a third
// of word's length in edits (at least one edit), ignoring case, or when one
// of them starts with the other.
func Closest(word string, candidates []string) []string {
	if word == "" {
		return nil
	}
	lower := strings.ToLower(word)
	maxDistance := max(1, len(word)/3)

	type match struct {
		name     string
		distance int
	}
	var matches []match
	for _, c := range candidates {
		if c == word {
			continue
		}
		lc := strings.ToLower(c)
		distance := levenshtein.ComputeDistance(lower, lc)
		if swapsTwoNeighbours(lower, lc) {
			distance = 1
		}
		prefix := strings.HasPrefix(lc, lower) || strings.HasPrefix(lower, lc)
		if distance <= maxDistance || (prefix && len(lc) > 1) {
			matches = append(matches, match{c, distance})
		}
	}
	slices.SortStableFunc(matches, func(a, b match) int {
		return cmp.Or(cmp.Compare(a.distance, b.distance), cmp.Compare(a.name, b.name))
	})

	var names []string
	for _, m := range matches[:min(len(matches), MaxSuggestions)] {
		names = append(names, m.name)
	}
	return names
}

// swapsTwoNeighbours reports whether b is a with two adjacent letters
// swapped, as in "zebee" for "zeebe": one slip of the fingers, which
// Levenshtein distance counts as two edits.
func swapsTwoNeighbours(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) != len(rb) {
		return false
	}
	i := 0
	for i < len(ra) && ra[i] == rb[i] {
		i++
	}
	if i+1 >= len(ra) || ra[i] != rb[i+1] || ra[i+1] != rb[i] {
		return false
	}
	return string(ra[i+2:]) == string(rb[i+2:])
}
