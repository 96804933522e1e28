package ui

import (
	"context"
	"errors"
	"log/slog"
	"maps"
	"slices"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/idtui/idtui/keycloak"
)

// env is the state that every screen of one connection shares: the
// backend, the options, the styles and the requests in flight. Switching to another
// Keycloak means building a new env and a new stack of screens on it.
type env struct {
	backend Backend
	opts    Options
	styles  Styles
	global  globalKeys
	actions actionKeys
	log     *slog.Logger

	// ctx ends every request when the console quits.
	ctx    context.Context
	cancel context.CancelFunc

	lastID  requestID
	pending map[requestID]string // a label of each request in flight, for the spinner and the log
	// changes contains the pending requests that change Keycloak, such as
	// a rotation, so that quitting can warn that their result goes unseen.
	changes map[requestID]bool

	// nav collects the stack changes that screens ask for during one Update.
	nav []navigation

	// cleanups counts the changes that a flow still has to undo, such as
	// a temporary redirect URI, so that Close waits for them. The App
	// shares it across connections.
	cleanups *sync.WaitGroup
}

// push opens a screen on top. It returns no command, so that call sites
// read as the other results of Update.
func (e *env) push(s screen) tea.Cmd {
	e.nav = append(e.nav, navigation{op: navPush, screen: s})
	return nil
}

// pop closes the top screen.
func (e *env) pop() tea.Cmd {
	e.nav = append(e.nav, navigation{op: navPop})
	return nil
}

// replace puts a screen in place of the top one.
func (e *env) replace(s screen) tea.Cmd {
	e.nav = append(e.nav, navigation{op: navReplace, screen: s})
	return nil
}

// closeScreen removes s from the stack, wherever it is, such as under the
// help screen when its flow ends. It does nothing once s is gone.
func (e *env) closeScreen(s screen) tea.Cmd {
	e.nav = append(e.nav, navigation{op: navPop, target: s})
	return nil
}

// replaceScreen puts next in place of s, wherever s is in the stack.
func (e *env) replaceScreen(s, next screen) tea.Cmd {
	e.nav = append(e.nav, navigation{op: navReplace, screen: next, target: s})
	return nil
}

// newEnv builds the env of one connection. Its request ids start after
// lastID, so that a late reply to a request of the previous connection
// matches no request of this one.
func newEnv(backend Backend, opts Options, lastID requestID, cleanups *sync.WaitGroup) *env {
	ctx, cancel := context.WithCancel(context.Background())
	return &env{
		backend:  backend,
		opts:     opts,
		styles:   NewStyles(opts.Accent, opts.NoColor),
		global:   newGlobalKeys(opts.Contexts != nil),
		actions:  newActionKeys(opts.ReadOnly),
		log:      opts.Logger,
		ctx:      ctx,
		cancel:   cancel,
		lastID:   lastID,
		pending:  map[requestID]string{},
		changes:  map[requestID]bool{},
		cleanups: cleanups,
	}
}

func (e *env) now() time.Time { return e.opts.Clock() }

// start registers a request and returns its id and a context for it.
func (e *env) start(label string) (requestID, context.Context, context.CancelFunc) {
	e.lastID++
	e.pending[e.lastID] = label
	ctx, cancel := context.WithCancel(e.ctx)
	return e.lastID, ctx, cancel
}

// end removes a request from the pending ones, when its reply arrives or
// when it is canceled.
func (e *env) end(id requestID) {
	delete(e.pending, id)
	delete(e.changes, id)
}

// changeInFlight returns the label of the oldest pending request that
// changes Keycloak, if there is one.
func (e *env) changeInFlight() (label string, inFlight bool) {
	if len(e.changes) == 0 {
		return "", false
	}
	return e.pending[slices.Min(slices.Collect(maps.Keys(e.changes)))], true
}

// call runs fn as a request: fn's message must end the request id it gets.
// The request is tied to the console's lifetime, not to a screen, so a
// change that the operator confirmed completes even after they leave the
// screen that started it.
func (e *env) call(label string, fn func(ctx context.Context, id requestID) tea.Msg) (requestID, tea.Cmd) {
	e.lastID++
	id := e.lastID
	return id, e.run(label, id, false, fn)
}

// change is call for a request that changes Keycloak.
func (e *env) change(label string, fn func(ctx context.Context, id requestID) tea.Msg) (requestID, tea.Cmd) {
	e.lastID++
	id := e.lastID
	return id, e.run(label, id, true, fn)
}

// run registers the request id and returns the command that runs fn.
// When Keycloak has ended the operator's session, the command returns a
// signInRequiredMsg instead of fn's reply. The App then shows the sign-in
// and afterwards retries fn under the same id, so that the screen that
// waits for the reply still gets it.
func (e *env) run(label string, id requestID, change bool, fn func(ctx context.Context, id requestID) tea.Msg) tea.Cmd {
	e.pending[id] = label
	if change {
		e.changes[id] = true
	}
	ctx, cancel := context.WithCancel(e.ctx)
	return func() tea.Msg {
		defer cancel()
		msg := fn(ctx, id)
		r, ok := msg.(requestReply)
		if !ok || !errors.Is(r.requestErr(), keycloak.ErrSignInRequired) {
			return msg
		}
		e.log.Warn("request needs a new sign-in", "request", label, "error", r.requestErr())
		return signInRequiredMsg{
			reply:  reply{id: id, err: r.requestErr()},
			failed: msg,
			retry:  func() tea.Cmd { return e.run(label, id, change, fn) },
		}
	}
}

// flow runs fn in the background: a sign-in, or a switch to another
// context, which waits for the operator. fn passes prompts to send, one at
// a time, and its result is the flow's last message. The returned command
// waits for the flow's next message, so the screen that runs the flow
// returns it again after each prompt. Canceling the flow drops its
// remaining messages.
//
// A flow is not a pending request: the spinner stays off while the
// operator signs in, and the screen shows what the flow waits for.
func (e *env) flow(fn func(ctx context.Context, id requestID, send func(tea.Msg)) tea.Msg) (requestID, context.CancelFunc, tea.Cmd) {
	e.lastID++
	id := e.lastID
	ctx, cancel := context.WithCancel(e.ctx)
	messages := make(chan tea.Msg)

	send := func(msg tea.Msg) {
		select {
		case messages <- msg:
		case <-ctx.Done():
		}
	}
	go func() {
		defer cancel()
		send(fn(ctx, id, send))
	}()

	wait := func() tea.Msg {
		select {
		case msg := <-messages:
			return msg
		case <-ctx.Done():
			return nil
		}
	}
	return id, cancel, wait
}
