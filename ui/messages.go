package ui

import (
	"errors"
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/model"
	"github.com/idtui/idtui/model/tokencheck"
)

// requestID identifies a request, so that a screen can drop the reply to a
// request it has since replaced.
type requestID int

// reply is embedded in every message that is the reply to a request.
type reply struct {
	id  requestID
	err error
}

// endsRequest returns the id of the request the message completes.
func (r reply) endsRequest() requestID { return r.id }

// failure returns the request's error, which the footer shows.
func (r reply) failure() error { return r.err }

// requestErr returns the request's error, also where the footer leaves it
// out because a screen explains it.
func (r reply) requestErr() error { return r.err }

// requestReply is what the App reads from every reply.
type requestReply interface {
	endsRequest() requestID
	failure() error
	requestErr() error
}

// Replies of the backend's calls.
type (
	// pageMsg carries one page of the list. The request ends with the page
	// that has done set.
	pageMsg struct {
		reply
		apps []model.Application
		done bool
		next tea.Cmd // reads the next page; nil once done
	}
	appMsg struct {
		reply
		ref model.AppRef // the application requested, also on failure
		app model.Application
	}
	secretMsg struct {
		reply
		ref    model.AppRef
		secret model.Secret
	}
	// serviceAccountMsg carries the service account's username and its
	// permissions.
	serviceAccountMsg struct {
		reply
		ref   model.AppRef
		user  string
		perms []model.Permission
	}
	createdMsg struct {
		reply
		app    model.Application
		secret model.Secret
	}
	rotatedMsg struct {
		reply
		ref    model.AppRef
		secret model.Secret
	}
	enabledMsg struct {
		reply
		ref     model.AppRef
		enabled bool
	}
	deletedMsg struct {
		reply
		ref model.AppRef
	}
	apisMsg struct {
		reply
		apis []model.API
	}
	// permissionChangedMsg is the reply of a grant or a removal.
	permissionChangedMsg struct {
		reply
		ref   model.AppRef
		perm  model.Permission
		grant bool // false for a removal
	}
)

// notifier is the reply of a change that reports its success in the
// footer itself, whichever screen is open when it arrives, because the
// screen that sent the change may be gone by then.
type notifier interface {
	notice() string
}

func (m enabledMsg) notice() string {
	if m.enabled {
		return "Enabled " + m.ref.ClientID
	}
	return "Disabled " + m.ref.ClientID
}

func (m deletedMsg) notice() string { return "Deleted " + m.ref.ClientID }

func (m permissionChangedMsg) notice() string {
	if m.grant {
		return fmt.Sprintf("Granted %s on %s to %s; tokens fetched from now on carry it", m.perm.Role, m.perm.API, m.ref.ClientID)
	}
	return fmt.Sprintf("Removed %s on %s from %s", m.perm.Role, m.perm.API, m.ref.ClientID)
}

// tokenMsg is the reply of a test token fetch, or of a user's sign-in as
// an application: the tokens, decoded and verified against the realm's
// keys. Its err is the failed fetch or sign-in, which the screen explains
// in full, so the footer leaves it out.
type tokenMsg struct {
	reply
	ref       model.AppRef // the application of a client-credentials token
	test      keycloak.TestToken
	fetchedAt time.Time

	access checkedToken
	// idToken is the ID token of a user's sign-in, and nil for a
	// client-credentials token.
	idToken *checkedToken
	// keysErr is the error of fetching the realm's keys, which leaves the
	// signatures unchecked.
	keysErr error
	// cleanupErr is the error of removing a temporary redirect URI after a
	// user's sign-in.
	cleanupErr error
}

func (m tokenMsg) failure() error { return nil }

// The details screen shows a failed read of the service account in place
// of the service account and its permissions, so the footer leaves it out.
func (m serviceAccountMsg) failure() error { return nil }

// checkedToken is one token as the token screen shows it.
type checkedToken struct {
	raw       model.Secret
	token     tokencheck.Token
	decodeErr error // Keycloak returned a token that is not a JWT
	// signature is nil when the token was not decoded, or when the realm's
	// keys could not be fetched.
	signature *tokencheck.Verification
}

// failure leaves out an ended session, because the list opens the
// sign-in instead.
func (m pageMsg) failure() error {
	if errors.Is(m.err, keycloak.ErrSignInRequired) {
		return nil
	}
	return m.err
}

// endsRequest ends the stream's request only with its last page.
func (m pageMsg) endsRequest() requestID {
	if m.done || m.err != nil {
		return m.id
	}
	return 0
}

// appChangedMsg carries an application as Keycloak has it after a change,
// read again because the change's reply does not say everything, such as
// the new secret's creation time.
//
// Every screen that shows the application applies this message and the
// successful replies of changes (createdMsg, enabledMsg, deletedMsg), from
// any screen. Unlike a load, a change that Keycloak made is never stale.
type appChangedMsg struct {
	reply
	ref model.AppRef // the application requested, also on failure
	app model.Application
}

// Footer messages. A note is a routine info, such as a cleared clipboard,
// that waits until the footer's message goes instead of replacing it.
type (
	infoMsg    string
	noteMsg    string
	warningMsg string
	errorMsg   struct{ err error }
)

// Messages of the sign-in on Keycloak's login page.
type (
	// signInRequiredMsg replaces the reply of a call that failed because
	// Keycloak ended the operator's session. The App shows the sign-in,
	// then runs retry, or passes failed to the screens if the operator
	// cancels.
	signInRequiredMsg struct {
		reply
		failed tea.Msg
		retry  func() tea.Cmd
	}
	// signInCanceledMsg carries the replies of the calls that failed
	// because the operator canceled the sign-in.
	signInCanceledMsg struct{ failed []tea.Msg }
	// signInPromptMsg shows the URL or the user code of a sign-in flow.
	signInPromptMsg struct {
		id     requestID
		prompt keycloak.SignInPrompt
	}
	// browserMsg reports whether the browser opened for the sign-in flow
	// id, and why not.
	browserMsg struct {
		id        requestID
		notOpened string
	}
	// signedInMsg is the reply of the operator's sign-in.
	signedInMsg struct{ reply }
	// userLoginMsg is the reply of preparing a user's sign-in as an
	// application.
	userLoginMsg struct {
		reply
		ref   model.AppRef
		login keycloak.UserLogin
	}
)

// The sign-in screen explains its own failures, so the footer leaves them out.
func (m signInRequiredMsg) failure() error { return nil }
func (m signedInMsg) failure() error       { return nil }

// Messages of a switch to another context.
type (
	// secretPromptMsg requests a secret that the new context needs from
	// the operator. The prompt screen sends the answer on answers.
	secretPromptMsg struct {
		id      requestID
		label   string
		answers chan<- secretAnswer
	}
	// connectMsg is the reply of connecting to a context. conn.Backend is
	// set when the error is keycloak.ErrSignInRequired.
	connectMsg struct {
		reply
		name string
		conn Connection
	}
	// switchMsg makes the App work on the connection from now on.
	switchMsg struct{ conn Connection }
)

// The context picker explains a failed switch, so the footer leaves it out.
func (m connectMsg) failure() error { return nil }

// secretAnswer is the secret that the operator typed, or errSecretCanceled.
type secretAnswer struct {
	secret model.Secret
	err    error
}
