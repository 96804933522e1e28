package main

import (
	"errors"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/idtui/idtui/keycloak/kctest"
	"github.com/idtui/idtui/model"
	"github.com/idtui/idtui/ui/termtest"
)

// background is idtui running while the test plays the person in the browser.
type background struct {
	t              *testing.T
	cmd            *exec.Cmd
	stdout, stderr syncBuffer
	done           chan error
}

func (c *cli) start(args ...string) *background {
	c.t.Helper()
	b := &background{t: c.t, cmd: c.command("", args...), done: make(chan error, 1)}
	b.cmd.Stdout, b.cmd.Stderr = &b.stdout, &b.stderr
	if err := b.cmd.Start(); err != nil {
		c.t.Fatal(err)
	}
	go func() { b.done <- waitWithTimeout(b.cmd, 2*time.Minute) }()
	c.t.Cleanup(func() { _ = b.cmd.Process.Kill() })
	return b
}

// waitFor waits until stderr matches pattern, and returns the submatches.
func (b *background) waitFor(pattern string) []string {
	b.t.Helper()
	re := regexp.MustCompile(pattern)
	deadline := time.Now().Add(30 * time.Second)
	for {
		if m := re.FindStringSubmatch(b.stderr.String()); m != nil {
			return m
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("waited 30 s for %q on stderr:\n%s", pattern, b.stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (b *background) wait() result {
	b.t.Helper()
	err := <-b.done
	r := result{stdout: b.stdout.String(), stderr: b.stderr.String()}
	if exit, ok := err.(*exec.ExitError); ok {
		r.code = exit.ExitCode()
	} else if err != nil {
		b.t.Fatal(err)
	}
	return r
}

// signInURL matches the authorization URL that idtui prints with --no-browser.
const signInURL = `(?m)^  (http://\S+/protocol/openid-connect/auth\?\S+)$`

// TestLoginEndToEnd plays an operator with no admin password. An admin
// sets up the sign-in client once. Then the operator, a user of the
// application realm with view-clients and manage-clients, signs in through
// the browser and works with the CLI and the console.
func TestLoginEndToEnd(t *testing.T) {
	admin := kctest.NewAdmin(t)
	requireTool(t, "tmux")
	browser := kctest.NewBrowser(t)
	operator, _ := admin.CreateUser(t, kctest.Realm, "operator", "operator-pass", "view-clients", "manage-clients")
	signInClient := kctest.UniqueID("idtui")
	t.Cleanup(func() { kctest.DeleteApplication(t, kctest.Client(t), model.AppRef{ClientID: signInClient}) })

	// The admin sets up the client, once; a second run changes nothing.
	c := newCLI(t)
	setup := []string{"login", "--setup", "--sign-in-realm", kctest.Realm, "--sign-in-client", signInClient}
	r := c.expectCode(exitOK, setup...)
	if !strings.Contains(r.stderr, "Created the client") || !strings.Contains(r.stderr, "PKCE S256") {
		t.Errorf("setup: %s", r)
	}
	r = c.expectCode(exitOK, setup...)
	if !strings.Contains(r.stderr, "already has these settings; nothing changed") {
		t.Errorf("second setup: %s", r)
	}

	// The operator's context: browser sign-in, refresh token in the keyring.
	delete(c.env, envPassword)
	bus := startKeyring(t)
	c.env["DBUS_SESSION_BUS_ADDRESS"] = bus
	c.writeConfig("current-context: ops\ncontexts:\n  - name: ops\n    url: " + kctest.URL() +
		"\n    admin-realm: " + kctest.Realm + "\n    auth:\n      method: browser\n      client-id: " + signInClient +
		"\n      secret: keyring\n")

	login := c.start("login", "--no-browser")
	authURL := login.waitFor(signInURL)[1]
	browser.Open(authURL)
	browser.SignIn(operator, "operator-pass")
	browser.WaitForText("Signed in")
	redirect, err := url.Parse(browser.Location())
	if err != nil {
		t.Fatal(err)
	}
	code := redirect.Query().Get("code")
	r = login.wait()
	if r.code != exitOK {
		t.Fatalf("login: %s", r)
	}
	for _, want := range []string{"Signed in as " + operator, "holds view-clients, manage-clients", "lacks view-users, manage-users", "The refresh token is in the OS keyring"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("login output lacks %q: %s", want, r)
		}
	}
	if r.stdout != "" {
		t.Errorf("login wrote to stdout: %q", r.stdout)
	}

	// The CLI uses the stored session, with no prompt and no browser.
	r = c.expectCode(exitOK, "apps", "list")
	if !strings.Contains(r.stdout, "zeebe") || strings.Contains(r.stderr, "Open this URL") {
		t.Errorf("apps list after the sign-in: %s", r)
	}

	// So does the console, which lists the applications.
	session, err := termtest.Start(termtest.Options{
		Command: []string{idtuiBinary(t), "--clipboard", "osc52"},
		Env:     envList(c.env),
		Width:   120, Height: 36,
		Dir: t.TempDir(),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = session.Close() })
	if screen, err := session.WaitFor("operate", screenTimeout); err != nil {
		t.Fatalf("the console shows no applications: %v\n%s", err, screen)
	}
	if err := session.Keys("q"); err != nil {
		t.Fatal(err)
	}

	// No token and no code in the log or on stdout.
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", bus)
	account := "refresh token via " + signInClient + " for operator@" + kctest.Realm + " " + kctest.URL()
	refresh, err := keyring.Get(keyringService, account)
	if err != nil || refresh == "" {
		t.Fatalf("the keyring holds no refresh token: %v", err)
	}
	logText, err := os.ReadFile(c.logPath())
	if err != nil {
		t.Fatal(err)
	}
	for name, value := range map[string]string{"refresh token": refresh, "authorization code": code} {
		if value == "" {
			t.Errorf("the test did not capture the %s", name)
			continue
		}
		if strings.Contains(string(logText), value) || strings.Contains(r.stdout, value) {
			t.Errorf("the %s is in the log or on stdout", name)
		}
	}
	if !strings.Contains(string(logText), "operator signed in") {
		t.Errorf("the log lacks the sign-in:\n%s", logText)
	}

	// idtui logout ends the session at Keycloak and empties the keyring.
	r = c.expectCode(exitOK, "logout")
	if !strings.Contains(r.stderr, "Ended the session in the realm \""+kctest.Realm+"\"") {
		t.Errorf("logout: %s", r)
	}
	if _, err := keyring.Get(keyringService, account); !errors.Is(err, keyring.ErrNotFound) {
		t.Errorf("the keyring still holds the refresh token after logout: %v", err)
	}
	if status := refreshStatus(t, signInClient, refresh); status != http.StatusBadRequest {
		t.Errorf("Keycloak answered the refresh token with HTTP %d after logout, want 400", status)
	}
	r = c.expectCode(exitOK, "logout")
	if !strings.Contains(r.stderr, "Nothing to sign out") {
		t.Errorf("second logout: %s", r)
	}
}

// refreshStatus sends a refresh token to the token endpoint of the test
// realm and returns the HTTP status: 200 while the session is active.
func refreshStatus(t *testing.T, clientID, refreshToken string) int {
	t.Helper()
	form := url.Values{"grant_type": {"refresh_token"}, "client_id": {clientID}, "refresh_token": {refreshToken}}
	resp, err := http.PostForm(kctest.URL()+"/realms/"+kctest.Realm+"/protocol/openid-connect/token", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestLoginDevice signs in with the device grant while idtui polls, with
// the tokens in memory only.
func TestLoginDevice(t *testing.T) {
	admin := kctest.NewAdmin(t)
	browser := kctest.NewBrowser(t)
	operator, _ := admin.CreateUser(t, kctest.Realm, "device", "operator-pass", "view-clients")
	signInClient := kctest.UniqueID("idtui")
	t.Cleanup(func() { kctest.DeleteApplication(t, kctest.Client(t), model.AppRef{ClientID: signInClient}) })
	c := newCLI(t)
	c.expectCode(exitOK, "login", "--setup", "--sign-in-realm", kctest.Realm, "--sign-in-client", signInClient)
	delete(c.env, envPassword)

	login := c.start("login", "--device", "--admin-realm", kctest.Realm, "--sign-in-client", signInClient)
	m := login.waitFor(`open (http://\S+/device) on any device and enter the code:\n\n  (\S+)\n`)
	browser.Open(m[1])
	browser.EnterUserCode(m[2])
	browser.SignIn(operator, "operator-pass")
	browser.WaitForText("Do you grant")
	browser.Grant()
	browser.WaitForText("Device Login Successful")

	r := login.wait()
	if r.code != exitOK {
		t.Fatalf("device login: %s", r)
	}
	for _, want := range []string{"Signed in as " + operator, "lacks view-users, manage-clients, manage-users", "memory only"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("device login output lacks %q: %s", want, r)
		}
	}
	logText, _ := os.ReadFile(c.logPath())
	if strings.Contains(string(logText), m[2]) {
		t.Error("the log contains the user code")
	}
}

// TestUserTokenLogin fetches a user token for operate, signed in as demo:
// operate has no loopback redirect URI, so idtui adds one and removes it.
func TestUserTokenLogin(t *testing.T) {
	admin := kctest.Client(t)
	ctx := kctest.Context(t)
	browser := kctest.NewBrowser(t)
	before, err := admin.GetApplication(ctx, model.AppRef{ClientID: "operate"})
	if err != nil {
		t.Fatal(err)
	}
	c := newCLI(t)

	run := c.start("token", "operate", "--login", "--yes", "--no-browser", "-o", "json")
	browser.Open(run.waitFor(signInURL)[1])
	browser.SignIn("demo", "demo")
	browser.WaitForText("Signed in")
	r := run.wait()
	if r.code != exitOK {
		t.Fatalf("token --login: %s", r)
	}
	if !strings.Contains(r.stderr, "Added the redirect URI "+model.LoopbackRedirectURI) || !strings.Contains(r.stderr, "Removed the temporary redirect URI") {
		t.Errorf("stderr does not report the temporary redirect URI: %s", r)
	}

	var report struct {
		Grant  string `json:"grant"`
		Claims struct {
			AZP         string              `json:"azp"`
			User        string              `json:"preferred_username"`
			Audience    any                 `json:"aud"`
			Permissions map[string][]string `json:"permissions"`
		} `json:"claims"`
		Signature struct {
			Verified bool `json:"verified"`
		} `json:"signature"`
		APIs []struct {
			Name     string `json:"name"`
			Accepted bool   `json:"accepted"`
		} `json:"apis"`
		IDToken struct {
			Claims struct {
				AZP  string `json:"azp"`
				User string `json:"preferred_username"`
			} `json:"claims"`
			Signature struct {
				Verified bool `json:"verified"`
			} `json:"signature"`
		} `json:"id_token"`
	}
	r.decode(t, &report)
	logText, _ := os.ReadFile(c.logPath())
	if n := strings.Count(string(logText), "user token fetched"); n != 1 {
		t.Errorf("the log records the user token %d times, want once", n)
	}
	if report.Grant != "authorization_code" {
		t.Errorf("grant = %q", report.Grant)
	}
	if report.Claims.AZP != "operate" || report.Claims.User != "demo" {
		t.Errorf("access token: azp %q, preferred_username %q; want operate, demo", report.Claims.AZP, report.Claims.User)
	}
	if !slices.Contains(audiences(report.Claims.Audience), "operate-api") {
		t.Errorf("aud = %v, want operate-api among them", report.Claims.Audience)
	}
	if !slices.Contains(report.Claims.Permissions["operate-api"], "read:*") {
		t.Errorf("permissions = %v, want read:* on operate-api", report.Claims.Permissions)
	}
	if !report.Signature.Verified || !report.IDToken.Signature.Verified {
		t.Error("a signature is not verified")
	}
	if report.IDToken.Claims.AZP != "operate" || report.IDToken.Claims.User != "demo" {
		t.Errorf("ID token: azp %q, preferred_username %q", report.IDToken.Claims.AZP, report.IDToken.Claims.User)
	}
	for _, api := range report.APIs {
		if api.Name == "Operate" && !api.Accepted {
			t.Error("the diagnosis says Operate rejects demo's token")
		}
	}

	after, err := admin.GetApplication(ctx, model.AppRef{ClientID: "operate"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(after.RedirectURIs, before.RedirectURIs) {
		t.Errorf("operate's redirect URIs = %q, want them as before: %q", after.RedirectURIs, before.RedirectURIs)
	}
}

// TestUserTokenLoginNeedsConfirmation changes nothing in a script without --yes.
func TestUserTokenLoginNeedsConfirmation(t *testing.T) {
	c := newCLI(t)
	r := c.expectCode(exitUsage, "token", "operate", "--login")
	if !strings.Contains(r.stderr, "pass --yes") {
		t.Errorf("message: %s", r)
	}
	app, err := kctest.Client(t).GetApplication(kctest.Context(t), model.AppRef{ClientID: "operate"})
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(app.RedirectURIs, model.LoopbackRedirectURI) {
		t.Error("operate got the redirect URI without a confirmation")
	}
}

func audiences(aud any) []string {
	switch v := aud.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, a := range v {
			if s, ok := a.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func envList(env map[string]string) []string {
	var list []string
	for k, v := range env {
		list = append(list, k+"="+v)
	}
	return list
}
