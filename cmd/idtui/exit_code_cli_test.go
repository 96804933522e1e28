package main

import (
	"os"
	"strings"
	"testing"

	"github.com/idtui/idtui/keycloak/kctest"
	"github.com/idtui/idtui/model"
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

func TestURLWithPasswordIsUsageError(t *testing.T) {
	c := newOfflineCLI(t)

	r := c.expectCode(exitUsage, "--url", "http://admin:s3cret@localhost:1/auth", "apps", "list")
	if !strings.Contains(r.stderr, `"http://admin:xxxxx@localhost:1/auth" (flag --url) holds a user name or password`) {
		t.Errorf("stderr = %q", r.stderr)
	}

	c.writeConfig("current-context: dev\ncontexts:\n  - name: dev\n    url: http://admin:s3cret@localhost:1/auth\n")
	r = c.expectCode(exitUsage, "apps", "list")
	if !strings.Contains(r.stderr, "line 4") || !strings.Contains(r.stderr, "holds a user name or password") {
		t.Errorf("stderr = %q", r.stderr)
	}

	logText, _ := os.ReadFile(c.logPath())
	for _, text := range []string{r.stderr, string(logText)} {
		if strings.Contains(text, "s3cret") {
			t.Errorf("the password of the URL shows in %q", text)
		}
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

func TestEmptyFlagIsUsageError(t *testing.T) {
	c := newCLI(t)
	kc := kctest.Client(t)
	// Without the check, --realm "" would create this client in the
	// default realm, so the test removes it if it exists.
	id := kctest.UniqueID("empty-flag")
	t.Cleanup(func() { kctest.DeleteApplication(t, kc, model.AppRef{ClientID: id}) })

	for _, flag := range []string{"--url", "--realm", "--admin-realm", "--username", "--config"} {
		t.Run(flag, func(t *testing.T) {
			r := c.expectCode(exitUsage, flag, "", "apps", "create", id, "--type", "m2m")

			if !strings.Contains(r.stderr, flag+" is empty; give it a value, or leave it out") {
				t.Errorf("stderr = %q", r.stderr)
			}
		})
	}

	// An environment variable set to "" counts as unset.
	c.env[envRealm] = ""
	c.expectCode(exitOK, "apps", "list")
}

func TestMistypedCommandGetsSuggestion(t *testing.T) {
	c := newOfflineCLI(t)

	for typed, want := range map[string]string{"tokn": "token", "doctr": "doctor", "contxt": "context"} {
		r := c.expectCode(exitUsage, typed)
		if !strings.Contains(r.stderr, `unknown command "`+typed+`" for "idtui"; did you mean "`+want+`"?`) {
			t.Errorf("idtui %s: stderr = %q", typed, r.stderr)
		}
	}
}
