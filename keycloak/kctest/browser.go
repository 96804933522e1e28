package kctest

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// browserTimeout bounds each step in the browser; every step is one page
// of the local Keycloak.
const browserTimeout = 30 * time.Second

// Browser is a headless Chromium that plays the person on Keycloak's pages.
type Browser struct {
	t   testing.TB
	ctx context.Context
}

// NewBrowser starts Debian's chromium, headless, with a new empty profile,
// and stops it when the test ends. Without chromium it skips the test, or
// fails it where integration tests are required: .ci/run installs it.
func NewBrowser(t testing.TB) *Browser {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		msg := "chromium is not installed; install it with apt-get install chromium (.ci/run does)"
		if os.Getenv("CI") == "true" || os.Getenv("IDTUI_TEST_REQUIRE_KEYCLOAK") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}

	// Headless as root without a network: no sandbox (it needs user
	// namespaces as root), and none of the background connections to
	// Google's services, which would fail many times over.
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return &Browser{t: t, ctx: ctx}
}

// run runs actions within browserTimeout, and fails the test with the
// page's text when they fail.
func (b *Browser) run(step string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, browserTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatalf("browser: %s: %v\npage:\n%s", step, err, b.Text())
	}
}

// Text returns the text of the page, or "" when it cannot be read.
func (b *Browser) Text() string {
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	text, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("body")))
	return text
}

// Open loads url.
func (b *Browser) Open(url string) {
	b.t.Helper()
	b.run("open "+url, chromedp.Navigate(url))
}

// SignIn fills in Keycloak's login form, which the current page shows,
// and submits it.
func (b *Browser) SignIn(username, password string) {
	b.t.Helper()
	b.run("sign in as "+username,
		chromedp.WaitVisible(chromedp.CSS("#username")),
		chromedp.SetValue(chromedp.CSS("#username"), username),
		chromedp.SetValue(chromedp.CSS("#password"), password),
		chromedp.Click(chromedp.CSS("#kc-login")),
	)
}

// WaitForText waits until the page's text contains text.
func (b *Browser) WaitForText(text string) {
	b.t.Helper()
	deadline := time.Now().Add(browserTimeout)
	for !strings.Contains(b.Text(), text) {
		if time.Now().After(deadline) {
			b.t.Fatalf("browser: waited %v for %q; page:\n%s", browserTimeout, text, b.Text())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// EnterUserCode submits a device sign-in's user code on Keycloak's device
// page, which the current page shows.
func (b *Browser) EnterUserCode(code string) {
	b.t.Helper()
	b.run("enter the user code",
		chromedp.WaitVisible(chromedp.CSS("#device_user_code")),
		chromedp.SetValue(chromedp.CSS("#device_user_code"), code),
		chromedp.Click(chromedp.CSS("#kc-login")),
	)
}

// Grant accepts Keycloak's consent page, which the device flow shows
// after the sign-in.
func (b *Browser) Grant() {
	b.t.Helper()
	b.run("grant access", chromedp.Click(chromedp.CSS("#kc-login")))
}

// Location returns the URL of the current page.
func (b *Browser) Location() string {
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	location, _ := chromedp.Run(ctx, chromedp.Location())
	return location
}
