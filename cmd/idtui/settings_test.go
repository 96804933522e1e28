package main

import (
	"errors"
	"strings"
	"testing"

	"github.com/idtui/idtui/cmd/idtui/internal/config"
)

const precedenceConfig = `current-context: dev
contexts:
  - name: dev
    url: http://localhost:18080/auth
    realm: dev-realm
    auth:
      username: dev-admin
      secret: keyring
    accent: "#00ff00"
  - name: prod
    url: https://keycloak.example.com
    realm: prod-realm
    admin-realm: prod-admins
    auth:
      method: client-secret
      client-id: idtui-admin
      secret: file
      secret-file: prod.secret
    readonly: true
    ca-file: ca.pem
`

func TestResolvePrecedence(t *testing.T) {
	file, err := config.Parse("/home/op/.config/idtui/config.yaml", []byte(precedenceConfig))
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name  string
		flags map[string]string
		env   map[string]string
		file  *config.File
		check func(t *testing.T, s Settings)
	}{
		{
			name: "defaults without a config file",
			file: &config.File{},
			check: func(t *testing.T, s Settings) {
				expect(t, "context", s.Context, "")
				expect(t, "url", s.URL, setting[string]{"http://localhost:18080/auth", "default"})
				expect(t, "realm", s.Realm, setting[string]{"camunda-platform", "default"})
				expect(t, "admin realm", s.AdminRealm, setting[string]{"master", "default"})
				expect(t, "method", s.Method.Value, config.MethodPassword)
				expect(t, "username", s.Username, setting[string]{"admin", "default"})
				expect(t, "secret", s.Secret.Kind, config.SecretPrompt)
				expect(t, "readonly", s.ReadOnly, setting[bool]{false, "default"})
			},
		},
		{
			name: "current context over defaults",
			check: func(t *testing.T, s Settings) {
				expect(t, "context", s.Context, "dev")
				expect(t, "realm", s.Realm, setting[string]{"dev-realm", "context dev"})
				expect(t, "admin realm", s.AdminRealm, setting[string]{"master", "default"})
				expect(t, "username", s.Username, setting[string]{"dev-admin", "context dev"})
				expect(t, "secret", s.Secret.Kind, config.SecretKeyring)
				expect(t, "accent", s.Accent, setting[string]{"#00ff00", "context dev"})
			},
		},
		{
			name: "environment over context",
			env:  map[string]string{envRealm: "env-realm", envUsername: "env-admin", envPassword: "x", envReadOnly: "true"},
			check: func(t *testing.T, s Settings) {
				expect(t, "realm", s.Realm, setting[string]{"env-realm", "env " + envRealm})
				expect(t, "username", s.Username, setting[string]{"env-admin", "env " + envUsername})
				expect(t, "secret", s.Secret, secretSource{Kind: config.SecretEnv, Env: envPassword, Origin: "env " + envPassword})
				expect(t, "readonly", s.ReadOnly, setting[bool]{true, "env " + envReadOnly})
			},
		},
		{
			name:  "flags over environment",
			flags: map[string]string{flagRealm: "flag-realm", flagPasswordFile: "/run/pw", flagReadOnly: "false"},
			env:   map[string]string{envRealm: "env-realm", envPassword: "x", envReadOnly: "true"},
			check: func(t *testing.T, s Settings) {
				expect(t, "realm", s.Realm, setting[string]{"flag-realm", "flag --realm"})
				expect(t, "secret", s.Secret, secretSource{Kind: config.SecretFile, File: "/run/pw", Origin: "flag --password-file"})
				expect(t, "readonly", s.ReadOnly, setting[bool]{false, "flag --readonly"})
			},
		},
		{
			name: "IDTUI_CONTEXT over current-context",
			env:  map[string]string{envContext: "prod"},
			check: func(t *testing.T, s Settings) {
				expect(t, "context", s.Context, "prod")
				expect(t, "method", s.Method, setting[string]{config.MethodClientSecret, "context prod"})
				expect(t, "client id", s.ClientID, setting[string]{"idtui-admin", "context prod"})
				expect(t, "secret", s.Secret, secretSource{Kind: config.SecretFile, File: "/home/op/.config/idtui/prod.secret", Origin: "context prod"})
				expect(t, "readonly", s.ReadOnly, setting[bool]{true, "context prod"})
				expect(t, "ca file", s.CAFile, setting[string]{"/home/op/.config/idtui/ca.pem", "context prod"})
			},
		},
		{
			name:  "--context over IDTUI_CONTEXT",
			flags: map[string]string{flagContext: "dev"},
			env:   map[string]string{envContext: "prod"},
			check: func(t *testing.T, s Settings) { expect(t, "context", s.Context, "dev") },
		},
		{
			name:  "--username replaces the context's service account",
			flags: map[string]string{flagContext: "prod", flagUsername: "alice"},
			check: func(t *testing.T, s Settings) {
				expect(t, "method", s.Method, setting[string]{config.MethodPassword, "flag --username"})
				expect(t, "username", s.Username, setting[string]{"alice", "flag --username"})
				expect(t, "secret", s.Secret.Kind, config.SecretPrompt)
			},
		},
		{
			name: "IDTUI_CLIENT_ID turns to the client-secret method",
			env:  map[string]string{envClientID: "ci-admin", envClientSecretFile: "/run/secret"},
			check: func(t *testing.T, s Settings) {
				expect(t, "method", s.Method, setting[string]{config.MethodClientSecret, "env " + envClientID})
				expect(t, "client id", s.ClientID, setting[string]{"ci-admin", "env " + envClientID})
				expect(t, "secret", s.Secret, secretSource{Kind: config.SecretFile, File: "/run/secret", Origin: "env " + envClientSecretFile})
			},
		},
		{
			name: "the secret variable over the secret file variable",
			env:  map[string]string{envPassword: "x", envPasswordFile: "/run/pw"},
			check: func(t *testing.T, s Settings) {
				expect(t, "secret", s.Secret.Kind, config.SecretEnv)
			},
		},
		{
			name: "warnings for skipped verification and plain http",
			env:  map[string]string{envURL: "http://keycloak.example.com/auth", envInsecure: "1"},
			check: func(t *testing.T, s Settings) {
				if len(s.Warnings) != 2 || !strings.Contains(s.Warnings[0], "verification is off") || !strings.Contains(s.Warnings[1], "plain http") {
					t.Errorf("warnings = %q, want one for verification and one for plain http", s.Warnings)
				}
			},
		},
		{
			name: "no warning for plain http to loopback",
			env:  map[string]string{envURL: "http://127.0.0.1:18080/auth"},
			check: func(t *testing.T, s Settings) {
				if len(s.Warnings) != 0 {
					t.Errorf("warnings = %q, want none", s.Warnings)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := tt.file
			if f == nil {
				f = file
			}
			s, err := resolve(layers{flags: tt.flags, getenv: mapEnv(tt.env), file: f})
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, s)
		})
	}
}

func TestResolveUsageErrors(t *testing.T) {
	file, err := config.Parse("/c/config.yaml", []byte(precedenceConfig))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		flags map[string]string
		env   map[string]string
		want  string
	}{
		{"unknown context", map[string]string{flagContext: "prd"}, nil, `did you mean "prod"?`},
		{"username and client id", map[string]string{flagUsername: "a", flagClientID: "b"}, nil, "exclude each other"},
		{"password file for a service account", map[string]string{flagContext: "prod", flagPasswordFile: "/x"}, nil, "--password-file does not apply here"},
		{"invalid boolean", nil, map[string]string{envReadOnly: "sometimes"}, `IDTUI_READONLY="sometimes" is not true or false`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := resolve(layers{flags: tt.flags, getenv: mapEnv(tt.env), file: file})

			var usage usageError
			if !errors.As(err, &usage) {
				t.Fatalf("err = %v, want a usage error", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestResolveForSwitchedContext(t *testing.T) {
	file, err := config.Parse("/c/config.yaml", []byte(precedenceConfig))
	if err != nil {
		t.Fatal(err)
	}

	s, err := resolve(layers{flags: map[string]string{flagContext: "dev"}, getenv: mapEnv(nil), file: file, context: "prod"})

	if err != nil {
		t.Fatal(err)
	}
	expect(t, "context", s.Context, "prod")
	expect(t, "readonly", s.ReadOnly.Value, true)
}

func mapEnv(env map[string]string) func(string) string {
	return func(name string) string { return env[name] }
}

func expect[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %+v, want %+v", what, got, want)
	}
}

func TestResolveSignInMethods(t *testing.T) {
	file, err := config.Parse("/home/op/.config/idtui/config.yaml", []byte(`current-context: ops
contexts:
  - name: ops
    admin-realm: camunda-platform
    auth:
      method: device
      username: alice
      secret: keyring
`))
	if err != nil {
		t.Fatal(err)
	}
	noEnv := func(string) string { return "" }

	s, err := resolve(layers{getenv: noEnv, file: file})
	if err != nil {
		t.Fatal(err)
	}
	if s.Method.Value != config.MethodDevice || s.ClientID.Value != "idtui" || s.Username.Value != "alice" || s.Secret.Kind != config.SecretKeyring {
		t.Errorf("context ops: method %q, client %q, user %q, secret %q; want device, idtui, alice, keyring", s.Method.Value, s.ClientID.Value, s.Username.Value, s.Secret.Kind)
	}
	if got := s.Identity(); got != "alice@camunda-platform" {
		t.Errorf("identity = %q", got)
	}

	s, err = resolve(layers{flags: map[string]string{flagMethod: "browser", flagClientID: "ops-login"}, getenv: noEnv, file: &config.File{}})
	if err != nil {
		t.Fatal(err)
	}
	if s.Method.Origin != "flag --method" || s.ClientID.Value != "ops-login" || s.Secret.Kind != config.SecretMemory || s.Identity() != "operator@master" {
		t.Errorf("--method browser: %+v", s)
	}

	_, err = resolve(layers{getenv: func(name string) string {
		if name == envMethod {
			return "magic"
		}
		return ""
	}, file: &config.File{}})
	var usage usageError
	if !errors.As(err, &usage) || !strings.Contains(err.Error(), `the login method "magic" (env IDTUI_METHOD) is not known`) {
		t.Errorf("unknown method: err = %v", err)
	}
}
