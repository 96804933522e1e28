package ui

import (
	"context"

	"github.com/idtui/idtui/model"
)

// Contexts are the contexts of the config file, which the console switches
// between without a restart. The switch lasts for the run: it does not
// change the file's current context.
type Contexts interface {
	// Names returns the context names in the file's order.
	Names() ([]string, error)
	// Connect builds a backend for the named context, with the flags and
	// environment of this run, and logs it in. ask reads a secret that no
	// other source supplies. When the context signs in on Keycloak's login
	// page and no stored session works, Connect returns an error of kind
	// keycloak.ErrSignInRequired together with the Connection, and the
	// console signs in with the Backend's SignInAgain.
	Connect(ctx context.Context, name string, ask SecretPrompt) (Connection, error)
}

// ConfigFile is implemented by Contexts that are read from a config file,
// so that the console can name the file when it lists no contexts.
type ConfigFile interface {
	// ConfigPath returns the path of the config file, and whether a file
	// exists there.
	ConfigPath() (path string, exists bool)
}

// SecretPrompt reads a secret from the operator inside the console, with
// the input masked. label names the secret, such as "The password of
// admin@master: ". It returns an error when the operator cancels.
type SecretPrompt func(label string) (model.Secret, error)

// Connection is a Keycloak that the console switches to, with the options
// of its context.
type Connection struct {
	Backend     Backend
	ContextName string
	ReadOnly    bool
	Accent      string
	// Warnings are the context's warnings, such as TLS verification being
	// off, which the footer shows after the switch.
	Warnings []string
}
