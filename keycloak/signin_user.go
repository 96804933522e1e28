package keycloak

import (
	"errors"
	"fmt"
	"strings"
)

// errOtherUser is the underlying error of a sign-in as another user than
// the required one.
var errOtherUser = errors.New("signed in as another user")

// requiredUser is the user that a context names for a browser or device
// sign-in. Keycloak's page accepts any user, so the name
// in the token is checked before idtui keeps or stores its tokens.
type requiredUser struct {
	name   string // empty when any user may sign in
	origin string // the source of the name, such as "context prod"
}

// check returns an *Error of kind ErrUnauthorized when user, the token's
// preferred_username, is not the required user. Keycloak keeps usernames
// in lower case, so the comparison ignores case.
func (r requiredUser) check(user, clientID string) error {
	if r.name == "" || strings.EqualFold(user, r.name) {
		return nil
	}
	origin := r.origin
	if origin == "" {
		origin = "the settings"
	}
	if user == "" {
		return &Error{Kind: ErrUnauthorized, Op: opSignIn, ClientID: clientID,
			Detail: fmt.Sprintf("the access token has no preferred_username claim, so idtui cannot check that the signed-in user is %s (username of %s)", r.name, origin),
			Hint:   fmt.Sprintf("Add the client scope profile to the sign-in client %s, or remove username from %s", clientID, origin), Err: errOtherUser}
	}
	return &Error{Kind: ErrUnauthorized, Op: opSignIn, ClientID: clientID,
		Detail: fmt.Sprintf("signed in as %s, but %s sets username %s; idtui discarded the tokens and stored nothing", user, origin, r.name),
		Hint:   fmt.Sprintf("Sign in as %s, or to work as %s, change or remove username in %s", r.name, user, origin), Err: errOtherUser}
}
