package main

import (
	"strings"
	"testing"
)

func TestBadURLIsUsageError(t *testing.T) {
	c := newOfflineCLI(t)

	for _, args := range [][]string{{"--url", "localhost:1", "apps", "list"}, {"--url", "localhost:1", "doctor"}} {
		r := c.expectCode(exitUsage, args...)
		if !strings.Contains(r.stderr, `the Keycloak URL "localhost:1" (flag --url) does not start with http:// or https://`) {
			t.Errorf("idtui %v: stderr = %q", args, r.stderr)
		}
	}

	c.env[envURL] = "http://"
	r := c.expectCode(exitUsage, "apps", "list")
	if !strings.Contains(r.stderr, `(env IDTUI_URL) has no host`) {
		t.Errorf("stderr = %q", r.stderr)
	}
}

func TestCompletionUnknownShell(t *testing.T) {
	c := newOfflineCLI(t)

	r := c.expectCode(exitUsage, "completion", "tcsh")

	if !strings.Contains(r.stderr, `unknown command "tcsh" for "idtui completion"`) || r.stdout != "" {
		t.Errorf("stdout %q, stderr %q", r.stdout, r.stderr)
	}
	if r := c.expectCode(exitUsage, "completion", "bassh"); !strings.Contains(r.stderr, `did you mean "bash"?`) {
		t.Errorf("stderr = %q", r.stderr)
	}
}
