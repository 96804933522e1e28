package main

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/idtui/idtui/cmd/idtui/internal/config"
	"github.com/idtui/idtui/cmd/idtui/internal/suggest"
	"github.com/idtui/idtui/keycloak"
)

// Environment variables. Each one sits between its flag and the config file.
const (
	envConfig           = "IDTUI_CONFIG"
	envContext          = "IDTUI_CONTEXT"
	envURL              = "IDTUI_URL"
	envRealm            = "IDTUI_REALM"
	envAdminRealm       = "IDTUI_ADMIN_REALM"
	envUsername         = "IDTUI_USERNAME"
	envPassword         = "IDTUI_PASSWORD"
	envPasswordFile     = "IDTUI_PASSWORD_FILE"
	envClientID         = "IDTUI_CLIENT_ID"
	envClientSecret     = "IDTUI_CLIENT_SECRET"
	envClientSecretFile = "IDTUI_CLIENT_SECRET_FILE"
	envReadOnly         = "IDTUI_READONLY"
	envCAFile           = "IDTUI_CA_FILE"
	envInsecure         = "IDTUI_INSECURE_SKIP_TLS_VERIFY"
	envMethod           = "IDTUI_METHOD"
	envNoBrowser        = "IDTUI_NO_BROWSER"
)

// Flag names, shared by the flag definitions and the resolution below.
const (
	flagConfig           = "config"
	flagContext          = "context"
	flagURL              = "url"
	flagRealm            = "realm"
	flagAdminRealm       = "admin-realm"
	flagUsername         = "username"
	flagClientID         = "client-id"
	flagPasswordFile     = "password-file"
	flagClientSecretFile = "client-secret-file"
	flagReadOnly         = "readonly"
	flagCAFile           = "ca-file"
	flagInsecure         = "insecure-skip-tls-verify"
	flagMethod           = "method"
	flagNoBrowser        = "no-browser"
)

// DefaultUsername is the admin that the dev Keycloak and Camunda's charts create.
const DefaultUsername = "admin"

// setting is one resolved value and where it came from, such as
// "flag --url", "env IDTUI_URL", "context prod" or "default".
type setting[T any] struct {
	Value  T
	Origin string
}

// Settings is the resolved configuration of one run: which Keycloak, how
// the admin logs in, and how the console looks. It holds no secret, only
// where the secret comes from.
type Settings struct {
	// Context is the name of the context in use, or "" when none is.
	Context    string
	ConfigPath string

	URL        setting[string]
	Realm      setting[string]
	AdminRealm setting[string]

	Method setting[string] // one of config.Methods
	// Username is the password method's user, and the login hint of the
	// browser and device methods.
	Username setting[string]
	// ClientID is the client-secret method's client, and the public client
	// that the browser and device methods sign in through.
	ClientID setting[string]
	// Secret is where the secret comes from. For the browser and device
	// methods its Kind is config.SecretKeyring, where the refresh token is
	// kept, or config.SecretMemory.
	Secret secretSource
	// NoBrowser prints the sign-in URL instead of opening a browser.
	NoBrowser setting[bool]

	ReadOnly              setting[bool]
	Accent                setting[string]
	CAFile                setting[string]
	InsecureSkipTLSVerify setting[bool]

	// Warnings are printed on stderr at every start, and shown by the console.
	Warnings []string
}

// Identity names the admin, such as "admin@master". Before a browser or
// device sign-in, the user is the login hint, or "operator" without one.
func (s Settings) Identity() string {
	switch {
	case s.Method.Value == config.MethodClientSecret:
		return s.ClientID.Value + "@" + s.AdminRealm.Value
	case config.SignsIn(s.Method.Value) && s.Username.Value == "":
		return "operator@" + s.AdminRealm.Value
	}
	return s.Username.Value + "@" + s.AdminRealm.Value
}

// layers are the inputs of resolve, from the highest precedence down.
type layers struct {
	// flags holds the flags the user set, by name, with their values as
	// typed ("true" for a bool flag given without a value).
	flags  map[string]string
	getenv func(string) string
	file   *config.File
	// context, when set, replaces --context and IDTUI_CONTEXT: the console
	// uses it to switch context.
	context string
}

func (l layers) flag(name string) (string, bool) {
	v, ok := l.flags[name]
	return v, ok
}

// pick returns the first value set among the flag, the environment variable,
// the context's value and the default.
func (l layers) pick(flag, env, fromContext, contextName, def string) setting[string] {
	if v, ok := l.flag(flag); ok {
		return setting[string]{v, "flag --" + flag}
	}
	if v := l.getenv(env); v != "" {
		return setting[string]{v, "env " + env}
	}
	if fromContext != "" {
		return setting[string]{fromContext, "context " + contextName}
	}
	return setting[string]{def, "default"}
}

func (l layers) pickBool(flag, env string, fromContext bool, contextName string) (setting[bool], error) {
	if v, ok := l.flag(flag); ok {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return setting[bool]{}, usageError{fmt.Errorf("--%s=%q is not true or false", flag, v)}
		}
		return setting[bool]{b, "flag --" + flag}, nil
	}
	if v := l.getenv(env); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return setting[bool]{}, usageError{fmt.Errorf("%s=%q is not true or false; set it to true or false, or unset it", env, v)}
		}
		return setting[bool]{b, "env " + env}, nil
	}
	if fromContext {
		return setting[bool]{true, "context " + contextName}, nil
	}
	return setting[bool]{false, "default"}, nil
}

// resolve applies the precedence: flags, then environment, then the
// context of the config file, then the defaults.
func resolve(l layers) (Settings, error) {
	s := Settings{ConfigPath: l.file.Path}

	ctx, err := l.selectContext()
	if err != nil {
		return Settings{}, err
	}
	s.Context = ctx.Name

	s.URL = l.pick(flagURL, envURL, ctx.URL, ctx.Name, keycloak.DefaultURL)
	// The config file's URLs are checked when it is read, with their line.
	if problem := config.CheckURL(s.URL.Value); problem != "" {
		return Settings{}, usageError{fmt.Errorf("the Keycloak URL %q (%s) %s; use a URL such as %s", config.RedactURL(s.URL.Value), s.URL.Origin, problem, keycloak.DefaultURL)}
	}
	s.Realm = l.pick(flagRealm, envRealm, ctx.Realm, ctx.Name, keycloak.DefaultRealm)
	s.AdminRealm = l.pick(flagAdminRealm, envAdminRealm, ctx.AdminRealm, ctx.Name, keycloak.DefaultAdminRealm)
	s.Accent = setting[string]{ctx.Accent, "context " + ctx.Name}
	if ctx.Accent == "" {
		s.Accent = setting[string]{"", "default"}
	}
	s.CAFile = l.pick(flagCAFile, envCAFile, l.file.ExpandPath(ctx.CAFile), ctx.Name, "")

	if s.ReadOnly, err = l.pickBool(flagReadOnly, envReadOnly, ctx.ReadOnly, ctx.Name); err != nil {
		return Settings{}, err
	}
	if s.InsecureSkipTLSVerify, err = l.pickBool(flagInsecure, envInsecure, ctx.InsecureSkipTLSVerify, ctx.Name); err != nil {
		return Settings{}, err
	}
	if s.NoBrowser, err = l.pickBool(flagNoBrowser, envNoBrowser, false, ctx.Name); err != nil {
		return Settings{}, err
	}

	if err := l.resolveLogin(&s, ctx); err != nil {
		return Settings{}, err
	}
	s.Warnings = connectionWarnings(s)
	if ctx.ReadOnly && !s.ReadOnly.Value {
		// A variable left in a shell profile would otherwise lift the
		// protection of every read-only context without a word.
		s.Warnings = append(s.Warnings, fmt.Sprintf("the context %s is read-only, but %s turns read-only mode off: every change to Keycloak is allowed", ctx.Name, s.ReadOnly.Origin))
	}
	return s, nil
}

// selectContext returns the context named by --context, IDTUI_CONTEXT or
// current-context, or an empty context when none is named.
func (l layers) selectContext() (config.Context, error) {
	name, origin := l.context, "the context switch"
	if name == "" {
		if v, ok := l.flag(flagContext); ok {
			name, origin = v, "--context"
		} else if v := l.getenv(envContext); v != "" {
			name, origin = v, envContext
		} else {
			name, origin = l.file.CurrentContext, "current-context"
		}
	}
	if name == "" {
		return config.Context{}, nil
	}

	ctx, ok := l.file.Context(name)
	if ok {
		return ctx, nil
	}
	if l.file.Path == "" {
		return config.Context{}, usageError{fmt.Errorf("%s names the context %q, but there is no config file; create one with that context (see README, Configuration)", origin, name)}
	}
	msg := fmt.Sprintf("%s names the context %q, which %s does not define", origin, name, l.file.Path)
	return config.Context{}, usageError{errors.New(msg + otherContexts(l.file, name))}
}

// otherContexts returns "; did you mean ...?" with the context name of
// file closest to name, or the list of its names.
func otherContexts(file *config.File, name string) string {
	if close := suggest.Closest(name, file.Names()); len(close) > 0 {
		return fmt.Sprintf("; did you mean %q?", close[0])
	}
	if len(file.Contexts) > 0 {
		return "; the contexts are: " + strings.Join(file.Names(), ", ")
	}
	return ""
}

// resolveLogin decides the login method, the admin's name and where the
// secret comes from. --method and IDTUI_METHOD name the method. Without
// them, a client id means the client-secret method and a username the
// password method, within one layer.
func (l layers) resolveLogin(s *Settings, ctx config.Context) error {
	_, flagUser := l.flag(flagUsername)
	_, flagClient := l.flag(flagClientID)
	flagMethodValue, flagMethodSet := l.flag(flagMethod)
	switch {
	case flagMethodSet:
		s.Method = setting[string]{flagMethodValue, "flag --" + flagMethod}
	case flagUser && flagClient:
		return usageError{fmt.Errorf("--username and --client-id exclude each other: give --username to log in as a user, or --client-id to log in as a service account")}
	case flagClient:
		s.Method = setting[string]{config.MethodClientSecret, "flag --" + flagClientID}
	case flagUser:
		s.Method = setting[string]{config.MethodPassword, "flag --" + flagUsername}
	case l.getenv(envMethod) != "":
		s.Method = setting[string]{l.getenv(envMethod), "env " + envMethod}
	case l.getenv(envClientID) != "":
		s.Method = setting[string]{config.MethodClientSecret, "env " + envClientID}
	case l.getenv(envUsername) != "":
		s.Method = setting[string]{config.MethodPassword, "env " + envUsername}
	case ctx.Name != "" && ctx.Auth.Method != "":
		s.Method = setting[string]{ctx.Auth.Method, "context " + ctx.Name}
	default:
		s.Method = setting[string]{config.MethodPassword, "default"}
	}
	if !slices.Contains(config.Methods, s.Method.Value) {
		return usageError{fmt.Errorf("the login method %q (%s) is not known; use one of: %s", s.Method.Value, s.Method.Origin, strings.Join(config.Methods, ", "))}
	}

	// The context's own login applies only when the context's method is the
	// one in use, so that --client-id does not inherit a context's username.
	contextLogin := ctx.Name != "" && (ctx.Auth.Method == s.Method.Value || ctx.Auth.Method == "" && s.Method.Value == config.MethodPassword)
	var own config.Auth
	if contextLogin {
		own = ctx.Auth
	}

	var err error
	switch {
	case config.SignsIn(s.Method.Value):
		s.ClientID = l.pick(flagClientID, envClientID, own.ClientID, ctx.Name, keycloak.DefaultSignInClientID)
		s.Username = l.pick(flagUsername, envUsername, own.Username, ctx.Name, "")
		s.Secret = secretSource{Kind: config.SecretMemory, Origin: "default"}
		if own.Secret != "" {
			s.Secret = secretSource{Kind: own.Secret, Origin: "context " + ctx.Name}
		}
	case s.Method.Value == config.MethodClientSecret:
		s.ClientID = l.pick(flagClientID, envClientID, own.ClientID, ctx.Name, "")
		if s.ClientID.Value == "" {
			return usageError{fmt.Errorf("the client-secret login needs a client id: set --client-id, %s or auth.client-id in the context", envClientID)}
		}
		s.Secret, err = l.secretSource(flagClientSecretFile, envClientSecret, envClientSecretFile, flagPasswordFile, own, ctx.Name, contextLogin)
	default:
		s.Username = l.pick(flagUsername, envUsername, own.Username, ctx.Name, DefaultUsername)
		s.Secret, err = l.secretSource(flagPasswordFile, envPassword, envPasswordFile, flagClientSecretFile, own, ctx.Name, contextLogin)
	}
	if err == nil && contextLogin && s.Secret.Kind == config.SecretFile && s.Secret.Origin == "context "+ctx.Name {
		s.Secret.File = l.file.ExpandPath(s.Secret.File)
	}
	return err
}

// secretSource picks where the secret comes from: the file flag, the
// variable that holds the secret, the variable that names a file, the
// context, and last a prompt. otherFileFlag is the file flag of the other
// method, which is a mistake to give.
func (l layers) secretSource(fileFlag, env, fileEnv, otherFileFlag string, own config.Auth, contextName string, contextLogin bool) (secretSource, error) {
	if _, ok := l.flag(otherFileFlag); ok {
		return secretSource{}, usageError{fmt.Errorf("--%s does not apply here, because the admin logs in with the other method; use --%s", otherFileFlag, fileFlag)}
	}
	if v, ok := l.flag(fileFlag); ok {
		return secretSource{Kind: config.SecretFile, File: v, Origin: "flag --" + fileFlag}, nil
	}
	if l.getenv(env) != "" {
		return secretSource{Kind: config.SecretEnv, Env: env, Origin: "env " + env}, nil
	}
	if v := l.getenv(fileEnv); v != "" {
		return secretSource{Kind: config.SecretFile, File: v, Origin: "env " + fileEnv}, nil
	}
	if contextLogin && own.Secret != "" {
		return secretSource{Kind: own.Secret, Env: own.SecretEnv, File: own.SecretFile, Origin: "context " + contextName}, nil
	}
	return secretSource{Kind: config.SecretPrompt, Origin: "default"}, nil
}

// connectionWarnings returns the warnings about the transport that every
// start prints.
func connectionWarnings(s Settings) []string {
	var warnings []string
	if s.InsecureSkipTLSVerify.Value {
		warnings = append(warnings, fmt.Sprintf("TLS certificate verification is off (%s): anyone on the network path can read the admin credentials; pass the CA with --ca-file instead", s.InsecureSkipTLSVerify.Origin))
	}
	if u, err := url.Parse(s.URL.Value); err == nil && u.Scheme == "http" && !isLoopback(u.Hostname()) {
		warnings = append(warnings, fmt.Sprintf("%s uses plain http to a host other than this machine: the admin credentials and client secrets cross the network unencrypted; use https", s.URL.Value))
	}
	if s.CAFile.Value != "" {
		if w := caFileWarning(s.CAFile.Value, s.CAFile.Origin); w != "" {
			warnings = append(warnings, w)
		}
	}
	return warnings
}

// isLoopback reports whether host is localhost or a loopback address.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// hostOf returns the host of a URL, or the URL itself when it does not parse.
func hostOf(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Host != "" {
		return u.Hostname()
	}
	return raw
}
