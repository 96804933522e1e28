package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseValidFile(t *testing.T) {
	src := `# contexts
current-context: prod
contexts:
  - name: dev
    url: http://localhost:18080/auth
    auth:
      username: admin
      secret: env
      secret-env: DEV_PASSWORD
  - name: prod
    url: https://keycloak.example.com
    realm: camunda-platform
    admin-realm: master
    auth:
      method: client-secret
      client-id: idtui-admin
      secret: file
      secret-file: prod.secret
    readonly: true
    accent: 196
    ca-file: ~/ca.pem
`
	f, err := Parse("/etc/idtui/config.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}

	if f.CurrentContext != "prod" || len(f.Contexts) != 2 {
		t.Fatalf("file = %+v, want prod current of 2 contexts", f)
	}
	prod, ok := f.Context("prod")
	if !ok {
		t.Fatal("no context prod")
	}
	if !prod.ReadOnly || prod.Accent != "196" || prod.Auth.Method != MethodClientSecret || prod.Auth.ClientID != "idtui-admin" {
		t.Errorf("prod = %+v", prod)
	}
	if got := f.ExpandPath(prod.Auth.SecretFile); got != "/etc/idtui/prod.secret" {
		t.Errorf("secret file expands to %q, want it beside the config file", got)
	}
	home, _ := os.UserHomeDir()
	if got := f.ExpandPath(prod.CAFile); got != filepath.Join(home, "ca.pem") {
		t.Errorf("~/ca.pem expands to %q", got)
	}
}

func TestParseEmptyFiles(t *testing.T) {
	for _, src := range []string{"", "# nothing yet\n", "contexts:\n", "contexts: # none\n"} {
		f, err := Parse("c.yaml", []byte(src))
		if err != nil {
			t.Errorf("Parse(%q): %v", src, err)
			continue
		}
		if len(f.Contexts) != 0 {
			t.Errorf("Parse(%q) has %d contexts", src, len(f.Contexts))
		}
	}
}

func TestParseErrorsNameLineAndExpectation(t *testing.T) {
	tests := []struct {
		name string
		src  string
		line int
		want string
	}{
		{"syntax", "contexts: [\n", 1, "invalid YAML: a '[' or '{' has no closing bracket"},
		{"tab after a dash", "contexts:\n  -\tname: dev\n", 2, "the line holds a tab, and YAML indents with spaces only; replace each tab with spaces"},
		{"tab indentation", "contexts:\n\t- name: dev\n", 2, "the line holds a tab"},
		{"key indented too deep", "contexts:\n  - name: dev\n    url: http://x\n      realm: y\n", 3, "a key is indented deeper than the keys before it"},
		{"context indented wrong", "contexts:\n  - name: dev\n  url: x\n - name: y\n", 3, "the line does not fit its indentation"},
		{"unclosed quote", "contexts:\n  - name: \"dev\n", 2, "a quoted value has no closing quote"},
		{"unknown top key", "current-context: dev\ncontext:\n  - name: dev\n", 2, `unknown key "context" in the top level; did you mean "contexts"?`},
		{"unknown context key", "contexts:\n  - name: dev\n    urll: http://x\n", 3, `did you mean "url"? Expected one of: name, url,`},
		{"contexts not a list", "contexts:\n  dev:\n    url: http://x\n", 2, "contexts must be a list"},
		{"readonly not bool", "contexts:\n  - name: dev\n    readonly: yes\n", 3, `readonly must be true or false, not "yes"`},
		{"url not scalar", "contexts:\n  - name: dev\n    url:\n      - a\n", 4, "url must be a single value"},
		{"missing name", "contexts:\n  - url: http://x\n", 2, "a context has no name"},
		{"bad name", "contexts:\n  - name: my prod\n", 2, `the context name "my prod" is invalid`},
		{"duplicate name", "contexts:\n  - name: dev\n  - name: dev\n", 3, `"dev" appears twice`},
		{"duplicate key", "contexts:\n  - name: dev\n    url: http://a\n    url: http://b\n", 4, `mapping key "url" already defined at [3:5]`},
		{"bad url", "contexts:\n  - name: dev\n    url: localhost:18080\n", 3, "does not start with http:// or https://"},
		{"bad accent", "contexts:\n  - name: dev\n    accent: purple\n", 3, "expected #rgb, #rrggbb or an ANSI colour number"},
		{"accent out of range", "contexts:\n  - name: dev\n    accent: 300\n", 3, "not a colour"},
		{"unknown method", "contexts:\n  - name: dev\n    auth:\n      method: token\n", 4, "expected one of: password, client-secret"},
		{"client-secret without client id", "contexts:\n  - name: dev\n    auth:\n      method: client-secret\n", 4, "needs client-id"},
		{"username with client-secret", "contexts:\n  - name: dev\n    auth:\n      method: client-secret\n      client-id: a\n      username: b\n", 6, "username applies to the password method"},
		{"unknown secret source", "contexts:\n  - name: dev\n    auth:\n      secret: vault\n", 4, "expected one of: prompt, env, file, keyring"},
		{"secret typo for browser", "contexts:\n  - name: dev\n    auth:\n      method: browser\n      secret: keyrin\n", 5, `secret source "keyrin" is not known; did you mean "keyring"? Expected one of: keyring, memory`},
		{"secret typo for password", "contexts:\n  - name: dev\n    auth:\n      secret: promt\n", 4, `did you mean "prompt"?`},
		{"env without name", "contexts:\n  - name: dev\n    auth:\n      secret: env\n", 4, "needs secret-env"},
		{"file without path", "contexts:\n  - name: dev\n    auth:\n      secret: file\n", 4, "needs secret-file"},
		{"secret-file without file source", "contexts:\n  - name: dev\n    auth:\n      secret-file: x\n", 4, `secret-file is set, but secret is "prompt"`},
		{"file secret for browser", "contexts:\n  - name: dev\n    auth:\n      method: browser\n      secret: file\n", 5, `secret "file" does not apply to the browser method`},
		{"memory for password", "contexts:\n  - name: dev\n    auth:\n      secret: memory\n", 4, "secret: memory applies to the browser and device methods only"},
		{"current names nothing", "current-context: prd\ncontexts:\n  - name: prod\n", 1, `did you mean "prod"?`},
		{"two documents", "contexts:\n---\ncontexts:\n", 3, "more than one YAML document"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("config.yaml", []byte(tt.src))

			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("err = %v, want a *config.Error", err)
			}
			if e.Line != tt.line {
				t.Errorf("line = %d, want %d (%v)", e.Line, tt.line, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %q, want it to contain %q", err, tt.want)
			}
			if !strings.Contains(err.Error(), "config.yaml, line") {
				t.Errorf("err = %q does not name the file and line", err)
			}
		})
	}
}

func TestLoadMissingFileIsEmpty(t *testing.T) {
	f, err := Load(filepath.Join(t.TempDir(), "none.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if f.Path != "" || len(f.Contexts) != 0 {
		t.Errorf("file = %+v, want an empty file without a path", f)
	}
}

func TestSetCurrentKeepsComments(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{
			name: "replaces the line",
			src:  "# mine\ncurrent-context: dev # in use\ncontexts:\n  - name: dev\n  - name: prod # careful\n",
			want: "# mine\ncurrent-context: prod # in use\ncontexts:\n  - name: dev\n  - name: prod # careful\n",
		},
		{
			name: "adds the line above the first key",
			src:  "# mine\n\ncontexts:\n  - name: dev\n  - name: prod\n",
			want: "# mine\n\ncurrent-context: prod\ncontexts:\n  - name: dev\n  - name: prod\n",
		},
		{
			name: "fills an empty value",
			src:  "current-context:\ncontexts:\n  - name: prod\n",
			want: "current-context: prod\ncontexts:\n  - name: prod\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "config.yaml")
			if err := os.WriteFile(path, []byte(tt.src), 0o600); err != nil {
				t.Fatal(err)
			}

			if err := SetCurrent(path, "prod"); err != nil {
				t.Fatal(err)
			}

			got, _ := os.ReadFile(path)
			if string(got) != tt.want {
				t.Errorf("file =\n%s\nwant\n%s", got, tt.want)
			}
			if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
				t.Errorf("mode = %v, want 0600 kept", info.Mode().Perm())
			}
		})
	}
}

func TestSetCurrentRejectsUnknownContext(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	src := "contexts:\n  - name: dev\n"
	if err := os.WriteFile(path, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}

	if err := SetCurrent(path, "prod"); err == nil {
		t.Fatal("SetCurrent accepted a context the file does not define")
	}
	if got, _ := os.ReadFile(path); string(got) != src {
		t.Errorf("the file changed:\n%s", got)
	}
}

func TestSetCurrentKeepsSymlink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "dotfiles", "idtui.yaml")
	if err := os.MkdirAll(filepath.Dir(target), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(target, []byte("current-context: dev\ncontexts:\n  - name: dev\n  - name: prod\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "config.yaml")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}

	if err := SetCurrent(link, "prod"); err != nil {
		t.Fatal(err)
	}

	if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the config file is no longer a link: %v, %v", info, err)
	}
	if got, _ := os.ReadFile(target); !strings.HasPrefix(string(got), "current-context: prod\n") {
		t.Errorf("the link's target =\n%s", got)
	}
}

func TestExpandPathFollowsSymlink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "dotfiles", "idtui.yaml")
	if err := os.MkdirAll(filepath.Dir(target), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(target, []byte("contexts:\n  - name: dev\n    ca-file: ca.pem\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "config.yaml")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	f, err := Load(link)
	if err != nil {
		t.Fatal(err)
	}

	got := f.ExpandPath("ca.pem")

	if want := filepath.Join(dir, "dotfiles", "ca.pem"); got != want {
		t.Errorf("ExpandPath(ca.pem) = %q, want %q beside the link's target", got, want)
	}
}
