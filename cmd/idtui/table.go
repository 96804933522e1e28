package main

import (
	"io"
	"strings"

	"github.com/mattn/go-runewidth"

	"github.com/idtui/idtui/model"
)

// columnGap is the space between two table columns.
const columnGap = 2

// minShrunkWidth is the narrowest a column is cut to when the table does not
// fit the terminal.
const minShrunkWidth = 8

// table is aligned text output. Columns are sized to their widest cell in
// display width, so that accented and East Asian names align too.
type table struct {
	headers []string
	rows    [][]string
	// shrinkable marks the columns that may be cut, with "…", to fit the
	// width: free text such as names, never ids that scripts parse.
	shrinkable map[int]bool
}

func newTable(headers ...string) *table {
	return &table{headers: headers, shrinkable: map[int]bool{}}
}

// add appends a row. Control characters in the cells, such as those of a
// client name that someone set through the admin API, are escaped.
func (t *table) add(cells ...string) {
	row := make([]string, len(cells))
	for i, cell := range cells {
		row[i] = model.EscapeControl(cell)
	}
	t.rows = append(t.rows, row)
}

// write prints the table, fitted to width when width is above 0.
func (t *table) write(w io.Writer, width int) error {
	widths := t.columnWidths()
	if width > 0 {
		t.fit(widths, width)
	}

	var b strings.Builder
	for _, row := range append([][]string{t.headers}, t.rows...) {
		var line strings.Builder
		for i, cell := range row {
			cell = runewidth.Truncate(cell, widths[i], "…")
			line.WriteString(cell)
			if i < len(row)-1 {
				line.WriteString(strings.Repeat(" ", widths[i]-runewidth.StringWidth(cell)+columnGap))
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " "))
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func (t *table) columnWidths() []int {
	widths := make([]int, len(t.headers))
	for _, row := range append([][]string{t.headers}, t.rows...) {
		for i, cell := range row {
			widths[i] = max(widths[i], runewidth.StringWidth(cell))
		}
	}
	return widths
}

// fit narrows the widest shrinkable column, one cell at a time, until the
// table fits width or no shrinkable column can lose more.
func (t *table) fit(widths []int, width int) {
	total := func() int {
		sum := columnGap * (len(widths) - 1)
		for _, w := range widths {
			sum += w
		}
		return sum
	}
	for total() > width {
		widest := -1
		for i, w := range widths {
			if t.shrinkable[i] && w > max(minShrunkWidth, runewidth.StringWidth(t.headers[i])) && (widest < 0 || w > widths[widest]) {
				widest = i
			}
		}
		if widest < 0 {
			return
		}
		widths[widest]--
	}
}

// writeFields prints name-value pairs, one per line, with the values
// aligned and their control characters escaped.
func writeFields(w io.Writer, fields [][2]string) error {
	nameWidth := 0
	for _, f := range fields {
		nameWidth = max(nameWidth, runewidth.StringWidth(f[0]))
	}
	var b strings.Builder
	for _, f := range fields {
		line := f[0] + ":" + strings.Repeat(" ", nameWidth-runewidth.StringWidth(f[0])+1) + model.EscapeControl(f[1])
		b.WriteString(strings.TrimRight(line, " "))
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}
