package main

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/model"
)

// completionTimeout bounds the Keycloak request behind a completion, so a
// slow or unreachable Keycloak never freezes the shell.
const completionTimeout = 3 * time.Second

// completeClientIDs completes a client id from Keycloak. It runs only where
// the secret comes without asking (environment, file or keyring), since a
// prompt would hang the shell; otherwise it offers nothing.
func (a *app) completeClientIDs(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	none := cobra.ShellCompDirectiveNoFileComp
	if len(args) > 0 {
		return nil, none
	}
	client, ctx, cancel := a.completionClient(cmd)
	if client == nil {
		return nil, none
	}
	defer cancel()
	apps, err := client.AllApplications(ctx)
	if err != nil {
		return nil, none
	}
	var ids []string
	for _, app := range apps {
		// A client id with a control character would put that character
		// on the shell's command line, so completion leaves it out.
		if app.Type == model.TypeBuiltIn || !strings.HasPrefix(app.ClientID, toComplete) || model.HasTerminalControl(app.ClientID) {
			continue
		}
		ids = append(ids, app.ClientID)
	}
	slices.Sort(ids)
	return ids, none
}

// completionClient returns a client for completion, with a context that
// ends after completionTimeout, or nil where the secret needs a prompt.
func (a *app) completionClient(cmd *cobra.Command) (*keycloak.Client, context.Context, context.CancelFunc) {
	s, err := a.opts.settings()
	if err != nil {
		return nil, nil, nil
	}
	client, _, err := a.opts.clientFor(s, slog.New(slog.DiscardHandler), asker{})
	if err != nil {
		return nil, nil, nil
	}
	ctx, cancel := context.WithTimeout(cmd.Context(), completionTimeout)
	return client, ctx, cancel
}

// completeContextNames completes the names of the config file's contexts.
func (a *app) completeContextNames(_ *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	file, err := a.opts.loadConfig()
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var names []string
	for _, name := range file.Names() {
		if strings.HasPrefix(name, toComplete) {
			names = append(names, name)
		}
	}
	return names, cobra.ShellCompDirectiveNoFileComp
}

func registerContextCompletion(root *cobra.Command, a *app) {
	_ = root.RegisterFlagCompletionFunc(flagContext, func(cmd *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		return a.completeContextNames(cmd, nil, toComplete)
	})
}
