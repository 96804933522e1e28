package config

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml/ast"

	"github.com/idtui/idtui/cmd/idtui/internal/suggest"
)

// contextName is what a context may be called: a word that needs no
// quoting in a shell.
var contextName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

var hexColour = regexp.MustCompile(`^#([0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})$`)

// validate checks the values of a decoded file, each against its position.
func (d *decoder) validate(f *File) error {
	names := map[string]bool{}
	for i, c := range f.Contexts {
		key := fmt.Sprintf("contexts[%d]", i)
		if err := d.validateContext(c, key); err != nil {
			return err
		}
		if names[c.Name] {
			return d.errorAt(d.positions[key+".name"], "the context name %q appears twice; context names must be unique", c.Name)
		}
		names[c.Name] = true
	}

	if f.CurrentContext != "" && !names[f.CurrentContext] {
		msg := fmt.Sprintf("current-context %q names no context in this file", f.CurrentContext)
		if close := suggest.Closest(f.CurrentContext, f.Names()); len(close) > 0 {
			msg += fmt.Sprintf("; did you mean %q?", close[0])
		} else if len(f.Contexts) > 0 {
			msg += "; expected one of: " + strings.Join(f.Names(), ", ")
		} else {
			msg += "; add a context under contexts"
		}
		return d.errorAt(d.positions["current-context"], "%s", msg)
	}
	return nil
}

func (d *decoder) validateContext(c Context, key string) error {
	at := func(field string) ast.Node {
		if n, ok := d.positions[key+"."+field]; ok {
			return n
		}
		return d.positions[key]
	}

	switch {
	case c.Name == "":
		return d.errorAt(at("name"), "a context has no name; add \"name: dev\" or another name")
	case !contextName.MatchString(c.Name):
		return d.errorAt(at("name"), "the context name %q is invalid; use letters, digits, '.', '_' and '-', starting with a letter or digit", c.Name)
	}

	if c.URL != "" {
		if err := CheckURL(c.URL); err != "" {
			return d.errorAt(at("url"), "url %q %s; expected a URL such as http://localhost:18080/auth", RedactURL(c.URL), err)
		}
	}
	if c.Accent != "" && !validAccent(c.Accent) {
		return d.errorAt(at("accent"), "accent %q is not a colour; expected #rgb, #rrggbb or an ANSI colour number from 0 to 255", c.Accent)
	}
	return d.validateAuth(c.Auth, key+".auth", at)
}

func (d *decoder) validateAuth(a Auth, key string, contextAt func(string) ast.Node) error {
	at := func(field string) ast.Node {
		if n, ok := d.positions[key+"."+field]; ok {
			return n
		}
		return contextAt("auth")
	}

	method := a.Method
	if method == "" {
		method = MethodPassword
	}
	if !slices.Contains(Methods, method) {
		return d.errorAt(at("method"), "auth method %q is not known; expected one of: %s", a.Method, strings.Join(Methods, ", "))
	}
	switch method {
	case MethodPassword:
		if a.ClientID != "" {
			return d.errorAt(at("client-id"), "client-id applies to the client-secret method, but the method is password; set \"method: client-secret\" or remove client-id")
		}
	case MethodClientSecret:
		if a.ClientID == "" {
			return d.errorAt(at("method"), "the client-secret method needs client-id: the client whose service account logs in")
		}
		if a.Username != "" {
			return d.errorAt(at("username"), "username applies to the password method, but the method is client-secret; remove username")
		}
	}

	source := a.Secret
	if source != "" && source != SecretMemory && !slices.Contains(SecretSources, source) {
		return d.errorAt(at("secret"), "%s", unknownSecretSource(source, method))
	}
	if SignsIn(method) {
		// A sign-in has no secret to read: the context only sets whether
		// the refresh token may be kept in the OS keyring.
		if source != "" && source != SecretKeyring && source != SecretMemory {
			return d.errorAt(at("secret"), "secret %q does not apply to the %s method, which reads no secret; use \"secret: keyring\" to keep the refresh token in the OS keyring, or \"secret: memory\" (the default) to sign in at every run", a.Secret, method)
		}
		if a.SecretEnv != "" || a.SecretFile != "" {
			return d.errorAt(at("secret"), "secret-env and secret-file do not apply to the %s method; remove them", method)
		}
		return nil
	}
	if source == "" {
		source = SecretPrompt
	}
	if source == SecretMemory {
		return d.errorAt(at("secret"), "secret: memory applies to the browser and device methods only; expected one of: %s", strings.Join(SecretSources, ", "))
	}
	switch {
	case source == SecretEnv && a.SecretEnv == "":
		return d.errorAt(at("secret"), "secret: env needs secret-env, the name of the environment variable that holds the secret")
	case source == SecretFile && a.SecretFile == "":
		return d.errorAt(at("secret"), "secret: file needs secret-file, the path of the file that holds the secret")
	case source != SecretEnv && a.SecretEnv != "":
		return d.errorAt(at("secret-env"), "secret-env is set, but secret is %q; set \"secret: env\" or remove secret-env", source)
	case source != SecretFile && a.SecretFile != "":
		return d.errorAt(at("secret-file"), "secret-file is set, but secret is %q; set \"secret: file\" or remove secret-file", source)
	}
	return nil
}

// unknownSecretSource returns the message for a secret value that is not a
// source at all, with the values that the method accepts.
func unknownSecretSource(source, method string) string {
	valid := SecretSources
	if SignsIn(method) {
		valid = []string{SecretKeyring, SecretMemory}
	}
	msg := fmt.Sprintf("secret source %q is not known; expected one of: %s", source, strings.Join(valid, ", "))
	if close := suggest.Closest(source, valid); len(close) > 0 {
		msg = fmt.Sprintf("secret source %q is not known; did you mean %q? Expected one of: %s", source, close[0], strings.Join(valid, ", "))
	}
	return msg
}

// CheckURL returns what is wrong with a Keycloak base URL, such as "does
// not start with http:// or https://", or "".
func CheckURL(raw string) string {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return "is not a URL"
	case u.Scheme != "http" && u.Scheme != "https":
		return "does not start with http:// or https://"
	case u.Host == "":
		return "has no host"
	case u.RawQuery != "" || u.Fragment != "":
		return "has a query or fragment"
	case u.User != nil:
		return "holds a user name or password, which would reach the log and every copied command; remove it, and give the admin's password through IDTUI_PASSWORD, --password-file, the keyring or the prompt"
	}
	return ""
}

// RedactURL hides the password of a URL that holds one, for messages.
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	return u.Redacted()
}

func validAccent(s string) bool {
	if hexColour.MatchString(s) {
		return true
	}
	n, err := strconv.Atoi(s)
	return err == nil && n >= 0 && n <= 255
}
