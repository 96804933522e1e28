package main

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/model"
)

func newAppsCreateCommand(a *app) *cobra.Command {
	var typeName string
	n := model.NewApplication{}
	cmd := markMutating(&cobra.Command{
		Use:   "create [CLIENT_ID]",
		Short: "Create an application and print its secret",
		Long: "Create an application. Without CLIENT_ID, the client id is derived from --name.\n" +
			"The output carries the new secret, once: -o env prints a .env block for Camunda clients.",
		Example: "  idtui apps create billing --type m2m\n" +
			"  idtui apps create --name \"Billing UI\" --type confidential --redirect-uri https://billing.example.com/*\n" +
			"  (umask 077; idtui apps create ci-runner -o env > ci-runner.env)",
		Args: cobra.MaximumNArgs(1),
	})
	out := addOutputFlag(cmd, formatEnv)
	cmd.Flags().StringVarP(&typeName, "type", "t", "m2m", "application type: m2m, confidential or public")
	cmd.Flags().StringVar(&n.Name, "name", "", "display name")
	cmd.Flags().StringVar(&n.Description, "description", "", "description")
	cmd.Flags().StringArrayVar(&n.RedirectURIs, "redirect-uri", nil, "redirect URI of the login page, for confidential and public types; repeat for several")
	_ = cmd.RegisterFlagCompletionFunc("type", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"m2m", "confidential", "public"}, cobra.ShellCompDirectiveNoFileComp
	})

	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if err := out.check(); err != nil {
			return err
		}
		typ, err := model.ParseAppType(typeName)
		if err != nil {
			return usageError{fmt.Errorf("--type: %w", err)}
		}
		n.Type = typ
		if cmd.Flags().Changed("name") && strings.TrimSpace(n.Name) == "" {
			return usageError{fmt.Errorf("--name %q is blank; give a name with letters or digits, or leave --name out", n.Name)}
		}
		switch {
		case len(args) == 1:
			n.ClientID = args[0]
		case n.Name != "":
			n.ClientID = model.ProposeClientID(n.Name)
			if n.ClientID == "" {
				return usageError{fmt.Errorf("--name %q has no ASCII letter or digit to derive a client id from; give the client id as an argument, such as: idtui apps create billing --name %q", n.Name, n.Name)}
			}
		default:
			return usageError{errors.New("give the client id as an argument, or a --name to derive it from")}
		}
		if err := n.Validate(); err != nil {
			return usageError{withFlagNames(err, len(args) == 1)}
		}

		client, _, err := a.connect(cmd)
		if err != nil {
			return err
		}
		app, secret, err := client.CreateApplication(cmd.Context(), n)
		if errors.Is(err, keycloak.ErrInvalid) {
			return usageError{err}
		}
		if err != nil {
			return err
		}
		a.message("Created the %s application %q.", app.Type, app.ClientID)
		if app.Type == model.TypeM2M {
			a.message("It holds no API permission yet, so its tokens carry no audience and Camunda's APIs reject them with HTTP 401. Grant one, such as: idtui apps grant %s zeebe-api write:*", app.ClientID)
		}
		return a.writeSecretOutput(out.format, app, secret, client.TokenURL(), true)
	}
	return cmd
}

// withFlagNames puts the flag or argument that set each invalid field in
// front of its message, such as "--redirect-uri: redirect URI is missing".
// The client id comes from the argument, or from --name when derived.
func withFlagNames(err error, clientIDArg bool) error {
	fieldErrors := model.FieldErrors(err)
	if len(fieldErrors) == 0 {
		return err
	}
	var lines []string
	for _, fe := range fieldErrors {
		source := map[string]string{"name": "--name", "description": "--description", "redirect URI": "--redirect-uri", "type": "--type", "client id": "CLIENT_ID"}[fe.Field]
		if fe.Field == "client id" && !clientIDArg {
			source = "the client id derived from --name"
		}
		if source == "" {
			lines = append(lines, fe.Error())
			continue
		}
		lines = append(lines, source+": "+fe.Error())
	}
	return errors.New(strings.Join(lines, "\n"))
}

// writeSecretOutput prints an application with its secret, as create and
// rotate do. full adds every field of the application to JSON and YAML.
func (a *app) writeSecretOutput(format string, app model.Application, secret model.Secret, tokenURL string, full bool) error {
	if secret != "" {
		a.warnReadableSecretFile(app.ClientID)
	}
	switch format {
	case formatEnv:
		if secret == "" {
			return usageError{fmt.Errorf("-o env needs a secret, and the %s application %q has none", app.Type, app.ClientID)}
		}
		block := model.EnvBlock{ClientID: app.ClientID, Secret: secret, TokenURL: tokenURL}
		_, err := fmt.Fprint(a.stdout, block.Text().Reveal())
		return err
	case formatJSON, formatYAML:
		if !full {
			return writeData(a.stdout, format, rotatedView{ClientID: app.ClientID, Secret: secret.Reveal(), TokenURL: tokenURL})
		}
		view := createdView{applicationView: newApplicationView(app), TokenURL: tokenURL}
		if secret != "" {
			revealed := secret.Reveal()
			view.Secret = &revealed
		}
		return writeData(a.stdout, format, view)
	}

	fields := [][2]string{{"Client ID", app.ClientID}}
	if full {
		fields = append(fields, [2]string{"Type", app.Type.String()}, [2]string{"ID", app.ID})
	}
	if secret != "" {
		fields = append(fields, [2]string{"Secret", secret.Reveal()})
	}
	fields = append(fields, [2]string{"Token URL", tokenURL})
	return writeFields(a.stdout, fields)
}

// warnReadableSecretFile warns when stdout is a file that group or others
// can read, as the shell creates for "-o env > file" with the usual umask
// of 022, because the secret of clientID is about to go into it. It leaves
// the file's mode as it is: the operator made the file.
func (a *app) warnReadableSecretFile(clientID string) {
	stdout := fileOf(a.stdout)
	if stdout == nil {
		return
	}
	info, err := stdout.Stat()
	if err != nil || !info.Mode().IsRegular() || info.Mode().Perm()&0o044 == 0 {
		return
	}
	name := "the file on stdout"
	// Linux names the file behind each descriptor in /proc.
	if path, err := os.Readlink("/proc/self/fd/" + strconv.Itoa(int(stdout.Fd()))); err == nil {
		name = path
	}
	a.opts.warn(fmt.Sprintf("%s can be read by group or others (mode %04o), and it receives the secret of %q; run chmod 600 %s, and create such files with umask 077, as in: (umask 077; idtui apps rotate %s --yes -o env > FILE)",
		name, info.Mode().Perm(), clientID, name, clientID))
}
