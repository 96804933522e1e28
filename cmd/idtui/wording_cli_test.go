package main

import (
	"strings"
	"testing"
)

// A client id that does not exist is reported with the command that failed,
// not with the lookup behind it.
func TestNotFoundNamesCommand(t *testing.T) {
	c := newCLI(t)

	tests := []struct {
		args []string
		want string
	}{
		{[]string{"apps", "rotate", "it-no-such-client", "--yes"}, `rotate the secret of "it-no-such-client" failed: not found`},
		{[]string{"apps", "disable", "it-no-such-client", "--yes"}, `disable "it-no-such-client" failed: not found`},
		{[]string{"apps", "enable", "it-no-such-client"}, `enable "it-no-such-client" failed: not found`},
		{[]string{"apps", "delete", "it-no-such-client", "--yes"}, `delete application "it-no-such-client" failed: not found`},
		{[]string{"apps", "get", "it-no-such-client"}, `get application "it-no-such-client" failed: not found`},
	}
	for _, tt := range tests {
		t.Run(tt.args[1], func(t *testing.T) {
			r := c.expectCode(exitNotFound, tt.args...)

			if !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr = %q, want it to contain %q", r.stderr, tt.want)
			}
		})
	}
}

func TestTokenSuggestsClientID(t *testing.T) {
	c := newCLI(t)

	r := c.expectCode(exitNotFound, "token", "zeebee")

	if !strings.Contains(r.stderr, `Did you mean "zeebe"?`) {
		t.Errorf("stderr = %q", r.stderr)
	}
}

func TestCreateMessagesNameTheFlag(t *testing.T) {
	c := newOfflineCLI(t)

	tests := []struct {
		name string
		args []string
		want string
	}{
		{"blank name", []string{"--name", "   "}, `--name "   " is blank; give a name with letters or digits`},
		{"name without ASCII letters", []string{"--name", "日本"}, `--name "日本" has no ASCII letter or digit to derive a client id from; give the client id as an argument`},
		{"Public without redirect URI", []string{"spa", "--type", "public"}, "--redirect-uri: redirect URI is missing, and a Public application needs one"},
		{"non-ASCII client id", []string{"büro"}, `CLIENT_ID: client id "büro" is invalid: it contains 'ü'; use ASCII letters`},
		{"derived client id too long", []string{"--name", strings.Repeat("a", 300)}, "the client id derived from --name: client id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.expectCode(exitUsage, append([]string{"apps", "create"}, tt.args...)...)

			if !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr = %q, want it to contain %q", r.stderr, tt.want)
			}
			if strings.Contains(r.stderr, `""`) {
				t.Errorf("stderr quotes an empty value: %q", r.stderr)
			}
		})
	}
}

func TestMissingConfigFileSaysHowToCreate(t *testing.T) {
	c := newOfflineCLI(t)
	path := c.home + "/none.yaml"

	r := c.expectCode(exitUsage, "--config", path, "apps", "list")

	for _, part := range []string{"the config file " + path + " (--config) does not exist. Create it", "contexts:\n    - name: dev\n      url: http://localhost:18080/auth", "leave out --config"} {
		if !strings.Contains(r.stderr, part) {
			t.Errorf("stderr = %q, want it to contain %q", r.stderr, part)
		}
	}
}

func TestYAMLErrorSaysFix(t *testing.T) {
	c := newOfflineCLI(t)
	c.writeConfig("contexts:\n  -\tname: dev\n")

	r := c.expectCode(exitUsage, "apps", "list")

	if !strings.Contains(r.stderr, "line 2 column 8: invalid YAML: the line holds a tab, and YAML indents with spaces only; replace each tab with spaces") {
		t.Errorf("stderr = %q", r.stderr)
	}
}
