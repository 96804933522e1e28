package ui

import (
	"context"
	"log/slog"
	"time"

	tea "charm.land/bubbletea/v2"
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

	// nav collects the stack changes that screens ask for during one Update.
	nav []navigation
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

func newEnv(backend Backend, opts Options) *env {
	ctx, cancel := context.WithCancel(context.Background())
	return &env{
		backend: backend,
		opts:    opts,
		styles:  NewStyles(opts.Accent, opts.NoColor),
		global:  newGlobalKeys(),
		actions: newActionKeys(opts.ReadOnly),
		log:     opts.Logger,
		ctx:     ctx,
		cancel:  cancel,
		pending: map[requestID]string{},
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
func (e *env) end(id requestID) { delete(e.pending, id) }

// call runs fn as a request: fn's message must end the request id it gets.
// The request is tied to the console's lifetime, not to a screen, so a
// change that the operator confirmed completes even after they leave the
// screen that started it.
func (e *env) call(label string, fn func(ctx context.Context, id requestID) tea.Msg) (requestID, tea.Cmd) {
	id, ctx, cancel := e.start(label)
	return id, func() tea.Msg {
		defer cancel()
		return fn(ctx, id)
	}
}
