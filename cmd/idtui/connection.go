package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/idtui/idtui/cmd/idtui/internal/config"
	"github.com/idtui/idtui/keycloak"
)

// connectionOptions are the global flags that select the Keycloak to work on
// and how to log in, with the environment and the config file behind them.
// Secrets have no flag, because command lines end up in shell history and
// in ps: they come from the environment, a file, the OS keyring or a prompt.
type connectionOptions struct {
	flags  *pflag.FlagSet
	getenv func(string) string
	stderr io.Writer

	configPath       string
	context          string
	url              string
	realm            string
	adminRealm       string
	username         string
	clientID         string
	passwordFile     string
	clientSecretFile string
	caFile           string
	method           string
	readOnly         bool
	insecure         bool
	noBrowser        bool

	// file caches the config file once read, and fileWarnings its warnings.
	file         *config.File
	fileWarnings []string
}

func newConnectionOptions(stderr io.Writer) *connectionOptions {
	return &connectionOptions{getenv: os.Getenv, stderr: stderr}
}

func (o *connectionOptions) addFlags(cmd *cobra.Command) {
	f := cmd.PersistentFlags()
	o.flags = f
	f.StringVar(&o.configPath, flagConfig, "", "config file (env "+envConfig+"; default $XDG_CONFIG_HOME/idtui/config.yaml)")
	f.StringVar(&o.context, flagContext, "", "context of the config file to use (env "+envContext+"; default its current-context)")
	f.StringVar(&o.url, flagURL, "", "Keycloak base URL, with /auth where Keycloak serves under it (env "+envURL+"; default "+keycloak.DefaultURL+")")
	f.StringVar(&o.realm, flagRealm, "", "realm of the applications (env "+envRealm+"; default "+keycloak.DefaultRealm+")")
	f.StringVar(&o.adminRealm, flagAdminRealm, "", "realm the admin logs in to (env "+envAdminRealm+"; default "+keycloak.DefaultAdminRealm+")")
	f.StringVar(&o.username, flagUsername, "", "admin username; the password comes from "+envPassword+", --password-file, the keyring or a prompt (env "+envUsername+"; default "+DefaultUsername+")")
	f.StringVar(&o.clientID, flagClientID, "", "log in as this client's service account instead of a user; the secret comes from "+envClientSecret+", --client-secret-file, the keyring or a prompt. With --method browser or device: the public client to sign in through, default "+keycloak.DefaultSignInClientID+" (env "+envClientID+")")
	f.StringVar(&o.method, flagMethod, "", "how the admin logs in: password, client-secret, or browser and device to sign in on Keycloak's login page (env "+envMethod+"; default password, or client-secret with --client-id)")
	f.BoolVar(&o.noBrowser, flagNoBrowser, false, "print the sign-in URL instead of opening a browser; over SSH idtui never opens one (env "+envNoBrowser+")")
	f.StringVar(&o.passwordFile, flagPasswordFile, "", "file that holds the admin password (env "+envPasswordFile+")")
	f.StringVar(&o.clientSecretFile, flagClientSecretFile, "", "file that holds the secret of --client-id (env "+envClientSecretFile+")")
	f.StringVar(&o.caFile, flagCAFile, "", "PEM file of CA certificates to trust besides the system's, for a private CA (env "+envCAFile+")")
	f.BoolVar(&o.readOnly, flagReadOnly, false, "refuse every action that changes Keycloak (env "+envReadOnly+")")
	f.BoolVar(&o.insecure, flagInsecure, false, "do not verify Keycloak's TLS certificate; for tests only (env "+envInsecure+")")
}

// changedFlags returns the global flags the user set, by name. It checks
// each flag's Changed field, because cobra parses a subcommand's flags in
// the subcommand's own flag set, which Visit on the root's set misses.
func (o *connectionOptions) changedFlags() map[string]string {
	set := map[string]string{}
	o.flags.VisitAll(func(f *pflag.Flag) {
		if f.Changed {
			set[f.Name] = f.Value.String()
		}
	})
	return set
}

// loadConfig reads the config file once, from --config, IDTUI_CONFIG or the
// default path, and warns when others can read or write it.
func (o *connectionOptions) loadConfig() (*config.File, error) {
	if o.file != nil {
		return o.file, nil
	}
	path, err := o.configFilePath()
	if err != nil {
		return nil, err
	}
	file, err := config.Load(path)
	if err != nil {
		return nil, err
	}
	if o.configPath != "" || o.getenv(envConfig) != "" {
		if file.Path == "" {
			origin := "--" + flagConfig
			if o.configPath == "" {
				origin = envConfig
			}
			return nil, usageError{fmt.Errorf("the config file %s (%s) does not exist. Create it with one context or more, such as:\n\n"+
				"  current-context: dev\n  contexts:\n    - name: dev\n      url: %s\n\n"+
				"and chmod 600 it; the README's Configuration section lists every key. Or leave out %s to use the default path", path, origin, keycloak.DefaultURL, origin)}
		}
	}
	if file.Path != "" {
		if w := privateFileWarning("the config file", file.Path); w != "" {
			o.fileWarnings = append(o.fileWarnings, w)
		}
	}
	o.file = file
	return file, nil
}

func (o *connectionOptions) configFilePath() (string, error) {
	if o.configPath != "" {
		return o.configPath, nil
	}
	if v := o.getenv(envConfig); v != "" {
		return v, nil
	}
	path, err := config.DefaultPath()
	if err != nil {
		return "", fmt.Errorf("find the config file: %w", err)
	}
	return path, nil
}

// settings resolves the settings of this run. The console reads Context,
// ReadOnly and Accent from them.
func (o *connectionOptions) settings() (Settings, error) {
	return o.settingsFor("")
}

// settingsFor resolves the settings as if --context named contextName;
// an empty contextName keeps the context chosen by flag, environment or file.
func (o *connectionOptions) settingsFor(contextName string) (Settings, error) {
	if err := o.checkEmptyFlags(); err != nil {
		return Settings{}, err
	}
	file, err := o.loadConfig()
	if err != nil {
		return Settings{}, err
	}
	s, err := resolve(layers{flags: o.changedFlags(), getenv: o.getenv, file: file, context: contextName})
	s.Warnings = append(append([]string(nil), o.fileWarnings...), s.Warnings...)
	return s, err
}

// nonEmptyFlags are the global flags that an empty value would turn into
// their fallback without a word, with that fallback. --context "" and
// --ca-file "" stay allowed: they mean no context and no CA file, over the
// environment and the config file.
var nonEmptyFlags = map[string]string{
	flagConfig:           envConfig + " or the default path",
	flagURL:              envURL + ", the context or the default " + keycloak.DefaultURL,
	flagRealm:            envRealm + ", the context or the default " + keycloak.DefaultRealm,
	flagAdminRealm:       envAdminRealm + ", the context or the default " + keycloak.DefaultAdminRealm,
	flagUsername:         envUsername + ", the context or the default " + DefaultUsername,
	flagClientID:         envClientID + " or the context",
	flagMethod:           envMethod + ", the context or the default",
	flagPasswordFile:     envPasswordFile + ", the context or the prompt",
	flagClientSecretFile: envClientSecretFile + ", the context or the prompt",
}

// checkEmptyFlags returns a usage error for a flag given an empty value,
// such as --realm "" from an unset shell variable: it would quietly fall
// back to the default. An environment variable set to "" counts as unset.
func (o *connectionOptions) checkEmptyFlags() error {
	for name, value := range o.changedFlags() {
		fallback, ok := nonEmptyFlags[name]
		if ok && strings.TrimSpace(value) == "" {
			return usageError{fmt.Errorf("--%s is empty; give it a value, or leave it out to take the value from %s", name, fallback)}
		}
	}
	return nil
}

// contextNames returns the names of the config file's contexts in file
// order, for the console's context switcher.
func (o *connectionOptions) contextNames() ([]string, error) {
	file, err := o.loadConfig()
	if err != nil {
		return nil, err
	}
	return file.Names(), nil
}

// newClient resolves the settings, prints their warnings on stderr, reads
// the admin credentials (asking on the terminal if needed) and returns a
// Keycloak client that logs to logger. It does not contact Keycloak yet.
func (o *connectionOptions) newClient(logger *slog.Logger) (*keycloak.Client, error) {
	s, err := o.settings()
	if err != nil {
		return nil, err
	}
	o.printWarnings(s.Warnings)
	client, warnings, err := o.clientFor(s, logger, o.terminalAsker(s))
	o.printWarnings(warnings)
	return client, err
}

// newClientForContext returns a client for the named context, resolved with
// the same flags and environment as this run, as the console needs when the
// operator switches context. An empty name keeps the current context. It
// prints nothing: the returned settings carry the warnings to show. prompt
// reads a secret that no other source supplies. A nil prompt means that no
// one can be asked. A browser or device sign-in gets no prompt here, so
// that it returns keycloak.ErrSignInRequired unless the keyring holds a
// refresh token that works.
func (o *connectionOptions) newClientForContext(name string, logger *slog.Logger, prompt promptFunc) (*keycloak.Client, Settings, error) {
	s, err := o.settingsFor(name)
	if err != nil {
		return nil, s, err
	}
	client, warnings, err := o.clientFor(s, logger, asker{secret: prompt})
	s.Warnings = append(s.Warnings, warnings...)
	return client, s, err
}

// clientFor reads the credentials of s and builds its client. It returns
// the warnings that reading the secret raised.
func (o *connectionOptions) clientFor(s Settings, logger *slog.Logger, ask asker) (*keycloak.Client, []string, error) {
	// The CA file comes first, so that a missing one fails before anyone
	// types a secret for nothing.
	httpClient, err := newHTTPClient(s)
	if err != nil {
		return nil, nil, err
	}
	var warnings []string
	reader := secretReader{getenv: o.getenv, prompt: ask.secret, signIn: ask.signIn, signedIn: ask.signedIn, warn: func(w string) { warnings = append(warnings, w) }}
	creds, err := reader.credentials(s)
	if err != nil {
		return nil, warnings, err
	}

	logger.Info("connection settings", "context", s.Context, "url", s.URL.Value, "realm", s.Realm.Value,
		"admin", s.Identity(), "method", s.Method.Value, "secret_source", s.Secret.Kind, "readonly", s.ReadOnly.Value)
	client, err := keycloak.New(keycloak.Config{
		URL:         s.URL.Value,
		Realm:       s.Realm.Value,
		AdminRealm:  s.AdminRealm.Value,
		Credentials: creds,
		HTTPClient:  httpClient,
		CAFile:      s.CAFile.Value,
		Context:     s.Context,
		Logger:      logger,
	})
	return client, warnings, err
}

func (o *connectionOptions) printWarnings(warnings []string) {
	for _, w := range warnings {
		o.warn(w)
	}
}

func (o *connectionOptions) warn(msg string) {
	fmt.Fprintln(o.stderr, "idtui: warning: "+msg)
}
