package ui

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// A change sent to Keycloak cannot be taken back: Keycloak applies it even
// when the console stops waiting. These tests hold each change in the
// in-memory backend, press esc while it is in flight, and then check that
// the console shows the change's result once Keycloak replies.

func TestEscWhileChangeInFlight(t *testing.T) {
	tests := []struct {
		name  string
		op    string   // the backend operation to hold
		keys  []string // open the dialog and start the change
		text  string   // typed before the last key
		last  string
		stays bool     // esc leaves the dialog on screen
		want  []string // on screen after the reply
	}{
		{name: "rotate", op: "rotate the secret of", keys: []string{"R"}, last: "y", stays: true, want: []string{"Rotated the secret of connectors.", "New secret"}},
		{name: "disable", op: "update application", keys: []string{"x"}, last: "y", stays: true, want: []string{"Disabled connectors"}},
		{name: "enable from details", op: "update application", keys: []string{"j", "enter"}, last: "x", want: []string{"Enabled legacy-batch"}},
		{name: "delete", op: "delete application", keys: []string{"D"}, text: "connectors", last: "enter", stays: true, want: []string{"Deleted connectors"}},
		{name: "create", op: "create application", keys: []string{"n"}, text: "billing", last: "ctrl+s", stays: true, want: []string{"Created M2M application billing."}},
		{name: "grant", op: "grant a permission to", keys: []string{"enter", "+"}, text: "operate read", last: "enter", stays: true, want: []string{"Granted read:* on operate-api to connectors"}},
		{name: "remove", op: "remove a permission from", keys: []string{"G", "enter", "-", "enter"}, last: "y", stays: true, want: []string{"Removed write:* on zeebe-api from zeebe", "API access       none"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, nil)
			f.start(t, 100, 40)
			f.press(tt.keys...)
			f.typeText(tt.text)
			dialog := f.top()
			release := f.backend.hold(tt.op)
			f.press(tt.last)

			f.press("esc")

			if tt.stays {
				if f.top() != dialog {
					t.Fatalf("esc left the dialog for %q while the change was in flight", f.top().Title())
				}
				if view := flatView(f); !strings.Contains(view, "cannot be canceled") {
					t.Errorf("esc gave no note that the change is on its way:\n%s", view)
				}
			}
			release <- struct{}{}
			f.awaitLate(t)

			view := f.view()
			for _, want := range tt.want {
				if !strings.Contains(view, want) {
					t.Errorf("screen after the reply lacks %q:\n%s", want, view)
				}
			}
			if f.top() == dialog {
				t.Errorf("the dialog %q stayed after the reply", dialog.Title())
			}
		})
	}
}

func TestRotateInFlightUpdatesList(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 30)
	f.clock.Advance(36 * 24 * time.Hour)
	release := f.backend.hold("rotate the secret of")
	f.press("R", "y", "esc", "?", "C")

	release <- struct{}{}
	f.awaitLate(t)

	if _, ok := f.top().(*secretScreen); !ok {
		t.Fatalf("top screen is %q after the reply, want the new secret", f.top().Title())
	}
	f.press("c")
	if got := f.native.get(); got != "rotated-secret-of-connectors" {
		t.Errorf("clipboard = %q, want the new secret", got)
	}
	f.press("enter")
	list := f.app.stack[0].(*listScreen)
	if age := secretAge(list.table.at(list.table.indexOf("connectors")), f.clock.Now()); age != "<1m" {
		t.Errorf("the list shows secret age %q after the rotation, want <1m", age)
	}
	if len(f.app.stack) != 1 {
		t.Errorf("stack of %d screens after enter, want the list alone", len(f.app.stack))
	}
}

func TestRedirectURIAddInFlightIsRemoved(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 40)
	before := operateRedirectURIs(f)
	f.backend.holdSignIns()
	release := f.backend.hold("change the redirect URIs of")
	f.press("j", "j", "t", "y") // operate

	f.press("esc")
	release <- struct{}{}
	f.app.Close() // waits for the removal

	if got := operateRedirectURIs(f); !slices.Equal(got, before) {
		t.Errorf("redirect URIs after esc during the add: %q, want %q", got, before)
	}
}

func TestClipboardNoteWaitsForNotice(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 30)
	f.press("c") // the secret of connectors
	f.clock.Advance(DefaultClipboardClear)
	f.press("G", "D")
	f.typeText("zeebe")
	f.press("enter")

	f.drive(clearDueMsg{f.app.clip.seq})

	if f.native.get() != "" {
		t.Fatal("the clipboard was not cleared")
	}
	view := f.view()
	if !strings.Contains(view, "Deleted zeebe") || strings.Contains(view, "Cleared") {
		t.Errorf("the clipboard note replaced the notice of the deletion:\n%s", view)
	}

	f.clock.Advance(infoLifetime)
	f.drive(infoExpiredMsg{f.app.footer.seq})
	if view := f.view(); !strings.Contains(view, "Cleared the secret of connectors from the clipboard") {
		t.Errorf("the clipboard note did not follow the notice:\n%s", view)
	}
}

func TestDialogClearsOldNotice(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 40)
	f.press("enter", "+")
	f.typeText("operate read")
	f.press("enter")
	if view := f.view(); !strings.Contains(view, "Granted read:* on operate-api to connectors") {
		t.Fatalf("details lack the notice of the grant:\n%s", view)
	}

	f.press("-")

	if view := f.view(); strings.Contains(view, "Granted") {
		t.Errorf("the remove dialog shows the notice of the grant:\n%s", view)
	}
}

func TestQuitWhileChangeInFlight(t *testing.T) {
	tests := []struct {
		name string
		keys []string // the quit keys under test
		want []string // the action of each key
	}{
		{name: "q warns, second q quits", keys: []string{"q", "q"}, want: []string{"", "quit"}},
		{name: "ctrl+c warns, second ctrl+c quits", keys: []string{"ctrl+c", "ctrl+c"}, want: []string{"", "quit"}},
		{name: "q then ctrl+c quits", keys: []string{"q", "ctrl+c"}, want: []string{"", "quit"}},
		{name: "another key disarms", keys: []string{"q", "j", "q"}, want: []string{"", "", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, nil)
			f.start(t, 100, 40)
			release := f.backend.hold("rotate the secret of")
			defer func() { release <- struct{}{} }()
			f.press("R", "y")

			for i, k := range tt.keys {
				if got := f.keyAction(k); got != tt.want[i] {
					t.Errorf("key %d (%q): got %q, want %q", i+1, k, got, tt.want[i])
				}
			}
			if tt.want[len(tt.want)-1] == "quit" {
				return
			}
			view := flatView(f)
			for _, want := range []string{"a change to Keycloak is on its way (rotate the secret of connectors)", "Press q again to quit without waiting for its result."} {
				if !strings.Contains(view, want) {
					t.Errorf("footer lacks %q:\n%s", want, view)
				}
			}
		})
	}
}

func TestQuitAfterChangeReply(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 40)
	release := f.backend.hold("rotate the secret of")
	f.press("R", "y")
	if got := f.keyAction("q"); got != "" {
		t.Fatalf("q while the rotation is in flight: got %q, want a warning only", got)
	}

	release <- struct{}{}
	f.awaitLate(t)
	f.press("enter") // closes the new secret

	if got := f.keyAction("q"); got != "quit" {
		t.Errorf("q after the reply: got %q, want quit", got)
	}
}

func TestFooterWhileChangeInFlight(t *testing.T) {
	tests := []struct {
		name string
		op   string
		keys []string // open the dialog
		text string
		last string // starts the change
		quit string // the change that the quit warning names
	}{
		{name: "rotate", op: "rotate the secret of", keys: []string{"R"}, last: "y", quit: "rotate the secret of connectors"},
		{name: "disable", op: "update application", keys: []string{"x"}, last: "y", quit: "(disable connectors)"},
		{name: "delete", op: "delete application", keys: []string{"D"}, text: "connectors", last: "enter", quit: "delete connectors"},
		{name: "create", op: "create application", keys: []string{"n"}, text: "billing", last: "ctrl+s", quit: "create billing"},
		{name: "grant", op: "grant a permission to", keys: []string{"enter", "+"}, text: "operate read", last: "enter", quit: "to connectors"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, nil)
			f.start(t, 100, 40)
			f.press(tt.keys...)
			f.typeText(tt.text)
			release := f.backend.hold(tt.op)
			f.press(tt.last)

			view := f.view()
			for _, offered := range []string{"cancel", "? help", "y rotate", "y disable", "enter delete", "ctrl+s create", "enter grant"} {
				if strings.Contains(view, offered) {
					t.Errorf("footer offers %q while the change is on its way:\n%s", offered, view)
				}
			}
			f.press("ctrl+c")
			if view := flatView(f); !strings.Contains(view, tt.quit) {
				t.Errorf("quit warning does not name %q:\n%s", tt.quit, view)
			}

			release <- struct{}{}
			f.awaitLate(t)
		})
	}
}
