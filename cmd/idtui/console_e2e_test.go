package main

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/keycloak/kctest"
	"github.com/idtui/idtui/model"
	"github.com/idtui/idtui/model/tokencheck"
	"github.com/idtui/idtui/ui/termtest"
)

// screenTimeout bounds each wait for the console's screen; every step
// makes one or two requests to the local Keycloak.
const screenTimeout = 30 * time.Second

// TestConsoleEndToEnd runs the real binary in tmux against the dev
// Keycloak: list, create an M2M application, copy its .env block, rotate,
// fetch a test token, grant Operate access, fetch and copy again, disable
// and delete it. It checks each effect through the admin API, and reads the
// copies back from tmux, which takes OSC 52 into its buffer. The copied
// curl command runs in sh and must return a token.
func TestConsoleEndToEnd(t *testing.T) {
	admin := kctest.Client(t)
	ctx := kctest.Context(t)
	requireTool(t, "tmux")
	curl := requireTool(t, "curl")
	bin := idtuiBinary(t)

	clientID := kctest.UniqueID("console")
	t.Cleanup(func() { kctest.DeleteApplication(t, admin, model.AppRef{ClientID: clientID}) })

	stateDir := t.TempDir()
	c := startConsole(t, bin, stateDir)

	// The list shows the preset applications.
	c.waitFor("zeebe")
	c.waitFor("operate")

	// Create an M2M application through the form.
	c.keys("n")
	c.waitFor("New application")
	c.typeText(clientID)
	c.keys("C-s")
	c.waitFor("Created M2M application " + clientID + ".")
	app, err := admin.GetApplication(ctx, model.AppRef{ClientID: clientID})
	if err != nil {
		t.Fatalf("the created application is not in Keycloak: %v", err)
	}
	if app.Type != model.TypeM2M || !app.Enabled {
		t.Errorf("created application: type %v, enabled %v; want an enabled M2M application", app.Type, app.Enabled)
	}
	secret, err := admin.Secret(ctx, app.Ref())
	if err != nil {
		t.Fatalf("read the secret: %v", err)
	}
	c.secrets = append(c.secrets, secret.Reveal())
	c.screen() // checks that the masked screen does not show the secret

	// Copy the .env block; the copied secret gets a token.
	c.keys("e")
	c.waitFor("Copied the .env block of " + clientID)
	block := c.buffer()
	for _, line := range []string{
		"ZEEBE_CLIENT_ID=" + clientID,
		"ZEEBE_CLIENT_SECRET=" + secret.Reveal(),
		"ZEEBE_AUTHORIZATION_SERVER_URL=" + admin.TokenURL(),
		"ZEEBE_TOKEN_AUDIENCE=zeebe-api",
		"CAMUNDA_CLIENT_SECRET=" + secret.Reveal(),
	} {
		if !strings.Contains(block, line+"\n") {
			t.Errorf("copied .env block lacks %q:\n%s", line, block)
		}
	}
	if _, err := admin.ClientCredentialsToken(ctx, clientID, secret); err != nil {
		t.Errorf("token with the copied secret: %v", err)
	}

	// Rotate the secret from the list, and copy the new one.
	c.keys("Enter")
	c.keys("/")
	c.typeText(clientID)
	c.keys("Enter")
	c.waitFor("1 application,")
	c.keys("R")
	c.waitFor("Rotate the secret of " + clientID + "?")
	c.keys("y")
	c.waitFor("Rotated the secret of " + clientID + ".")
	rotated, err := admin.Secret(ctx, app.Ref())
	if err != nil {
		t.Fatalf("read the rotated secret: %v", err)
	}
	if rotated == secret {
		t.Fatal("the secret in Keycloak did not change")
	}
	c.secrets = append(c.secrets, rotated.Reveal())
	c.screen()
	c.keys("c")
	c.waitFor("Copied the secret of " + clientID)
	if got := c.buffer(); got != rotated.Reveal() {
		t.Errorf("copied secret does not match Keycloak's new secret (got %d bytes)", len(got))
	}
	if _, err := admin.ClientCredentialsToken(ctx, clientID, secret); !errors.Is(err, keycloak.ErrUnauthorized) {
		t.Errorf("token with the old secret: err = %v, want unauthorized", err)
	}

	// Fetch a test token from the list: its signature verifies against the
	// realm's keys, and Operate would reject it for lack of its audience.
	c.keys("Enter")
	c.waitFor("1 application,")
	c.keys("t")
	c.waitFor("Operate would reject the token")
	c.waitFor("verified with the realm's key")
	c.keys("c")
	c.waitFor("Copied the access token of " + clientID)
	before := c.buffer()
	c.secrets = append(c.secrets, before)
	if tok, err := tokencheck.Decode(before); err != nil || tok.Claims.AuthorizedParty != clientID || tok.Claims.HasAudience("operate-api") {
		t.Errorf("copied token: err %v, azp %q, aud %v; want a token of %s without operate-api", err, tok.Claims.AuthorizedParty, tok.Claims.Audience, clientID)
	}

	// Grant read:* on operate-api from the details screen.
	c.keys("Escape")
	c.waitFor("1 application,")
	c.keys("Enter")
	c.waitFor("+ grants a permission")
	c.keys("+")
	c.waitFor("Grant a permission to " + clientID)
	c.typeText("operate-api read")
	c.waitFor("› operate-api")
	c.keys("Enter")
	c.waitFor("Granted read:* on operate-api to " + clientID)
	readAll := model.Permission{API: "operate-api", Role: "read:*"}
	if perms, err := admin.Permissions(ctx, app.Ref()); err != nil || !slices.Equal(perms, []model.Permission{readAll}) {
		t.Errorf("permissions in Keycloak after the grant: %v, %v; want %v", perms, err, readAll)
	}

	// A token fetched after the grant: Operate accepts it.
	c.keys("t")
	c.waitFor("Operate would accept the token")

	// Copy the curl command, run it in sh, and get a token back.
	c.keys("u")
	c.waitFor("Copied the curl command of " + clientID)
	command := c.buffer()
	if !strings.Contains(command, "printf '%s' "+rotated.Reveal()+" | curl") {
		t.Errorf("copied curl command lacks the current secret:\n%s", strings.ReplaceAll(command, rotated.Reveal(), "<secret>"))
	}
	after := runCurl(t, curl, command)
	c.secrets = append(c.secrets, after)
	if tok, err := tokencheck.Decode(after); err != nil || tok.Claims.AuthorizedParty != clientID || !tok.Claims.HasAudience("operate-api") {
		t.Errorf("token from the curl command: err %v, azp %q, aud %v; want a token of %s with operate-api", err, tok.Claims.AuthorizedParty, tok.Claims.Audience, clientID)
	}
	c.keys("Escape")
	c.waitFor("Service account  service-account-" + clientID)
	c.keys("Escape")
	c.waitFor("1 application,")

	// Disable it.
	c.keys("x")
	c.waitFor("Disable " + clientID + "?")
	c.keys("y")
	c.waitFor("Disabled " + clientID)
	app, err = admin.GetApplication(ctx, app.Ref())
	if err != nil {
		t.Fatalf("get after disabling: %v", err)
	}
	if app.Enabled {
		t.Error("the application is still enabled in Keycloak")
	}

	// Delete it, typing its client id.
	c.keys("D")
	c.waitFor("Type the client id to confirm")
	c.typeText(clientID)
	c.keys("Enter")
	c.waitFor("Deleted " + clientID)
	if _, err := admin.GetApplication(ctx, app.Ref()); !errors.Is(err, keycloak.ErrNotFound) {
		t.Errorf("get after deleting: err = %v, want not found", err)
	}

	// Quit: the copied secret leaves the clipboard, and the console exits 0.
	c.keys("q")
	status, err := c.session.WaitExit(screenTimeout)
	if err != nil || status != 0 {
		t.Errorf("console exit status %d, %v; want 0", status, err)
	}
	if got := c.buffer(); strings.TrimSpace(got) != "" {
		t.Errorf("clipboard holds %d bytes after quit, want the secret cleared", len(got))
	}

	// The tokens became known only once copied, so every screen is checked
	// again against all of them.
	c.checkScreens()

	logText, err := os.ReadFile(filepath.Join(stateDir, "idtui", "idtui.log"))
	if err != nil {
		t.Fatalf("read the log: %v", err)
	}
	for _, s := range c.secrets {
		if strings.Contains(string(logText), s) {
			t.Error("the log contains a secret or a token")
		}
	}
	if !strings.Contains(string(logText), "application created") || !strings.Contains(string(logText), "secret rotated") {
		t.Errorf("the log lacks the changes:\n%s", logText)
	}
}

// console is the binary running in tmux, with the secrets and tokens it
// must never show on screen, and every screen the test captured.
type console struct {
	t       *testing.T
	session *termtest.Session
	secrets []string
	screens []string
	// lastCopy is the copy that buffer returned last.
	lastCopy string
}

func startConsole(t *testing.T, bin, stateDir string) *console {
	t.Helper()
	env := append(baseEnv(stateDir),
		"IDTUI_USERNAME="+kctest.AdminUsername(),
		"IDTUI_PASSWORD="+kctest.AdminPassword().Reveal(),
	)
	return startConsoleWith(t, []string{bin, "--url", kctest.URL(), "--realm", kctest.Realm, "--clipboard", "osc52"}, env)
}

// startConsoleWith runs command in tmux with env as its whole environment.
func startConsoleWith(t *testing.T, command, env []string) *console {
	t.Helper()
	session, err := termtest.Start(termtest.Options{
		Command: command,
		Env:     env,
		Width:   120, Height: 36,
		Dir: t.TempDir(),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			screen, _ := session.Screen()
			t.Logf("last screen:\n%s", screen)
		}
		_ = session.Close()
	})
	return &console{t: t, session: session}
}

// baseEnv is the environment of the binary: no display, so that only
// OSC 52 can copy, and the log under stateDir.
func baseEnv(stateDir string) []string {
	return []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + os.Getenv("HOME"),
		"LANG=C.UTF-8",
		"XDG_STATE_HOME=" + stateDir,
	}
}

func (c *console) keys(keys ...string) {
	c.t.Helper()
	if err := c.session.Keys(keys...); err != nil {
		c.t.Fatal(err)
	}
}

func (c *console) typeText(text string) {
	c.t.Helper()
	if err := c.session.Type(text); err != nil {
		c.t.Fatal(err)
	}
}

func (c *console) waitFor(text string) {
	c.t.Helper()
	screen, err := c.session.WaitFor(text, screenTimeout)
	if err != nil {
		c.t.Fatalf("%v; the screen shows:\n%s", err, screen)
	}
	c.checkMasked(screen)
}

// screen returns the screen after checking that it shows no secret.
func (c *console) screen() string {
	c.t.Helper()
	screen, err := c.session.Screen()
	if err != nil {
		c.t.Fatal(err)
	}
	c.checkMasked(screen)
	return screen
}

// jwtPattern matches a JWT with its signature, which the console shows
// only masked.
var jwtPattern = regexp.MustCompile(`eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{16,}`)

func (c *console) checkMasked(screen string) {
	c.t.Helper()
	c.screens = append(c.screens, screen)
	for _, s := range c.secrets {
		if strings.Contains(screen, s) {
			c.t.Fatalf("the screen shows a secret or a token unrevealed")
		}
	}
	if jwtPattern.MatchString(screen) {
		c.t.Fatalf("the screen shows a token with its signature")
	}
}

// checkScreens checks every captured screen against the secrets and tokens
// known by now.
func (c *console) checkScreens() {
	c.t.Helper()
	for i, screen := range c.screens {
		for _, s := range c.secrets {
			if strings.Contains(screen, s) {
				c.t.Errorf("captured screen %d shows a secret or a token", i+1)
			}
		}
	}
}

// runCurl runs a copied curl command in sh, as an operator pastes it into
// a shell, and returns the access token of Keycloak's answer. The command
// goes through stdin, because it holds the secret and argv shows in ps.
func runCurl(t *testing.T, curl, command string) string {
	t.Helper()
	secret := ""
	if _, rest, found := strings.Cut(command, "printf '%s' "); found {
		secret, _, _ = strings.Cut(rest, " |")
		secret = strings.Trim(secret, "'")
	}
	out := runCurlCommand(t, command, secret, []string{"PATH=" + filepath.Dir(curl) + ":/usr/bin:/bin"})

	var answer struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
		ExpiresIn   int    `json:"expires_in"`
	}
	if err := json.Unmarshal(out, &answer); err != nil {
		t.Fatalf("the copied curl command did not return JSON (%v): %d bytes", err, len(out))
	}
	if answer.AccessToken == "" || answer.TokenType != "Bearer" || answer.ExpiresIn <= 0 {
		t.Fatalf("the curl command returned token_type %q, expires_in %d and %d bytes of access token; want a Bearer token", answer.TokenType, answer.ExpiresIn, len(answer.AccessToken))
	}
	return answer.AccessToken
}

// buffer returns the program's newest copy. The footer can report a copy a
// moment before tmux has read its OSC 52 sequence, so buffer waits until
// tmux holds a copy other than the one read before. Every copy in this
// test differs from the one before it.
func (c *console) buffer() string {
	c.t.Helper()
	deadline := time.Now().Add(screenTimeout)
	for {
		text, err := c.session.Buffer()
		if err == nil && text != c.lastCopy {
			c.lastCopy = text
			return text
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("no new copy reached tmux within %s (last error: %v)", screenTimeout, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// requireTool returns the path of a program that the test runs, such as
// tmux or curl. When it is missing, it fails the test where the integration
// tests are required, and skips it elsewhere.
func requireTool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	msg := name + " is not installed; install it with apt-get install " + name + " (.ci/run does)"
	if os.Getenv("CI") == "true" || os.Getenv("IDTUI_TEST_REQUIRE_KEYCLOAK") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}
