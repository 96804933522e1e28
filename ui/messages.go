package ui

import (
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

// requestReply is what the App reads from every reply.
type requestReply interface {
	endsRequest() requestID
	failure() error
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
		app model.Application
	}
	secretMsg struct {
		reply
		ref    model.AppRef
		secret model.Secret
	}
	permissionsMsg struct {
		reply
		perms []model.Permission
	}
	serviceAccountMsg struct {
		reply
		user string
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
		ref  model.AppRef
		perm model.Permission
	}
)

// tokenMsg is the reply of a test token fetch: the token, decoded and
// verified against the realm's keys. Its err is the failed fetch, which the
// token screen explains in full, so the footer leaves it out.
type tokenMsg struct {
	reply
	test      keycloak.TestToken
	fetchedAt time.Time

	token     tokencheck.Token
	decodeErr error // Keycloak returned an access token that is not a JWT
	// signature is nil when the realm's keys could not be fetched, and
	// keysErr is then the reason.
	signature *tokencheck.Verification
	keysErr   error
}

func (m tokenMsg) failure() error { return nil }

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
	app model.Application
}

// Footer messages.
type (
	infoMsg  string
	errorMsg struct{ err error }
)
