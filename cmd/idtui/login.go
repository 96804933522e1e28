package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/idtui/idtui/cmd/idtui/internal/config"
	"github.com/idtui/idtui/keycloak"
)

type loginOptions struct {
	setup        bool
	device       bool
	signInClient string
	signInRealm  string
}

func newLoginCommand(a *app) *cobra.Command {
	opts := &loginOptions{}
	cmd := &cobra.Command{
		Use:   "login",
		Short: "Sign in on Keycloak's login page, or set up the client for it with --setup",
		Long: `Sign in to the admin realm on Keycloak's login page, with your own account: a user
who holds realm-management roles, federated or with MFA as the realm has it. The
browser method opens the system browser and receives the result on a port of
127.0.0.1; over SSH, or with --no-browser, it prints the URL instead. --device
prints a URL and a code to enter on any device.

With "secret: keyring" and the browser or device method in the context, the
refresh token is kept in the OS keyring, and the other commands use the session
until Keycloak ends it. Otherwise the tokens live in memory only, and every
command signs in again.

--setup creates the public client that operators sign in through, once, in the
admin realm (or --sign-in-realm). It logs in with the admin's password or client
secret, says what it creates, and changes nothing when the client already fits.`,
		Example: `  idtui login --setup --username admin
  idtui login
  idtui login --device`,
		Args: cobra.NoArgs,
	}
	f := cmd.Flags()
	f.BoolVar(&opts.setup, "setup", false, "create or correct the sign-in client in the admin realm, as the admin")
	f.BoolVar(&opts.device, "device", false, "sign in with a code on any device (the device authorization grant) instead of the browser")
	f.StringVar(&opts.signInClient, "sign-in-client", "", "client id of the public client to sign in through (default: auth.client-id of a browser or device context, else "+keycloak.DefaultSignInClientID+")")
	f.StringVar(&opts.signInRealm, "sign-in-realm", "", "with --setup: the realm to create the client in (default: the admin realm)")

	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		s, err := a.opts.settings()
		if err != nil {
			return err
		}
		a.opts.printWarnings(s.Warnings)
		ctx := cmd.Context()
		if ctx == nil {
			ctx = context.Background()
		}
		if opts.setup {
			return a.runLoginSetup(ctx, s, opts)
		}
		if opts.signInRealm != "" {
			return usageError{errors.New("--sign-in-realm applies to --setup only; to sign in to another realm, use --admin-realm")}
		}
		return a.runLogin(ctx, s, opts)
	}
	return cmd
}

// signInSettings turns s into the settings of a sign-in. A context whose
// method is password or client-secret does not configure a sign-in, so
// then the browser method with the default client and no keyring applies.
func signInSettings(s Settings, opts *loginOptions) Settings {
	if !config.SignsIn(s.Method.Value) {
		s.Method = setting[string]{config.MethodBrowser, "idtui login"}
		s.ClientID = setting[string]{keycloak.DefaultSignInClientID, "default"}
		if !strings.HasPrefix(s.Username.Origin, "flag") && !strings.HasPrefix(s.Username.Origin, "env") {
			s.Username = setting[string]{"", "default"}
		}
		s.Secret = secretSource{Kind: config.SecretMemory, Origin: "default"}
	}
	if opts.device {
		s.Method = setting[string]{config.MethodDevice, "flag --device"}
	}
	if opts.signInClient != "" {
		s.ClientID = setting[string]{opts.signInClient, "flag --sign-in-client"}
	}
	return s
}

// runLogin signs in now, even when the keyring holds a refresh token, and
// reports the user, the rights and where the tokens are kept.
func (a *app) runLogin(ctx context.Context, s Settings, opts *loginOptions) error {
	s = signInSettings(s, opts)
	ask := a.opts.terminalAsker(s)
	ask.signedIn = nil // the report below names the user
	client, warnings, err := a.opts.clientFor(s, a.logger(), ask)
	a.opts.printWarnings(warnings)
	if err != nil {
		return err
	}
	signIn, _ := client.SignIn()

	if err := client.SignInAgain(ctx, a.opts.signInPrompt(s.NoBrowser.Value, s.NoBrowser.Origin, true)); err != nil {
		return err
	}
	a.message("Signed in as %s in the realm %q, through the client %q.", signIn.Identity(), s.AdminRealm.Value, s.ClientID.Value)

	rights := rightsCheck(ctx, client, s)
	switch rights.Fix {
	case "":
		a.message("Rights in the realm %q: %s.", s.Realm.Value, rights.Detail)
	default:
		a.message("Rights in the realm %q: %s. %s.", s.Realm.Value, rights.Detail, rights.Fix)
	}

	a.reportTokenStorage(s)
	return nil
}

// reportTokenStorage prints where the refresh token is kept, and checks that
// the keyring holds it when it should.
func (a *app) reportTokenStorage(s Settings) {
	if s.Secret.Kind != config.SecretKeyring {
		a.message("The tokens stay in this process's memory only, so every other idtui command signs in again. " +
			"To keep the session between commands, set \"method: browser\" (or device) and \"secret: keyring\" under auth in the context.")
		return
	}
	_, err := keyringGet(refreshTokenAccount(s))
	var unavailable *keyringUnavailableError
	if errors.As(err, &unavailable) {
		a.message("The tokens stay in this process's memory only, because the OS keyring is not available.")
		return
	}
	if err != nil {
		a.opts.warn("the refresh token is not in the OS keyring (" + err.Error() + "), so other commands sign in again")
		return
	}
	a.message("The refresh token is in the OS keyring; other commands of this context use the session until Keycloak ends it.")
}

// runLoginSetup creates or corrects the sign-in client, logged in with the
// admin's password or client secret.
func (a *app) runLoginSetup(ctx context.Context, s Settings, opts *loginOptions) error {
	if s.ReadOnly.Value {
		return readOnlyError{command: "idtui login --setup", origin: s.ReadOnly.Origin}
	}
	if config.SignsIn(s.Method.Value) {
		return usageError{fmt.Errorf("idtui login --setup logs in with the admin's password or client secret, because the sign-in client does not exist yet, and the method is %s (%s); pass --username or --client-id for this run", s.Method.Value, s.Method.Origin)}
	}

	realm := opts.signInRealm
	if realm == "" {
		realm = s.AdminRealm.Value
	}
	clientID, err := a.setupClientID(s, opts)
	if err != nil {
		return err
	}

	a.message("Setting up the client %q in the realm %q at %s, as %s. It is:", clientID, realm, s.URL.Value, s.Identity())
	for _, line := range keycloak.SignInClientSettings {
		a.message("  - %s", line)
	}
	client, warnings, err := a.opts.clientFor(s, a.logger(), a.opts.terminalAsker(s))
	a.opts.printWarnings(warnings)
	if err != nil {
		return err
	}
	result, err := client.SetUpSignInClient(ctx, realm, clientID)
	if err != nil {
		return err
	}

	switch {
	case result.Created:
		a.message("Created the client %q in the realm %q.", clientID, realm)
	case len(result.Changes) == 0:
		a.message("The client %q in the realm %q already has these settings; nothing changed.", clientID, realm)
	default:
		a.message("Corrected the client %q in the realm %q: %s.", clientID, realm, strings.Join(result.Changes, "; "))
	}
	a.message("Operators of the realm %q now sign in with: idtui login --admin-realm %s", realm, realm)
	return nil
}

// setupClientID returns the client id to set up: --sign-in-client, else
// auth.client-id of the context when its method signs in, else the default.
func (a *app) setupClientID(s Settings, opts *loginOptions) (string, error) {
	if opts.signInClient != "" {
		return opts.signInClient, nil
	}
	file, err := a.opts.loadConfig()
	if err != nil {
		return "", err
	}
	if ctx, ok := file.Context(s.Context); ok && config.SignsIn(ctx.Auth.Method) && ctx.Auth.ClientID != "" {
		return ctx.Auth.ClientID, nil
	}
	return keycloak.DefaultSignInClientID, nil
}
