package ui

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/idtui/idtui/model"
)

// formatAge writes a duration the way the list's secret age column shows
// it: the largest whole unit, such as "3d" or "5h".
func formatAge(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "<1m"
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d/time.Minute))
	case d < 24*time.Hour:
		return fmt.Sprintf("%dh", int(d/time.Hour))
	}
	return fmt.Sprintf("%dd", int(d/(24*time.Hour)))
}

// secretAge returns the age column of an application at now.
func secretAge(app model.Application, now time.Time) string {
	if !app.HasSecret() {
		return "–"
	}
	age, ok := app.SecretAge(now)
	if !ok {
		return "unknown"
	}
	return formatAge(age)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// cell cuts or pads s to exactly width columns, with its control
// characters neutralised.
func cell(s string, width int) string {
	if width <= 0 {
		return ""
	}
	s = ansi.Truncate(printable(s), width, "…")
	if pad := width - ansi.StringWidth(s); pad > 0 {
		s += strings.Repeat(" ", pad)
	}
	return s
}

// cellMiddle is cell for client ids: it cuts s in the middle and keeps
// its end, because client ids often share a prefix and differ at the end,
// such as tester-app-one and tester-app-two.
func cellMiddle(s string, width int) string {
	return cell(cutMiddle(printable(s), width), width)
}

// cutMiddle shortens s to width columns by replacing its middle with "…".
func cutMiddle(s string, width int) string {
	w := ansi.StringWidth(s)
	if w <= width {
		return s
	}
	if width <= 1 {
		return ansi.Truncate("…", width, "")
	}
	tail := (width - 1) / 2
	head := width - 1 - tail
	return ansi.Truncate(s, head, "") + "…" + ansi.TruncateLeft(s, w-tail, "")
}

// orNone returns "none" for an empty list, else its items joined.
func orNone(items []string, sep string) string {
	if len(items) == 0 {
		return "none"
	}
	return strings.Join(items, sep)
}

// plural returns "1 application" or "3 applications".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// roleLines returns the roles per API, one API a line, sorted by API, such
// as "operate-api  read:*, write:*".
func roleLines(byAPI map[string][]string) []string {
	apis := slices.Sorted(maps.Keys(byAPI))
	apiWidth := 0
	for _, api := range apis {
		apiWidth = max(apiWidth, ansi.StringWidth(api))
	}
	lines := make([]string, 0, len(apis))
	for _, api := range apis {
		lines = append(lines, cell(api, apiWidth)+"  "+strings.Join(byAPI[api], ", "))
	}
	return lines
}

// rolesByAPI groups permissions by API, keeping their order.
func rolesByAPI(perms []model.Permission) map[string][]string {
	byAPI := map[string][]string{}
	for _, p := range perms {
		byAPI[p.API] = append(byAPI[p.API], p.Role)
	}
	return byAPI
}
