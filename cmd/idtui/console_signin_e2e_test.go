package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/Nerzal/gocloak/v13"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/keycloak/kctest"
	"github.com/idtui/idtui/model"
	"github.com/idtui/idtui/model/tokencheck"
)

// The console's context switch and sign-ins, with the real binary in tmux
// against the dev Keycloak, and headless chromium as the person who signs in.

// TestConsoleSwitchContext keeps two contexts in the config file: dev on
// camunda-platform, and other on a realm of the test's own, read-only with
// a red accent, whose password the console prompts for. The switch shows the
// other realm's application, the context's name and READONLY, and help
// without a mutating key. It leaves the file's current context alone.
func TestConsoleSwitchContext(t *testing.T) {
	admin := kctest.NewAdmin(t)
	requireTool(t, "tmux")
	realm := admin.CreateRealm(t, "ctx", gocloak.RealmRepresentation{})
	cfg := kctest.Config(t)
	cfg.Realm = realm
	otherClient, err := keycloak.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	own, _ := kctest.CreateApplication(t, otherClient, model.TypeM2M, "other")

	c := newOfflineCLI(t)
	c.env["IDTUI_TEST_DEV_PASSWORD"] = kctest.AdminPassword().Reveal()
	config := "current-context: dev\ncontexts:\n" +
		"  - name: dev\n    url: " + kctest.URL() + "\n    realm: " + kctest.Realm +
		"\n    auth:\n      username: " + kctest.AdminUsername() + "\n      secret: env\n      secret-env: IDTUI_TEST_DEV_PASSWORD\n" +
		"  - name: other\n    url: " + kctest.URL() + "\n    realm: " + realm + "\n    readonly: true\n    accent: \"#d70000\"" +
		"\n    auth:\n      username: " + kctest.AdminUsername() + "\n      secret: prompt\n"
	c.writeConfig(config)

	con := startConsoleWith(t, []string{idtuiBinary(t), "--clipboard", "osc52"}, envList(c.env))
	con.waitFor("zeebe")
	con.waitFor("dev │ " + kctest.URL())

	// The picker marks dev, and other prompts for its password inside the console.
	con.keys("C")
	con.waitFor("● dev  (current)")
	con.keys("j", "Enter")
	con.waitFor("The password of " + kctest.AdminUsername() + "@master:")
	con.typeText(kctest.AdminPassword().Reveal())
	con.waitFor("> " + strings.Repeat("•", len(kctest.AdminPassword().Reveal())))
	con.keys("Enter")

	// The list now shows other's realm, on the read-only context.
	con.waitFor(own.ClientID)
	screen := con.screen()
	for _, want := range []string{"other │ " + kctest.URL() + " │ realm " + realm, "READONLY"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the screen after the switch lacks %q:\n%s", want, screen)
		}
	}
	if strings.Contains(screen, "zeebe") {
		t.Errorf("the list still shows camunda-platform's applications:\n%s", screen)
	}

	con.keys("?")
	con.waitFor("Keys of Applications")
	help := con.screen()
	for _, mutating := range []string{"new application", "rotate secret", "enable/disable", "delete", "grant permission"} {
		if strings.Contains(help, mutating) {
			t.Errorf("help offers %q in the read-only context:\n%s", mutating, help)
		}
	}
	if !strings.Contains(help, "switch context for this run") {
		t.Errorf("help lacks the context switch:\n%s", help)
	}
	con.keys("Escape")
	con.waitFor("1 application,")
	con.keys("n")
	con.waitFor("1 application,")
	if screen := con.screen(); strings.Contains(screen, "New application") {
		t.Error("n opened the form in the read-only context")
	}

	con.keys("q")
	if status, err := con.session.WaitExit(screenTimeout); err != nil || status != 0 {
		t.Errorf("console exit status %d, %v; want 0", status, err)
	}
	data, err := os.ReadFile(c.configPath())
	if err != nil || string(data) != config {
		t.Errorf("the switch changed the config file (%v):\n%s", err, data)
	}
	logText, err := os.ReadFile(c.logPath())
	if err != nil || !strings.Contains(string(logText), "context switched") {
		t.Errorf("the log lacks the switch (%v):\n%s", err, logText)
	}
}

// TestConsoleUserToken fetches a user token for operate as demo: t, the
// confirmation of the temporary redirect URI, the sign-in in chromium with
// the URL read from the screen, then the ID token and the access token.
// Afterwards operate's redirect URIs are as before.
func TestConsoleUserToken(t *testing.T) {
	admin := kctest.Client(t)
	ctx := kctest.Context(t)
	requireTool(t, "tmux")
	browser := kctest.NewBrowser(t)
	before, err := admin.GetApplication(ctx, model.AppRef{ClientID: "operate"})
	if err != nil {
		t.Fatal(err)
	}

	stateDir := t.TempDir()
	con := startConsole(t, idtuiBinary(t), stateDir)
	con.waitFor("operate")
	con.keys("/")
	con.typeText("operate")
	con.keys("Enter")
	con.waitFor("1 application,")

	con.keys("t")
	con.waitFor("Add the redirect URI " + model.LoopbackRedirectURI + " to operate?")
	if now, err := admin.GetApplication(ctx, before.Ref()); err != nil || !slices.Equal(now.RedirectURIs, before.RedirectURIs) {
		t.Fatalf("operate's redirect URIs changed before the confirmation: %q, %v", now.RedirectURIs, err)
	}
	con.keys("y")
	con.waitFor("c copies the URL")
	during, err := admin.GetApplication(ctx, before.Ref())
	if err != nil || !slices.Contains(during.RedirectURIs, model.LoopbackRedirectURI) {
		t.Errorf("operate's redirect URIs during the sign-in: %q, %v; want the loopback one added", during.RedirectURIs, err)
	}

	browser.Open(signInURLOnScreen(t, con.screen()))
	browser.SignIn("demo", "demo")
	browser.WaitForText("Signed in")

	con.waitFor("Access token of operate for the user demo")
	con.waitFor("Operate would accept the token")
	con.waitFor("verified with the realm's key")
	con.keys("Tab")
	con.waitFor("ID token of operate for the user demo")
	con.keys("c")
	con.waitFor("Copied the ID token of operate")
	idToken := con.buffer()
	con.secrets = append(con.secrets, idToken)
	tok, err := tokencheck.Decode(idToken)
	if err != nil || tok.Claims.AuthorizedParty != "operate" || !tok.Claims.HasAudience("operate") || string(tok.Claims.Other["preferred_username"]) != `"demo"` {
		t.Errorf("copied ID token: err %v, azp %q, aud %v, preferred_username %s; want demo's ID token for operate", err, tok.Claims.AuthorizedParty, tok.Claims.Audience, tok.Claims.Other["preferred_username"])
	}

	after, err := admin.GetApplication(ctx, before.Ref())
	if err != nil || !slices.Equal(after.RedirectURIs, before.RedirectURIs) {
		t.Errorf("operate's redirect URIs after the sign-in: %q, %v; want them as before: %q", after.RedirectURIs, err, before.RedirectURIs)
	}

	con.keys("q")
	if status, err := con.session.WaitExit(screenTimeout); err != nil || status != 0 {
		t.Errorf("console exit status %d, %v; want 0", status, err)
	}
	con.checkScreens()
	logText, err := os.ReadFile(filepath.Join(stateDir, "idtui", "idtui.log"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(logText), idToken) || jwtPattern.Match(logText) {
		t.Error("the log contains a token")
	}
	for _, want := range []string{"temporary redirect URI claimed", "temporary redirect URI removed", "user token fetched"} {
		if n := strings.Count(string(logText), want); n != 1 {
			t.Errorf("the log has %q %d times, want once", want, n)
		}
	}
}

// TestConsoleSessionRevoked signs an operator in through the browser,
// opens zeebe's details, and then has an admin log the operator's sessions
// out. The next reload brings up the sign-in screen; after signing in
// again, the console is back on zeebe's details, reloaded.
func TestConsoleSessionRevoked(t *testing.T) {
	admin := kctest.NewAdmin(t)
	requireTool(t, "tmux")
	browser := kctest.NewBrowser(t)
	operator, operatorID := admin.CreateUser(t, kctest.Realm, "operator", "operator-pass", "view-clients", "view-users")
	signInClient := kctest.UniqueID("idtui")
	t.Cleanup(func() { kctest.DeleteApplication(t, kctest.Client(t), model.AppRef{ClientID: signInClient}) })

	c := newCLI(t)
	c.expectCode(exitOK, "login", "--setup", "--sign-in-realm", kctest.Realm, "--sign-in-client", signInClient)
	delete(c.env, envPassword)
	delete(c.env, envURL)
	c.writeConfig("current-context: ops\ncontexts:\n  - name: ops\n    url: " + kctest.URL() +
		"\n    admin-realm: " + kctest.Realm + "\n    auth:\n      method: browser\n      client-id: " + signInClient +
		"\n      username: " + operator + "\n")

	// The first sign-in happens on the terminal, before the console opens.
	con := startConsoleWith(t, []string{idtuiBinary(t), "--clipboard", "osc52"}, envList(c.env))
	con.waitFor("Waiting up to")
	browser.Open(signInURLOnScreen(t, con.screen()))
	browser.SignIn(operator, "operator-pass")
	browser.WaitForText("Signed in")

	con.waitFor("zeebe")
	con.keys("/")
	con.typeText("zeebe")
	con.keys("Enter")
	con.waitFor("1 application,")
	con.keys("Enter")
	con.waitFor("API access       zeebe-api")

	// An admin ends the operator's sessions.
	revoker := kctest.NewAdmin(t)
	if err := revoker.GC.LogoutAllSessions(kctest.Context(t), revoker.Token, kctest.Realm, operatorID); err != nil {
		t.Fatal(err)
	}

	con.keys("C-r")
	con.waitFor("Keycloak ended the session of " + operator)
	con.waitFor("c copies the URL")
	browser.Open(signInURLOnScreen(t, con.screen()))
	browser.SignIn(operator, "operator-pass")
	browser.WaitForText("Signed in")

	con.waitFor("Signed in again as " + operator)
	con.waitFor("API access       zeebe-api")
	screen := con.screen()
	if !strings.Contains(screen, "idtui › Applications › zeebe") || strings.Contains(screen, "Error") {
		t.Errorf("after signing in again the console is not back on zeebe's details:\n%s", screen)
	}

	con.keys("q")
	if status, err := con.session.WaitExit(screenTimeout); err != nil || status != 0 {
		t.Errorf("console exit status %d, %v; want 0", status, err)
	}
	logText, err := os.ReadFile(c.logPath())
	if err != nil {
		t.Fatal(err)
	}
	if jwtPattern.Match(logText) {
		t.Error("the log contains a token")
	}
	if !strings.Contains(string(logText), "operator signed in again") {
		t.Errorf("the log lacks the second sign-in:\n%s", logText)
	}
}

// signInURLOnScreen reads the authorization URL from a screen: its first
// line, and the lines that continue it, which hold no space because the
// URL has none.
func signInURLOnScreen(t *testing.T, screen string) string {
	t.Helper()
	lines := strings.Split(screen, "\n")
	for i, line := range lines {
		url := strings.TrimSpace(line)
		if !strings.HasPrefix(url, "http") || !strings.Contains(url, "/protocol/openid-connect/auth?") {
			continue
		}
		for _, next := range lines[i+1:] {
			next = strings.TrimRight(next, " ")
			if next == "" || strings.Contains(next, " ") {
				break
			}
			url += next
		}
		return url
	}
	t.Fatalf("the screen shows no sign-in URL:\n%s", screen)
	return ""
}
