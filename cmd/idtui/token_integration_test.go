package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"

	"github.com/idtui/idtui/keycloak/kctest"
	"github.com/idtui/idtui/model"
	"github.com/idtui/idtui/model/tokencheck"
)

// idtuiBinary builds the command into a temporary folder.
// runResult is what one run of the binary printed, and its exit code.
type runResult struct {
	stdout, stderr string
	code           int
}

// runIdtui runs the binary against the test Keycloak, with the admin
// password in the environment and the state folder in stateDir.
func runIdtui(t *testing.T, bin, stateDir string, args ...string) runResult {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(),
		"IDTUI_URL="+kctest.URL(),
		"IDTUI_REALM="+kctest.Realm,
		"IDTUI_USERNAME="+kctest.AdminUsername(),
		"IDTUI_PASSWORD="+kctest.AdminPassword().Reveal(),
		"XDG_STATE_HOME="+stateDir,
		"XDG_CONFIG_HOME="+stateDir,
	)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()

	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		t.Fatalf("run idtui %v: %v", args, err)
	}
	return runResult{stdout: stdout.String(), stderr: stderr.String(), code: cmd.ProcessState.ExitCode()}
}

func TestTokenCommand(t *testing.T) {
	kctest.Require(t)
	bin := idtuiBinary(t)
	state := t.TempDir()
	c := kctest.Client(t)

	var issued []string // tokens printed, which the log must not contain
	t.Run("token only", func(t *testing.T) {
		r := runIdtui(t, bin, state, "token", "zeebe")

		if r.code != 0 || r.stderr != "" {
			t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
		}
		token := strings.TrimSuffix(r.stdout, "\n")
		if strings.ContainsAny(token, " \n\t") {
			t.Fatalf("stdout holds more than the token: %q", r.stdout)
		}
		decoded, err := tokencheck.Decode(token)
		if err != nil {
			t.Fatalf("stdout is not a token: %v", err)
		}
		if decoded.Claims.AuthorizedParty != "zeebe" || !decoded.Claims.HasAudience("zeebe-api") {
			t.Errorf("azp %q, aud %v", decoded.Claims.AuthorizedParty, decoded.Claims.Audience)
		}
		issued = append(issued, token)
	})

	t.Run("json", func(t *testing.T) {
		r := runIdtui(t, bin, state, "token", "zeebe", "-o", "json")
		if r.code != 0 || r.stderr != "" {
			t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
		}

		var report tokenReport
		if err := json.Unmarshal([]byte(r.stdout), &report); err != nil {
			t.Fatalf("stdout is not the report: %v\n%s", err, r.stdout)
		}
		if report.ClientID != "zeebe" || report.TokenURL != c.TokenURL() || report.ExpectedIssuer != c.Issuer() {
			t.Errorf("report names %s, %s, %s", report.ClientID, report.TokenURL, report.ExpectedIssuer)
		}
		// Keycloak 26.7.3 returns 299 at times for the realm's 300 s
		// lifespan, as seen in runs of this test.
		if report.ExpiresIn < 299 || report.ExpiresIn > 300 {
			t.Errorf("expires_in = %d, want the realm's lifespan of 300 s", report.ExpiresIn)
		}
		if report.Signature == nil || !report.Signature.Verified {
			t.Errorf("signature = %+v, want verified", report.Signature)
		}
		var claims struct {
			Aud any    `json:"aud"`
			Azp string `json:"azp"`
		}
		if err := json.Unmarshal(report.Claims, &claims); err != nil || claims.Aud != "zeebe-api" || claims.Azp != "zeebe" {
			t.Errorf("claims = %s (%v)", report.Claims, err)
		}
		if len(report.APIs) != len(model.CamundaAPIs) {
			t.Fatalf("%d APIs in the report", len(report.APIs))
		}
		for _, api := range report.APIs {
			if wantAccepted := api.Name == "Zeebe"; api.Accepted != wantAccepted {
				t.Errorf("%s accepted = %v: %s", api.Name, api.Accepted, api.Summary)
			}
			if len(api.Checks) != 5 {
				t.Errorf("%s has %d checks, want 5", api.Name, len(api.Checks))
			}
		}
		if strings.Contains(r.stdout, "zeebe-dev-secret") {
			t.Error("the JSON report contains the client secret")
		}
	})

	t.Run("curl runs", func(t *testing.T) {
		if _, err := exec.LookPath("curl"); err != nil {
			t.Fatal("curl is not installed; install it (apt-get install -y curl) to run this test")
		}
		r := runIdtui(t, bin, state, "token", "zeebe", "-o", "curl")
		if r.code != 0 || !strings.Contains(r.stdout, "| curl ") {
			t.Fatalf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
		}

		// The command goes to sh on stdin, as a paste into a shell would.
		out := runCurlCommand(t, r.stdout, "zeebe-dev-secret", os.Environ())
		var reply struct {
			AccessToken string `json:"access_token"`
			TokenType   string `json:"token_type"`
		}
		if err := json.Unmarshal(out, &reply); err != nil || reply.TokenType != "Bearer" {
			t.Fatalf("curl returned %q (%v), want a token response", out, err)
		}
		decoded, err := tokencheck.Decode(reply.AccessToken)
		if err != nil || decoded.Claims.AuthorizedParty != "zeebe" {
			t.Errorf("token from curl: azp %q, err %v", decoded.Claims.AuthorizedParty, err)
		}
		issued = append(issued, reply.AccessToken)
	})

	t.Run("env", func(t *testing.T) {
		r := runIdtui(t, bin, state, "token", "zeebe", "-o", "env")
		if r.code != 0 {
			t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
		}
		for _, line := range []string{"ZEEBE_CLIENT_ID=zeebe\n", "ZEEBE_CLIENT_SECRET=zeebe-dev-secret\n", "ZEEBE_AUTHORIZATION_SERVER_URL=" + c.TokenURL() + "\n"} {
			if !strings.Contains(r.stdout, line) {
				t.Errorf("env block lacks %q:\n%s", line, r.stdout)
			}
		}
	})

	t.Run("no service account", func(t *testing.T) {
		app, _ := kctest.CreateApplication(t, c, model.TypeConfidential, "cli-no-sa")

		r := runIdtui(t, bin, state, "token", app.ClientID)

		if r.code != exitUnauthorized || r.stdout != "" {
			t.Errorf("exit %d, stdout %q; want exit %d and nothing on stdout", r.code, r.stdout, exitUnauthorized)
		}
		if !strings.Contains(r.stderr, "has no service account") || !strings.Contains(r.stderr, "Turn on Service account roles") {
			t.Errorf("stderr lacks the explanation and its fix: %q", r.stderr)
		}
	})

	t.Run("unknown client", func(t *testing.T) {
		r := runIdtui(t, bin, state, "token", kctest.UniqueID("cli-no-such"))

		if r.code != exitNotFound || r.stdout != "" || !strings.Contains(r.stderr, "no client with the client id") {
			t.Errorf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
		}
	})

	t.Run("yaml", func(t *testing.T) {
		r := runIdtui(t, bin, state, "token", "zeebe", "-o", "yaml")
		if r.code != 0 || r.stderr != "" {
			t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
		}

		var report struct {
			ClientID string `yaml:"client_id"`
			Claims   struct {
				Azp string `yaml:"azp"`
			} `yaml:"claims"`
			APIs []struct {
				Name     string `yaml:"name"`
				Accepted bool   `yaml:"accepted"`
			} `yaml:"apis"`
		}
		if err := yaml.Unmarshal([]byte(r.stdout), &report); err != nil {
			t.Fatalf("stdout is not YAML: %v\n%s", err, r.stdout)
		}
		if report.ClientID != "zeebe" || report.Claims.Azp != "zeebe" || len(report.APIs) != len(model.CamundaAPIs) {
			t.Errorf("report = %+v", report)
		}
	})

	t.Run("invalid output form", func(t *testing.T) {
		r := runIdtui(t, bin, state, "token", "zeebe", "-o", "xml")

		if r.code != exitUsage || !strings.Contains(r.stderr, "use one of: token, json, yaml, curl, env") {
			t.Errorf("exit %d, stderr %q", r.code, r.stderr)
		}
	})

	t.Run("log holds no token or secret", func(t *testing.T) {
		log, err := os.ReadFile(filepath.Join(state, "idtui", "idtui.log"))
		if err != nil {
			t.Fatalf("read the log: %v", err)
		}
		if !strings.Contains(string(log), "test token fetched") {
			t.Errorf("the log lacks the token runs:\n%s", log)
		}
		for _, secret := range append(issued, "zeebe-dev-secret") {
			if strings.Contains(string(log), secret) {
				t.Errorf("the log contains a secret or token: %.20s…", secret)
			}
		}
	})
}
