package main

import (
	"errors"

	"github.com/idtui/idtui/keycloak"
)

// Exit codes, documented in the README for scripts.
const (
	exitOK           = 0
	exitFailure      = 1
	exitUsage        = 2
	exitNotFound     = 3
	exitUnauthorized = 4 // not authorized, forbidden, or refused in read-only mode
	exitUnavailable  = 5 // Keycloak unreachable
)

// usageError is a mistake in the command line: a flag, an argument or a value.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func exitCode(err error) int {
	var usage usageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &usage):
		return exitUsage
	case errors.Is(err, keycloak.ErrNotFound):
		return exitNotFound
	case errors.Is(err, keycloak.ErrUnauthorized), errors.Is(err, keycloak.ErrForbidden):
		return exitUnauthorized
	case errors.Is(err, keycloak.ErrUnavailable):
		return exitUnavailable
	}
	return exitFailure
}
