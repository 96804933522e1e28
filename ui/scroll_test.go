package ui

import (
	"strings"
	"testing"
)

// scrollOffset returns the first line shown by a screen that scrolls, and
// the lines of its text and its height.
func scrollOffset(t *testing.T, s screen) (offset, total, height int) {
	t.Helper()
	switch s := s.(type) {
	case *tokenScreen:
		return s.offset, len(s.lines()), s.height
	case *helpScreen:
		return s.offset, len(s.lines()), s.height
	case *detailsScreen:
		return s.offset, len(s.lines()), s.height
	}
	t.Fatalf("%T does not scroll", s)
	return 0, 0, 0
}

func TestScrollKeys(t *testing.T) {
	screens := []struct {
		name string
		open []string
	}{
		{name: "token", open: []string{"G", "t"}},
		{name: "help", open: []string{"G", "enter", "?"}},
		{name: "details", open: []string{"G", "enter"}},
	}
	tests := []struct {
		keys []string
		want func(total, height int) int
	}{
		{keys: []string{"G"}, want: func(total, height int) int { return total - height }},
		{keys: []string{"end"}, want: func(total, height int) int { return total - height }},
		{keys: []string{"G", "g"}, want: func(int, int) int { return 0 }},
		{keys: []string{"end", "home"}, want: func(int, int) int { return 0 }},
		{keys: []string{"pgdown"}, want: func(total, height int) int { return min(height-1, total-height) }},
		{keys: []string{"G", "pgup"}, want: func(total, height int) int { return max(0, total-height-(height-1)) }},
		{keys: []string{"j", "j", "k"}, want: func(int, int) int { return 1 }},
	}
	for _, sc := range screens {
		for _, tt := range tests {
			t.Run(sc.name+"/"+strings.Join(tt.keys, ","), func(t *testing.T) {
				f := newFixture(t, nil)
				f.start(t, 100, 14)
				f.press(sc.open...)
				if _, total, height := scrollOffset(t, f.top()); total < height+2 {
					t.Fatalf("the %s screen has %d lines in %d, too few to test scrolling", sc.name, total, height)
				}

				f.press(tt.keys...)

				offset, total, height := scrollOffset(t, f.top())
				if want := tt.want(total, height); offset != want {
					t.Errorf("offset %d after %v, want %d (%d lines in %d)", offset, tt.keys, want, total, height)
				}
			})
		}
	}
}

func TestHelpListsScrollKeys(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 60)
	f.press("G", "t", "?")

	view := f.view()
	for _, want := range []string{"pgup", "pgdn", "g/home", "G/end"} {
		if !strings.Contains(view, want) {
			t.Errorf("the token screen's help lacks %q:\n%s", want, view)
		}
	}
}
