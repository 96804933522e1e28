// Command screenshot makes the README's pictures of the console. It runs
// the idtui binary in tmux against the dev Keycloak and walks through the
// list, context picker, details, token, create and rotate screens. It
// captures each screen with its colours and draws it as a PNG.
// scripts/screenshots runs it.
//
// It creates the application "billing-service" and deletes it at the end.
// Secrets and tokens stay masked on every screen, and each capture is
// checked for the real secrets and for a token with its signature before
// it is written.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/model"
	"github.com/idtui/idtui/ui/termtest"
)

// demoClientID is the application the pictures create, rotate and delete.
const demoClientID = "billing-service"

const (
	width, height = 110, 30
	screenTimeout = 30 * time.Second
)

func main() {
	bin := flag.String("bin", "bin/idtui", "idtui binary to run")
	out := flag.String("out", "screenshots", "directory for the PNG files")
	url := flag.String("url", keycloak.DefaultURL, "Keycloak base URL")
	flag.Parse()

	if err := run(*bin, *out, *url); err != nil {
		log.Fatalf("screenshot: %v", err)
	}
}

func run(bin, out, url string) error {
	username := envOr("IDTUI_USERNAME", "admin")
	password := model.Secret(envOr("IDTUI_PASSWORD", "admin"))
	admin, err := keycloak.New(keycloak.Config{URL: url, Credentials: keycloak.Password{Username: username, Password: password}})
	if err != nil {
		return err
	}
	ctx := context.Background()
	if err := deleteIfPresent(ctx, admin); err != nil {
		return err
	}
	defer func() {
		if err := deleteIfPresent(ctx, admin); err != nil {
			log.Printf("screenshot: clean up %s: %v", demoClientID, err)
		}
	}()

	r, err := newRenderer()
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "idtui-screenshots-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	configHome := filepath.Join(tmp, "config")
	if err := writeConfig(configHome, url); err != nil {
		return err
	}
	session, err := termtest.Start(termtest.Options{
		Command: []string{bin, "--clipboard", "osc52"},
		Env: []string{
			"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "LANG=C.UTF-8",
			"COLORTERM=truecolor", "XDG_STATE_HOME=" + filepath.Join(tmp, "state"), "XDG_CONFIG_HOME=" + configHome,
			"IDTUI_USERNAME=" + username, "IDTUI_PASSWORD=" + password.Reveal(),
		},
		Width: width, Height: height, Dir: tmp,
	})
	if err != nil {
		return err
	}
	defer session.Close()

	s := &shooter{session: session, renderer: r, out: out, admin: admin}
	return s.walk(ctx)
}

// shooter walks through the screens and writes one picture per step.
type shooter struct {
	session  *termtest.Session
	renderer *renderer
	out      string
	admin    *keycloak.Client
	secrets  []string
}

func (s *shooter) walk(ctx context.Context) error {
	steps := []struct {
		keys  []string
		text  string // typed after the keys
		wait  string
		shot  string
		after func() error
	}{
		{wait: "zeebe", shot: "list.png"},
		// The picker only lists staging and production: the pictures never
		// switch to them, so their addresses need not exist.
		{keys: []string{"C", "j"}, wait: "production", shot: "contexts.png"},
		{keys: []string{"Escape"}, wait: "/ to filter"},
		{keys: []string{"G", "Enter"}, wait: "zeebe-api  write:*", shot: "details.png", after: s.readSecretOf("zeebe")},
		{keys: []string{"t"}, wait: "Zeebe would accept the token", shot: "token.png"},
		// Escape goes alone: a key right behind it would read as alt+key.
		{keys: []string{"Escape"}, wait: "Service account  service-account-zeebe"},
		{keys: []string{"Escape"}, wait: "/ to filter"},
		{keys: []string{"n"}, text: "Billing Service", wait: demoClientID, shot: "create.png"},
		{keys: []string{"C-s"}, wait: "Created M2M application", after: s.readSecretOf(demoClientID)},
		{keys: []string{"Enter", "/"}, text: demoClientID, wait: "1 application,"},
		{keys: []string{"Enter", "R"}, wait: "Rotate the secret of " + demoClientID, shot: "rotate.png"},
		{keys: []string{"y"}, wait: "Rotated the secret", after: s.readSecretOf(demoClientID)},
		{keys: []string{"e"}, wait: "Copied the .env block", shot: "copy.png"},
		{keys: []string{"Enter", "D"}, text: demoClientID, wait: "Type the client id"},
		{keys: []string{"Enter"}, wait: "Deleted " + demoClientID},
		{keys: []string{"q"}},
	}
	for _, step := range steps {
		if len(step.keys) > 0 {
			if err := s.session.Keys(step.keys...); err != nil {
				return err
			}
		}
		if step.text != "" {
			if err := s.session.Type(step.text); err != nil {
				return err
			}
		}
		if step.wait != "" {
			if screen, err := s.session.WaitFor(step.wait, screenTimeout); err != nil {
				return fmt.Errorf("%w; the screen shows:\n%s", err, screen)
			}
		}
		if step.after != nil {
			if err := step.after(); err != nil {
				return err
			}
		}
		if step.shot != "" {
			if err := s.shoot(step.shot); err != nil {
				return err
			}
		}
	}
	_, err := s.session.WaitExit(screenTimeout)
	return err
}

// readSecretOf returns a step that notes the application's current
// secret, which no picture may show.
func (s *shooter) readSecretOf(clientID string) func() error {
	return func() error {
		secret, err := s.admin.Secret(context.Background(), model.AppRef{ClientID: clientID})
		if err != nil {
			return err
		}
		s.secrets = append(s.secrets, secret.Reveal())
		return nil
	}
}

// jwtPattern matches a JWT with its signature, which makes it a credential;
// the console shows tokens only with the signature masked.
var jwtPattern = regexp.MustCompile(`eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{16,}`)

func (s *shooter) shoot(name string) error {
	// Let the renderer finish the frame that showed the awaited text.
	time.Sleep(300 * time.Millisecond)
	screen, err := s.session.ScreenANSI()
	if err != nil {
		return err
	}
	for _, secret := range s.secrets {
		if strings.Contains(screen, secret) {
			return fmt.Errorf("%s would show a real secret; no picture written", name)
		}
	}
	if jwtPattern.MatchString(screen) {
		return fmt.Errorf("%s would show a token with its signature; no picture written", name)
	}
	path := filepath.Join(s.out, name)
	if err := s.renderer.renderPNG(screen, width, height, path); err != nil {
		return err
	}
	fmt.Println("wrote", path)
	return nil
}

// writeConfig writes the config file of the pictures: dev, the dev
// Keycloak at url, on which the console works, and two contexts that the
// context picker lists. The password comes from IDTUI_PASSWORD.
func writeConfig(configHome, url string) error {
	config := `current-context: dev
contexts:
  - name: dev
    url: ` + url + `
  - name: staging
    url: https://keycloak.staging.example.com/auth
  - name: production
    url: https://keycloak.example.com/auth
    readonly: true
    accent: "#d70000"
`
	dir := filepath.Join(configHome, "idtui")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "config.yaml"), []byte(config), 0o600)
}

func deleteIfPresent(ctx context.Context, admin *keycloak.Client) error {
	err := admin.DeleteApplication(ctx, model.AppRef{ClientID: demoClientID})
	if errors.Is(err, keycloak.ErrNotFound) {
		return nil
	}
	return err
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}
