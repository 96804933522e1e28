package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
)

// idtuiCLI runs the idtui binary's apps list command.
type idtuiCLI struct {
	binary string
	base   string
}

// newIdtuiCLI returns the CLI at binary if it has an apps list command,
// and a reason why not otherwise.
func newIdtuiCLI(ctx context.Context, binary, base string) (*idtuiCLI, string) {
	if _, err := os.Stat(binary); err != nil {
		return nil, fmt.Sprintf("no idtui binary at %s; build it with make build", binary)
	}
	out, err := exec.CommandContext(ctx, binary, "apps", "list", "--help").CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("--output")) {
		return nil, "idtui has no `apps list -o json` command yet"
	}
	return &idtuiCLI{binary: binary, base: base}, ""
}

// listArgs are the arguments of the timed listing.
func (c *idtuiCLI) listArgs(realm string) []string {
	return []string{"apps", "list", "-o", "json", "--url", c.base, "--realm", realm}
}

// list runs idtui apps list -o json on realm and returns its output. The
// admin's password goes through IDTUI_PASSWORD, never argv.
func (c *idtuiCLI) list(ctx context.Context, realm string) ([]byte, error) {
	username, password := adminCredentials()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, c.binary, c.listArgs(realm)...)
	cmd.Env = append(os.Environ(), "IDTUI_USERNAME="+username, "IDTUI_PASSWORD="+password, "IDTUI_ADMIN_REALM=master")
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("idtui apps list -o json --realm %s: %w: %s", realm, err, bytes.TrimSpace(stderr.Bytes()))
	}
	return stdout.Bytes(), nil
}
