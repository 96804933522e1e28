package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/idtui/idtui/cmd/idtui/internal/suggest"
)

// app is what every command shares: the connection options, the standard
// streams and the log file.
type app struct {
	opts   *connectionOptions
	stdin  *os.File
	stdout io.Writer
	stderr io.Writer

	log      *slog.Logger
	closeLog func()

	// started is set when a command's own work begins. An error before it
	// came from parsing the command line, so it is a usage error.
	started bool
}

func newApp(stdin *os.File, stdout, stderr io.Writer) *app {
	stdout, stderr = newStdout(stdout), newStderr(stderr)
	return &app{opts: newConnectionOptions(stderr), stdin: stdin, stdout: stdout, stderr: stderr}
}

// logger opens the log file on first use. A log file that cannot be opened
// is reported once on stderr, and the run goes on without a log.
func (a *app) logger() *slog.Logger {
	if a.log != nil {
		return a.log
	}
	logger, closeLog, err := openLog()
	if err != nil {
		a.opts.warn(err.Error() + "; running without a log file")
		logger, closeLog = slog.New(slog.DiscardHandler), func() {}
	}
	a.log, a.closeLog = logger, closeLog

	// Some libraries, such as net/http on a broken connection, print with
	// the log package, which writes to stderr and would paint over the
	// console. slog.SetDefault sends those lines to the log file too.
	slog.SetDefault(logger)
	return a.log
}

func (a *app) close() {
	if a.closeLog != nil {
		a.closeLog()
	}
}

func newRootCommand(a *app) *cobra.Command {
	console := &consoleOptions{}
	cmd := &cobra.Command{
		Use:   "idtui",
		Short: "Console and CLI for the Identity applications of Camunda 8 in Keycloak",
		Long: "idtui manages the Identity applications of Camunda 8 self-managed, which are the clients\n" +
			"of a Keycloak realm. Run it without arguments to open the console.",
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          rootArgs,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			a.started = true
			if !isCompletion(cmd) {
				a.logger().Info("command started", "command", cmd.CommandPath())
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := a.requireConsoleTerminal(); err != nil {
				return err
			}
			return runConsole(cmd.Context(), a, console)
		},
	}
	cmd.SetIn(a.stdin)
	cmd.SetOut(a.stdout)
	cmd.SetErr(a.stderr)
	cmd.SetFlagErrorFunc(flagError)
	a.opts.addFlags(cmd)
	console.addFlags(cmd)
	registerContextCompletion(cmd, a)
	hideMutatingInReadOnlyHelp(cmd, a)

	cmd.AddCommand(
		newAppsCommand(a),
		newContextCommand(a),
		newDoctorCommand(a),
		newLoginCommand(a),
		newLogoutCommand(a),
		newVersionCommand(a),
		newTokenCommand(a),
	)
	rejectUnknownShells(cmd)
	return cmd
}

// rejectUnknownShells makes "idtui completion tcsh" a usage error. Cobra's
// completion command prints its help with exit code 0 for a shell it does
// not know.
func rejectUnknownShells(root *cobra.Command) {
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			c.Args = cobra.ArbitraryArgs
			c.RunE = runGroup
		}
	}
}

// flagError turns a flag mistake into a usage error. Someone who tries to
// pass a secret as a flag learns where secrets come from instead.
func flagError(_ *cobra.Command, err error) error {
	msg := err.Error()
	for _, name := range []string{"--password", "--client-secret", "--secret"} {
		if strings.Contains(msg, "unknown flag: "+name) {
			return usageError{errorf("%s. Secrets have no flags, because command lines end up in shell history and ps: use %s or %s, --password-file or --client-secret-file, the OS keyring or the prompt", msg, envPassword, envClientSecret)}
		}
	}
	return usageError{err}
}

func isCompletion(cmd *cobra.Command) bool {
	for c := cmd; c != nil; c = c.Parent() {
		if c.Name() == cobra.ShellCompRequestCmd || c.Name() == cobra.ShellCompNoDescRequestCmd || c.Name() == "completion" {
			return true
		}
	}
	return false
}

// requireConsoleTerminal returns a usage error unless the console can run:
// it draws on stdout and reads keys from stdin, or from the controlling
// terminal when stdin is a pipe.
func (a *app) requireConsoleTerminal() error {
	problem := ""
	switch stdout := fileOf(a.stdout); {
	case stdout == nil || !term.IsTerminal(int(stdout.Fd())):
		problem = "stdout is not a terminal"
	case !a.stdinIsTerminal() && !hasControllingTerminal():
		problem = "stdin is not a terminal and the process has none"
	}
	if problem == "" {
		return nil
	}
	return usageError{fmt.Errorf("the console needs a terminal, and %s. Run idtui in a terminal, or use the commands, which work in scripts and pipes: idtui apps list, idtui apps get CLIENT_ID, idtui token CLIENT_ID and more (idtui --help lists them)", problem)}
}

// hasControllingTerminal reports whether the process can open its
// controlling terminal, /dev/tty, as the console does when stdin is a pipe.
func hasControllingTerminal() bool {
	tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		return false
	}
	tty.Close()
	return true
}

// runGroup is the RunE of a command that only groups subcommands, such as
// apps: alone it prints help, and with an unknown subcommand it fails with
// a usage error instead of printing help with exit code 0.
func runGroup(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return cmd.Help()
	}
	return unknownCommand(cmd, args[0])
}

// rootArgs rejects an argument to idtui itself, which can only be a
// mistyped command, such as "idtui tokn".
func rootArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	return unknownCommand(cmd, args[0])
}

// unknownCommand names the closest subcommand of cmd to name.
func unknownCommand(cmd *cobra.Command, name string) error {
	msg := fmt.Sprintf("unknown command %q for %q", name, cmd.CommandPath())
	var names []string
	for _, c := range cmd.Commands() {
		if c.IsAvailableCommand() {
			names = append(names, c.Name())
		}
	}
	if close := suggest.Closest(name, names); len(close) > 0 {
		msg += fmt.Sprintf("; did you mean %q?", close[0])
	} else {
		msg += fmt.Sprintf("; run %q for the list", cmd.CommandPath()+" --help")
	}
	return usageError{errors.New(msg)}
}
