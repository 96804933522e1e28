// Package config reads idtui's config file: named contexts, each with a
// Keycloak URL, realms, the admin's login method and where its secret comes
// from. It checks the file strictly and reports each mistake with its line.
package config

import (
	"os"
	"path/filepath"
)

// Login methods of the admin.
const (
	MethodPassword     = "password"      // a user logs in through admin-cli with the password grant
	MethodClientSecret = "client-secret" // a service account logs in with the client-credentials grant
	MethodBrowser      = "browser"       // the operator signs in on Keycloak's login page in a browser
	MethodDevice       = "device"        // the operator signs in on any device with a user code
)

// Methods lists the login methods a context may name.
var Methods = []string{MethodPassword, MethodClientSecret, MethodBrowser, MethodDevice}

// SignsIn reports whether method is one where the operator signs in on
// Keycloak's login page, so that idtui holds tokens instead of a secret.
func SignsIn(method string) bool {
	return method == MethodBrowser || method == MethodDevice
}

// Secret sources: where the password or client secret of a context comes from.
const (
	SecretPrompt  = "prompt"  // a prompt on the terminal that does not echo
	SecretEnv     = "env"     // the environment variable named by secret-env
	SecretFile    = "file"    // the file named by secret-file
	SecretKeyring = "keyring" // the OS keyring (Secret Service, macOS Keychain, Windows Credential Manager)
	// SecretMemory keeps the tokens of a browser or device sign-in in
	// memory only. It is the only other choice for those methods.
	SecretMemory = "memory"
)

// SecretSources lists the secret sources a context may name.
var SecretSources = []string{SecretPrompt, SecretEnv, SecretFile, SecretKeyring}

// File is the whole config file.
type File struct {
	// Path is where the file was read from; empty when no file exists.
	Path           string    `yaml:"-"`
	CurrentContext string    `yaml:"current-context"`
	Contexts       []Context `yaml:"contexts"`
}

// Context is one Keycloak that the operator works with, such as dev or prod.
// Empty fields fall back to the defaults.
type Context struct {
	Name       string `yaml:"name"`
	URL        string `yaml:"url"`
	Realm      string `yaml:"realm"`
	AdminRealm string `yaml:"admin-realm"`
	Auth       Auth   `yaml:"auth"`
	// ReadOnly removes every action that changes Keycloak.
	ReadOnly bool `yaml:"readonly"`
	// Accent is the console's accent colour: #rgb, #rrggbb or an ANSI
	// colour number from 0 to 255.
	Accent string `yaml:"accent"`
	// CAFile is a PEM file of CA certificates trusted besides the system's.
	CAFile                string `yaml:"ca-file"`
	InsecureSkipTLSVerify bool   `yaml:"insecure-skip-tls-verify"`
}

// Auth is how the admin logs in.
type Auth struct {
	Method     string `yaml:"method"`      // one of Methods; password when empty
	Username   string `yaml:"username"`    // the password method's user; the login hint of browser and device
	ClientID   string `yaml:"client-id"`   // the service account's client; the sign-in client of browser and device
	Secret     string `yaml:"secret"`      // one of SecretSources; prompt when empty, memory for browser and device
	SecretEnv  string `yaml:"secret-env"`  // with secret: env
	SecretFile string `yaml:"secret-file"` // with secret: file; relative to the config file's folder
}

// Context returns the context with the given name.
func (f *File) Context(name string) (Context, bool) {
	for _, c := range f.Contexts {
		if c.Name == name {
			return c, true
		}
	}
	return Context{}, false
}

// Names returns the context names in file order.
func (f *File) Names() []string {
	names := make([]string, 0, len(f.Contexts))
	for _, c := range f.Contexts {
		names = append(names, c.Name)
	}
	return names
}

// DefaultPath returns $XDG_CONFIG_HOME/idtui/config.yaml, or
// ~/.config/idtui/config.yaml when XDG_CONFIG_HOME is unset.
func DefaultPath() (string, error) {
	dir := os.Getenv("XDG_CONFIG_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		dir = filepath.Join(home, ".config")
	}
	return filepath.Join(dir, "idtui", "config.yaml"), nil
}

// ExpandPath resolves a path written in the config file: "~/" is the home
// folder, and a relative path is relative to the config file's folder.
// When the config file is a symbolic link, as into a dotfiles repository,
// that folder is the one of the link's target, because the files it names
// are kept beside the real file.
func (f *File) ExpandPath(p string) string {
	if p == "" {
		return ""
	}
	if rest, ok := cutHome(p); ok {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, rest)
		}
	}
	if filepath.IsAbs(p) || f.Path == "" {
		return p
	}
	dir := filepath.Dir(f.Path)
	if real, err := filepath.EvalSymlinks(f.Path); err == nil {
		dir = filepath.Dir(real)
	}
	return filepath.Join(dir, p)
}

func cutHome(p string) (string, bool) {
	if p == "~" {
		return "", true
	}
	if len(p) > 2 && p[0] == '~' && p[1] == '/' {
		return p[2:], true
	}
	return "", false
}
