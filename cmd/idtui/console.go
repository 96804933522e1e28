package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/ui"
)

// The console reaches Keycloak through ui.Backend, which the keycloak
// client implements, and switches contexts through ui.Contexts.
var (
	_ ui.Backend    = (*keycloak.Client)(nil)
	_ ui.Contexts   = consoleContexts{}
	_ ui.ConfigFile = consoleContexts{}
)

// loginTimeout bounds the admin login before the console opens.
const loginTimeout = 30 * time.Second

// consoleOptions are the flags that only the console reads.
type consoleOptions struct {
	clipboard      string
	clipboardClear string
}

func (o *consoleOptions) addFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&o.clipboard, "clipboard", envOr("IDTUI_CLIPBOARD", string(ui.ClipboardAuto)),
		"how copies reach the clipboard: auto (native where it works, else OSC 52), native or osc52 (env IDTUI_CLIPBOARD)")
	f.StringVar(&o.clipboardClear, "clipboard-clear", envOr("IDTUI_CLIPBOARD_CLEAR", ui.DefaultClipboardClear.String()),
		"how long a copied secret stays in the clipboard before it is cleared, also on quit, such as 30s or 2m; 0 keeps it there (env IDTUI_CLIPBOARD_CLEAR)")
}

// envOr returns the environment variable, or fallback when it is unset or empty.
func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

// uiOptions checks the console flags and turns them into ui.Options.
func (o *consoleOptions) uiOptions() (ui.Options, error) {
	mode, err := ui.ParseClipboardMode(o.clipboard)
	if err != nil {
		return ui.Options{}, usageError{err}
	}
	clear, err := time.ParseDuration(o.clipboardClear)
	if err != nil || clear < 0 {
		return ui.Options{}, usageError{fmt.Errorf("--clipboard-clear %q is invalid: use a duration such as 30s or 2m, or 0 to keep copies", o.clipboardClear)}
	}
	return ui.Options{
		Clipboard:      mode,
		ClipboardClear: clear,
		NoColor:        os.Getenv("NO_COLOR") != "",
	}, nil
}

// runConsole logs the admin in, then runs the console until the operator
// quits. Logging in first puts wrong credentials or a wrong URL on the
// shell's stderr, with the exit code, instead of inside the console.
func runConsole(ctx context.Context, a *app, console *consoleOptions) error {
	opts, err := console.uiOptions()
	if err != nil {
		return err
	}
	settings, err := a.opts.settings()
	if err != nil {
		return err
	}
	opts.ContextName = settings.Context
	opts.ReadOnly = settings.ReadOnly.Value
	opts.Accent = settings.Accent.Value
	logger := a.logger()

	client, err := a.opts.newClient(logger)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stderr, "Logging in to %s as %s…\n", client.URL(), client.Identity())
	loginCtx, cancel := context.WithTimeout(ctx, loginTimeout)
	defer cancel()
	if err := client.Login(loginCtx); err != nil {
		return err
	}
	if signIn, ok := client.SignIn(); ok {
		// The console owns the terminal from here on, so a session that
		// Keycloak ends returns keycloak.ErrSignInRequired instead of
		// printing a sign-in prompt over the screen.
		signIn.SetPrompt(nil)
		signIn.SetSignedIn(nil)
	}

	opts.Logger = logger
	opts.NoBrowser = settings.NoBrowser.Value
	opts.Contexts = consoleContexts{opts: a.opts, logger: logger}
	app := ui.New(client, opts)
	defer app.Close()

	// Bubble Tea handles Ctrl+C and SIGTERM. A hangup, as when an SSH
	// session drops, would end the process at once, so it ends the program
	// through ctx instead, and Close still undoes temporary changes.
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGHUP)
	defer stop()
	if _, err := tea.NewProgram(app, tea.WithContext(ctx)).Run(); err != nil {
		logger.Error("console failed", "error", err)
		return fmt.Errorf("run the console: %w", err)
	}
	return nil
}

// consoleContexts switches the console to another context of the config
// file. It builds the context's client with the flags and environment of
// this run, which take precedence over the context as at start, and never
// writes the file's current-context: the switch lasts for this run.
type consoleContexts struct {
	opts   *connectionOptions
	logger *slog.Logger
}

func (c consoleContexts) Names() ([]string, error) { return c.opts.contextNames() }

// ConfigPath returns the config file's path, for the context picker's
// message when the file is missing or has no contexts.
func (c consoleContexts) ConfigPath() (string, bool) {
	path, err := c.opts.configFilePath()
	if err != nil {
		return "", false
	}
	_, err = os.Stat(path)
	return path, err == nil
}

// Connect builds the client of the named context and logs it in. A secret
// that no source supplies is read with ask, inside the console. A browser
// or device sign-in gets no prompt here, so that it returns
// keycloak.ErrSignInRequired and the console shows the sign-in itself.
func (c consoleContexts) Connect(ctx context.Context, name string, ask ui.SecretPrompt) (ui.Connection, error) {
	client, s, err := c.opts.newClientForContext(name, c.logger, promptFunc(ask))
	if err != nil {
		return ui.Connection{}, err
	}
	conn := ui.Connection{
		Backend:     client,
		ContextName: s.Context,
		ReadOnly:    s.ReadOnly.Value,
		Accent:      s.Accent.Value,
		Warnings:    s.Warnings,
	}

	loginCtx, cancel := context.WithTimeout(ctx, loginTimeout)
	defer cancel()
	return conn, client.Login(loginCtx)
}
