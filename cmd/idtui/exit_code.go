package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/idtui/idtui/cmd/idtui/internal/config"
	"github.com/idtui/idtui/keycloak"
)

// Exit codes, documented in the README for scripts.
const (
	exitOK           = 0
	exitFailure      = 1
	exitUsage        = 2
	exitNotFound     = 3
	exitUnauthorized = 4 // not authorized, forbidden, sign-in required, or refused in read-only mode
	exitUnavailable  = 5 // Keycloak unreachable
	// exitInterrupted is what a shell reports for a program that SIGINT
	// ended. idtui catches the signal only where it has to undo a change,
	// so it exits as if the signal had ended it.
	exitInterrupted = 130
)

// usageError is a mistake in the command line: a flag, an argument or a
// value. A mistake in the config file gives the same exit code.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// readOnlyError rejects a command that would change Keycloak while read-only
// mode is on.
type readOnlyError struct {
	command string
	origin  string // what turned read-only mode on, such as "context prod"
}

func (e readOnlyError) Error() string {
	return fmt.Sprintf("%s changes Keycloak, and read-only mode is on (%s); nothing was changed. Use a context without readonly, or pass --readonly=false", e.command, e.origin)
}

// codedError carries its own exit code, for a command such as doctor whose
// failure is a report rather than one error.
type codedError struct {
	code int
	err  error
}

func (e codedError) Error() string { return e.err.Error() }
func (e codedError) Unwrap() error { return e.err }

func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }

func exitCode(err error) int {
	var usage usageError
	var readOnly readOnlyError
	var coded codedError
	var configErr *config.Error
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, context.Canceled):
		return exitInterrupted
	case errors.As(err, &coded):
		return coded.code
	case errors.As(err, &usage), errors.As(err, &configErr):
		return exitUsage
	case errors.As(err, &readOnly):
		return exitUnauthorized
	case errors.Is(err, keycloak.ErrNotFound):
		return exitNotFound
	case errors.Is(err, keycloak.ErrUnauthorized), errors.Is(err, keycloak.ErrForbidden), errors.Is(err, keycloak.ErrSignInRequired):
		return exitUnauthorized
	case errors.Is(err, keycloak.ErrUnavailable):
		return exitUnavailable
	}
	return exitFailure
}
