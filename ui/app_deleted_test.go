package ui

import (
	"strings"
	"testing"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/model"
)

// changeElsewhere changes the application clientID in the backend, as
// another console does, behind the console's back.
func changeElsewhere(t *testing.T, f *fixture, clientID string, change func(*model.Application)) {
	t.Helper()
	f.backend.mu.Lock()
	defer f.backend.mu.Unlock()
	for id, app := range f.backend.apps {
		if app.ClientID == clientID {
			change(&app)
			f.backend.apps[id] = app
			return
		}
	}
	t.Fatalf("no application %s in the backend", clientID)
}

// deleteElsewhere deletes the application clientID from the backend, as
// another console does.
func deleteElsewhere(t *testing.T, f *fixture, clientID string) {
	t.Helper()
	f.backend.mu.Lock()
	defer f.backend.mu.Unlock()
	for id, app := range f.backend.apps {
		if app.ClientID == clientID {
			delete(f.backend.apps, id)
			delete(f.backend.secrets, id)
			return
		}
	}
	t.Fatalf("no application %s in the backend", clientID)
}

// checkReturnedToList checks that the console shows only the list, without
// the deleted application clientID.
func checkReturnedToList(t *testing.T, f *fixture, clientID string) {
	t.Helper()
	if len(f.app.stack) != 1 {
		t.Errorf("%d screens open after the deletion was dismissed, want only the list", len(f.app.stack))
	}
	if f.app.stack[0].(*listScreen).table.indexOf(clientID) >= 0 {
		t.Error("the list still shows the deleted application")
	}
}

func TestDetailsReloadShowsChanges(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 120, 30)
	f.press("j", "j", "enter") // operate
	changeElsewhere(t, f, "operate", func(app *model.Application) {
		app.Enabled = false
		app.RedirectURIs = []string{"https://operate.example.com/*"}
	})

	f.press("ctrl+r")

	view := f.view()
	if !strings.Contains(view, "Enabled          no") {
		t.Errorf("details show the old Enabled value after ctrl+r:\n%s", view)
	}
	if !strings.Contains(view, "https://operate.example.com/*") {
		t.Errorf("details show the old redirect URIs after ctrl+r:\n%s", view)
	}
}

func TestDetailsReloadOfDeletedApp(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 120, 30)
	f.press("j", "j", "enter") // operate
	deleteElsewhere(t, f, "operate")

	f.press("ctrl+r")

	if view := f.view(); !strings.Contains(view, "operate no longer exists in the realm camunda-platform") {
		t.Errorf("details do not say that the application was deleted:\n%s", view)
	}
	f.press("j")
	checkReturnedToList(t, f, "operate")
}

func TestActionOnDeletedAppReturnsToList(t *testing.T) {
	tests := []struct {
		name     string
		clientID string   // operate unless set
		keys     []string // from the details of the application
	}{
		{name: "rotate", keys: []string{"R", "y"}},
		{name: "disable", keys: []string{"x", "y"}},
		{name: "delete", keys: []string{"D", "o", "p", "e", "r", "a", "t", "e", "enter"}},
		{name: "copy", keys: []string{"c"}},
		{name: "user sign-in", keys: []string{"t"}},
		{name: "token", clientID: "zeebe", keys: []string{"t"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, nil)
			f.start(t, 120, 30)
			clientID, open := "operate", []string{"j", "j", "enter"}
			if tt.clientID == "zeebe" {
				clientID, open = "zeebe", []string{"G", "enter"}
			}
			f.press(open...)
			deleteElsewhere(t, f, clientID)

			f.press(tt.keys...)

			if view := f.view(); !strings.Contains(view, clientID+" no longer exists") {
				t.Errorf("the console does not say that the application was deleted:\n%s", view)
			}
			f.press("y")
			checkReturnedToList(t, f, clientID)
			if _, pending := f.app.env.changeInFlight(); pending {
				t.Error("the key that dismissed the message started a change")
			}
		})
	}
}

func TestNotFoundOfOtherThingKeepsScreen(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 120, 30)
	f.press("G", "enter") // zeebe
	missing := &keycloak.Error{Kind: keycloak.ErrNotFound, Op: "grant permission", ClientID: "zeebe", Detail: `the API client "gone-api" does not exist`}
	f.drive(permissionChangedMsg{reply: reply{err: missing}, ref: f.top().(*detailsScreen).app.Ref(), perm: model.Permission{API: "gone-api", Role: "read:*"}, grant: true})

	f.press("j")

	if _, ok := f.top().(*detailsScreen); !ok {
		t.Errorf("a missing API closed the details of an application that exists; top is %T", f.top())
	}
}

func TestDisableReloadsDetails(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 120, 30)
	f.press("j", "j", "enter") // operate
	changeElsewhere(t, f, "operate", func(app *model.Application) { app.RedirectURIs = nil })

	f.press("x", "y")

	view := f.view()
	if strings.Contains(view, "http://localhost:8081/*") {
		t.Errorf("details show a redirect URI removed before the disable:\n%s", view)
	}
	if !strings.Contains(view, "Enabled          no") {
		t.Errorf("details do not show the disable:\n%s", view)
	}
}

func TestUserSignInReloadsDetails(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 120, 40)
	withLeftoverRedirectURI(f)
	release := f.backend.holdSignIns()
	f.press("j", "j", "enter") // operate
	if view := f.view(); !strings.Contains(view, model.LoopbackRedirectURI) {
		t.Fatalf("details lack the leftover redirect URI before the sign-in:\n%s", view)
	}

	f.press("t", "y")
	signInScreenOf(t, f)
	release <- nil
	f.awaitLate(t)
	f.press("esc")

	if _, ok := f.top().(*detailsScreen); !ok {
		t.Fatalf("esc from the tokens went to %T, want the details", f.top())
	}
	if view := f.view(); strings.Contains(view, model.LoopbackRedirectURI) {
		t.Errorf("details still show the redirect URI that the sign-in removed:\n%s", view)
	}
}
