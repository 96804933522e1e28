package ui

import (
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/model"
)

func TestCreateProposesClientID(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 30)
	f.press("n")

	f.typeText("Billing Service (EU)")
	form := f.top().(*createScreen)
	if got := form.inputs[fieldClientID].Value(); got != "billing-service-eu" {
		t.Errorf("proposed client id = %q, want billing-service-eu", got)
	}

	f.press("tab")
	f.typeText("-2")
	f.press("shift+tab")
	f.typeText(" More")
	if got := form.inputs[fieldClientID].Value(); got != "billing-service-eu-2" {
		t.Errorf("client id = %q after editing it, want the edit kept: billing-service-eu-2", got)
	}
}

func TestCreateValidatesAsTyped(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 30)
	f.press("n", "tab")
	form := f.top().(*createScreen)
	if form.errs != [fieldCount]string{} {
		t.Errorf("an untouched form shows errors: %q", form.errs)
	}

	f.typeText("my app")
	if !strings.Contains(form.errs[fieldClientID], "contains a space") {
		t.Errorf("client id error = %q, want it to name the space", form.errs[fieldClientID])
	}

	f.press("tab", "right", "tab") // Confidential, then the redirect URIs
	f.typeText("https://app.example.com/cb#x")
	if !strings.Contains(form.errs[fieldRedirectURIs], "fragment") {
		t.Errorf("redirect URI error = %q, want it to name the fragment", form.errs[fieldRedirectURIs])
	}
}

func TestCreateRedirectURIsOnlyWithLoginPage(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 30)
	f.press("n", "tab", "tab") // on Type, M2M
	form := f.top().(*createScreen)

	f.press("tab")
	if form.focus != fieldDescription {
		t.Errorf("tab from Type went to field %d on M2M, want Description", form.focus)
	}
	if strings.Contains(f.view(), "Redirect URIs") {
		t.Error("the M2M form asks for redirect URIs")
	}

	f.press("shift+tab", "right", "tab")
	if form.focus != fieldRedirectURIs {
		t.Errorf("tab from Type went to field %d on Confidential, want Redirect URIs", form.focus)
	}
}

func TestCreateInvalidSubmitKeepsInput(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 30)
	f.press("n", "tab", "tab", "right") // Confidential without redirect URIs
	f.press("tab", "tab")
	f.typeText("for the web shop")

	f.press("ctrl+s")

	form := f.top().(*createScreen)
	if form.focus != fieldClientID {
		t.Errorf("focus on field %d, want the first invalid one, the client id", form.focus)
	}
	if !strings.Contains(form.errs[fieldClientID], "is empty") || !strings.Contains(form.errs[fieldRedirectURIs], "is missing") {
		t.Errorf("errors = %q, want the empty client id and the missing redirect URI", form.errs)
	}
	if got := form.inputs[fieldDescription].Value(); got != "for the web shop" {
		t.Errorf("description = %q, want it kept", got)
	}
	if len(f.backend.apps) != len(presetApps()) {
		t.Error("an invalid form reached the backend")
	}
}

func TestCreateDuplicateKeepsInput(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 30)
	f.press("n")
	f.typeText("Zeebe")

	f.press("ctrl+s")

	form, ok := f.top().(*createScreen)
	if !ok {
		t.Fatalf("top screen is %q, want the form kept", f.top().Title())
	}
	if form.inputs[fieldName].Value() != "Zeebe" || form.inputs[fieldClientID].Value() != "zeebe" {
		t.Errorf("form lost its input: name %q, client id %q", form.inputs[fieldName].Value(), form.inputs[fieldClientID].Value())
	}
	if form.focus != fieldClientID || !strings.Contains(form.errs[fieldClientID], "choose another") {
		t.Errorf("focus %d, client id error %q; want the client id marked", form.focus, form.errs[fieldClientID])
	}
	if view := f.view(); !strings.Contains(view, `Error: create application "zeebe" failed: conflict`) {
		t.Errorf("footer lacks Keycloak's error:\n%s", view)
	}
}

func TestCreateNetworkErrorKeepsInput(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 30)
	f.backend.fail("create application", &keycloak.Error{Kind: keycloak.ErrUnavailable, Op: "create application", ClientID: "billing", Detail: "connection refused", Hint: "Check that Keycloak runs"})
	f.press("n")
	f.typeText("billing")

	f.press("ctrl+s")
	form := f.top().(*createScreen)
	if form.inputs[fieldName].Value() != "billing" || form.submitErr == nil {
		t.Fatalf("form = name %q, error %v; want the input and the error kept", form.inputs[fieldName].Value(), form.submitErr)
	}

	f.press("ctrl+s")
	if _, ok := f.top().(*secretScreen); !ok {
		t.Errorf("top screen is %q after a retry, want the new secret", f.top().Title())
	}
}

func TestCreateShowsSecretMasked(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 30)
	f.press("n")
	f.typeText("billing")
	f.press("ctrl+s")

	view := f.view()
	if strings.Contains(view, "created-secret-of-billing") {
		t.Errorf("the new secret shows before it is revealed:\n%s", view)
	}
	if !strings.Contains(view, "Created M2M application billing.") || !strings.Contains(view, "ZEEBE_CLIENT_SECRET='••••••••'") {
		t.Errorf("screen lacks the result or the masked .env block:\n%s", view)
	}
	if flat := flatView(f); !strings.Contains(flat, "the secret stays readable: the application's details show and copy it again at any time") || strings.Contains(flat, "once") {
		t.Errorf("screen does not say plainly that the details read the secret again:\n%s", view)
	}

	f.press("v")
	if view := f.view(); !strings.Contains(view, "created-secret-of-billing") {
		t.Errorf("v did not reveal the secret:\n%s", view)
	}

	f.press("enter")
	list := f.app.stack[0].(*listScreen)
	if list.table.indexOf("billing") < 0 {
		t.Error("the list lacks the new application")
	}
}

func TestRotateShowsNewSecret(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 30)
	f.clock.Advance(time.Hour)

	f.press("R")
	if view := f.view(); !strings.Contains(view, "stops working at once, for every service that uses it") {
		t.Errorf("confirmation lacks the warning:\n%s", view)
	}
	f.press("y")

	if _, ok := f.top().(*secretScreen); !ok {
		t.Fatalf("top screen is %q, want the new secret", f.top().Title())
	}
	if got := f.backend.secrets["id-0002"]; got != "rotated-secret-of-connectors" {
		t.Errorf("backend secret = %q, want it rotated", got)
	}
	f.press("c")
	if got := f.native.get(); got != "rotated-secret-of-connectors" {
		t.Errorf("clipboard = %q, want the new secret", got)
	}
	list := f.app.stack[0].(*listScreen)
	if age := secretAge(list.table.at(0), f.clock.Now()); age != "<1m" {
		t.Errorf("list shows secret age %q after the rotation, want <1m", age)
	}
}

func TestDisableAsksAndEnableDoesNot(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 30)

	f.press("x", "y")
	if f.backend.apps["id-0002"].Enabled {
		t.Fatal("connectors is still enabled after x and y")
	}
	list := f.app.stack[0].(*listScreen)
	if list.table.at(0).Enabled {
		t.Error("the list still shows connectors enabled")
	}

	f.press("x")
	if !f.backend.apps["id-0002"].Enabled {
		t.Error("x on a disabled application did not enable it")
	}
	if len(f.app.stack) != 1 {
		t.Errorf("enabling opened %q, want no confirmation", f.top().Title())
	}
}

func TestDeleteNeedsClientID(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 30)
	f.press("D")
	f.typeText("connector")
	f.press("enter")

	if _, ok := f.backend.apps["id-0002"]; !ok {
		t.Fatal("a wrong client id deleted the application")
	}
	if view := f.view(); !strings.Contains(view, "That is not the client id. Type connectors exactly") {
		t.Errorf("screen lacks the mismatch message:\n%s", view)
	}

	f.typeText("s")
	f.press("enter")
	if _, ok := f.backend.apps["id-0002"]; ok {
		t.Fatal("the typed client id did not delete the application")
	}
	if len(f.app.stack) != 1 || f.app.stack[0].(*listScreen).table.indexOf("connectors") >= 0 {
		t.Error("the list still shows the deleted application, or the screen stayed")
	}
}

func TestDeleteIgnoresSurroundingSpaces(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 30)
	f.press("D")

	f.typeText(" connectors ")
	f.press("enter")

	if _, ok := f.backend.apps["id-0002"]; ok {
		t.Errorf("the client id typed with spaces around it did not delete the application:\n%s", f.view())
	}
}

func TestDeleteFromDetailsLeavesBoth(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 30)
	f.press("enter", "D")
	f.typeText("connectors")
	f.press("enter")

	if len(f.app.stack) != 1 {
		t.Errorf("stack has %d screens after deleting from details, want the list alone", len(f.app.stack))
	}
}

func TestDetailsMasksSecret(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 30)
	f.press("G", "enter") // zeebe

	view := f.view()
	if strings.Contains(view, "secret-of-zeebe") {
		t.Errorf("details show the secret unrevealed:\n%s", view)
	}
	for _, want := range []string{"Secret           ••••••••", "Service account  service-account-zeebe", "API access       zeebe-api  write:*", "Internal id      id-0001"} {
		if !strings.Contains(view, want) {
			t.Errorf("details lack %q:\n%s", want, view)
		}
	}

	f.press("v")
	if !strings.Contains(f.view(), "secret-of-zeebe") {
		t.Error("v did not reveal the secret")
	}
	f.press("v")
	if strings.Contains(f.view(), "secret-of-zeebe") {
		t.Error("a second v did not hide the secret")
	}
}

func TestErrorStaysUntilKey(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 30)
	f.backend.fail("read the secret of", &keycloak.Error{Kind: keycloak.ErrForbidden, Op: "read the secret of", ClientID: "connectors", Status: 403, Hint: "Grant view-clients"})

	f.press("c")
	f.clock.Advance(time.Hour)
	f.drive(infoExpiredMsg{f.app.footer.seq})
	if !strings.Contains(f.view(), "Error: read the secret of \"connectors\" failed: forbidden (HTTP 403). Grant view-clients") {
		t.Fatalf("footer lacks the error:\n%s", f.view())
	}
	if f.native.get() != "" {
		t.Error("a failed read copied something")
	}

	f.press("j")
	if strings.Contains(f.view(), "Error:") {
		t.Error("the error stayed after a key press")
	}
}

func TestInfoExpires(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 30)
	f.press("s")
	seq := f.app.footer.seq

	f.drive(infoExpiredMsg{seq})
	if f.app.footer.message == "" {
		t.Fatal("the info went before its time by the console's clock")
	}
	f.clock.Advance(infoLifetime)
	f.drive(infoExpiredMsg{seq})
	if f.app.footer.message != "" {
		t.Errorf("info %q stayed after its lifetime", f.app.footer.message)
	}
}

func TestListStreamsPages(t *testing.T) {
	f := newFixture(t, func(o *Options) { o.PageSize = 2 })
	f.backend.pageGate = make(chan struct{})
	f.drive(windowSize(100, 30))

	// Pages go to Update by hand here, because each page's command waits
	// for the next one, which the test releases through the gate.
	var page pageMsg
	for _, msg := range collect(f.app.Init()) {
		if p, ok := msg.(pageMsg); ok {
			page = p
		}
	}
	f.app.Update(page)

	list := f.app.stack[0].(*listScreen)
	if n := len(list.table.rows); n != 2 {
		t.Fatalf("%d rows after the first page, want 2", n)
	}
	if !strings.Contains(f.view(), "loading, 2 so far") {
		t.Errorf("summary does not say that more is loading:\n%s", f.view())
	}
	f.press("j")
	if app, _ := list.current(); app.ClientID != "zeebe" {
		t.Errorf("selection moved to %q while loading, want zeebe", app.ClientID)
	}

	for range 3 {
		f.backend.pageGate <- struct{}{}
		page = page.next().(pageMsg)
		f.app.Update(page)
	}
	page = page.next().(pageMsg)
	f.app.Update(page)

	if !page.done || len(list.table.rows) != len(presetApps()) || list.loading {
		t.Errorf("%d rows, loading %v after the last page; want %d and done", len(list.table.rows), list.loading, len(presetApps()))
	}
	if app, _ := list.current(); app.ClientID != "zeebe" {
		t.Errorf("selection is %q after the stream, want zeebe kept", app.ClientID)
	}
	if len(f.app.env.pending) != 0 {
		t.Errorf("requests still pending after the stream: %v", f.app.env.pending)
	}
}

func TestRefreshDropsStalePages(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 30)
	list := f.app.stack[0].(*listScreen)
	staleID := list.listID

	f.press("ctrl+r")
	f.drive(pageMsg{reply: reply{id: staleID}, apps: []model.Application{{ID: "stale", ClientID: "stale", Type: model.TypeM2M}}, done: true})

	if list.table.indexOf("stale") >= 0 {
		t.Error("a page of the replaced listing reached the list")
	}
	if len(f.app.env.pending) != 0 {
		t.Errorf("requests still pending after the refresh: %v", f.app.env.pending)
	}
}

func TestRefreshKeepsSelection(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 30)
	f.press("j", "j") // operate
	f.backend.add(model.Application{ClientID: "aardvark", Type: model.TypeM2M, Enabled: true}, "s")

	f.press("ctrl+r")

	list := f.app.stack[0].(*listScreen)
	if app, _ := list.current(); app.ClientID != "operate" {
		t.Errorf("selection is %q after refresh, want operate", app.ClientID)
	}
	if list.table.indexOf("aardvark") != 0 {
		t.Error("refresh did not load the new application")
	}
}

func TestTooSmall(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 30)

	f.drive(windowSize(30, 8))
	view := strings.Join(strings.Fields(f.view()), " ")
	if !strings.Contains(view, "The terminal is 30×8; idtui needs at least 50×12") {
		t.Errorf("small terminal view:\n%s", view)
	}
	f.press("enter", "D")
	if len(f.app.stack) != 1 {
		t.Error("keys acted while the terminal was too small")
	}

	for _, size := range [][2]int{{0, 0}, {1, 1}, {50, 12}, {49, 40}, {200, 12}} {
		f.drive(windowSize(size[0], size[1]))
		_ = f.view()
	}
}

func TestNoSecretInLog(t *testing.T) {
	var log strings.Builder
	f := newFixture(t, func(o *Options) { o.Logger = newTextLogger(&log) })
	f.start(t, 100, 30)
	f.backend.fail("rotate the secret of", errors.New("boom"))
	f.press("c", "e", "R", "y", "n", "R", "y", "c", "e")

	if strings.Contains(log.String(), "secret-of-") {
		t.Errorf("log contains a secret:\n%s", log.String())
	}
	if !strings.Contains(log.String(), "boom") {
		t.Errorf("log lacks the failed rotation, so it proves nothing:\n%s", log.String())
	}
}

// forbidView is the error of keycloak.Client.ServiceAccount for an admin
// who holds view-clients but not view-users.
func forbidView(clientID string) error {
	return &keycloak.Error{Kind: keycloak.ErrForbidden, Op: "read the permissions of", ClientID: clientID, Status: 403, Detail: "HTTP 403 Forbidden",
		Hint: "The admin lacks a realm-management role for this, such as view-clients or manage-clients; grant it in Keycloak"}
}

func TestDetailsServiceAccountForbidden(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 30)
	f.backend.fail("read the permissions of", forbidView("zeebe"))

	f.press("G", "enter")

	view := flatView(f)
	for _, want := range []string{
		"Service account not read: Keycloak refused it (HTTP 403 Forbidden). Reading a service account's roles needs the realm-management role view-users, which admin@master lacks.",
		"API access unknown, because the service account was not read",
	} {
		if !strings.Contains(view, want) {
			t.Errorf("details lack %q:\n%s", want, view)
		}
	}
	for _, unwanted := range []string{"loading…", "+ grants", "+ grant permission", "Error:"} {
		if strings.Contains(view, unwanted) {
			t.Errorf("details show %q:\n%s", unwanted, view)
		}
	}

	if got := f.keyAction("+"); got != "error" {
		t.Errorf("+ after the refusal: %q, want an error", got)
	}
	f.press("+")
	if view := flatView(f); !strings.Contains(view, "lacks the realm-management role view-users; changing them needs manage-users too") {
		t.Errorf("footer after +:\n%s", view)
	}

	f.press("ctrl+r")
	if view := flatView(f); !strings.Contains(view, "Service account service-account-zeebe") || !strings.Contains(view, "+ grants a permission") {
		t.Errorf("details after ctrl+r, with the role granted:\n%s", view)
	}
}

func TestDetailsSecretReadFails(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 30)
	f.backend.fail("read the secret of", &keycloak.Error{Kind: keycloak.ErrUnavailable, Op: "read the secret of", ClientID: "zeebe", Detail: "connection refused", Hint: "Check that Keycloak runs"})

	f.press("G", "enter")

	view := flatView(f)
	if !strings.Contains(view, `Secret not read: read the secret of "zeebe" failed: unavailable: connection refused. Check that Keycloak runs. ctrl+r reads it again.`) {
		t.Errorf("details:\n%s", view)
	}
	if strings.Contains(view, "loading…") {
		t.Errorf("details still say loading:\n%s", view)
	}
}

func TestTooSmallKeepsTyping(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 30)
	f.press("n")
	f.typeText("bill")

	f.drive(windowSize(40, 10))
	f.typeText("ing q")
	f.press("enter", "backspace", "backspace")

	if view := flatView(f); !strings.Contains(view, "What you type still goes into the field; ctrl+c quits.") {
		t.Errorf("small terminal view:\n%s", view)
	}
	f.drive(windowSize(100, 30))
	form, ok := f.top().(*createScreen)
	if !ok {
		t.Fatalf("top screen is %q, want the form kept", f.top().Title())
	}
	if got := form.inputs[fieldName].Value(); got != "billing" {
		t.Errorf("name = %q, want the text typed while the window was small", got)
	}
	if form.focus != fieldName {
		t.Errorf("focus moved to field %d while the window was small", form.focus)
	}
}

func TestTooSmallQuitsOutsideForms(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 30)
	f.drive(windowSize(40, 10))

	if got := f.keyAction("q"); got != "quit" {
		t.Errorf("q on the list while small: %q, want quit", got)
	}
}

func TestNoColorPlaceholdersInBrackets(t *testing.T) {
	f := newFixture(t, func(o *Options) { o.NoColor = true })
	f.start(t, 100, 30)
	f.press("n")

	view := f.view()
	for _, want := range []string{"Name             [e.g. Billing service]", "Client id        [e.g. billing-service]", "Description      [optional]"} {
		if !strings.Contains(view, want) {
			t.Errorf("form lacks %q:\n%s", want, view)
		}
	}

	f.press("esc", "D")
	_, prompt, _ := strings.Cut(f.view(), "Type the client id to confirm:\n")
	if line, _, _ := strings.Cut(prompt, "\n"); strings.TrimSpace(line) != ">" {
		t.Errorf("the delete prompt shows %q before anything is typed, want it empty", line)
	}
}

func TestCreateLongNameKeepsInput(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 30)
	f.press("n")
	name := strings.Repeat("n", 300)

	f.drive(tea.PasteMsg{Content: name})

	form := f.top().(*createScreen)
	if got := form.inputs[fieldName].Value(); got != name {
		t.Errorf("name holds %d characters after a paste of 300, want all of them", len(got))
	}
	if !strings.Contains(form.errs[fieldName], "is 300 bytes long, over the maximum of 255") {
		t.Errorf("name error = %q, want it to name the limit", form.errs[fieldName])
	}
	if strings.Contains(form.errs[fieldName], name) {
		t.Errorf("name error quotes all 300 characters, want the middle cut: %q", form.errs[fieldName])
	}
	if view := flatView(f); !strings.Contains(view, "over the maximum of 255") {
		t.Errorf("the form does not show the limit:\n%s", view)
	}

	f.press("ctrl+s")
	if len(f.backend.apps) != len(presetApps()) {
		t.Error("a form with a name over the limit reached the backend")
	}
}

func TestCreateLongClientIDKeepsInput(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 100, 30)
	f.press("n", "tab")
	clientID := strings.Repeat("c", 300)

	f.typeText(clientID)

	form := f.top().(*createScreen)
	if got := form.inputs[fieldClientID].Value(); got != clientID {
		t.Errorf("client id holds %d characters after typing 300, want all of them", len(got))
	}
	if !strings.Contains(form.errs[fieldClientID], "255") {
		t.Errorf("client id error = %q, want it to name the limit", form.errs[fieldClientID])
	}
}

func TestCreatedM2MNamesMissingPermission(t *testing.T) {
	const hint = "No API permission yet, so Camunda's APIs reject its tokens. Press + in its details to grant one."
	tests := []struct {
		typ  string
		keys []string // from the name field to the last one filled
		text string   // typed there
		want bool
	}{
		{typ: "M2M", want: true},
		{typ: "Confidential", keys: []string{"tab", "tab", "right", "tab"}, text: "https://billing.example.com/*", want: false},
	}
	for _, tt := range tests {
		t.Run(tt.typ, func(t *testing.T) {
			f := newFixture(t, nil)
			f.start(t, 120, 30)
			f.press("n")
			f.typeText("billing")
			f.press(tt.keys...)
			f.typeText(tt.text)

			f.press("ctrl+s")

			view := flatView(f)
			if !strings.Contains(view, "Created "+tt.typ+" application billing.") {
				t.Fatalf("no Created screen:\n%s", f.view())
			}
			if got := strings.Contains(view, hint); got != tt.want {
				t.Errorf("hint shown = %v, want %v:\n%s", got, tt.want, f.view())
			}
		})
	}
}

func TestCreatedHintKeyGrants(t *testing.T) {
	f := newFixture(t, nil)
	f.start(t, 120, 30)
	f.press("n")
	f.typeText("billing")
	f.press("ctrl+s", "enter")
	list := f.app.stack[0].(*listScreen)
	for range list.table.indexOf("billing") {
		f.press("j")
	}
	f.press("enter")

	f.press("+")

	if _, ok := f.top().(*permissionPicker); !ok {
		t.Errorf("+ in the details of billing opened %q, want the permission picker", f.top().Title())
	}
}
