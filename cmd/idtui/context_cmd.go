package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/idtui/idtui/cmd/idtui/internal/config"
	"github.com/idtui/idtui/model"
)

func newContextCommand(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "context",
		Aliases: []string{"contexts", "ctx"},
		Short:   "List, show and switch the contexts of the config file",
		Long: "A context names one Keycloak and how to log in to it, such as dev or prod. The config file\n" +
			"is $XDG_CONFIG_HOME/idtui/config.yaml (else ~/.config/idtui/config.yaml); the README shows its format.",
		Args: cobra.ArbitraryArgs,
		RunE: runGroup,
	}
	cmd.AddCommand(
		newContextListCommand(a),
		newContextShowCommand(a),
		newContextUseCommand(a),
		newContextSetSecretCommand(a),
	)
	return cmd
}

// contextView is one context as context list and context show print it.
// It names where the secret comes from, never the secret.
type contextView struct {
	Name                  string            `json:"name"`
	Current               bool              `json:"current"`
	ConfigFile            string            `json:"configFile"`
	URL                   string            `json:"url"`
	Realm                 string            `json:"realm"`
	AdminRealm            string            `json:"adminRealm"`
	Auth                  authView          `json:"auth"`
	ReadOnly              bool              `json:"readonly"`
	Accent                string            `json:"accent"`
	CAFile                string            `json:"caFile"`
	InsecureSkipTLSVerify bool              `json:"insecureSkipTlsVerify"`
	Origins               map[string]string `json:"origins,omitempty"`
}

type authView struct {
	Method     string `json:"method"`
	Username   string `json:"username,omitempty"`
	ClientID   string `json:"clientId,omitempty"`
	Secret     string `json:"secret"`
	SecretEnv  string `json:"secretEnv,omitempty"`
	SecretFile string `json:"secretFile,omitempty"`
}

func newContextView(s Settings, current bool, withOrigins bool) contextView {
	v := contextView{
		Name:       s.Context,
		Current:    current,
		ConfigFile: s.ConfigPath,
		URL:        s.URL.Value,
		Realm:      s.Realm.Value,
		AdminRealm: s.AdminRealm.Value,
		Auth: authView{
			Method:     s.Method.Value,
			Username:   s.Username.Value,
			ClientID:   s.ClientID.Value,
			Secret:     s.Secret.Kind,
			SecretEnv:  s.Secret.Env,
			SecretFile: s.Secret.File,
		},
		ReadOnly:              s.ReadOnly.Value,
		Accent:                s.Accent.Value,
		CAFile:                s.CAFile.Value,
		InsecureSkipTLSVerify: s.InsecureSkipTLSVerify.Value,
	}
	if withOrigins {
		v.Origins = map[string]string{
			"url": s.URL.Origin, "realm": s.Realm.Origin, "adminRealm": s.AdminRealm.Origin,
			"auth.method": s.Method.Origin, "auth.secret": s.Secret.Origin,
			"readonly": s.ReadOnly.Origin, "accent": s.Accent.Origin, "caFile": s.CAFile.Origin,
			"insecureSkipTlsVerify": s.InsecureSkipTLSVerify.Origin,
		}
		if s.Method.Value == config.MethodClientSecret || config.SignsIn(s.Method.Value) {
			v.Origins["auth.clientId"] = s.ClientID.Origin
		}
		if s.Method.Value != config.MethodClientSecret {
			v.Origins["auth.username"] = s.Username.Origin
		}
	}
	return v
}

func newContextListCommand(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the contexts of the config file, as the file defines them",
		Args:  cobra.NoArgs,
	}
	out := addOutputFlag(cmd)

	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		if err := out.check(); err != nil {
			return err
		}
		file, err := a.opts.loadConfig()
		if err != nil {
			return err
		}
		a.opts.printWarnings(a.opts.fileWarnings)
		current, err := a.opts.settings()
		if err != nil {
			return err
		}
		if file.Path == "" {
			a.message("No config file at %s, so there are no contexts; the README shows how to write one.", mustConfigPath(a))
		}

		views := []contextView{}
		for _, name := range file.Names() {
			// Only the file and the defaults: flags and environment do not
			// change what a context defines.
			s, err := resolve(layers{getenv: func(string) string { return "" }, file: file, context: name})
			if err != nil {
				return err
			}
			views = append(views, newContextView(s, name == current.Context, false))
		}
		if out.format != formatTable {
			return writeData(a.stdout, out.format, views)
		}

		t := newTable("CURRENT", "NAME", "URL", "REALM", "ADMIN", "READONLY")
		for _, v := range views {
			mark := ""
			if v.Current {
				mark = "*"
			}
			admin := v.Auth.Username
			switch {
			case v.Auth.Method == config.MethodClientSecret:
				admin = v.Auth.ClientID + " (service account)"
			case config.SignsIn(v.Auth.Method):
				admin = orNone(v.Auth.Username) + " (" + v.Auth.Method + " sign-in)"
			}
			t.add(mark, v.Name, v.URL, v.Realm, admin+"@"+v.AdminRealm, yesNo(v.ReadOnly))
		}
		return t.write(a.stdout, terminalWidth(a.stdout, a.opts.getenv))
	}
	return cmd
}

func mustConfigPath(a *app) string {
	path, err := a.opts.configFilePath()
	if err != nil {
		return "~/.config/idtui/config.yaml"
	}
	return path
}

func newContextShowCommand(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "show [NAME]",
		Short: "Show the settings in force, with where each comes from; never a secret",
		Long: "Show the settings that a command would use: those of the current context, or of NAME,\n" +
			"after flags and environment variables. Each value names its origin: a flag, a variable,\n" +
			"the context or the default. Secrets are never shown, only where they come from.",
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: a.completeContextNames,
	}
	out := addOutputFlag(cmd)

	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if err := out.check(); err != nil {
			return err
		}
		name := ""
		if len(args) == 1 {
			name = args[0]
		}
		s, err := a.opts.settingsFor(name)
		if err != nil {
			return err
		}
		a.opts.printWarnings(s.Warnings)
		view := newContextView(s, true, true)
		if out.format != formatTable {
			return writeData(a.stdout, out.format, view)
		}
		return writeFields(a.stdout, contextFields(s))
	}
	return cmd
}

func contextFields(s Settings) [][2]string {
	with := func(value, origin string) string {
		if value == "" {
			value = "(none)"
		}
		return value + "   [" + origin + "]"
	}
	name := s.Context
	if name == "" {
		name = "(none: flags, environment and defaults only)"
	}
	fields := [][2]string{
		{"Context", name},
		{"Config file", orNone(s.ConfigPath)},
		{"URL", with(s.URL.Value, s.URL.Origin)},
		{"Realm", with(s.Realm.Value, s.Realm.Origin)},
		{"Admin realm", with(s.AdminRealm.Value, s.AdminRealm.Origin)},
		{"Login method", with(s.Method.Value, s.Method.Origin)},
	}
	switch {
	case s.Method.Value == config.MethodClientSecret:
		fields = append(fields, [2]string{"Client id", with(s.ClientID.Value, s.ClientID.Origin)})
	case config.SignsIn(s.Method.Value):
		fields = append(fields, [2]string{"Sign-in client", with(s.ClientID.Value, s.ClientID.Origin)},
			[2]string{"Username hint", with(s.Username.Value, s.Username.Origin)})
	default:
		fields = append(fields, [2]string{"Username", with(s.Username.Value, s.Username.Origin)})
	}
	return append(fields,
		[2]string{"Secret from", with(s.Secret.String(), s.Secret.Origin)},
		[2]string{"Read-only", with(yesNo(s.ReadOnly.Value), s.ReadOnly.Origin)},
		[2]string{"Accent", with(s.Accent.Value, s.Accent.Origin)},
		[2]string{"CA file", with(s.CAFile.Value, s.CAFile.Origin)},
		[2]string{"Skip TLS verify", with(yesNo(s.InsecureSkipTLSVerify.Value), s.InsecureSkipTLSVerify.Origin)},
	)
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func newContextUseCommand(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:               "use NAME",
		Short:             "Make NAME the current context of the config file",
		Args:              exactArgs(1, "NAME"),
		ValidArgsFunction: a.completeContextNames,
	}
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		file, err := a.opts.loadConfig()
		if err != nil {
			return err
		}
		a.opts.printWarnings(a.opts.fileWarnings)
		name := args[0]
		if file.Path == "" {
			return usageError{fmt.Errorf("there is no config file at %s to switch context in; the README shows how to write one", mustConfigPath(a))}
		}
		if _, ok := file.Context(name); !ok {
			return usageError{fmt.Errorf("%s defines no context %q%s", file.Path, name, otherContexts(file, name))}
		}
		if err := config.SetCurrent(file.Path, name); err != nil {
			return err
		}
		a.message("Switched to the context %q.", name)
		return nil
	}
	return cmd
}

func newContextSetSecretCommand(a *app) *cobra.Command {
	var remove bool
	cmd := &cobra.Command{
		Use:   "set-secret [NAME]",
		Short: "Store the admin's password or client secret of a context in the OS keyring",
		Long: "Store the secret that the context's admin logs in with in the OS keyring, for contexts\n" +
			"with \"secret: keyring\". The secret is read from a prompt that does not echo, or from stdin\n" +
			"when stdin is not a terminal; never from an argument.",
		Example: "  idtui context set-secret prod\n" +
			"  pass show keycloak/prod | idtui context set-secret prod",
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: a.completeContextNames,
	}
	cmd.Flags().BoolVar(&remove, "delete", false, "remove the stored secret instead")

	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		name := ""
		if len(args) == 1 {
			name = args[0]
		}
		s, err := a.opts.settingsFor(name)
		if err != nil {
			return err
		}
		account := keyringAccount(s)

		if remove {
			err := keyringDelete(account)
			if errors.Is(err, errNoKeyringEntry) {
				a.message("The OS keyring holds no secret for %s; nothing to delete.", account)
				return nil
			}
			if err == nil {
				a.message("Deleted the secret of %s from the OS keyring.", account)
			}
			return err
		}

		if config.SignsIn(s.Method.Value) {
			// --delete stays allowed, to remove a password stored before.
			return usageError{fmt.Errorf("the context %s signs in on Keycloak's login page (method %s, %s) and keeps only a refresh token, so idtui never reads a stored password for it; "+
				"run idtui login to sign in, or set another method under auth to log in with a password or client secret", s.Context, s.Method.Value, s.Method.Origin)}
		}
		secret, err := a.readSecretToStore(s)
		if err != nil {
			return err
		}
		if err := keyringSet(account, secret); err != nil {
			return err
		}
		a.message("Stored the secret of %s in the OS keyring.", account)
		if s.Secret.Kind != config.SecretKeyring {
			a.message("The context takes its secret from %s (%s); set \"secret: keyring\" under auth to use the stored one.", s.Secret, s.Secret.Origin)
		}
		return nil
	}
	return cmd
}

// readSecretToStore reads a secret from a no-echo prompt on a terminal, or
// from stdin when it is a pipe.
func (a *app) readSecretToStore(s Settings) (model.Secret, error) {
	if a.stdinIsTerminal() {
		return readHidden(a.stderr, int(a.stdin.Fd()), fmt.Sprintf("Secret of %s: ", s.Identity()))
	}
	data, err := io.ReadAll(io.LimitReader(a.stdin, 64<<10))
	if err != nil {
		return "", fmt.Errorf("read the secret from stdin: %w", err)
	}
	secret := strings.TrimRight(string(data), "\r\n")
	if secret == "" {
		return "", usageError{errors.New("stdin held no secret; pipe it in, or run on a terminal to be asked")}
	}
	return model.Secret(secret), nil
}
