package ui

import (
	"strings"
	"testing"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/model"
)

// failListAfterFirstPage makes the listing of f fail after its first page,
// as when the connection drops midway, and returns the list screen.
func failListAfterFirstPage(t *testing.T, f *fixture) *listScreen {
	t.Helper()
	f.drive(windowSize(120, 30))
	var page pageMsg
	for _, msg := range collect(f.app.Init()) {
		if p, ok := msg.(pageMsg); ok {
			page = p
		}
	}
	f.drive(page)

	list := f.app.stack[0].(*listScreen)
	dropped := &keycloak.Error{Kind: keycloak.ErrUnavailable, Op: "list applications", Detail: "connection refused"}
	f.drive(pageMsg{reply: reply{id: list.listID, err: dropped}, done: true})
	return list
}

func TestListFailedLoadSaysIncomplete(t *testing.T) {
	f := newFixture(t, func(o *Options) { o.PageSize = 2 })
	f.backend.pageGate = make(chan struct{})
	failListAfterFirstPage(t, f)
	f.press("j") // dismisses the error

	view := f.view()
	if !strings.Contains(view, "2 of ? applications") || !strings.Contains(view, "loading failed, so the list is incomplete; ctrl+r reloads") {
		t.Errorf("summary does not say that the list is incomplete:\n%s", view)
	}

	f.press("/", "w", "e", "b", "enter")
	if view := f.view(); !strings.Contains(view, "loading failed, so the list is incomplete") {
		t.Errorf("the empty filter result does not say that the list is incomplete:\n%s", view)
	}
}

func TestListReloadClearsFailedLoad(t *testing.T) {
	f := newFixture(t, func(o *Options) { o.PageSize = 2 })
	f.backend.pageGate = make(chan struct{})
	failListAfterFirstPage(t, f)
	f.backend.pageGate = nil

	f.press("ctrl+r")

	view := f.view()
	if strings.Contains(view, "incomplete") || strings.Contains(view, "of ?") {
		t.Errorf("the summary still says incomplete after a complete reload:\n%s", view)
	}
	if !strings.Contains(view, "5 applications, sorted by client id") {
		t.Errorf("the summary does not count the reloaded list:\n%s", view)
	}
}

func TestListFailedRefreshSaysOutOfDate(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 120, 30)
	f.backend.fail("list applications", &keycloak.Error{Kind: keycloak.ErrUnavailable, Op: "list applications", Detail: "connection refused"})

	f.press("ctrl+r", "j")

	if view := f.view(); !strings.Contains(view, "5 applications, sorted by client id: refreshing failed, so the list may be out of date; ctrl+r reloads") {
		t.Errorf("summary does not say that the refresh failed:\n%s", view)
	}
}

func TestFilterSelectsFirstMatch(t *testing.T) {
	f := newFixture(t, nil)
	for i := range 12 {
		f.backend.add(model.Application{ClientID: "bench-m2m-" + string(rune('a'+i)), Type: model.TypeM2M, Enabled: true}, "s")
	}
	f.start(t, 120, 30)
	f.press("g", "j", "j", "j", "j", "j") // row 6

	f.press("/", "m", "2", "m", "enter")

	list := f.app.stack[0].(*listScreen)
	if app, _ := list.current(); app.ClientID != "bench-m2m-a" {
		t.Errorf("selected %q after filtering, want the first match bench-m2m-a", app.ClientID)
	}
	if list.offset != 0 {
		t.Errorf("offset %d after filtering, want the first match on screen", list.offset)
	}
}

func TestFilterClearKeepsSelection(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 120, 30)

	f.press("/", "o", "p", "e", "enter", "esc")

	if app, _ := f.app.stack[0].(*listScreen).current(); app.ClientID != "operate" {
		t.Errorf("selected %q after clearing the filter, want operate kept", app.ClientID)
	}
}
