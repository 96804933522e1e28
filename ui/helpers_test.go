package ui

import (
	"io"
	"log/slog"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/idtui/idtui/model"
)

// testNow is the console's clock in tests, so that secret ages and the
// golden views stay the same from run to run.
var testNow = time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)

// testClock is a clock that moves only when the test advances it.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// presetApps resembles the dev realm: Camunda's applications, an API client
// and a built-in client, which the list hides by default.
func presetApps() []model.Application {
	day := 24 * time.Hour
	m2m := model.Flows{ServiceAccount: true}
	login := model.Flows{Standard: true}
	return []model.Application{
		{ClientID: "zeebe", Name: "Zeebe", Type: model.TypeM2M, Enabled: true, Flows: m2m, SecretCreatedAt: testNow.Add(-40 * day)},
		{ClientID: "connectors", Name: "Connectors", Type: model.TypeM2M, Enabled: true, Flows: m2m, SecretCreatedAt: testNow.Add(-200 * day)},
		{ClientID: "operate", Name: "Operate", Type: model.TypeConfidential, Enabled: true, Flows: login, RedirectURIs: []string{"http://localhost:8081/*"}, SecretCreatedAt: testNow.Add(-3 * time.Hour)},
		{ClientID: "legacy-batch", Name: "Legacy batch jobs", Type: model.TypeM2M, Enabled: false, Flows: m2m},
		{ClientID: "web-modeler", Name: "Web Modeler", Type: model.TypePublic, Enabled: true, Flows: login, RedirectURIs: []string{"http://localhost:8070/*"}},
		{ClientID: "zeebe-api", Name: "Zeebe API", Type: model.TypeAPI, Enabled: true},
		{ClientID: "admin-cli", Name: "${client_admin-cli}", Type: model.TypeBuiltIn, Enabled: true, Flows: model.Flows{DirectAccess: true}},
		{ClientID: "operate-api", Name: "Operate API", Type: model.TypeAPI, Enabled: true},
	}
}

type fixture struct {
	app     *App
	backend *memoryBackend
	native  *memoryClipboard
	clock   *testClock
	// late receives the messages of commands that outlasted collect's wait,
	// such as a flow that waits for the person who signs in.
	late chan tea.Msg
}

// newFixture returns a console over the preset applications, with a test
// clock and an in-memory native clipboard. change adjusts the options.
func newFixture(t *testing.T, change func(*Options)) *fixture {
	t.Helper()
	clock := &testClock{now: testNow}
	backend := newMemoryBackend(clock.Now, presetApps()...)
	backend.perms["id-0001"] = []model.Permission{{API: "zeebe-api", Role: "write:*"}}
	native := &memoryClipboard{}
	opts := Options{
		Clock:          clock.Now,
		Clipboard:      ClipboardAuto,
		ClipboardClear: DefaultClipboardClear,
		native:         native,
		getenv:         func(string) string { return "" },
		// A tmux that takes OSC 52 copies, for the tests that set TMUX.
		tmuxSetClipboard: func() (string, error) { return "on", nil },
	}
	if change != nil {
		change(&opts)
	}
	return &fixture{app: New(backend, opts), backend: backend, native: native, clock: clock, late: make(chan tea.Msg, 64)}
}

// start sizes the console and loads the list, as the program would.
func (f *fixture) start(t *testing.T, width, height int) {
	t.Helper()
	f.drive(tea.WindowSizeMsg{Width: width, Height: height})
	f.run(f.app.Init())
	if n := f.app.stack[0].(*listScreen).table.len(); n == 0 {
		t.Fatalf("the list is empty after loading")
	}
}

// drive passes messages to the console and then the messages of the
// commands it returns, until none are left.
func (f *fixture) drive(msgs ...tea.Msg) {
	for len(msgs) > 0 {
		msg := msgs[0]
		msgs = msgs[1:]
		_, cmd := f.app.Update(msg)
		msgs = append(msgs, collectLate(cmd, f.late)...)
	}
}

// awaitLate waits for the next message that a command sent after
// collect's wait, and drives it.
func (f *fixture) awaitLate(t *testing.T) {
	t.Helper()
	select {
	case msg := <-f.late:
		f.drive(expand(msg, f.late)...)
	case <-time.After(5 * time.Second):
		t.Fatal("no late message within 5s")
	}
}

func (f *fixture) run(cmd tea.Cmd) { f.drive(collect(cmd)...) }

// press types keys, one message each, and runs what follows from them.
func (f *fixture) press(keys ...string) {
	for _, k := range keys {
		f.drive(keyPress(k))
	}
}

// view returns the console's screen without colours.
func (f *fixture) view() string { return ansi.Strip(f.app.render()) }

// timerWait is how long collect waits for a command. Commands of the
// in-memory backend return at once. Timers (message expiry, clipboard
// clearing, the spinner) take longer, so collect drops them and tests send
// their messages themselves.
const timerWait = 150 * time.Millisecond

// collect runs a command and returns its messages, with batches and
// sequences flattened. Spinner ticks are dropped.
func collect(cmd tea.Cmd) []tea.Msg { return collectLate(cmd, nil) }

// collectLate is collect, but sends the message of a command that
// outlasts the wait to late, where late is not nil. Timers are never
// late: their messages are dropped.
func collectLate(cmd tea.Cmd, late chan<- tea.Msg) []tea.Msg {
	if cmd == nil {
		return nil
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	select {
	case msg := <-done:
		return expand(msg, late)
	case <-time.After(timerWait):
		if late != nil {
			go func() {
				if msg := <-done; !isTimer(msg) {
					late <- msg
				}
			}()
		}
		return nil
	}
}

// isTimer reports whether msg comes from a timer of the console.
func isTimer(msg tea.Msg) bool {
	switch msg.(type) {
	case nil, spinner.TickMsg, infoExpiredMsg, clearDueMsg, tokenTickMsg, signInTickMsg:
		return true
	}
	return false
}

// expand flattens batches and sequences into their messages.
func expand(msg tea.Msg, late chan<- tea.Msg) []tea.Msg {
	switch msg := msg.(type) {
	case nil, spinner.TickMsg:
		return nil
	case tea.BatchMsg:
		return collectAll(msg, late)
	}
	// tea.Sequence returns an unexported slice of commands.
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
		cmds := make([]tea.Cmd, v.Len())
		for i := range cmds {
			cmds[i] = v.Index(i).Interface().(tea.Cmd)
		}
		var out []tea.Msg
		for _, c := range cmds {
			out = append(out, collectLate(c, late)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

// collectAll runs the commands of a batch at once, as the program does.
func collectAll(cmds []tea.Cmd, late chan<- tea.Msg) []tea.Msg {
	results := make([][]tea.Msg, len(cmds))
	var wg sync.WaitGroup
	for i, c := range cmds {
		wg.Go(func() { results[i] = collectLate(c, late) })
	}
	wg.Wait()
	var out []tea.Msg
	for _, r := range results {
		out = append(out, r...)
	}
	return out
}

// keyPress returns the message of a key as the binding names it: "enter",
// "ctrl+r", "R" or "/".
func keyPress(k string) tea.KeyPressMsg {
	named := map[string]rune{
		"enter": tea.KeyEnter, "esc": tea.KeyEscape, "tab": tea.KeyTab, "backspace": tea.KeyBackspace,
		"up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight,
		"pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown, "home": tea.KeyHome, "end": tea.KeyEnd,
	}
	if code, ok := named[k]; ok {
		return tea.KeyPressMsg{Code: code}
	}
	if k == "shift+tab" {
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	}
	if rest, ok := strings.CutPrefix(k, "ctrl+"); ok {
		return tea.KeyPressMsg{Code: []rune(rest)[0], Mod: tea.ModCtrl}
	}
	return tea.KeyPressMsg{Code: []rune(k)[0], Text: k}
}

// typeText types text one key at a time.
func (f *fixture) typeText(text string) {
	for _, r := range text {
		f.drive(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func (f *fixture) top() screen { return f.app.top() }

func windowSize(width, height int) tea.WindowSizeMsg {
	return tea.WindowSizeMsg{Width: width, Height: height}
}

func newTextLogger(w io.Writer) *slog.Logger { return slog.New(slog.NewTextHandler(w, nil)) }
