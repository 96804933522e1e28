package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/idtui/idtui/cmd/idtui/internal/suggest"
	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/model"
)

// permissionChangeView is the output of apps grant and apps revoke.
type permissionChangeView struct {
	ClientID string `json:"clientId"`
	API      string `json:"api"`
	Role     string `json:"role"`
	// Granted is whether the application holds the permission now.
	Granted bool `json:"granted"`
	// Changed is false when the application already held the permission
	// that grant adds, or lacked the one that revoke removes.
	Changed bool `json:"changed"`
}

func newAppsGrantCommand(a *app) *cobra.Command {
	cmd := markMutating(&cobra.Command{
		Use:   "grant CLIENT_ID API ROLE",
		Short: "Grant an application a permission: a role of an API client, such as read:* on operate-api",
		Long: "Grant an application a permission: map a role of an API client (a resource server such as\n" +
			"operate-api) to the application's service account. Tokens fetched from then on carry the\n" +
			"API in aud and the role in the permissions claim. Granting a permission the application\n" +
			"holds changes nothing.",
		Example: "  idtui apps grant billing operate-api read:*\n" +
			"  idtui apps grant billing zeebe-api write:* -o json",
		Args:              exactArgs(3, "CLIENT_ID, API and ROLE"),
		ValidArgsFunction: a.completePermissionArgs(false),
	})
	out := addOutputFlag(cmd)

	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if err := out.check(); err != nil {
			return err
		}
		return a.changePermission(cmd, out.format, args, true, true)
	}
	return cmd
}

func newAppsRevokeCommand(a *app) *cobra.Command {
	cmd := markMutating(&cobra.Command{
		Use:   "revoke CLIENT_ID API ROLE",
		Short: "Remove a permission from an application, after a confirmation",
		Long: "Remove a permission from an application: unmap the API client's role from the\n" +
			"application's service account. Tokens fetched from then on lack it, so the service may\n" +
			"lose access to the API. Removing a permission the application lacks changes nothing.",
		Example: "  idtui apps revoke billing operate-api read:*\n" +
			"  idtui apps revoke billing operate-api read:* --yes -o json",
		Args:              exactArgs(3, "CLIENT_ID, API and ROLE"),
		ValidArgsFunction: a.completePermissionArgs(true),
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
		return a.changePermission(cmd, out.format, args, false, *yes)
	}
	return cmd
}

// changePermission grants or revokes the permission that args name: the
// client id, the API and the role. Revoking requests confirmation first,
// unless yes is set.
func (a *app) changePermission(cmd *cobra.Command, format string, args []string, grant, yes bool) error {
	op := "remove a permission from"
	if grant {
		op = "grant a permission to"
	}
	client, app, err := a.findApplicationFor(cmd, op, args[0])
	if err != nil {
		return err
	}
	ctx := cmd.Context()
	p := model.Permission{API: args[1], Role: args[2]}

	held, err := client.Permissions(ctx, app.Ref())
	if err != nil {
		return err
	}
	view := permissionChangeView{ClientID: app.ClientID, API: p.API, Role: p.Role, Granted: slices.Contains(held, p)}

	switch {
	case grant && view.Granted:
		a.message("%q already holds %s on %s; nothing changed.", app.ClientID, p.Role, p.API)
	case !grant && !view.Granted:
		a.message("%q does not hold %s on %s; nothing changed.", app.ClientID, p.Role, p.API)
	case grant:
		if err := client.GrantPermission(ctx, app.Ref(), p); err != nil {
			return withPermissionSuggestions(ctx, client, p, err)
		}
		view.Granted, view.Changed = true, true
		a.message("Granted %s on %s to %q; tokens fetched from now on carry it.", p.Role, p.API, app.ClientID)
	default:
		question := fmt.Sprintf("Remove %s on %s from %q in the realm %q? Tokens fetched from then on lack it, so its services may lose access to the API.", p.Role, p.API, app.ClientID, client.Realm())
		if err := a.confirm(yes, question); err != nil {
			return err
		}
		if err := client.RevokePermission(ctx, app.Ref(), p); err != nil {
			return err
		}
		view.Granted, view.Changed = false, true
		a.message("Removed %s on %s from %q; tokens already issued keep it until they expire.", p.Role, p.API, app.ClientID)
	}

	if format == formatTable {
		return nil
	}
	return writeData(a.stdout, format, view)
}

// withPermissionSuggestions adds "did you mean" to a grant that failed
// because the API or its role does not exist, from the realm's APIs.
func withPermissionSuggestions(ctx context.Context, client *keycloak.Client, p model.Permission, err error) error {
	if !errors.Is(err, keycloak.ErrNotFound) {
		return err
	}
	apis, listErr := client.ListAPIs(ctx)
	if listErr != nil {
		return err
	}
	var names []string
	for _, api := range apis {
		if api.ClientID == p.API {
			names = api.Roles
			break
		}
		names = append(names, api.ClientID)
	}
	word := p.API
	if slices.ContainsFunc(apis, func(api model.API) bool { return api.ClientID == p.API }) {
		word = p.Role
	}
	close := suggest.Closest(word, names)
	if len(close) == 0 {
		return fmt.Errorf("%w\nThe choices are: %s", err, strings.Join(names, ", "))
	}
	return suggestionError{err: err, suggestions: close}
}

// completePermissionArgs completes the API and the role of grant and
// revoke, from Keycloak, where the secret needs no prompt. For revoke it
// offers only what the application holds.
func (a *app) completePermissionArgs(held bool) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		none := cobra.ShellCompDirectiveNoFileComp
		if len(args) == 0 {
			return a.completeClientIDs(cmd, args, toComplete)
		}
		if len(args) > 2 {
			return nil, none
		}
		client, ctx, cancel := a.completionClient(cmd)
		if client == nil {
			return nil, none
		}
		defer cancel()

		var choices []string
		if held {
			perms, err := client.Permissions(ctx, model.AppRef{ClientID: args[0]})
			if err != nil {
				return nil, none
			}
			for _, p := range perms {
				switch {
				case len(args) == 1:
					choices = append(choices, p.API)
				case p.API == args[1]:
					choices = append(choices, p.Role)
				}
			}
		} else {
			apis, err := client.ListAPIs(ctx)
			if err != nil {
				return nil, none
			}
			for _, api := range apis {
				switch {
				case len(args) == 1:
					choices = append(choices, api.ClientID)
				case api.ClientID == args[1]:
					choices = append(choices, api.Roles...)
				}
			}
		}
		choices = slices.Compact(slices.Sorted(slices.Values(choices)))
		return slices.DeleteFunc(choices, func(c string) bool {
			return !strings.HasPrefix(c, toComplete) || model.HasTerminalControl(c)
		}), none
	}
}
