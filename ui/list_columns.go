package ui

import (
	"strings"
	"time"

	"github.com/idtui/idtui/model"
)

// Widths of the list's fixed columns, and the gap between columns.
const (
	typeWidth    = 12
	enabledWidth = 7
	ageWidth     = 10
	columnGap    = 2
	// minNameWidth is the narrowest name column; below it the name is left out.
	minNameWidth = 12
)

// listColumns are the column widths for one terminal width. The client id
// and the name share what the fixed columns leave.
type listColumns struct {
	clientID, name int
}

func newListColumns(width int) listColumns {
	fixed := typeWidth + enabledWidth + ageWidth + 3*columnGap
	flexible := max(1, width-fixed)
	if flexible < 2*minNameWidth+columnGap {
		return listColumns{clientID: flexible}
	}
	clientID := (flexible - columnGap) / 2
	return listColumns{clientID: clientID, name: flexible - columnGap - clientID}
}

func (c listColumns) heading() string {
	return c.join("CLIENT ID", "NAME", "TYPE", "ENABLED", "SECRET AGE")
}

func (c listColumns) row(app model.Application, now time.Time) string {
	return c.join(app.ClientID, displayName(app), app.Type.String(), yesNo(app.Enabled), secretAge(app, now))
}

func (c listColumns) join(clientID, name, typ, enabled, age string) string {
	gap := strings.Repeat(" ", columnGap)
	var b strings.Builder
	b.WriteString(cellMiddle(clientID, c.clientID))
	b.WriteString(gap)
	if c.name > 0 {
		b.WriteString(cell(name, c.name))
		b.WriteString(gap)
	}
	b.WriteString(cell(typ, typeWidth))
	b.WriteString(gap)
	b.WriteString(cell(enabled, enabledWidth))
	b.WriteString(gap)
	b.WriteString(cell(age, ageWidth))
	return b.String()
}
