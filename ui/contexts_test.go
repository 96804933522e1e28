package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/model"
)

// testContexts are the config file of the context tests. dev is the
// console's own. other prompts for its password, and is read-only with a
// red accent. broken has a Keycloak that does not respond. sso signs in on
// Keycloak's login page and has no session yet.
type testContexts struct {
	*memoryContexts
	other, sso *memoryBackend
}

// otherPassword is the admin password of the context other.
const otherPassword = "other-pass"

func newTestContexts(now func() time.Time) *testContexts {
	other := newMemoryBackend(now, model.Application{
		ClientID: "billing", Name: "Billing", Type: model.TypeM2M, Enabled: true,
		Flows: model.Flows{ServiceAccount: true}, SecretCreatedAt: testNow.Add(-2 * 24 * time.Hour),
	})
	other.realm = "other-realm"
	sso := newMemoryBackend(now, presetApps()...)
	sso.signIn.ended = true

	c := &testContexts{other: other, sso: sso, memoryContexts: &memoryContexts{
		names: []string{"dev", "other", "broken", "sso"},
		calls: map[string]int{},
	}}
	c.connect = map[string]func(context.Context, SecretPrompt) (Connection, error){
		"other": func(_ context.Context, ask SecretPrompt) (Connection, error) {
			secret, err := ask("The password of admin@master: ")
			if err != nil {
				return Connection{}, err
			}
			if secret != otherPassword {
				return Connection{}, &keycloak.Error{Kind: keycloak.ErrUnauthorized, Op: "log in as admin@master", Status: 401,
					Detail: "invalid_grant: Invalid user credentials", Hint: `Check the admin credentials, and that "admin" exists in the admin realm "master"`}
			}
			return Connection{Backend: other, ContextName: "other", ReadOnly: true, Accent: "#d70000",
				Warnings: []string{"the config file /home/op/.config/idtui/config.yaml can be read by group or others (mode 0644); run: chmod 600 /home/op/.config/idtui/config.yaml"}}, nil
		},
		"broken": func(context.Context, SecretPrompt) (Connection, error) {
			return Connection{}, &keycloak.Error{Kind: keycloak.ErrUnavailable, Op: "log in as admin@master",
				Detail: "nothing listens at keycloak.broken.test:443 (connection refused)", Hint: "Check that Keycloak runs at https://keycloak.broken.test/auth, then retry"}
		},
		"sso": func(context.Context, SecretPrompt) (Connection, error) {
			return Connection{Backend: sso, ContextName: "sso"}, &keycloak.Error{Kind: keycloak.ErrSignInRequired, Op: "sign in", ClientID: "idtui",
				Detail: "no one can be asked to sign in here", Hint: "Sign in on a terminal with idtui login"}
		},
	}
	return c
}

// newContextsFixture returns a console on the context dev, with the test
// contexts.
func newContextsFixture(t *testing.T, readOnly bool) (*fixture, *testContexts) {
	t.Helper()
	var contexts *testContexts
	f := newFixture(t, func(o *Options) {
		contexts = newTestContexts(o.Clock)
		o.Contexts, o.ContextName, o.ReadOnly = contexts, "dev", readOnly
	})
	return f, contexts
}

func TestContextKeys(t *testing.T) {
	tests := []struct {
		name     string
		contexts bool
		readOnly bool
		keys     []string // pressed before the key under test
		key      string
		want     string
	}{
		{name: "C opens the picker", contexts: true, key: "C", want: "push Contexts"},
		{name: "read-only: C still opens it", contexts: true, readOnly: true, key: "C", want: "push Contexts"},
		{name: "C works on details", contexts: true, keys: []string{"enter"}, key: "C", want: "push Contexts"},
		{name: "C in the picker stays", contexts: true, keys: []string{"C"}, key: "C", want: ""},
		{name: "C in a form is text", contexts: true, keys: []string{"n"}, key: "C", want: ""},
		{name: "without contexts C does nothing", key: "C", want: ""},
		{name: "esc leaves the picker", contexts: true, keys: []string{"C"}, key: "esc", want: "pop"},
		{name: "enter on the current context", contexts: true, keys: []string{"C"}, key: "enter", want: "pop, info"},
		{name: "enter on other asks its password", contexts: true, keys: []string{"C", "j"}, key: "enter", want: "ui.secretPromptMsg"},
		{name: "enter on broken fails", contexts: true, keys: []string{"C", "j", "j"}, key: "enter", want: "ui.connectMsg"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var f *fixture
			if tt.contexts {
				f, _ = newContextsFixture(t, tt.readOnly)
			} else {
				f = newFixture(t, nil)
			}
			f.start(t, 100, 30)
			f.press(tt.keys...)

			got := f.keyAction(tt.key)

			if got != tt.want {
				t.Errorf("key %q: got %q, want %q", tt.key, got, tt.want)
			}
		})
	}
}

func TestContextPickerMarksCurrent(t *testing.T) {
	f, _ := newContextsFixture(t, false)
	f.start(t, 100, 30)
	f.press("C")

	view := flatView(f)
	for _, want := range []string{"● dev (current)", "other broken sso", "for this run only", "idtui context use NAME"} {
		if !strings.Contains(view, want) {
			t.Errorf("picker lacks %q:\n%s", want, view)
		}
	}
	if picker := f.top().(*contextPicker); picker.cursor != 0 {
		t.Errorf("cursor on %d, want the current context, 0", picker.cursor)
	}
}

// switchToOther switches to the context other, typing its password.
func switchToOther(t *testing.T, f *fixture, password string) {
	t.Helper()
	f.press("C", "j", "enter")
	if _, ok := f.top().(*secretPromptScreen); !ok {
		t.Fatalf("top screen is %q, want the secret prompt", f.top().Title())
	}
	f.typeText(password)
	f.press("enter")
	// The flow waited for the password longer than collect waits.
	f.awaitLate(t)
}

func TestContextSwitch(t *testing.T) {
	f, contexts := newContextsFixture(t, false)
	f.start(t, 100, 30)

	switchToOther(t, f, otherPassword)

	if f.app.env.backend != Backend(contexts.other) {
		t.Fatal("the console does not work on the backend of other")
	}
	if len(f.app.stack) != 1 {
		t.Errorf("stack of %d screens after the switch, want the list alone", len(f.app.stack))
	}
	list := f.app.stack[0].(*listScreen)
	if list.table.len() != 1 || list.table.at(0).ClientID != "billing" {
		t.Errorf("the list does not show the applications of other")
	}
	view := f.view()
	for _, want := range []string{"other │ http://keycloak.test/auth │ realm other-realm", "READONLY", "Warning: the config file"} {
		if !strings.Contains(view, want) {
			t.Errorf("screen lacks %q:\n%s", want, view)
		}
	}
	f.press("n")
	if f.top() != screen(list) || !strings.Contains(f.view(), "The context other is read-only, so n (new application) is off") {
		t.Errorf("n after switching to a read-only context opened %q, or the footer lacks the note:\n%s", f.top().Title(), f.view())
	}
	if strings.Contains(view, otherPassword) {
		t.Error("the screen shows the password")
	}
}

func TestContextSwitchWrongPassword(t *testing.T) {
	f, contexts := newContextsFixture(t, false)
	f.start(t, 100, 30)
	before := f.app.env

	switchToOther(t, f, "wrong")

	if f.app.env != before || f.app.env.opts.ContextName != "dev" {
		t.Fatal("a failed switch changed the connection")
	}
	picker, ok := f.top().(*contextPicker)
	if !ok {
		t.Fatalf("top screen is %q, want the picker", f.top().Title())
	}
	view := flatView(f)
	for _, want := range []string{"Switching to other failed; the console stays on the context dev.", "Invalid user credentials", `Check the admin credentials, and that "admin" exists`} {
		if !strings.Contains(view, want) {
			t.Errorf("picker lacks %q:\n%s", want, view)
		}
	}
	if picker.connecting != "" || contexts.calls["other"] != 1 {
		t.Errorf("connecting %q after %d tries, want done after 1", picker.connecting, contexts.calls["other"])
	}
}

func TestContextSecretPromptMasksAndCancels(t *testing.T) {
	f, _ := newContextsFixture(t, false)
	f.start(t, 100, 30)
	f.press("C", "j", "enter")
	f.typeText(otherPassword)

	if view := f.view(); strings.Contains(view, otherPassword) || !strings.Contains(view, "> ••••••••••") {
		t.Errorf("the prompt does not mask the password:\n%s", view)
	}
	if got := f.keyAction("q"); got != "" {
		t.Errorf("q in the prompt: %q, want it typed", got)
	}

	f.press("esc")
	f.awaitLate(t)

	if f.app.env.opts.ContextName != "dev" || f.top().Title() != "Contexts" {
		t.Errorf("after esc: context %q, top %q; want dev and the picker", f.app.env.opts.ContextName, f.top().Title())
	}
	if view := f.view(); !strings.Contains(view, "Switch canceled; still on the context dev") || strings.Contains(view, "Error") {
		t.Errorf("footer after esc:\n%s", view)
	}
}

func TestContextSwitchSignsIn(t *testing.T) {
	f, contexts := newContextsFixture(t, false)
	release := contexts.sso.holdSignIns()
	f.start(t, 100, 30)
	f.press("C", "j", "j", "j", "enter")

	signIn, ok := f.top().(*signInScreen)
	if !ok {
		t.Fatalf("top screen is %q, want the sign-in", f.top().Title())
	}
	if view := flatView(f); !strings.Contains(view, "The context sso signs in on Keycloak's login page") || !strings.Contains(view, "/realms/master/protocol/openid-connect/auth?client_id=idtui") {
		t.Errorf("sign-in screen:\n%s", view)
	}

	release <- nil
	f.awaitLate(t)
	if !signIn.done {
		t.Error("the sign-in screen did not finish")
	}

	if f.app.env.backend != Backend(contexts.sso) || f.app.env.opts.ContextName != "sso" {
		t.Errorf("after the sign-in the console is on %q, want sso", f.app.env.opts.ContextName)
	}
	if f.app.stack[0].(*listScreen).table.len() == 0 {
		t.Error("the list of sso is empty")
	}
}

func TestContextSwitchKeepsClipboardClear(t *testing.T) {
	f, _ := newContextsFixture(t, false)
	f.start(t, 100, 30)
	f.press("c") // the secret of connectors
	if f.native.get() != "secret-of-connectors" {
		t.Fatalf("clipboard = %q before the switch", f.native.get())
	}

	switchToOther(t, f, otherPassword)
	f.clock.Advance(DefaultClipboardClear)
	f.drive(clearDueMsg{seq: f.app.clip.seq})

	if got := f.native.get(); got != "" {
		t.Errorf("clipboard = %q after the delay, want the secret of dev cleared after the switch", got)
	}
}

// fileContexts are contexts read from a config file at path.
type fileContexts struct {
	*memoryContexts
	path   string
	exists bool
}

func (c fileContexts) ConfigPath() (string, bool) { return c.path, c.exists }

func TestContextPickerNamesConfigFile(t *testing.T) {
	const path = "/home/op/.config/idtui/config.yaml"
	tests := []struct {
		name     string
		contexts Contexts
		want     string
	}{
		{name: "no file", contexts: fileContexts{memoryContexts: &memoryContexts{}, path: path}, want: "There is no config file at " + path + ", so there are no contexts to switch to."},
		{name: "empty file", contexts: fileContexts{memoryContexts: &memoryContexts{}, path: path, exists: true}, want: "The config file " + path + " has no contexts."},
		{name: "path unknown", contexts: &memoryContexts{}, want: "The config file has no contexts."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, func(o *Options) { o.Contexts = tt.contexts })
			f.start(t, 120, 30)

			f.press("C")

			if view := flatView(f); !strings.Contains(view, tt.want) {
				t.Errorf("picker lacks %q:\n%s", tt.want, view)
			}
		})
	}
}
