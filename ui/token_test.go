package ui

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/model"
	"github.com/idtui/idtui/model/tokencheck"
)

// wrongSecret is the error that keycloak.Client.FetchTestToken returns
// for a rotated secret, as the keycloak package explains it.
func wrongSecret(clientID string) error {
	return &keycloak.Error{
		Kind: keycloak.ErrUnauthorized, Op: "fetch a token for", ClientID: clientID, Status: 401,
		OAuthCode: "unauthorized_client", Failure: keycloak.FailureWrongSecret,
		Detail: `Keycloak rejected the client secret of "` + clientID + `" (Keycloak returned HTTP 401 unauthorized_client: Invalid client or Invalid client credentials)`,
		Hint:   "Use the client's current secret; it changes whenever someone rotates it. idtui shows it in the application's details, and Keycloak's admin console under Clients > " + clientID + " > Credentials",
	}
}

func TestTokenAndPermissionKeys(t *testing.T) {
	tests := []struct {
		name     string
		readOnly bool
		setup    func(*fixture)
		keys     []string // pressed before the key under test
		key      string
		want     string
	}{
		{name: "t in the list fetches", key: "t", want: "push Token, ui.tokenMsg"},
		{name: "t in details fetches", keys: []string{"enter"}, key: "t", want: "push Token, ui.tokenMsg"},
		{name: "t on a login page signs a user in", keys: []string{"j", "j"}, key: "t", want: "push Sign in as user, ui.userLoginMsg"},
		{name: "t on an API explains", keys: []string{"a", "G"}, key: "t", want: "push Token"},
		{name: "read-only: t still fetches", readOnly: true, key: "t", want: "push Token, ui.tokenMsg"},

		{name: "+ opens the grant picker", keys: []string{"enter"}, key: "+", want: "push Grant permission, ui.apisMsg"},
		{name: "- opens the remove picker", keys: []string{"G", "enter"}, key: "-", want: "push Remove permission"},
		{name: "- without permissions", keys: []string{"enter"}, key: "-", want: "error"},
		{name: "+ without service account", keys: []string{"j", "j", "enter"}, key: "+", want: "error"},
		{name: "read-only: + notes read-only", readOnly: true, keys: []string{"enter"}, key: "+", want: "info"},
		{name: "read-only: - notes read-only", readOnly: true, keys: []string{"G", "enter"}, key: "-", want: "info"},

		{name: "c copies the token", keys: []string{"t"}, key: "c", want: "copy access token of connectors"},
		{name: "a copies the header", keys: []string{"t"}, key: "a", want: "copy Authorization header of connectors"},
		{name: "u copies the curl command", keys: []string{"t"}, key: "u", want: "copy curl command of connectors"},
		{name: "r fetches again", keys: []string{"t"}, key: "r", want: "ui.tokenMsg"},
		{name: "ctrl+r fetches again", keys: []string{"t"}, key: "ctrl+r", want: "ui.tokenMsg"},
		{name: "esc leaves the token", keys: []string{"t"}, key: "esc", want: "pop"},
		{name: "? shows the token keys", keys: []string{"t"}, key: "?", want: "push Help"},
		{name: "failed: c is an error", setup: failTokenOfConnectors, keys: []string{"t"}, key: "c", want: "error"},
		{name: "failed: u copies the request", setup: failTokenOfConnectors, keys: []string{"t"}, key: "u", want: "copy curl command of connectors"},
		{name: "API: c does nothing", keys: []string{"a", "G", "t"}, key: "c", want: ""},

		{name: "picker: esc cancels", keys: []string{"enter", "+"}, key: "esc", want: "pop"},
		{name: "picker: enter grants", keys: []string{"enter", "+"}, key: "enter", want: "ui.permissionChangedMsg"},
		{name: "picker: q is text", keys: []string{"enter", "+"}, key: "q", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, func(o *Options) { o.ReadOnly = tt.readOnly })
			if tt.setup != nil {
				tt.setup(f)
			}
			f.start(t, 100, 40)
			f.press(tt.keys...)

			got := f.keyAction(tt.key)

			if got != tt.want {
				t.Errorf("key %q: got %q, want %q", tt.key, got, tt.want)
			}
		})
	}
}

// flatView returns the screen with every run of spaces and line breaks
// made one space, so that checks can match wrapped sentences.
func flatView(f *fixture) string { return strings.Join(strings.Fields(f.view()), " ") }

// turnOffLoginPage turns off the standard flow and the device grant of
// the application, before the list loads.
func turnOffLoginPage(f *fixture, clientID string) {
	f.backend.mu.Lock()
	defer f.backend.mu.Unlock()
	for id, app := range f.backend.apps {
		if app.ClientID == clientID {
			app.Flows.Standard, app.Flows.Device = false, false
			f.backend.apps[id] = app
		}
	}
}

func failTokenOfConnectors(f *fixture) {
	f.backend.fail("fetch a token for", wrongSecret("connectors"))
}

// tokenScreenOf returns the token screen on top.
func tokenScreenOf(t *testing.T, f *fixture) *tokenScreen {
	t.Helper()
	s, ok := f.top().(*tokenScreen)
	if !ok {
		t.Fatalf("top screen is %q, want the token screen", f.top().Title())
	}
	return s
}

func TestTokenScreenShowsVerifiedToken(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 80)
	f.press("G", "t") // zeebe, with write:* on zeebe-api

	view := f.view()
	for _, want := range []string{
		"Token of zeebe, fetched at 12:00:00 UTC",
		"Signature        verified with the realm's key test-key (RS256)",
		"Expiry           expires in 5m, at 2026-12-04 12:05:00 UTC",
		"√ Zeebe would accept the token",
		"× Operate would reject the token with HTTP 401 Unauthorized: aud lacks operate-api",
		"Fix: Grant the application read:* or write:* on operate-api",
		"alg              RS256",
		"kid              test-key",
		"iss              http://keycloak.test/auth/realms/camunda-platform",
		"azp              zeebe",
		"aud              zeebe-api",
		"permissions      zeebe-api  write:*",
		"iat              2026-12-04 12:00:00 UTC",
		"Authorization: Bearer ••••••••",
		"printf '%s' '••••••••' | curl",
		"client_secret@-",
	} {
		if !strings.Contains(view, want) {
			t.Errorf("token screen lacks %q:\n%s", want, view)
		}
	}

	token := tokenScreenOf(t, f).result.test.Response.AccessToken.Reveal()
	signature := token[strings.LastIndex(token, ".")+1:]
	if strings.Contains(view, signature) || strings.Contains(view, "secret-of-zeebe") {
		t.Errorf("the token screen shows the token's signature or the secret:\n%s", view)
	}
}

func TestTokenScreenAnySize(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 40)
	f.press("G", "t")

	for _, size := range [][2]int{{50, 12}, {51, 13}, {80, 24}, {200, 60}, {49, 11}} {
		f.drive(windowSize(size[0], size[1]))
		for _, line := range strings.Split(f.view(), "\n") {
			if w := ansi.StringWidth(line); w > size[0] {
				t.Errorf("at %dx%d a line is %d wide: %q", size[0], size[1], w, line)
			}
		}
	}
}

func TestTokenScrolls(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 20)
	f.press("G", "t")
	if strings.Contains(f.view(), "Header and claims") {
		t.Fatal("the claims fit on the first screen; the test needs a shorter one")
	}

	for range 60 {
		f.press("j")
	}
	if view := f.view(); !strings.Contains(view, "c, a and u copy them") || strings.Contains(view, "Token of zeebe") {
		t.Errorf("after scrolling down, the screen does not end with the copy section:\n%s", view)
	}
	for range 60 {
		f.press("k")
	}
	if view := f.view(); !strings.Contains(view, "Token of zeebe") {
		t.Errorf("after scrolling up, the screen does not start at the top:\n%s", view)
	}
}

func TestTokenCountdownFollowsClock(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 80)
	f.press("G", "t")

	f.clock.Advance(time.Minute + 30*time.Second)
	if view := f.view(); !strings.Contains(view, "expires in 3m 30s, at 2026-12-04 12:05:00 UTC") {
		t.Errorf("countdown after 1m 30s:\n%s", view)
	}

	f.clock.Advance(4 * time.Minute)
	view := f.view()
	if !strings.Contains(view, "expired 30s ago, at 2026-12-04 12:05:00 UTC") {
		t.Errorf("expiry after 5m 30s:\n%s", view)
	}
	if !strings.Contains(view, "× Zeebe would reject the token with HTTP 401 or gRPC UNAUTHENTICATED: the token expired 30s ago") {
		t.Errorf("the diagnosis does not reject the expired token:\n%s", view)
	}

	f.press("r")
	if view := f.view(); !strings.Contains(view, "expires in 5m,") || !strings.Contains(view, "√ Zeebe would accept") {
		t.Errorf("r did not fetch a new token:\n%s", view)
	}
}

func TestTokenTickRearmsOnlyItsScreen(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 40)
	f.press("t")
	s := tokenScreenOf(t, f)

	if cmd := s.Update(tokenTickMsg{s}); cmd == nil {
		t.Error("a tick of the screen did not schedule the next one")
	}
	other := newTokenScreen(f.app.env, s.app)
	if cmd := s.Update(tokenTickMsg{other}); cmd != nil {
		t.Error("a tick of another token screen scheduled one here")
	}
}

func TestTokenCopiesRealValues(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 40)
	f.press("G", "t")
	token := tokenScreenOf(t, f).result.test.Response.AccessToken.Reveal()

	f.press("c")
	if got := f.native.get(); got != token {
		t.Errorf("c copied %d bytes, want the token", len(got))
	}
	if _, err := tokencheck.Decode(f.native.get()); err != nil {
		t.Errorf("the copied token does not decode: %v", err)
	}
	f.press("a")
	if got := f.native.get(); got != "Authorization: Bearer "+token {
		t.Errorf("a copied %q…, want the Authorization header", got[:min(len(got), 30)])
	}
	f.press("u")
	curl := f.native.get()
	for _, want := range []string{"printf '%s' secret-of-zeebe | curl -sS " + f.backend.TokenURL(), "client_secret@-", "client_id=zeebe", "grant_type=client_credentials"} {
		if !strings.Contains(curl, want) {
			t.Errorf("copied curl command lacks %q:\n%s", want, curl)
		}
	}
	if view := f.view(); !strings.Contains(view, "Copied the curl command of zeebe to the system clipboard; clearing it in 30s") {
		t.Errorf("footer lacks the copy:\n%s", view)
	}

	f.clock.Advance(DefaultClipboardClear)
	f.drive(clearDueMsg{f.app.clip.seq})
	if got := f.native.get(); got != "" {
		t.Errorf("clipboard holds %d bytes after the delay, want the curl command cleared", len(got))
	}
}

func TestTokenAfterGrantCarriesOperate(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 80)
	f.press("t") // connectors, without permissions
	if view := f.view(); !strings.Contains(view, "× Operate would reject the token") || !strings.Contains(view, "aud              absent") {
		t.Fatalf("token before the grant:\n%s", view)
	}

	f.press("esc", "enter", "+")
	f.typeText("operate read")
	f.press("enter")

	if got := f.backend.perms["id-0002"]; !slices.Equal(got, []model.Permission{{API: "operate-api", Role: "read:*"}}) {
		t.Fatalf("backend permissions = %v, want read:* on operate-api", got)
	}
	view := f.view()
	if _, ok := f.top().(*detailsScreen); !ok {
		t.Fatalf("top screen is %q after the grant, want the details", f.top().Title())
	}
	if !strings.Contains(view, "API access       operate-api  read:*") || !strings.Contains(view, "Granted read:* on operate-api to connectors") {
		t.Errorf("details after the grant:\n%s", view)
	}

	f.press("t")
	view = f.view()
	for _, want := range []string{"√ Operate would accept the token", "aud              operate-api", "permissions      operate-api  read:*"} {
		if !strings.Contains(view, want) {
			t.Errorf("token after the grant lacks %q:\n%s", want, view)
		}
	}
}

func TestPickerFiltersByEveryWord(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 40)
	f.press("enter", "+")
	picker := f.top().(*permissionPicker)
	if len(picker.visible) != 4 {
		t.Fatalf("picker offers %d permissions, want the 4 roles of operate-api and zeebe-api", len(picker.visible))
	}

	f.typeText("WRITE operate")

	if len(picker.visible) != 1 || picker.choices[picker.visible[0]].perm != (model.Permission{API: "operate-api", Role: "write:*"}) {
		t.Errorf("filter kept %d choices, want write:* on operate-api alone", len(picker.visible))
	}
	f.typeText(" nothing")
	if !strings.Contains(f.view(), "No permission matches the filter.") {
		t.Errorf("an empty filter result says nothing:\n%s", f.view())
	}
	f.press("enter")
	if f.top() != picker {
		t.Error("enter with no match left the picker")
	}
}

func TestPickerLeavesOutHeldPermissions(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 40)
	f.press("G", "enter", "+") // zeebe holds write:* on zeebe-api

	picker := f.top().(*permissionPicker)
	for _, i := range picker.visible {
		if p := picker.choices[i].perm; p == (model.Permission{API: "zeebe-api", Role: "write:*"}) {
			t.Error("the picker offers a permission that zeebe holds")
		}
	}
}

func TestGrantFailureKeepsPicker(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 40)
	f.backend.fail("grant a permission to", &keycloak.Error{Kind: keycloak.ErrForbidden, Op: "grant a permission to", ClientID: "connectors", Status: 403, Hint: "Grant manage-users"})
	f.press("enter", "+")
	f.typeText("operate write")

	f.press("enter")
	if _, ok := f.top().(*permissionPicker); !ok {
		t.Fatalf("top screen is %q after a failed grant, want the picker kept", f.top().Title())
	}
	if view := f.view(); !strings.Contains(view, `Error: grant a permission to "connectors" failed: forbidden (HTTP 403). Grant manage-users`) {
		t.Errorf("footer lacks the error:\n%s", view)
	}

	f.press("enter")
	if got := f.backend.perms["id-0002"]; len(got) != 1 {
		t.Errorf("permissions after the retry = %v, want the grant", got)
	}
}

func TestRemovePermissionAsksFirst(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 40)
	f.press("G", "enter", "-", "enter")

	view := flatView(f)
	for _, want := range []string{"Remove write:* on zeebe-api from zeebe?", "because it is the last role on zeebe-api, the zeebe-api audience"} {
		if !strings.Contains(view, want) {
			t.Errorf("confirmation lacks %q:\n%s", want, view)
		}
	}
	f.press("n")
	if len(f.backend.perms["id-0001"]) != 1 {
		t.Fatal("n removed the permission")
	}
	if _, ok := f.top().(*detailsScreen); !ok {
		t.Errorf("n went to %q, want the details", f.top().Title())
	}

	f.press("-", "enter", "y")
	if len(f.backend.perms["id-0001"]) != 0 {
		t.Fatalf("y left the permissions %v", f.backend.perms["id-0001"])
	}
	view = f.view()
	if !strings.Contains(view, "API access       none") || !strings.Contains(view, "Removed write:* on zeebe-api from zeebe") {
		t.Errorf("details after the removal:\n%s", view)
	}
}

func TestTokenSignatureNotVerified(t *testing.T) {
	f := newFixture(t, nil)
	f.backend.keysetKeyID = "rotated-key"
	f.start(t, 100, 80)
	f.press("G", "t")

	view := flatView(f)
	if !strings.Contains(view, "Signature not verified: the realm publishes no key with kid test-key") {
		t.Errorf("signature line:\n%s", view)
	}
	if !strings.Contains(view, "× Zeebe would reject the token with HTTP 401 or gRPC UNAUTHENTICATED: the signature is not verified") {
		t.Errorf("the diagnosis accepts an unverified token:\n%s", view)
	}
}

func TestTokenWithoutRealmKeys(t *testing.T) {
	f := newFixture(t, nil)
	f.backend.fail("fetch the realm's keys", &keycloak.Error{Kind: keycloak.ErrUnavailable, Op: "fetch the realm's keys", Detail: "connection refused", Hint: "Check that Keycloak runs"})
	f.start(t, 100, 80)
	f.press("G", "t")

	view := flatView(f)
	if !strings.Contains(view, `Signature not checked: fetch the realm's keys failed: unavailable: connection refused. Check that Keycloak runs`) {
		t.Errorf("signature line:\n%s", view)
	}
	if !strings.Contains(view, "√ Zeebe would accept the token") {
		t.Errorf("an unchecked signature rejected the token:\n%s", view)
	}
}

func TestTokenFailuresExplained(t *testing.T) {
	tests := []struct {
		name  string
		setup func(*fixture)
		keys  []string
		want  []string
	}{
		{
			name:  "rotated secret",
			setup: failTokenOfConnectors,
			keys:  []string{"t"},
			want:  []string{"No token for connectors: the secret is wrong or was rotated", "Keycloak rejected the client secret of \"connectors\"", "What to change", "Use the client's current secret", "The request that failed, which u copies:"},
		},
		{
			name: "disabled client",
			keys: []string{"j", "t"}, // legacy-batch
			want: []string{"No token for legacy-batch: the client is disabled", "Enable the client, in idtui or in Keycloak's admin console."},
		},
		{
			name: "not a Keycloak error",
			setup: func(f *fixture) {
				f.backend.fail("fetch a token for", errors.New("dial tcp 127.0.0.1:18080: connection refused"))
			},
			keys: []string{"t"},
			want: []string{"No token for connectors: the request failed", "Dial tcp 127.0.0.1:18080: connection refused."},
		},
		{
			name: "secret unreadable",
			setup: func(f *fixture) {
				f.backend.fail("fetch a token for", &keycloak.Error{Kind: keycloak.ErrForbidden, Op: "read the secret of", ClientID: "connectors", Status: 403, Hint: "Grant view-clients"})
			},
			keys: []string{"t"},
			want: []string{"No token for connectors: the request failed", `Read the secret of "connectors" failed: forbidden (HTTP 403).`, "Grant view-clients."},
		},
		{
			name:  "login page off, no service account",
			setup: func(f *fixture) { turnOffLoginPage(f, "operate") },
			keys:  []string{"j", "j", "t"}, // operate
			want:  []string{"No token for operate", "has neither a service account nor a login page", "Turn on the standard flow in its settings in Keycloak"},
		},
		{
			name:  "public client, login page off",
			setup: func(f *fixture) { turnOffLoginPage(f, "web-modeler") },
			keys:  []string{"j", "j", "j", "t"}, // web-modeler
			want:  []string{"No token for web-modeler", "a public client has no service account"},
		},
		{
			name: "API client",
			keys: []string{"a", "G", "t"}, // zeebe-api
			want: []string{"No token for zeebe-api", "is an API (a resource server)"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, nil)
			if tt.setup != nil {
				tt.setup(f)
			}
			f.start(t, 100, 40)
			f.press(tt.keys...)

			view := flatView(f)
			for _, want := range tt.want {
				if !strings.Contains(view, want) {
					t.Errorf("screen lacks %q:\n%s", want, view)
				}
			}
			if strings.Contains(view, "Error:") {
				t.Errorf("the footer repeats the explanation:\n%s", view)
			}
		})
	}
}

func TestTokenNotInLog(t *testing.T) {
	var log strings.Builder
	f := newFixture(t, func(o *Options) { o.Logger = newTextLogger(&log) })
	f.start(t, 100, 40)
	f.press("G", "t", "c", "a", "u", "r")
	token := tokenScreenOf(t, f).result.test.Response.AccessToken.Reveal()

	if strings.Contains(log.String(), token[strings.LastIndex(token, ".")+1:]) || strings.Contains(log.String(), "secret-of-") {
		t.Errorf("log contains the token or the secret:\n%s", log.String())
	}
	if !strings.Contains(log.String(), "test token fetched") {
		t.Errorf("log lacks the fetch:\n%s", log.String())
	}
}

func TestMaskedToken(t *testing.T) {
	tests := []struct {
		raw, want string
	}{
		{"eyJhbGciOiJSUzI1NiJ9.eyJleHAiOjE3OTk5OTk5OTl9.c2lnbmF0dXJl", "eyJhbGciOiJS….eyJleHAiOjE3….••••••••"},
		{"a.b.c", "a.b.••••••••"},
		{"opaque-token", "••••••••"},
	}
	for _, tt := range tests {
		if got := maskedToken(model.Secret(tt.raw)); got != tt.want {
			t.Errorf("maskedToken(%q) = %q, want %q", tt.raw, got, tt.want)
		}
	}
}

func TestTokenBreadcrumbNamesApplication(t *testing.T) {
	tests := []struct {
		name string
		keys []string
		fail string // a backend operation that fails
		want string
	}{
		{name: "token from list", keys: []string{"G", "t"}, want: "idtui › Applications › zeebe › Token"},
		{name: "token from details", keys: []string{"G", "enter", "t"}, want: "idtui › Applications › zeebe › Token"},
		{name: "user login from list", keys: []string{"j", "j", "t"}, fail: "get application", want: "idtui › Applications › operate › Sign in as user"},
		{name: "redirect URI from list", keys: []string{"j", "j", "t"}, want: "idtui › Applications › operate › Add redirect URI"},
		{name: "user sign-in from list", keys: []string{"j", "j", "t", "y"}, want: "idtui › Applications › operate › Sign in as user"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, nil)
			f.start(t, 120, 30)
			f.backend.holdSignIns()
			if tt.fail != "" {
				f.backend.fail(tt.fail, &keycloak.Error{Kind: keycloak.ErrUnavailable, Op: tt.fail, Detail: "connection refused"})
			}

			f.press(tt.keys...)

			if got := f.app.breadcrumb(); got != tt.want {
				t.Errorf("breadcrumb = %q, want %q", got, tt.want)
			}
		})
	}
}
