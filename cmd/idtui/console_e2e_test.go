package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/keycloak/kctest"
	"github.com/idtui/idtui/model"
	"github.com/idtui/idtui/ui/termtest"
)

// screenTimeout bounds each wait for the console's screen; every step
// makes one or two requests to the local Keycloak.
const screenTimeout = 30 * time.Second

// TestConsoleEndToEnd runs the real binary in tmux against the dev
// Keycloak: list, create an M2M application, copy its .env block, rotate,
// disable and delete it. It checks each effect through the admin API, and
// reads the copies back from tmux, which takes OSC 52 into its buffer.
func TestConsoleEndToEnd(t *testing.T) {
	admin := kctest.Client(t)
	ctx := kctest.Context(t)
	requireTmux(t)
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

	// Disable it.
	c.keys("Enter")
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

	logText, err := os.ReadFile(filepath.Join(stateDir, "idtui", "idtui.log"))
	if err != nil {
		t.Fatalf("read the log: %v", err)
	}
	for _, s := range c.secrets {
		if strings.Contains(string(logText), s) {
			t.Error("the log contains a secret")
		}
	}
	if !strings.Contains(string(logText), "application created") || !strings.Contains(string(logText), "secret rotated") {
		t.Errorf("the log lacks the changes:\n%s", logText)
	}
}

// TestConsoleRejectsWrongPassword checks that a failed login ends before
// the console opens, with the exit code for unauthorized.
func TestConsoleRejectsWrongPassword(t *testing.T) {
	kctest.Require(t)
	bin := idtuiBinary(t)

	cmd := exec.Command(bin, "--url", kctest.URL())
	cmd.Env = append(baseEnv(t.TempDir()), "IDTUI_USERNAME="+kctest.AdminUsername(), "IDTUI_PASSWORD=wrong-password")
	out, err := cmd.CombinedOutput()

	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != exitUnauthorized {
		t.Fatalf("exit: %v, want code %d; output:\n%s", err, exitUnauthorized, out)
	}
	if !strings.Contains(string(out), "Check the admin credentials") {
		t.Errorf("output lacks the fix:\n%s", out)
	}
}

// console is the binary running in tmux, with the secrets it must never
// show on screen.
type console struct {
	t       *testing.T
	session *termtest.Session
	secrets []string
}

func startConsole(t *testing.T, bin, stateDir string) *console {
	t.Helper()
	env := append(baseEnv(stateDir),
		"IDTUI_USERNAME="+kctest.AdminUsername(),
		"IDTUI_PASSWORD="+kctest.AdminPassword().Reveal(),
	)
	session, err := termtest.Start(termtest.Options{
		Command: []string{bin, "--url", kctest.URL(), "--realm", kctest.Realm, "--clipboard", "osc52"},
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

func (c *console) checkMasked(screen string) {
	c.t.Helper()
	for _, s := range c.secrets {
		if strings.Contains(screen, s) {
			c.t.Fatalf("the screen shows a secret unrevealed")
		}
	}
}

func (c *console) buffer() string {
	c.t.Helper()
	text, err := c.session.Buffer()
	if err != nil {
		c.t.Fatal(err)
	}
	return text
}

// requireTmux fails the test where the integration tests are required, and
// skips it elsewhere, when tmux is missing.
func requireTmux(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err == nil {
		return
	}
	msg := "tmux is not installed; install it with apt-get install tmux (.ci/run does)"
	if os.Getenv("CI") == "true" || os.Getenv("IDTUI_TEST_REQUIRE_KEYCLOAK") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}
