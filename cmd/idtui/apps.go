package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/idtui/idtui/cmd/idtui/internal/suggest"
	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/model"
)

func newAppsCommand(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "apps",
		Aliases: []string{"applications", "app"},
		Short:   "List, inspect, create, rotate, enable, disable and delete applications, and grant permissions",
		Long: "An application is a client of the realm, as Camunda's Identity shows it. The commands print\n" +
			"data on stdout and messages on stderr, and take -o json or -o yaml for scripts.",
		Args: cobra.ArbitraryArgs,
		RunE: runGroup,
	}
	cmd.AddCommand(
		newAppsListCommand(a),
		newAppsGetCommand(a),
		newAppsCreateCommand(a),
		newAppsRotateCommand(a),
		newAppsSetEnabledCommand(a, true),
		newAppsSetEnabledCommand(a, false),
		newAppsDeleteCommand(a),
		newAppsGrantCommand(a),
		newAppsRevokeCommand(a),
	)
	return cmd
}

// connect resolves the settings, prints their warnings, rejects a mutating
// command in read-only mode before asking for any secret, and returns a
// client for Keycloak.
func (a *app) connect(cmd *cobra.Command) (*keycloak.Client, Settings, error) {
	s, err := a.opts.settings()
	if err != nil {
		return nil, s, err
	}
	a.opts.printWarnings(s.Warnings)
	if err := requireWritable(cmd, s); err != nil {
		return nil, s, err
	}
	client, warnings, err := a.opts.clientFor(s, a.logger(), a.opts.terminalAsker(s))
	a.opts.printWarnings(warnings)
	if err != nil {
		return nil, s, err
	}
	return client, s, signInFirst(cmd.Context(), client)
}

// findApplication connects and looks the application up by client id,
// with "did you mean" when no client has that client id.
func (a *app) findApplication(cmd *cobra.Command, clientID string) (*keycloak.Client, model.Application, error) {
	return a.findApplicationFor(cmd, "", clientID)
}

// findApplicationFor is findApplication for a command that changes the
// application: a failed lookup names the command's op, such as "rotate the
// secret of", instead of "get application".
func (a *app) findApplicationFor(cmd *cobra.Command, op, clientID string) (*keycloak.Client, model.Application, error) {
	client, _, err := a.connect(cmd)
	if err != nil {
		return nil, model.Application{}, err
	}
	app, err := client.GetApplication(cmd.Context(), model.AppRef{ClientID: clientID})
	if err != nil {
		var e *keycloak.Error
		if op != "" && errors.As(err, &e) {
			e.Op = op
		}
		return nil, model.Application{}, withSuggestions(cmd.Context(), client, clientID, err)
	}
	return client, app, nil
}

// message writes a line for the operator on stderr, which scripts that read
// stdout never see.
func (a *app) message(format string, args ...any) {
	fmt.Fprintf(a.stderr, format+"\n", args...)
}

func newAppsListCommand(a *app) *cobra.Command {
	var all bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the applications of the realm",
		Long: "List the applications of the realm, sorted by client id. Keycloak's built-in clients and\n" +
			"the API clients (resource servers such as zeebe-api) are left out unless --all is given.",
		Args: cobra.NoArgs,
	}
	out := addOutputFlag(cmd)
	cmd.Flags().BoolVar(&all, "all", false, "include Keycloak's built-in clients and the API clients")

	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		if err := out.check(); err != nil {
			return err
		}
		client, _, err := a.connect(cmd)
		if err != nil {
			return err
		}
		apps, err := client.AllApplications(cmd.Context())
		if err != nil {
			return err
		}

		apps = slices.DeleteFunc(apps, func(app model.Application) bool {
			return !all && (app.Type == model.TypeAPI || app.Type == model.TypeBuiltIn)
		})
		slices.SortFunc(apps, func(x, y model.Application) int { return cmp.Compare(x.ClientID, y.ClientID) })

		if out.format != formatTable {
			views := make([]applicationView, 0, len(apps))
			for _, app := range apps {
				views = append(views, newApplicationView(app))
			}
			return writeData(a.stdout, out.format, views)
		}
		t := newTable("CLIENT ID", "NAME", "TYPE", "ENABLED", "SECRET AGE")
		t.shrinkable[1] = true
		now := time.Now()
		for _, app := range apps {
			t.add(app.ClientID, app.Name, app.Type.String(), yesNo(app.Enabled), secretAge(app, now))
		}
		return t.write(a.stdout, terminalWidth(a.stdout, a.opts.getenv))
	}
	return cmd
}

func newAppsGetCommand(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:               "get CLIENT_ID",
		Short:             "Show one application, with its service account and API permissions; never its secret",
		Args:              exactArgs(1, "CLIENT_ID"),
		ValidArgsFunction: a.completeClientIDs,
	}
	out := addOutputFlag(cmd)

	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if err := out.check(); err != nil {
			return err
		}
		client, app, err := a.findApplication(cmd, args[0])
		if err != nil {
			return err
		}
		ctx := cmd.Context()
		saUser, perms, err := client.ServiceAccount(ctx, app.Ref())
		permsErr := ""
		switch {
		case errors.Is(err, keycloak.ErrForbidden) && saUser != "":
			// The application and its service account are readable with
			// view-clients, so they are shown, and the permissions are
			// marked as unknown.
			permsErr = fmt.Sprintf("not shown, because reading them needs the realm-management role %s, which %s lacks", keycloak.RoleViewUsers, client.Identity())
			a.opts.warn(fmt.Sprintf("the permissions of %q are %s", app.ClientID, permsErr))
		case err != nil:
			return err
		}

		view := applicationDetailsView{applicationView: newApplicationView(app), ServiceAccountUser: saUser, Permissions: []permissionView{}, PermissionsError: permsErr}
		for _, p := range perms {
			view.Permissions = append(view.Permissions, permissionView{API: p.API, Role: p.Role})
		}
		if out.format != formatTable {
			return writeData(a.stdout, out.format, view)
		}
		return writeFields(a.stdout, detailFields(app, saUser, perms, permsErr))
	}
	return cmd
}

// detailFields returns the fields of apps get. permsErr replaces the
// permissions when they could not be read.
func detailFields(app model.Application, saUser string, perms []model.Permission, permsErr string) [][2]string {
	var permNames []string
	for _, p := range perms {
		permNames = append(permNames, p.String())
	}
	var flows []string
	for _, f := range []struct {
		on   bool
		name string
	}{
		{app.Flows.Standard, "standard (authorization code)"},
		{app.Flows.Implicit, "implicit"},
		{app.Flows.DirectAccess, "direct access (password)"},
		{app.Flows.ServiceAccount, "service account (client credentials)"},
		{app.Flows.Device, "device authorization"},
	} {
		if f.on {
			flows = append(flows, f.name)
		}
	}

	created := "unknown"
	if !app.SecretCreatedAt.IsZero() {
		created = app.SecretCreatedAt.UTC().Format(time.RFC3339) + " (" + secretAge(app, time.Now()) + " ago)"
	}
	if !app.HasSecret() {
		created = "no secret"
	}
	return [][2]string{
		{"Client ID", app.ClientID},
		{"ID", app.ID},
		{"Name", app.Name},
		{"Description", app.Description},
		{"Type", app.Type.String()},
		{"Enabled", yesNo(app.Enabled)},
		{"Secret created", created},
		{"Root URL", app.RootURL},
		{"Redirect URIs", strings.Join(app.RedirectURIs, " ")},
		{"Web origins", strings.Join(app.WebOrigins, " ")},
		{"Flows", strings.Join(flows, ", ")},
		{"Service account", saUser},
		{"Permissions", cmp.Or(permsErr, strings.Join(permNames, ", "))},
	}
}

// withSuggestions adds "did you mean" to a not-found error of clientID when
// the realm has a client with a close client id. It keeps the error's kind,
// so the exit code stays 3.
func withSuggestions(ctx context.Context, client *keycloak.Client, clientID string, err error) error {
	var e *keycloak.Error
	if !errors.As(err, &e) || e.Kind != keycloak.ErrNotFound || e.ClientID != clientID {
		return err
	}
	apps, listErr := client.AllApplications(ctx)
	if listErr != nil {
		return err
	}
	ids := make([]string, 0, len(apps))
	for _, app := range apps {
		ids = append(ids, app.ClientID)
	}
	close := suggest.Closest(clientID, ids)
	if len(close) == 0 {
		return err
	}
	return suggestionError{err: err, suggestions: close}
}

type suggestionError struct {
	err         error
	suggestions []string
}

func (e suggestionError) Error() string {
	return fmt.Sprintf("%v\nDid you mean %s?", e.err, strings.Join(quoteAll(e.suggestions), " or "))
}

func (e suggestionError) Unwrap() error { return e.err }

func quoteAll(words []string) []string {
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = fmt.Sprintf("%q", w)
	}
	return quoted
}

// exactArgs is cobra.ExactArgs with a message that names the argument.
func exactArgs(n int, names string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) == n {
			return nil
		}
		return usageError{fmt.Errorf("%s takes %s, got %d arguments; usage: %s", cmd.CommandPath(), names, len(args), cmd.UseLine())}
	}
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// secretAge formats how old the application's secret is, such as "12d" or
// "3h", "unknown" where Keycloak did not record it, or "-" for a client
// without a secret, as the console does.
func secretAge(app model.Application, now time.Time) string {
	if !app.HasSecret() {
		return "-"
	}
	age, ok := app.SecretAge(now)
	if !ok {
		return "unknown"
	}
	switch {
	case age >= 24*time.Hour:
		return fmt.Sprintf("%dd", int(age.Hours()/24))
	case age >= time.Hour:
		return fmt.Sprintf("%dh", int(age.Hours()))
	case age >= time.Minute:
		return fmt.Sprintf("%dm", int(age.Minutes()))
	}
	return "<1m"
}
