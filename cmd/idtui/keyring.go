package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/idtui/idtui/model"
)

// keyringService is the service name under which idtui stores secrets in
// the OS keyring.
const keyringService = "idtui"

// keyringTimeout bounds a keyring call: a Secret Service that waits for an
// unlock dialog nobody sees would otherwise hang the command.
const keyringTimeout = 20 * time.Second

var errNoKeyringEntry = errors.New("no keyring entry")

// keyringAccount names the keyring entry of an admin on one Keycloak, such
// as "admin@master http://localhost:18080/auth". It leaves out the context
// name, so renaming a context keeps its secret.
func keyringAccount(s Settings) string {
	return s.Identity() + " " + s.URL.Value
}

func keyringGet(account string) (model.Secret, error) {
	var secret string
	err := withKeyringTimeout(func() (err error) {
		secret, err = keyring.Get(keyringService, account)
		return err
	})
	if errors.Is(err, keyring.ErrNotFound) {
		return "", errNoKeyringEntry
	}
	if err != nil {
		return "", keyringError(err)
	}
	return model.Secret(secret), nil
}

func keyringSet(account string, secret model.Secret) error {
	return keyringError(withKeyringTimeout(func() error {
		return keyring.Set(keyringService, account, secret.Reveal())
	}))
}

func keyringDelete(account string) error {
	err := withKeyringTimeout(func() error { return keyring.Delete(keyringService, account) })
	if errors.Is(err, keyring.ErrNotFound) {
		return errNoKeyringEntry
	}
	return keyringError(err)
}

func withKeyringTimeout(call func() error) error {
	done := make(chan error, 1)
	go func() { done <- call() }()
	select {
	case err := <-done:
		return err
	case <-time.After(keyringTimeout):
		return fmt.Errorf("no answer within %v", keyringTimeout)
	}
}

// keyringError explains an OS keyring that does not respond. It is a
// usage error, exit code 2, like a missing secret: the configuration names
// a keyring that this machine does not provide.
func keyringError(err error) error {
	if err == nil {
		return nil
	}
	return usageError{&keyringUnavailableError{cause: err}}
}

// keyringUnavailableError is an OS keyring that does not respond, with the
// fix for what the context keeps there.
type keyringUnavailableError struct {
	cause error
	// refreshToken is true for the refresh token of a browser or device
	// sign-in, which cannot come from a file or a prompt.
	refreshToken bool
}

func (e *keyringUnavailableError) Error() string {
	return "the OS keyring is not available: " + e.cause.Error() + ". " + e.fix()
}

func (e *keyringUnavailableError) Unwrap() error { return e.cause }

func (e *keyringUnavailableError) fix() string {
	advice := "set secret: file with secret-file, or secret: prompt, in the context"
	if e.refreshToken {
		advice = "set secret: memory in the context"
	}
	return "On Linux idtui needs a Secret Service on the D-Bus session bus, such as gnome-keyring or KeePassXC; otherwise " + advice
}

// refreshTokenKeyringError returns err with the fix for a refresh token
// when the keyring is not available.
func refreshTokenKeyringError(err error) error {
	var unavailable *keyringUnavailableError
	if errors.As(err, &unavailable) {
		unavailable.refreshToken = true
	}
	return err
}

// refreshTokenAccount names the keyring entry of a browser or device
// sign-in, such as "refresh token via idtui for operator@master
// http://localhost:18080/auth". It differs from keyringAccount, so that a
// stored password and a refresh token never replace each other.
func refreshTokenAccount(s Settings) string {
	return "refresh token via " + s.ClientID.Value + " for " + s.Identity() + " " + s.URL.Value
}

// keyringTokenStore keeps the refresh token of a sign-in in the OS keyring,
// for keycloak.SignIn.
type keyringTokenStore struct{ account string }

func (k keyringTokenStore) Load() (model.Secret, error) {
	token, err := keyringGet(k.account)
	if errors.Is(err, errNoKeyringEntry) {
		return "", nil
	}
	return token, refreshTokenKeyringError(err)
}

func (k keyringTokenStore) Save(token model.Secret) error {
	return refreshTokenKeyringError(keyringSet(k.account, token))
}

func (k keyringTokenStore) Delete() error {
	if err := keyringDelete(k.account); err != nil && !errors.Is(err, errNoKeyringEntry) {
		return refreshTokenKeyringError(err)
	}
	return nil
}

// check returns an error when the OS keyring does not respond.
func (k keyringTokenStore) check() error {
	_, err := k.Load()
	return err
}
