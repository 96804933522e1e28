package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/idtui/idtui/keycloak/kctest"
)

// The integration tests run the built binary, as an operator or a script
// would, with its config and state under a temporary home.

var (
	binaryDir  string
	binaryPath string
	buildOnce  sync.Once
	buildErr   error
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "idtui-cli-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binaryDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// idtuiBinary builds the command once per test run.
func idtuiBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		binaryPath = filepath.Join(binaryDir, "idtui")
		out, err := exec.Command("go", "build", "-o", binaryPath, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binaryPath
}

// cli runs idtui in a temporary home with its own XDG folders, and an
// environment that holds only what the test sets.
type cli struct {
	t    *testing.T
	home string
	env  map[string]string
}

// newCLI returns a cli that logs in as the master admin of the test
// Keycloak, through IDTUI_PASSWORD, after kctest.Require.
func newCLI(t *testing.T) *cli {
	t.Helper()
	kctest.Require(t)
	c := newOfflineCLI(t)
	c.env[envURL] = kctest.URL()
	c.env[envPassword] = kctest.AdminPassword().Reveal()
	return c
}

// newOfflineCLI returns a cli with no connection settings.
func newOfflineCLI(t *testing.T) *cli {
	t.Helper()
	home := t.TempDir()
	c := &cli{t: t, home: home, env: map[string]string{
		"PATH":            os.Getenv("PATH"),
		"HOME":            home,
		"XDG_CONFIG_HOME": filepath.Join(home, "config"),
		"XDG_STATE_HOME":  filepath.Join(home, "state"),
		"XDG_DATA_HOME":   filepath.Join(home, "data"),
		"LANG":            "C.UTF-8",
	}}
	return c
}

func (c *cli) configPath() string { return filepath.Join(c.home, "config", "idtui", "config.yaml") }

func (c *cli) logPath() string { return filepath.Join(c.home, "state", "idtui", "idtui.log") }

// writeConfig writes the config file, readable by the owner only.
func (c *cli) writeConfig(content string) {
	c.t.Helper()
	if err := os.MkdirAll(filepath.Dir(c.configPath()), 0o700); err != nil {
		c.t.Fatal(err)
	}
	if err := os.WriteFile(c.configPath(), []byte(content), 0o600); err != nil {
		c.t.Fatal(err)
	}
}

// writeFile writes a file under the home folder and returns its path.
func (c *cli) writeFile(name, content string, perm os.FileMode) string {
	c.t.Helper()
	path := filepath.Join(c.home, name)
	if err := os.WriteFile(path, []byte(content), perm); err != nil {
		c.t.Fatal(err)
	}
	return path
}

type result struct {
	stdout, stderr string
	code           int
}

func (r result) String() string {
	return fmt.Sprintf("exit code %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
}

// decode parses stdout as JSON into v.
func (r result) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(r.stdout), v); err != nil {
		t.Fatalf("stdout is not the expected JSON: %v\n%s", err, r)
	}
}

func (c *cli) command(stdin string, args ...string) *exec.Cmd {
	cmd := exec.Command(idtuiBinary(c.t), args...)
	for k, v := range c.env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Stdin = strings.NewReader(stdin)
	return cmd
}

// run runs idtui with stdin empty and not a terminal, as in a script.
func (c *cli) run(args ...string) result {
	c.t.Helper()
	return c.runInput("", args...)
}

func (c *cli) runInput(stdin string, args ...string) result {
	c.t.Helper()
	cmd := c.command(stdin, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := runWithTimeout(cmd, 2*time.Minute)
	r := result{stdout: stdout.String(), stderr: stderr.String()}
	if exit, ok := err.(*exec.ExitError); ok {
		r.code = exit.ExitCode()
	} else if err != nil {
		c.t.Fatalf("run idtui %v: %v", args, err)
	}
	return r
}

// expectCode runs idtui and fails the test unless it exits with code.
func (c *cli) expectCode(code int, args ...string) result {
	c.t.Helper()
	r := c.run(args...)
	if r.code != code {
		c.t.Fatalf("idtui %s: want exit code %d, got %s", strings.Join(args, " "), code, r)
	}
	return r
}

func runWithTimeout(cmd *exec.Cmd, timeout time.Duration) error {
	if err := cmd.Start(); err != nil {
		return err
	}
	return waitWithTimeout(cmd, timeout)
}

// waitWithTimeout waits for a started command, killing it after timeout.
func waitWithTimeout(cmd *exec.Cmd, timeout time.Duration) error {
	timer := time.AfterFunc(timeout, func() { _ = cmd.Process.Kill() })
	defer timer.Stop()
	return cmd.Wait()
}

// proxyKeycloak starts a proxy in front of the test Keycloak, whose
// requests go through handle with the proxy to pass them on, and returns
// the proxy's base URL, with Keycloak's path such as /auth.
func proxyKeycloak(t *testing.T, handle func(w http.ResponseWriter, r *http.Request, keycloak http.Handler)) string {
	t.Helper()
	target, err := url.Parse(kctest.URL())
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(&url.URL{Scheme: target.Scheme, Host: target.Host})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		handle(w, r, proxy)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + target.Path
}
