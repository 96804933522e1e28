package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

func TestCreateLongDescriptionMarksField(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 30)
	f.press("n")
	form := f.top().(*createScreen)
	for range fieldCount {
		if form.focus == fieldDescription {
			break
		}
		f.press("tab")
	}
	if form.focus != fieldDescription {
		t.Fatalf("tab did not reach the description field")
	}

	f.drive(tea.PasteMsg{Content: strings.Repeat("d", 300)})

	if !strings.Contains(form.errs[fieldDescription], "is 300 bytes long, over the maximum of 255") {
		t.Errorf("description error = %q, want it to name the limit", form.errs[fieldDescription])
	}
	if form.errs[fieldType] != "" {
		t.Errorf("the type field shows the description's error: %q", form.errs[fieldType])
	}
}
