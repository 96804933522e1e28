package ui

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/idtui/idtui/model"
)

// The smallest terminal the console draws in. A smaller one gets a message.
const (
	minWidth  = 50
	minHeight = 12
)

// App is the console's root model: a stack of screens over one backend,
// with the footer and the clipboard. The bottom screen is the list.
type App struct {
	env    *env
	stack  []screen
	footer footer
	clip   clipboardState
	// cleanups counts the changes that flows still have to undo, over
	// every connection of the run.
	cleanups sync.WaitGroup
	// quitWarned is set when the last key was q or ctrl+c and only warned
	// that a change to Keycloak is in flight, so the next one quits.
	quitWarned bool
	// deletedApp is an application that a request found deleted. The next key
	// leaves its screens for the refreshed list.
	deletedApp *model.AppRef

	width, height int
}

// New returns the console for backend. Run it with tea.NewProgram, and
// call Close after the program ends.
func New(backend Backend, opts Options) *App {
	opts = opts.withDefaults()
	a := &App{clip: clipboardState{opts: opts}}
	a.connect(backend, opts)
	a.env.log.Info("console opened", "context", opts.ContextName, "url", backend.URL(), "realm", backend.Realm(), "admin", backend.Identity(), "read_only", opts.ReadOnly, "clipboard", string(opts.Clipboard))
	return a
}

// connect builds the env and the screen stack for a backend. Switching to
// another Keycloak without a restart calls it again with the new backend.
// The clipboard state stays, so that a secret copied before the switch is
// still cleared.
func (a *App) connect(backend Backend, opts Options) {
	var lastID requestID
	if a.env != nil {
		a.env.cancel()
		lastID = a.env.lastID
	}
	a.env = newEnv(backend, opts, lastID, &a.cleanups)
	a.deletedApp = nil
	a.footer = newFooter(a.env)
	a.stack = []screen{newListScreen(a.env)}
	a.resize()
}

func (a *App) Init() tea.Cmd {
	return tea.Batch(a.top().Init(), a.footer.updateSpinner(nil))
}

// Close ends the requests in flight. The quit key clears the clipboard in
// Update, where an OSC 52 sequence can still reach the terminal. When the
// program ends another way, such as a signal, Close clears a native copy
// that is still due; an OSC 52 copy then stays in the terminal's clipboard.
//
// Close also waits, up to cleanupTimeout, for the flows that still undo a
// change, such as the removal of a temporary redirect URI.
func (a *App) Close() {
	a.env.cancel()
	if last := a.clip.last; last != nil && last.via == viaNative {
		if clear := a.clip.clear(); clear != nil {
			clear()
		}
	}

	done := make(chan struct{})
	go func() {
		a.cleanups.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(cleanupTimeout):
		a.env.log.Error("a temporary change was not undone before the console ended; check the log for the client")
	}
}

func (a *App) top() screen { return a.stack[len(a.stack)-1] }

func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	seq := a.footer.seq
	cmds := []tea.Cmd{a.handle(msg), a.navigate(seq)}
	cmds = append(cmds, a.footer.updateSpinner(msg))
	a.resize()
	return a, tea.Batch(cmds...)
}

// navigate applies the stack changes that screens asked for, and returns
// the first requests of the screens it opened. A screen it opens clears the
// info message that the footer showed before this Update, when its
// sequence was seq, because that message belongs to the screen left.
func (a *App) navigate(seq int) tea.Cmd {
	var cmds []tea.Cmd
	for len(a.env.nav) > 0 {
		nav := a.env.nav[0]
		a.env.nav = a.env.nav[1:]
		if nav.op != navPop {
			cmds = append(cmds, a.footer.clearStale(seq))
		}
		if nav.op == navPush {
			a.stack = append(a.stack, nav.screen)
			a.resize()
			cmds = append(cmds, nav.screen.Init())
			continue
		}

		i := a.indexOf(nav.target)
		if i <= 0 {
			continue // the target is gone, or is the list, which stays
		}
		left := a.stack[i]
		if nav.op == navPop {
			a.stack = slices.Delete(a.stack, i, i+1)
		} else {
			a.stack[i] = nav.screen
			a.resize()
			cmds = append(cmds, nav.screen.Init())
		}
		if c, ok := left.(closer); ok {
			cmds = append(cmds, c.closed())
		}
	}
	return tea.Batch(cmds...)
}

// indexOf returns the position of s in the stack, the top for nil, or -1.
func (a *App) indexOf(s screen) int {
	if s == nil {
		return len(a.stack) - 1
	}
	return slices.Index(a.stack, s)
}

func (a *App) handle(msg tea.Msg) tea.Cmd {
	var notice, check tea.Cmd
	if r, ok := msg.(requestReply); ok {
		notice = a.endRequest(r)
		check = a.checkDeleted(msg)
	}
	return tea.Batch(notice, check, a.route(msg))
}

// route passes a message to the part of the console that handles it: the
// App itself, the top screen for keys, or every screen.
func (a *App) route(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.width, a.height = msg.Width, msg.Height
		return nil
	case tea.KeyPressMsg:
		return a.handleKey(msg)

	case infoMsg:
		return a.footer.info(string(msg))
	case noteMsg:
		return a.footer.note(string(msg))
	case warningMsg:
		a.env.log.Warn(string(msg))
		a.footer.warning(string(msg))
		return nil
	case errorMsg:
		a.env.log.Warn("action failed", "error", msg.err)
		a.footer.error(msg.err)
		return nil
	case infoExpiredMsg:
		return a.footer.expire(msg)
	case spinner.TickMsg:
		return nil // updateSpinner handles it

	case signInRequiredMsg:
		return a.requireSignIn(msg)
	case signInCanceledMsg:
		return a.signInCanceled(msg)
	case switchMsg:
		return a.switchContext(msg.conn)

	case copyMsg:
		if msg.err != nil {
			return nil
		}
		return tea.Batch(a.clip.copy(msg), a.broadcast(msg))
	case nativeCopiedMsg:
		return a.clip.nativeCopied(msg)
	case clearDueMsg:
		return a.clip.clearDue(msg)
	case clearedMsg:
		return a.cleared(msg)
	}
	return a.broadcast(msg)
}

// endRequest removes a finished request from the pending ones and shows
// its error, or the notice of a change that succeeded. A reply to a
// request that is not pending comes from a request that was canceled, such
// as one of the connection before a switch.
func (a *App) endRequest(r requestReply) tea.Cmd {
	id := r.endsRequest()
	label, pending := a.env.pending[id]
	if id == 0 || !pending {
		return nil
	}
	a.env.end(id)
	if err := r.failure(); err != nil {
		a.env.log.Warn("request failed", "request", label, "error", err)
		a.footer.error(err)
		return nil
	}
	if n, ok := r.(notifier); ok && r.requestErr() == nil {
		return a.footer.info(n.notice())
	}
	return nil
}

// broadcast passes a message to every screen, bottom first, so the list
// keeps streaming and applies changes while another screen is on top.
func (a *App) broadcast(msg tea.Msg) tea.Cmd {
	cmds := make([]tea.Cmd, 0, len(a.stack))
	for _, s := range a.stack {
		cmds = append(cmds, s.Update(msg))
	}
	return tea.Batch(cmds...)
}

// handleKey routes a key. ctrl+c always quits, after a warning while a
// change is in flight. While the top screen waits for a change it sent,
// esc, ? and C only show a note. Unless the top screen takes typed text,
// q, ? and esc quit, open help and go back. Every other key goes to the
// top screen.
func (a *App) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	dismiss := a.footer.dismissError()
	warned := a.quitWarned
	a.quitWarned = false
	if a.deletedApp != nil && !key.Matches(msg, a.env.global.Interrupt) {
		// The key only dismisses the message, because on the screens of a
		// deleted application it would repeat an action that fails.
		if cmd := a.leaveDeletedApp(); cmd != nil || a.deletedApp == nil {
			return tea.Batch(dismiss, cmd)
		}
	}
	return tea.Batch(dismiss, a.routeKey(msg, warned))
}

// routeKey routes a key. warned reports whether the key before it was a
// quit key that only warned.
func (a *App) routeKey(msg tea.KeyPressMsg, warned bool) tea.Cmd {
	if a.tooSmall() {
		return a.keyWhileTooSmall(msg, warned)
	}

	g := a.env.global
	top := a.top()
	if key.Matches(msg, g.Interrupt) {
		return a.requestQuit(msg, warned)
	}
	if label, waiting := a.awaitedChange(top); waiting && key.Matches(msg, g.Back, g.Help, g.SwitchContext) {
		return notifyInfo("Already sent to Keycloak, so it cannot be canceled: " + label + ". Its result shows here when Keycloak replies.")
	}
	if !top.Capturing() {
		switch {
		case key.Matches(msg, g.Quit):
			return a.requestQuit(msg, warned)
		case key.Matches(msg, g.Help):
			if _, open := top.(*helpScreen); open {
				return a.env.pop()
			}
			return a.env.push(newHelpScreen(a.env, top))
		case key.Matches(msg, g.Back) && len(a.stack) > 1:
			return a.env.pop()
		case key.Matches(msg, g.SwitchContext):
			if _, open := top.(*contextPicker); open {
				return nil
			}
			return a.env.push(newContextPicker(a.env))
		}
	}
	return top.Update(msg)
}

// keyWhileTooSmall routes a key while the terminal is too small to draw
// in. Typed text still reaches a screen that takes text, so nothing typed
// is lost, and q is a letter there. Keys that act, such as enter, do
// nothing until the operator can see what they would do.
func (a *App) keyWhileTooSmall(msg tea.KeyPressMsg, warned bool) tea.Cmd {
	top := a.top()
	switch {
	case key.Matches(msg, a.env.global.Interrupt):
		return a.requestQuit(msg, warned)
	case top.Capturing():
		if msg.Text != "" || msg.Code == tea.KeyBackspace {
			return top.Update(msg)
		}
	case key.Matches(msg, a.env.global.Quit):
		return a.requestQuit(msg, warned)
	}
	return nil
}

// awaitedChange returns the label of the change that screen s waits for,
// while the change is in flight.
func (a *App) awaitedChange(s screen) (label string, waiting bool) {
	w, ok := s.(waiter)
	if !ok || w.awaited() == 0 {
		return "", false
	}
	label, waiting = a.env.pending[w.awaited()]
	return label, waiting
}

// requestQuit quits, unless a change to Keycloak is in flight and the key
// before was not a quit key that warned. Keycloak may already have applied
// the change, and quitting would hide its result, such as a new secret, so
// the first q or ctrl+c only shows a warning in the footer.
func (a *App) requestQuit(msg tea.KeyPressMsg, warned bool) tea.Cmd {
	label, inFlight := a.env.changeInFlight()
	if !inFlight {
		return a.quit()
	}
	if warned {
		a.env.log.Warn("quit without waiting for a change in flight", "request", label)
		return a.quit()
	}
	a.quitWarned = true
	a.footer.warning(fmt.Sprintf("a change to Keycloak is on its way (%s). Press %s again to quit without waiting for its result.", label, msg.String()))
	return nil
}

// quit clears a copied secret from the clipboard first, so that the
// OSC 52 sequence or the native write happens before the program ends.
func (a *App) quit() tea.Cmd {
	a.env.log.Info("console closed")
	return tea.Sequence(a.clip.clear(), tea.Quit)
}

func (a *App) cleared(msg clearedMsg) tea.Cmd {
	switch {
	case msg.err != nil:
		a.env.log.Warn("clearing the clipboard failed", "error", msg.err)
		return notifyError(fmt.Errorf("clearing %s from the clipboard failed: %w; clear the clipboard by copying something else", msg.what, msg.err))
	case msg.cleared:
		a.env.log.Info("clipboard cleared")
		return notifyNote("Cleared " + msg.what + " from the clipboard")
	}
	a.env.log.Info("clipboard not cleared: it no longer contains the copy")
	return nil
}

// Layout: one line of breadcrumb, the screen, then the footer. resize
// gives the top screens the height that remains.
func (a *App) resize() {
	bodyHeight := a.bodyHeight()
	for _, s := range a.stack {
		s.SetSize(a.width, bodyHeight)
	}
}

func (a *App) bodyHeight() int {
	return max(0, a.height-1-a.footer.height(a.width))
}

func (a *App) tooSmall() bool { return a.width < minWidth || a.height < minHeight }

func (a *App) View() tea.View {
	v := tea.NewView(a.render())
	// The alternate screen keeps the shell's scrollback clean. Mouse
	// capture stays off, because it would stop the operator from selecting
	// text in the terminal.
	v.AltScreen = true
	v.WindowTitle = "idtui"
	return v
}

func (a *App) render() string {
	if a.width == 0 || a.height == 0 {
		return ""
	}
	if a.tooSmall() {
		text := fmt.Sprintf("The terminal is %d×%d; idtui needs at least %d×%d. Enlarge the window, or press q to quit. Other keys do nothing until then.", a.width, a.height, minWidth, minHeight)
		if a.top().Capturing() {
			text = fmt.Sprintf("The terminal is %d×%d; idtui needs at least %d×%d. Enlarge the window. What you type still goes into the field; ctrl+c quits.", a.width, a.height, minWidth, minHeight)
		}
		return lipgloss.Place(a.width, a.height, lipgloss.Center, lipgloss.Center, ansi.Wrap(text, a.width, " "))
	}

	top := a.top()
	// A breadcrumb that does not fit loses its middle, so that the screen
	// on top stays named.
	header := a.env.styles.Title.Render(cutMiddle(printable(a.breadcrumb()), a.width))
	body := fitHeight(top.View(), a.bodyHeight(), a.width)
	global := []key.Binding{a.env.global.Help, a.env.global.Quit}
	_, waiting := a.awaitedChange(top)
	switch {
	case top.Capturing():
		global = []key.Binding{a.env.global.Interrupt}
	case waiting:
		// ? only shows a note while the top screen waits for its change.
		global = []key.Binding{a.env.global.Quit}
	}
	return header + "\n" + body + "\n" + a.footer.View(a.width, top.ShortHelp(), global)
}

func (a *App) breadcrumb() string {
	titles := []string{"idtui"}
	for _, s := range a.stack {
		if scoped, ok := s.(appScoped); ok && scoped.clientID() != "" {
			if app := appTitle(scoped.clientID()); titles[len(titles)-1] != app {
				titles = append(titles, app)
			}
		}
		titles = append(titles, s.Title())
	}
	return strings.Join(titles, " › ")
}

// fitHeight pads or cuts view to exactly height lines, each cut to width.
func fitHeight(view string, height, width int) string {
	lines := strings.Split(view, "\n")
	if len(lines) > height {
		lines = lines[:height]
	}
	for i, line := range lines {
		lines[i] = ansi.Truncate(line, width, "")
	}
	for len(lines) < height {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}
