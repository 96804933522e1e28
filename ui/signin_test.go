package ui

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/model"
)

// signInScreenOf returns the sign-in screen on top.
func signInScreenOf(t *testing.T, f *fixture) *signInScreen {
	t.Helper()
	s, ok := f.top().(*signInScreen)
	if !ok {
		t.Fatalf("top screen is %q, want the sign-in", f.top().Title())
	}
	return s
}

func TestSessionSignInRetriesCalls(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 40)
	f.press("G", "enter") // zeebe's details
	release := f.backend.holdSignIns()
	f.backend.endSession()

	f.press("ctrl+r") // three calls, which all fail

	signIn := signInScreenOf(t, f)
	if n := len(f.app.stack); n != 3 {
		t.Errorf("stack of %d screens, want the list, the details and one sign-in", n)
	}
	if len(signIn.retries) != 3 {
		t.Errorf("%d calls to retry, want the 3 of the reload", len(signIn.retries))
	}
	view := flatView(f)
	for _, want := range []string{
		"Keycloak ended the session of admin@master",
		"idtui opened no browser, because there is no display (DISPLAY and WAYLAND_DISPLAY are unset). Open this URL in a browser on this machine:",
		"forward that port first (ssh -L " + testRedirectPort + ":127.0.0.1:" + testRedirectPort,
		"for up to 10m more",
	} {
		if !strings.Contains(view, want) {
			t.Errorf("sign-in screen lacks %q:\n%s", want, view)
		}
	}
	if strings.Contains(view, "Error") || len(f.app.env.pending) != 0 {
		t.Errorf("the footer shows an error, or requests stay pending (%v):\n%s", f.app.env.pending, view)
	}

	release <- nil
	f.awaitLate(t)

	if f.top().Title() != "zeebe" || len(f.app.stack) != 2 {
		t.Fatalf("after the sign-in the top screen is %q of %d, want zeebe's details", f.top().Title(), len(f.app.stack))
	}
	details := f.top().(*detailsScreen)
	if !details.loadedApp || !details.loadedSecret || !details.loadedSA {
		t.Errorf("details not reloaded after the sign-in: app %v, secret %v, service account %v", details.loadedApp, details.loadedSecret, details.loadedSA)
	}
	if f.backend.signIn.signIns != 1 {
		t.Errorf("%d sign-ins, want 1", f.backend.signIn.signIns)
	}
	if view := f.view(); !strings.Contains(view, "Signed in again as admin@master") {
		t.Errorf("footer lacks the sign-in:\n%s", view)
	}
}

func TestSessionSignInCancel(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 40)
	f.backend.holdSignIns()
	f.backend.endSession()
	f.press("R", "y") // rotate connectors

	signIn := signInScreenOf(t, f)
	f.press("esc")

	if !signIn.done {
		t.Error("esc did not end the sign-in")
	}
	confirm, ok := f.top().(*confirmScreen)
	if !ok {
		t.Fatalf("top screen is %q after esc, want the rotation's confirmation", f.top().Title())
	}
	if confirm.busy {
		t.Error("the confirmation still waits for the rotation")
	}
	if view := flatView(f); !strings.Contains(view, "Error: not signed in, so idtui cannot reach Keycloak") {
		t.Errorf("footer:\n%s", view)
	}
	if f.backend.secrets["id-0002"] != "secret-of-connectors" {
		t.Error("the secret changed without a session")
	}
}

func TestSessionSignInListRefresh(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 40)
	f.backend.endSession()
	f.backend.mu.Lock()
	f.backend.add(model.Application{ClientID: "added-meanwhile", Type: model.TypeM2M, Enabled: true, Flows: model.Flows{ServiceAccount: true}}, "s")
	f.backend.mu.Unlock()

	f.press("ctrl+r")

	list := f.app.stack[0].(*listScreen)
	if f.backend.signIn.signIns != 1 || f.top() != screen(list) {
		t.Fatalf("after the refresh: %d sign-ins, top %q; want one sign-in and the list", f.backend.signIn.signIns, f.top().Title())
	}
	if list.table.indexOf("added-meanwhile") < 0 || list.table.len() != 6 {
		t.Errorf("the list was not reloaded after the sign-in: %d rows", list.table.len())
	}
}

func TestSessionSignInDevice(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 40)
	f.backend.holdSignIns()
	f.backend.setSignInMethod(keycloak.SignInDevice)
	f.backend.endSession()
	f.press("enter")

	view := flatView(f)
	for _, want := range []string{"Open this URL on any device and enter the code:", "http://keycloak.test/auth/realms/master/device", "Code " + testUserCode, "The code expires in 10m."} {
		if !strings.Contains(view, want) {
			t.Errorf("sign-in screen lacks %q:\n%s", want, view)
		}
	}
	f.clock.Advance(9*time.Minute + 15*time.Second)
	if view := flatView(f); !strings.Contains(view, "The code expires in 45s.") {
		t.Errorf("countdown after 9m 15s:\n%s", view)
	}
}

func TestSessionSignInFailsAndRetries(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 40)
	release := f.backend.holdSignIns()
	f.backend.endSession()
	f.press("enter")
	signIn := signInScreenOf(t, f)

	release <- &keycloak.Error{Kind: keycloak.ErrUnauthorized, Op: "sign in", OAuthCode: "access_denied", Detail: "access_denied", Hint: "The sign-in was canceled or refused on Keycloak's page; sign in again"}
	f.awaitLate(t)

	view := flatView(f)
	for _, want := range []string{"The sign-in failed.", "access_denied", "r tries again; esc cancels."} {
		if !strings.Contains(view, want) {
			t.Errorf("sign-in screen lacks %q:\n%s", want, view)
		}
	}
	f.press("r")
	if signIn.err != nil || signIn.prompt == nil {
		t.Fatalf("r did not start the sign-in again: err %v", signIn.err)
	}
	release <- nil
	f.awaitLate(t)
	if f.top().Title() != "connectors" {
		t.Errorf("top screen is %q after the second sign-in, want the details of connectors", f.top().Title())
	}
}

func TestSignInCopiesURL(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 40)
	f.backend.holdSignIns()
	f.backend.endSession()
	f.press("enter", "c")

	got := f.native.get()
	if !strings.HasPrefix(got, "http://keycloak.test/auth/realms/master/protocol/openid-connect/auth?") || !strings.Contains(got, "redirect_uri=") {
		t.Errorf("clipboard = %q, want the sign-in URL", got)
	}
	if view := f.view(); !strings.Contains(view, "Copied the sign-in URL to the system clipboard") {
		t.Errorf("footer:\n%s", view)
	}
}

// operateRedirectURIs returns the redirect URIs of operate in the backend.
func operateRedirectURIs(f *fixture) []string {
	f.backend.mu.Lock()
	defer f.backend.mu.Unlock()
	return slices.Clone(f.backend.apps["id-0003"].RedirectURIs)
}

func TestUserTokenAddsAndRemovesRedirectURI(t *testing.T) {
	var log strings.Builder
	f := newFixture(t, func(o *Options) { o.Logger = newTextLogger(&log) })
	f.start(t, 100, 80)
	before := operateRedirectURIs(f)
	release := f.backend.holdSignIns()

	f.press("j", "j", "t") // operate
	if view := flatView(f); !strings.Contains(view, "Add the redirect URI http://127.0.0.1/idtui/callback to operate?") || !strings.Contains(view, "removes it afterwards") {
		t.Fatalf("no confirmation of the redirect URI:\n%s", view)
	}
	if !slices.Equal(operateRedirectURIs(f), before) {
		t.Fatal("the redirect URIs changed before the confirmation")
	}

	f.press("y")
	signInScreenOf(t, f)
	if got := operateRedirectURIs(f); !slices.Contains(got, model.LoopbackRedirectURI) {
		t.Errorf("redirect URIs during the sign-in: %q, want the loopback one added", got)
	}
	if view := flatView(f); !strings.Contains(view, "/realms/camunda-platform/protocol/openid-connect/auth?client_id=operate") {
		t.Errorf("sign-in screen lacks operate's URL:\n%s", view)
	}

	release <- nil
	f.awaitLate(t)

	s := tokenScreenOf(t, f)
	if !slices.Equal(operateRedirectURIs(f), before) {
		t.Errorf("redirect URIs after the sign-in: %q, want %q", operateRedirectURIs(f), before)
	}
	view := flatView(f)
	for _, want := range []string{
		"Access token of operate for the user demo, signed in at 12:00:00 UTC",
		"tab shows the ID token",
		"Signature verified with the realm's key test-key (RS256)",
		"√ Operate would accept the token",
		"user demo",
		"ID token eyJhbGciOiJS….eyJhdWQiOlsi….••••••••",
		"Fix: Grant the user demo read:* or write:* on zeebe-api in Keycloak, under Users > demo > Role mapping, then sign in again",
	} {
		if !strings.Contains(view, want) {
			t.Errorf("token screen lacks %q:\n%s", want, view)
		}
	}
	if strings.Contains(view, "Grant the application") || strings.Contains(view, "+ grants a permission") {
		t.Errorf("the user's token screen offers to grant the application a role:\n%s", view)
	}
	if strings.Contains(view, "curl") {
		t.Errorf("the user's token screen offers a curl command:\n%s", view)
	}

	f.press("tab")
	view = flatView(f)
	for _, want := range []string{"ID token of operate for the user demo", "tab shows the access token", "only the access token has a diagnosis", "aud operate"} {
		if !strings.Contains(view, want) {
			t.Errorf("ID token screen lacks %q:\n%s", want, view)
		}
	}
	f.press("c")
	if got := f.native.get(); got != s.result.idToken.raw.Reveal() {
		t.Error("c on the ID token did not copy the ID token")
	}
	f.press("a")
	if got := f.native.get(); got != "Authorization: Bearer "+s.result.test.Response.AccessToken.Reveal() {
		t.Error("a did not copy the header with the access token")
	}

	for _, secret := range []string{s.result.idToken.raw.Reveal(), s.result.test.Response.AccessToken.Reveal(), "secret-of-operate"} {
		if strings.Contains(log.String(), secret) {
			t.Errorf("the log contains a token or the secret:\n%s", log.String())
		}
	}
	// The keycloak package logs the changes to the redirect URIs and the
	// fetched token.
	for _, want := range []string{"user sign-in started"} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, log.String())
		}
	}
}

func TestUserTokenCancelRemovesRedirectURI(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 40)
	before := operateRedirectURIs(f)
	f.backend.holdSignIns()
	f.press("j", "j", "t", "y")
	signInScreenOf(t, f)

	f.press("esc")
	f.app.Close() // waits for the removal

	if got := operateRedirectURIs(f); !slices.Equal(got, before) {
		t.Errorf("redirect URIs after esc: %q, want %q", got, before)
	}
	if f.top().Title() != "Applications" {
		t.Errorf("top screen is %q after esc, want the list", f.top().Title())
	}
}

func TestUserTokenConfirmationDeclined(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 40)
	before := operateRedirectURIs(f)

	f.press("j", "j", "t", "n")

	if f.top().Title() != "Applications" || !slices.Equal(operateRedirectURIs(f), before) {
		t.Errorf("after n: top %q, redirect URIs %q; want the list and no change", f.top().Title(), operateRedirectURIs(f))
	}
}

func TestUserTokenReadOnly(t *testing.T) {
	f := newFixture(t, func(o *Options) { o.ReadOnly = true })
	f.start(t, 100, 40)
	before := operateRedirectURIs(f)

	f.press("j", "j", "t", "y")

	if f.top().Title() != "Sign in as user" {
		t.Fatalf("top screen is %q, want the explanation", f.top().Title())
	}
	view := flatView(f)
	if !strings.Contains(view, "read-only mode rules out adding http://127.0.0.1/idtui/callback") || !strings.Contains(view, "turn on its device authorization grant") {
		t.Errorf("screen:\n%s", view)
	}
	if !slices.Equal(operateRedirectURIs(f), before) {
		t.Error("read-only mode changed the redirect URIs")
	}
}

// allowDevice turns on the device grant of web-modeler, before the list loads.
func allowDevice(f *fixture) {
	f.backend.mu.Lock()
	defer f.backend.mu.Unlock()
	app := f.backend.apps["id-0005"]
	app.Flows.Device = true
	f.backend.apps["id-0005"] = app
}

func TestUserTokenChoosesMethod(t *testing.T) {
	tests := []struct {
		name     string
		readOnly bool
		keys     []string
		want     string // the top screen's title
	}{
		{name: "b confirms the redirect URI", keys: []string{"b"}, want: "Add redirect URI"},
		{name: "enter is the browser", keys: []string{"enter"}, want: "Add redirect URI"},
		{name: "d signs in with a code", keys: []string{"d"}, want: "Sign in as user"},
		{name: "read-only goes to the device", readOnly: true, want: "Sign in as user"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, func(o *Options) { o.ReadOnly = tt.readOnly })
			allowDevice(f)
			f.backend.holdSignIns()
			f.start(t, 100, 40)
			f.press("j", "j", "j", "t") // web-modeler
			if !tt.readOnly {
				if view := flatView(f); !strings.Contains(view, "web-modeler allows two ways to sign in") {
					t.Fatalf("no choice of the method:\n%s", view)
				}
			}

			f.press(tt.keys...)

			if f.top().Title() != tt.want {
				t.Errorf("top screen is %q, want %q", f.top().Title(), tt.want)
			}
		})
	}
}

func TestUserTokenDeviceShowsCode(t *testing.T) {
	f := newFixture(t, nil)
	allowDevice(f)
	f.backend.holdSignIns()
	f.start(t, 100, 40)

	f.press("j", "j", "j", "t", "d")

	view := flatView(f)
	if !strings.Contains(view, "Code "+testUserCode) || !strings.Contains(view, "/realms/camunda-platform/device") {
		t.Errorf("device sign-in:\n%s", view)
	}
	if slices.Contains(f.backend.apps["id-0005"].RedirectURIs, model.LoopbackRedirectURI) {
		t.Error("the device sign-in added a redirect URI")
	}
}

func TestUserTokenPrepareFails(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 40)
	f.backend.fail("get application", &keycloak.Error{Kind: keycloak.ErrForbidden, Op: "read the secret of", ClientID: "operate", Status: 403, Hint: "Grant view-clients"})

	f.press("j", "j", "t")

	view := flatView(f)
	if !strings.Contains(view, `Read the secret of "operate" failed: forbidden (HTTP 403).`) || !strings.Contains(view, "Grant view-clients.") {
		t.Errorf("screen:\n%s", view)
	}
}

func TestUserTokenSignInAgain(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 40)
	f.press("j", "j", "t", "y")
	tokenScreenOf(t, f)

	f.press("r")

	if f.top().Title() != "Add redirect URI" || len(f.app.stack) != 2 {
		t.Errorf("after r the top screen is %q of %d, want a new sign-in that asks again", f.top().Title(), len(f.app.stack))
	}
}

func TestSignInCanceledFlowDropsReply(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 40)
	release := f.backend.holdSignIns()
	f.backend.endSession()
	f.press("enter")
	f.press("esc")

	release <- errors.New("must not show")
	select {
	case msg := <-f.late:
		t.Errorf("a canceled sign-in delivered %T", msg)
	case <-time.After(300 * time.Millisecond):
	}
}

// withLeftoverRedirectURI puts the loopback redirect URI on operate, as a
// sign-in that ended before its cleanup leaves it, and returns operate's
// redirect URIs without it.
func withLeftoverRedirectURI(f *fixture) []string {
	return withLoopbackLease(f, testNow.Add(-time.Hour))
}

// withLoopbackLease puts the loopback redirect URI on operate with a lease
// that ends at until, and returns operate's redirect URIs without it.
func withLoopbackLease(f *fixture, until time.Time) []string {
	f.backend.mu.Lock()
	defer f.backend.mu.Unlock()
	app := f.backend.apps["id-0003"]
	before := slices.Clone(app.RedirectURIs)
	app.RedirectURIs = append(slices.Clone(app.RedirectURIs), model.LoopbackRedirectURI)
	app.LoopbackLeases = []time.Time{until}
	f.backend.apps["id-0003"] = app
	return before
}

func TestUserTokenSharesRedirectURIInUse(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 40)
	other := testNow.Add(5 * time.Minute)
	withLoopbackLease(f, other)
	f.backend.holdSignIns()

	f.press("j", "j", "t")
	signInScreenOf(t, f)
	if view := flatView(f); !strings.Contains(view, "Another idtui sign-in to operate uses the redirect URI") {
		t.Errorf("the sign-in does not say that it shares the redirect URI:\n%s", view)
	}
	f.press("esc")
	f.app.Close()

	f.backend.mu.Lock()
	defer f.backend.mu.Unlock()
	app := f.backend.apps["id-0003"]
	if !slices.Contains(app.RedirectURIs, model.LoopbackRedirectURI) {
		t.Errorf("the sign-in removed the redirect URI that another sign-in uses: %q", app.RedirectURIs)
	}
	if !slices.EqualFunc(app.LoopbackLeases, []time.Time{other}, time.Time.Equal) {
		t.Errorf("leases after the sign-in: %v, want only the other sign-in's", app.LoopbackLeases)
	}
}

func TestUserTokenRemovesLeftoverRedirectURI(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 40)
	want := withLeftoverRedirectURI(f)
	f.backend.holdSignIns()

	f.press("j", "j", "t")
	if view := flatView(f); !strings.Contains(view, "still has the temporary redirect URI "+model.LoopbackRedirectURI) {
		t.Fatalf("no confirmation for the leftover redirect URI:\n%s", view)
	}
	f.press("y")
	signInScreenOf(t, f)
	f.press("esc")
	f.app.Close() // waits for the removal

	if got := operateRedirectURIs(f); !slices.Equal(got, want) {
		t.Errorf("redirect URIs after the sign-in: %q, want %q", got, want)
	}
}

func TestUserTokenLeftoverRedirectURIReadOnly(t *testing.T) {
	f := newFixture(t, func(o *Options) { o.ReadOnly = true })
	f.start(t, 100, 40)
	withLeftoverRedirectURI(f)
	f.backend.holdSignIns()

	f.press("j", "j", "t")

	signInScreenOf(t, f)
	if view := flatView(f); !strings.Contains(view, "read-only mode leaves it there") {
		t.Errorf("read-only mode does not name the leftover redirect URI:\n%s", view)
	}
	if got := operateRedirectURIs(f); !slices.Contains(got, model.LoopbackRedirectURI) {
		t.Errorf("read-only mode changed the redirect URIs: %q", got)
	}
}
