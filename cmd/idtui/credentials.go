package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/idtui/idtui/cmd/idtui/internal/config"
	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/model"
)

// secretSource is where the admin's password or client secret comes
// from. Command-line arguments are never a source, because they end up in
// shell history and in ps.
type secretSource struct {
	Kind   string // one of config.SecretSources
	Env    string // with Kind env: the variable's name
	File   string // with Kind file: the file's path
	Origin string // which flag, variable or context chose this source
}

// String describes the source without the secret, for context show.
func (s secretSource) String() string {
	switch s.Kind {
	case config.SecretEnv:
		return "environment variable " + s.Env
	case config.SecretFile:
		return "file " + s.File
	case config.SecretKeyring:
		return "OS keyring"
	case config.SecretMemory:
		return "memory only"
	}
	return "prompt"
}

// promptFunc reads a secret from the operator without echoing it. The console
// passes its own, because the terminal belongs to it while it runs.
type promptFunc func(label string) (model.Secret, error)

// asker prompts the operator for what a login needs: a secret, or a sign-in
// on Keycloak's login page. A nil field means that no one can be asked.
type asker struct {
	secret promptFunc
	signIn keycloak.PromptFunc
	// signedIn receives the user's name after a sign-in; nil where nothing
	// may be printed, as in the console.
	signedIn func(user string)
}

// secretReader reads secrets. It writes warnings about file permissions to
// warn.
type secretReader struct {
	getenv   func(string) string
	prompt   promptFunc // nil where no one can be asked, as during completion
	signIn   keycloak.PromptFunc
	signedIn func(user string)
	warn     func(string)
}

// credentials returns the admin credentials of s, reading the secret. For
// the browser and device methods it reads nothing: the credentials sign in
// when the client first needs a token.
func (r secretReader) credentials(s Settings) (keycloak.Credentials, error) {
	if config.SignsIn(s.Method.Value) {
		opts := keycloak.SignInOptions{
			ClientID:  s.ClientID.Value,
			Method:    keycloak.SignInMethod(s.Method.Value),
			LoginHint: s.Username.Value,
			Prompt:    r.signIn,
			// A context that names its user signs in as that user only, so
			// that a session of another person is never kept under its name.
			RequiredUser:       s.Username.Value,
			RequiredUserOrigin: s.Username.Origin,
		}
		if s.Username.Value == "" {
			opts.SignedIn = r.signedIn
		}
		if s.Secret.Kind == config.SecretKeyring {
			store := keyringTokenStore{account: refreshTokenAccount(s)}
			var unavailable *keyringUnavailableError
			switch err := store.check(); {
			case errors.As(err, &unavailable):
				// The sign-in still works, so keep the tokens in memory,
				// but warn that every run signs in again, and why.
				r.warn(fmt.Sprintf("the refresh token stays in memory, so every command signs in again: secret: keyring (%s) names the OS keyring, which is not available (%v). %s",
					s.Secret.Origin, unavailable.cause, unavailable.fix()))
			case err != nil:
				return nil, err
			default:
				opts.Store = store
			}
		}
		return keycloak.NewSignIn(opts), nil
	}

	secret, err := r.read(s)
	if err != nil {
		return nil, err
	}
	if s.Method.Value == config.MethodClientSecret {
		return keycloak.ClientSecret{ClientID: s.ClientID.Value, Secret: secret}, nil
	}
	return keycloak.Password{Username: s.Username.Value, Password: secret}, nil
}

func (r secretReader) read(s Settings) (model.Secret, error) {
	src := s.Secret
	what := "password of " + s.Identity()
	if s.Method.Value == config.MethodClientSecret {
		what = "client secret of " + s.Identity()
	}

	switch src.Kind {
	case config.SecretEnv:
		v := r.getenv(src.Env)
		if v == "" {
			return "", usageError{fmt.Errorf("the %s should come from %s (%s), which is empty or unset; set it", what, src.Env, src.Origin)}
		}
		return model.Secret(v), nil
	case config.SecretFile:
		return r.readFile(src, what)
	case config.SecretKeyring:
		secret, err := keyringGet(keyringAccount(s))
		if errors.Is(err, errNoKeyringEntry) {
			return "", usageError{fmt.Errorf("the OS keyring holds no %s for %s; store it with: idtui context set-secret %s", what, s.URL.Value, s.Context)}
		}
		return secret, err
	}

	noTerminal := usageError{fmt.Errorf("the %s is needed, and there is no terminal to ask on; set %s, use --%s, or store it in the OS keyring", what, envForSecret(s), fileFlagForSecret(s))}
	if r.prompt == nil {
		return "", noTerminal
	}
	secret, err := r.prompt(fmt.Sprintf("The %s: ", what))
	if errors.Is(err, errNoTerminal) {
		return "", noTerminal
	}
	return secret, err
}

func (r secretReader) readFile(src secretSource, what string) (model.Secret, error) {
	if info, err := os.Stat(src.File); err == nil && info.IsDir() {
		return "", usageError{fmt.Errorf("%s (%s) is invalid: it is a directory; name the file that holds the %s", src.File, src.Origin, what)}
	}
	if w := privateFileWarning("the secret file", src.File); w != "" {
		r.warn(w)
	}
	data, err := os.ReadFile(src.File)
	if err != nil {
		return "", usageError{fmt.Errorf("read the %s from %s (%s): %w", what, src.File, src.Origin, err)}
	}
	secret := strings.TrimSuffix(strings.TrimSuffix(string(data), "\n"), "\r")
	if secret == "" {
		return "", usageError{fmt.Errorf("the file %s (%s) is empty; write the %s into it", src.File, src.Origin, what)}
	}
	return model.Secret(secret), nil
}

func envForSecret(s Settings) string {
	if s.Method.Value == config.MethodClientSecret {
		return envClientSecret
	}
	return envPassword
}

func fileFlagForSecret(s Settings) string {
	if s.Method.Value == config.MethodClientSecret {
		return flagClientSecretFile
	}
	return flagPasswordFile
}

// terminalPrompt prompts on the controlling terminal, /dev/tty, so that a
// prompt works while stdin and stdout are pipes. It returns a usage error
// when the process has no terminal.
func terminalPrompt(label string) (model.Secret, error) {
	tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		return "", errNoTerminal
	}
	defer tty.Close()
	return readHidden(tty, int(tty.Fd()), label)
}

var errNoTerminal = errors.New("no terminal")

// readHidden writes label to w and reads one line from the terminal fd
// without echo.
func readHidden(w io.Writer, fd int, label string) (model.Secret, error) {
	fmt.Fprint(w, label)
	b, err := term.ReadPassword(fd)
	fmt.Fprintln(w)
	if err != nil {
		return "", fmt.Errorf("read the secret from the terminal: %w", err)
	}
	if len(b) == 0 {
		return "", usageError{errors.New("no secret typed at the prompt")}
	}
	return model.Secret(b), nil
}
