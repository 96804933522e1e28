package main

import (
	"errors"
	"fmt"
	"log/slog"
	"os"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/model"
)

// connectionOptions are the flags and environment variables that say which
// Keycloak to work on and how to log in. Secrets have no flag, because
// command lines end up in shell history and in ps.
type connectionOptions struct {
	url        string
	realm      string
	adminRealm string
	username   string
	clientID   string
}

func (o *connectionOptions) addFlags(cmd *cobra.Command) {
	f := cmd.PersistentFlags()
	f.StringVar(&o.url, "url", envOr("IDTUI_URL", keycloak.DefaultURL), "Keycloak base URL, with /auth where Keycloak serves under it (env IDTUI_URL)")
	f.StringVar(&o.realm, "realm", envOr("IDTUI_REALM", keycloak.DefaultRealm), "realm of the applications (env IDTUI_REALM)")
	f.StringVar(&o.adminRealm, "admin-realm", envOr("IDTUI_ADMIN_REALM", keycloak.DefaultAdminRealm), "realm the admin logs in to (env IDTUI_ADMIN_REALM)")
	f.StringVar(&o.username, "username", envOr("IDTUI_USERNAME", "admin"), "admin username; the password comes from IDTUI_PASSWORD or a prompt (env IDTUI_USERNAME)")
	f.StringVar(&o.clientID, "client-id", os.Getenv("IDTUI_CLIENT_ID"), "log in as this client's service account instead of a user; the secret comes from IDTUI_CLIENT_SECRET or a prompt (env IDTUI_CLIENT_ID)")
}

// credentials returns the admin credentials, reading the secret from the
// environment or, on a terminal, from a prompt that does not echo.
func (o *connectionOptions) credentials() (keycloak.Credentials, error) {
	if o.clientID != "" {
		secret, err := secretFromEnvOrPrompt("IDTUI_CLIENT_SECRET", fmt.Sprintf("Client secret of %s: ", o.clientID))
		if err != nil {
			return nil, err
		}
		return keycloak.ClientSecret{ClientID: o.clientID, Secret: secret}, nil
	}
	password, err := secretFromEnvOrPrompt("IDTUI_PASSWORD", fmt.Sprintf("Password of %s@%s: ", o.username, o.adminRealm))
	if err != nil {
		return nil, err
	}
	return keycloak.Password{Username: o.username, Password: password}, nil
}

func secretFromEnvOrPrompt(env, prompt string) (model.Secret, error) {
	if v, ok := os.LookupEnv(env); ok {
		return model.Secret(v), nil
	}
	tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		return "", usageError{fmt.Errorf("%s is not set and there is no terminal to ask on; set it", env)}
	}
	defer tty.Close()

	fmt.Fprint(tty, prompt)
	b, err := term.ReadPassword(int(tty.Fd()))
	fmt.Fprintln(tty)
	if err != nil {
		return "", fmt.Errorf("read the secret from the terminal: %w", err)
	}
	if len(b) == 0 {
		return "", usageError{errors.New("no secret typed; set " + env + " or type it at the prompt")}
	}
	return model.Secret(b), nil
}

// newClient reads the admin credentials and returns a Keycloak client that
// logs to logger. It does not contact Keycloak yet.
func (o *connectionOptions) newClient(logger *slog.Logger) (*keycloak.Client, error) {
	creds, err := o.credentials()
	if err != nil {
		return nil, err
	}
	return keycloak.New(keycloak.Config{
		URL:         o.url,
		Realm:       o.realm,
		AdminRealm:  o.adminRealm,
		Credentials: creds,
		Logger:      logger,
	})
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}
