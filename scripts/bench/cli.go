package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// idtuiCLI runs the idtui binary's apps list command.
type idtuiCLI struct {
	binary string
	base   string
	home   *idtuiHome
}

// newIdtuiCLI returns the CLI at binary if its apps list command takes
// -o json, and a reason why not otherwise.
func newIdtuiCLI(ctx context.Context, binary, base string, home *idtuiHome) (*idtuiCLI, string) {
	if _, err := os.Stat(binary); err != nil {
		return nil, fmt.Sprintf("no idtui binary at %s; build it with make build", binary)
	}
	cmd := exec.CommandContext(ctx, binary, "apps", "list", "--help")
	cmd.Env = home.env("")
	out, err := cmd.CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("--output")) || !bytes.Contains(out, []byte("json")) || !bytes.Contains(out, []byte("--all")) {
		return nil, "`idtui apps list --help` offers no -o json and --all"
	}
	return &idtuiCLI{binary: binary, base: base, home: home}, ""
}

// listArgs are the arguments of the timed listing. --all includes
// Keycloak's built-in clients and the API clients, which apps list leaves
// out by default, so that it lists what the floor and kcadm.sh list.
func (c *idtuiCLI) listArgs(realm string) []string {
	return []string{"apps", "list", "-o", "json", "--all", "--url", c.base, "--realm", realm}
}

// list runs idtui apps list -o json on realm and returns its output.
func (c *idtuiCLI) list(ctx context.Context, realm string) ([]byte, error) {
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, c.binary, c.listArgs(realm)...)
	cmd.Env = c.home.env("")
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("idtui apps list -o json --realm %s: %w: %s", realm, err, bytes.TrimSpace(stderr.Bytes()))
	}
	return stdout.Bytes(), nil
}

// idtuiHome is a temporary folder that replaces the operator's XDG folders
// when the bench runs idtui. No config file of the operator's applies
// there, and idtui's log file, which the console measurements read, goes
// there instead of into the operator's log.
type idtuiHome struct {
	dir string
}

func newIdtuiHome() (*idtuiHome, error) {
	dir, err := os.MkdirTemp("", "idtui-bench-home-")
	if err != nil {
		return nil, err
	}
	return &idtuiHome{dir: dir}, nil
}

func (h *idtuiHome) close() { os.RemoveAll(h.dir) }

// stateDir returns the XDG state folder of the run named run, where idtui
// writes idtui/idtui.log; "" is the one that the CLI runs share.
func (h *idtuiHome) stateDir(run string) string {
	return filepath.Join(h.dir, "state", run)
}

// logFile returns the path of idtui's log file in the run named run.
func (h *idtuiHome) logFile(run string) string {
	return filepath.Join(h.stateDir(run), "idtui", "idtui.log")
}

// idtuiEnvDescription describes env for the method section.
const idtuiEnvDescription = "IDTUI_USERNAME, IDTUI_PASSWORD and IDTUI_ADMIN_REALM=master in the environment, and XDG_CONFIG_HOME and XDG_STATE_HOME in a temporary folder, so that no config file applies and the log file is the bench's"

// env returns the environment of an idtui process: the bench's own without
// the operator's IDTUI_ settings, plus the master admin's credentials and
// the XDG folders of the run named run. The password goes through
// IDTUI_PASSWORD, never argv.
func (h *idtuiHome) env(run string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "IDTUI_") && !strings.HasPrefix(kv, "XDG_CONFIG_HOME=") && !strings.HasPrefix(kv, "XDG_STATE_HOME=") {
			env = append(env, kv)
		}
	}
	username, password := adminCredentials()
	return append(env,
		"IDTUI_USERNAME="+username,
		"IDTUI_PASSWORD="+password,
		"IDTUI_ADMIN_REALM=master",
		"XDG_CONFIG_HOME="+filepath.Join(h.dir, "config"),
		"XDG_STATE_HOME="+h.stateDir(run),
	)
}
