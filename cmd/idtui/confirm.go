package main

import (
	"bufio"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// errDeclined is returned when the operator declines. Nothing changed then.
var errDeclined = errors.New("canceled at the confirmation; nothing was changed")

func addYesFlag(cmd *cobra.Command) *bool {
	yes := new(bool)
	cmd.Flags().BoolVarP(yes, "yes", "y", false, "do not ask for confirmation; required when stdin is not a terminal")
	return yes
}

func (a *app) stdinIsTerminal() bool {
	return a.stdin != nil && term.IsTerminal(int(a.stdin.Fd()))
}

// requireConfirmation fails early, before any request, when a destructive
// command can neither ask nor was given --yes.
func (a *app) requireConfirmation(cmd *cobra.Command, yes bool) error {
	if yes || a.stdinIsTerminal() {
		return nil
	}
	return usageError{fmt.Errorf("%s asks for confirmation, and stdin is not a terminal; pass --yes to confirm in a script", cmd.CommandPath())}
}

// confirm prints a yes/no question on stderr and reads the reply from stdin.
// Only "y" or "yes" confirms.
func (a *app) confirm(yes bool, question string) error {
	if yes {
		return nil
	}
	fmt.Fprintf(a.stderr, "%s [y/N] ", question)
	answer, err := a.readAnswer()
	if err != nil {
		return err
	}
	switch strings.ToLower(answer) {
	case "y", "yes":
		return nil
	}
	return errDeclined
}

// confirmTyped requires the operator to type expected, as delete does with the
// client id, so that a reflex "y" cannot delete the wrong application.
func (a *app) confirmTyped(yes bool, question, expected string) error {
	if yes {
		return nil
	}
	fmt.Fprintf(a.stderr, "%s\nType the client id %q to confirm: ", question, expected)
	answer, err := a.readAnswer()
	if err != nil {
		return err
	}
	if answer != expected {
		return fmt.Errorf("typed %q, not %q; nothing was deleted", answer, expected)
	}
	return nil
}

func (a *app) readAnswer() (string, error) {
	line, err := bufio.NewReader(a.stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", fmt.Errorf("read the confirmation: %w; nothing was changed", err)
	}
	return strings.TrimSpace(line), nil
}
