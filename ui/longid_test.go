package ui

import (
	"strings"
	"testing"

	"github.com/idtui/idtui/model"
)

// Client ids that share a long prefix and differ only at their end.
const (
	longIDOne = "tester-cccccccccccccccccccccccccccccccccccccccccccc-one"
	longIDTwo = "tester-cccccccccccccccccccccccccccccccccccccccccccc-two"
)

func addLongIDs(f *fixture) {
	f.backend.mu.Lock()
	defer f.backend.mu.Unlock()
	for _, id := range []string{longIDOne, longIDTwo} {
		f.backend.add(model.Application{ClientID: id, Name: "Tester", Type: model.TypeM2M, Enabled: true, Flows: model.Flows{ServiceAccount: true}}, "s")
	}
}

func TestListCutsClientIDInMiddle(t *testing.T) {
	f := newFixture(t, nil)
	addLongIDs(f)
	f.start(t, 100, 30)

	var rows []string
	for _, line := range strings.Split(f.view(), "\n") {
		if strings.HasPrefix(line, "tester-") {
			rows = append(rows, strings.Fields(line)[0])
		}
	}
	if len(rows) != 2 {
		t.Fatalf("found %d rows of the long client ids, want 2:\n%s", len(rows), f.view())
	}
	if rows[0] == rows[1] {
		t.Errorf("both long client ids show as %q", rows[0])
	}
	if !strings.Contains(rows[0], "…") || !strings.HasSuffix(rows[0], "-one") || !strings.HasSuffix(rows[1], "-two") {
		t.Errorf("the rows %q do not keep the ends of the client ids", rows)
	}
}

func TestDetailsShowFullClientID(t *testing.T) {
	for _, width := range []int{100, 60} {
		f := newFixture(t, nil)
		addLongIDs(f)
		f.start(t, width, 40)
		f.press("/")
		f.typeText("-two")
		f.press("enter", "enter")

		// A wrapped client id continues on the next lines, under the value.
		view := f.view()
		_, rest, _ := strings.Cut(view, "Client id        ")
		var id string
		for i, line := range strings.Split(rest, "\n") {
			if i > 0 && !strings.HasPrefix(line, strings.Repeat(" ", labelWidth)) {
				break
			}
			id += strings.TrimSpace(line)
		}
		if id != longIDTwo {
			t.Errorf("at width %d the Client id row reads %q, want %q:\n%s", width, id, longIDTwo, view)
		}
		if header := strings.Split(view, "\n")[0]; !strings.HasSuffix(header, "-two") {
			t.Errorf("at width %d the breadcrumb %q does not end with the client id's end", width, header)
		}
	}
}

func TestConfirmWrapsLongClientID(t *testing.T) {
	f := newFixture(t, nil)
	addLongIDs(f)
	f.start(t, 60, 30)
	f.press("/")
	f.typeText("-one")
	f.press("enter", "R")

	// The heading wraps inside the client id, so the lines are joined as they are.
	var joined string
	for _, line := range strings.Split(f.view(), "\n") {
		joined += strings.TrimSpace(line)
	}
	if !strings.Contains(joined, "Rotate the secret of "+longIDOne+"?") {
		t.Errorf("confirmation lacks the whole client id:\n%s", f.view())
	}
}
