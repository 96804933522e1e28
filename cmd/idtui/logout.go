package main

import (
	"github.com/spf13/cobra"

	"github.com/idtui/idtui/cmd/idtui/internal/config"
)

func newLogoutCommand(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "logout",
		Short: "End the session of idtui login and remove its refresh token from the OS keyring",
		Long: `End the operator's session at Keycloak and remove the refresh token that
idtui login stored in the OS keyring for this context. The next command signs in
again on Keycloak's login page.

A context without "secret: keyring" keeps its tokens in memory only, so they
ended with the command that signed in, and logout has nothing to do.`,
		Args: cobra.NoArgs,
	}
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		return a.runLogout(cmd)
	}
	return cmd
}

// runLogout ends the stored session of the context, if it has one.
func (a *app) runLogout(cmd *cobra.Command) error {
	s, err := a.opts.settings()
	if err != nil {
		return err
	}
	a.opts.printWarnings(s.Warnings)

	s = signInSettings(s, &loginOptions{})
	if s.Secret.Kind != config.SecretKeyring {
		a.message("Nothing to sign out: this context keeps no session between commands, because its tokens live in memory only.")
		return nil
	}
	if err := (keyringTokenStore{account: refreshTokenAccount(s)}).check(); err != nil {
		return err
	}
	client, warnings, err := a.opts.clientFor(s, a.logger(), asker{})
	a.opts.printWarnings(warnings)
	if err != nil {
		return err
	}

	result, err := client.SignOut(contextOf(cmd))
	switch {
	case !result.Stored && err == nil:
		a.message("Nothing to sign out: the OS keyring holds no refresh token for the realm %q at %s.", s.AdminRealm.Value, s.URL.Value)
	case result.Ended:
		a.message("Ended the session in the realm %q at %s, and removed its refresh token from the OS keyring.", s.AdminRealm.Value, s.URL.Value)
	case err == nil:
		a.message("Removed the refresh token from the OS keyring; Keycloak rejected it, so its session in the realm %q had ended already.", s.AdminRealm.Value)
	}
	return err
}
