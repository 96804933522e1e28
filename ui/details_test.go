package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/model"
)

// rotateElsewhere rotates the secret of clientID in the backend, as idtui
// apps rotate in another shell does, behind the console's back.
func rotateElsewhere(t *testing.T, f *fixture, clientID string) model.Secret {
	t.Helper()
	secret, err := f.backend.RotateSecret(context.Background(), model.AppRef{ClientID: clientID})
	if err != nil {
		t.Fatalf("rotate %s: %v", clientID, err)
	}
	return secret
}

func TestDetailsCopyReadsCurrentSecret(t *testing.T) {
	for _, tt := range []struct {
		key  string
		kind string
	}{{"c", "secret"}, {"e", ".env block"}} {
		t.Run(tt.key, func(t *testing.T) {
			f := newFixture(t, nil)
			f.start(t, 100, 30)
			f.press("G", "enter") // zeebe
			current := rotateElsewhere(t, f, "zeebe")
			f.clock.Advance(time.Hour)

			f.press(tt.key)

			got := f.native.get()
			if !strings.Contains(got, current.Reveal()) {
				t.Errorf("clipboard = %q, want the current secret %q", got, current.Reveal())
			}
			if secret := f.top().(*detailsScreen).secret; secret != current {
				t.Errorf("details hold the secret %q after the copy, want %q", secret.Reveal(), current.Reveal())
			}
			if view := f.view(); !strings.Contains(view, "Secret age       1h") {
				t.Errorf("details show the old secret age after the copy:\n%s", view)
			}
			if view := f.view(); !strings.Contains(view, "Copied the "+tt.kind+" of zeebe") {
				t.Errorf("footer lacks the copy notice:\n%s", view)
			}
		})
	}
}

func TestDetailsRevealReadsCurrentSecret(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 30)
	f.press("G", "enter") // zeebe
	current := rotateElsewhere(t, f, "zeebe")
	f.clock.Advance(2 * time.Hour)

	f.press("v")

	view := f.view()
	if !strings.Contains(view, current.Reveal()) {
		t.Errorf("v does not reveal the current secret %q:\n%s", current.Reveal(), view)
	}
	if !strings.Contains(view, "Secret age       2h") {
		t.Errorf("details show the old secret age after v:\n%s", view)
	}
	list := f.app.stack[0].(*listScreen)
	if age := secretAge(list.table.at(list.table.indexOf("zeebe")), f.clock.Now()); age != "2h" {
		t.Errorf("the list shows secret age %q after v found a new secret, want 2h", age)
	}
}

func TestDetailsCopyReadFailsCopiesNothing(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 30)
	f.press("G", "enter") // zeebe
	f.native.set("unrelated")
	f.backend.fail("read the secret of", &keycloak.Error{Kind: keycloak.ErrUnavailable, Op: "read the secret of", ClientID: "zeebe", Detail: "connection refused", Hint: "Check that Keycloak runs"})

	f.press("c")

	if got := f.native.get(); got != "unrelated" {
		t.Errorf("clipboard = %q after a failed read, want it unchanged", got)
	}
	if view := f.view(); strings.Contains(view, "Copied") {
		t.Errorf("footer reports a copy after a failed read:\n%s", view)
	}
}
