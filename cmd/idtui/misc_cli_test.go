package main

import (
	"strings"
	"testing"

	"github.com/idtui/idtui/keycloak/kctest"
	"github.com/idtui/idtui/model"
)

func TestVersion(t *testing.T) {
	c := newOfflineCLI(t)

	var v versionView
	c.expectCode(exitOK, "version", "-o", "json").decode(t, &v)

	if v.Version == "" || !strings.HasPrefix(v.Go, "go") || v.Platform == "" {
		t.Errorf("version = %+v", v)
	}
	if r := c.expectCode(exitOK, "version"); !strings.Contains(r.stdout, "Version:") {
		t.Errorf("version table:\n%s", r.stdout)
	}
}

func TestCompletionScripts(t *testing.T) {
	c := newOfflineCLI(t)
	for shell, marker := range map[string]string{"bash": "__start_idtui", "zsh": "#compdef idtui", "fish": "complete -c idtui"} {
		r := c.expectCode(exitOK, "completion", shell)
		if !strings.Contains(r.stdout, marker) {
			t.Errorf("%s completion lacks %q", shell, marker)
		}
	}
}

func TestCompletionOfClientIDs(t *testing.T) {
	c := newCLI(t)
	kc := kctest.Client(t)
	app, _ := kctest.CreateApplication(t, kc, model.TypeM2M, "complete")
	prefix := app.ClientID[:len(app.ClientID)-3]

	r := c.expectCode(exitOK, "__complete", "apps", "rotate", prefix)

	if !strings.Contains(r.stdout, app.ClientID+"\n") {
		t.Errorf("completions of %q lack %s:\n%s", prefix, app.ClientID, r.stdout)
	}

	// Without a secret source that needs no prompt, completion offers
	// nothing instead of hanging on a prompt.
	delete(c.env, envPassword)
	r = c.expectCode(exitOK, "__complete", "apps", "get", prefix)
	if strings.Contains(r.stdout, app.ClientID) {
		t.Errorf("completed without credentials:\n%s", r.stdout)
	}
}

func TestCompletionOfContexts(t *testing.T) {
	c := newOfflineCLI(t)
	c.writeConfig("contexts:\n  - name: dev\n  - name: prod\n  - name: preprod\n")

	r := c.expectCode(exitOK, "__complete", "--context", "pr")

	if !strings.Contains(r.stdout, "prod\npreprod\n") || strings.Contains(r.stdout, "dev") {
		t.Errorf("context completions:\n%s", r.stdout)
	}
}
