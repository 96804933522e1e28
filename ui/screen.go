package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// screen is one page of the console: the list, the details of one
// application, a form or a confirmation. Each screen lives in its own file
// and keeps its own state; the App stacks them.
type screen interface {
	// Init returns the first requests of the screen, when it is pushed.
	Init() tea.Cmd
	// Update handles a message. Key presses arrive only while the screen is
	// on top; every other message arrives at every screen of the stack.
	Update(msg tea.Msg) tea.Cmd
	// View renders the screen into the size given by SetSize.
	View() string
	SetSize(width, height int)

	// Title names the screen in the breadcrumb.
	Title() string
	// ShortHelp returns the main keys, for the footer.
	ShortHelp() []key.Binding
	// FullHelp returns every key of the screen, in groups, for the help screen.
	FullHelp() [][]key.Binding
	// Capturing reports whether the screen is taking typed text, so that
	// q, ? and esc go to it instead of quitting, opening help or going back.
	Capturing() bool
}

// maxTitleWidth bounds a title that contains a client id, so that the
// breadcrumb keeps room for the screens above it.
const maxTitleWidth = 40

// appTitle returns the breadcrumb title of an application: its client id,
// shortened in the middle when long. The Client id row of the details
// shows it in full.
func appTitle(clientID string) string { return cutMiddle(printable(clientID), maxTitleWidth) }

// appScoped is a screen about one application whose title does not name
// it, such as "Token". The breadcrumb puts the application's title before
// the screen's, unless the screen below is that application's details, so
// that the path reads the same from the list and from the details.
type appScoped interface {
	// clientID returns the application's client id, or "" when the screen
	// is about none, such as the operator's sign-in.
	clientID() string
}

// navigation is a change of the screen stack that a screen requests. The
// App applies it as soon as the screen's Update returns, before the next
// key arrives, so keys typed right after "n" reach the form they open.
type navigation struct {
	op     navOp
	screen screen // the screen to push, or to put in place of the target
	// target is the screen to pop or replace; nil means the top one.
	target screen
}

// closer is a screen that holds something the operator waits for, such as
// a sign-in. closed runs when the screen leaves the stack, by esc or
// otherwise, so that it can end what it holds.
type closer interface {
	closed() tea.Cmd
}

// waiter is a screen that has sent a change to Keycloak, such as a
// rotation, and waits for the reply. Keycloak applies a request it has
// received even when no one waits for the reply any more, so the App keeps
// the screen on top until the reply arrives, and the operator sees the
// result, such as the new secret.
type waiter interface {
	// awaited returns the id of the change in flight, or 0.
	awaited() requestID
}

type navOp int

const (
	navPush navOp = iota
	navPop
	navReplace
)
