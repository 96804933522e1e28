package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func newAppsRotateCommand(a *app) *cobra.Command {
	cmd := markMutating(&cobra.Command{
		Use:   "rotate CLIENT_ID",
		Short: "Generate a new secret for an application and print it; the old secret stops working at once",
		Example: "  idtui apps rotate ci-runner\n" +
			"  idtui apps rotate ci-runner --yes -o json | jq -r .secret\n" +
			"  (umask 077; idtui apps rotate ci-runner --yes -o env > ci-runner.env)",
		Args:              exactArgs(1, "CLIENT_ID"),
		ValidArgsFunction: a.completeClientIDs,
	})
	out := addOutputFlag(cmd, formatEnv)
	yes := addYesFlag(cmd)

	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if err := out.check(); err != nil {
			return err
		}
		if err := a.requireConfirmation(cmd, *yes); err != nil {
			return err
		}
		client, app, err := a.findApplicationFor(cmd, "rotate the secret of", args[0])
		if err != nil {
			return err
		}
		ctx := cmd.Context()
		if !app.HasSecret() {
			return usageError{fmt.Errorf("the %s application %q has no secret to rotate", app.Type, app.ClientID)}
		}

		question := fmt.Sprintf("Rotate the secret of %q in the realm %q? The old secret stops working at once for every service that uses it.", app.ClientID, client.Realm())
		if err := a.confirm(*yes, question); err != nil {
			return err
		}
		secret, err := client.RotateSecret(ctx, app.Ref())
		if err != nil {
			return err
		}
		a.message("Rotated the secret of %q; the old one no longer works.", app.ClientID)
		return a.writeSecretOutput(out.format, app, secret, client.TokenURL(), false)
	}
	return cmd
}

// newAppsSetEnabledCommand returns enable or disable. Disable requests
// confirmation, because services of the application lose their tokens.
func newAppsSetEnabledCommand(a *app, enable bool) *cobra.Command {
	verb, done := "disable", "Disabled"
	short := "Disable an application, so that it gets no more tokens"
	if enable {
		verb, done = "enable", "Enabled"
		short = "Enable an application again"
	}
	cmd := markMutating(&cobra.Command{
		Use:               verb + " CLIENT_ID",
		Short:             short,
		Args:              exactArgs(1, "CLIENT_ID"),
		ValidArgsFunction: a.completeClientIDs,
	})
	out := addOutputFlag(cmd)
	yes := new(bool)
	if !enable {
		yes = addYesFlag(cmd)
	}

	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if err := out.check(); err != nil {
			return err
		}
		if !enable {
			if err := a.requireConfirmation(cmd, *yes); err != nil {
				return err
			}
		}
		client, app, err := a.findApplicationFor(cmd, verb, args[0])
		if err != nil {
			return err
		}
		ctx := cmd.Context()

		if app.Enabled == enable {
			a.message("%q is already %sd; nothing changed.", app.ClientID, verb)
		} else {
			if !enable {
				question := fmt.Sprintf("Disable %q in the realm %q? Its services get no more tokens until it is enabled again.", app.ClientID, client.Realm())
				if err := a.confirm(*yes, question); err != nil {
					return err
				}
			}
			if err := client.SetEnabled(ctx, app.Ref(), enable); err != nil {
				return err
			}
			a.message("%s %q.", done, app.ClientID)
		}

		if out.format == formatTable {
			return nil
		}
		return writeData(a.stdout, out.format, stateView{ClientID: app.ClientID, Enabled: &enable})
	}
	return cmd
}

func newAppsDeleteCommand(a *app) *cobra.Command {
	cmd := markMutating(&cobra.Command{
		Use:               "delete CLIENT_ID",
		Short:             "Delete an application, its secret and its service account",
		Args:              exactArgs(1, "CLIENT_ID"),
		ValidArgsFunction: a.completeClientIDs,
	})
	out := addOutputFlag(cmd)
	yes := addYesFlag(cmd)

	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if err := out.check(); err != nil {
			return err
		}
		if err := a.requireConfirmation(cmd, *yes); err != nil {
			return err
		}
		client, app, err := a.findApplicationFor(cmd, "delete application", args[0])
		if err != nil {
			return err
		}
		ctx := cmd.Context()

		question := fmt.Sprintf("Delete the %s application %q from the realm %q? Its secret and service account go with it, and this cannot be undone.", app.Type, app.ClientID, client.Realm())
		if err := a.confirmTyped(*yes, question, app.ClientID); err != nil {
			return err
		}
		if err := client.DeleteApplication(ctx, app.Ref()); err != nil {
			return err
		}
		a.message("Deleted %q.", app.ClientID)

		if out.format == formatTable {
			return nil
		}
		return writeData(a.stdout, out.format, stateView{ClientID: app.ClientID, Deleted: true})
	}
	return cmd
}
