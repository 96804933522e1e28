package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/model"
)

// newTestContexts returns the console's contexts over a config file with
// the contexts dev and prod, where nothing listens at prod's URL.
func newTestContexts(t *testing.T) consoleContexts {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.yaml")
	config := "current-context: dev\ncontexts:\n  - name: dev\n  - name: prod\n    url: http://127.0.0.1:9/auth\n" +
		"    readonly: true\n    accent: \"#d70000\"\n    auth:\n      username: ops\n"
	if err := os.WriteFile(path, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	o := newConnectionOptions(io.Discard)
	o.addFlags(&cobra.Command{})
	o.configPath, o.getenv = path, mapEnv(nil)
	return consoleContexts{opts: o, logger: slog.New(slog.DiscardHandler)}
}

func TestConsoleContextsNames(t *testing.T) {
	names, err := newTestContexts(t).Names()

	if err != nil || !slices.Equal(names, []string{"dev", "prod"}) {
		t.Errorf("names = %v, %v; want dev, prod", names, err)
	}
}

func TestConsoleContextsAskForSecret(t *testing.T) {
	contexts := newTestContexts(t)
	canceled := errors.New("the operator canceled")
	var label string

	_, err := contexts.Connect(context.Background(), "prod", func(prompt string) (model.Secret, error) {
		label = prompt
		return "", canceled
	})

	if !errors.Is(err, canceled) {
		t.Errorf("err = %v, want the prompt's error", err)
	}
	if label != "The password of ops@master: " {
		t.Errorf("the prompt's label = %q", label)
	}
}

func TestConsoleContextsConnectFails(t *testing.T) {
	contexts := newTestContexts(t)

	conn, err := contexts.Connect(context.Background(), "prod", func(string) (model.Secret, error) { return "password", nil })

	if !errors.Is(err, keycloak.ErrUnavailable) || !strings.Contains(err.Error(), "127.0.0.1:9") {
		t.Errorf("err = %v, want Keycloak unavailable at prod's URL", err)
	}
	if conn.ContextName != "prod" || !conn.ReadOnly || conn.Accent != "#d70000" {
		t.Errorf("connection = %q, read-only %v, accent %q; want prod's settings", conn.ContextName, conn.ReadOnly, conn.Accent)
	}
}

func TestConsoleContextsUnknown(t *testing.T) {
	_, err := newTestContexts(t).Connect(context.Background(), "staging", nil)

	if err == nil || !strings.Contains(err.Error(), `names the context "staging"`) {
		t.Errorf("err = %v, want the unknown context named", err)
	}
}
