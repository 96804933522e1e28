package ui

import (
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/idtui/idtui/keycloak"
)

// The flows run the console in a Bubble Tea program against the in-memory
// backend, and compare the final screen, without colours, with the golden
// files in testdata. go test ./ui -update rewrites them.

// recorder wraps the App to keep the last screen it drew, so flows can
// wait for what the operator would see.
type recorder struct {
	*App
	mu   sync.Mutex
	last string
	idle bool // no request was in flight when the screen was drawn
}

func (r *recorder) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := r.App.Update(msg)
	return r, cmd
}

// View runs in the program's event loop, like Update, so it may read the
// App's state.
func (r *recorder) View() tea.View {
	v := r.App.View()
	r.mu.Lock()
	defer r.mu.Unlock()
	r.last = ansi.Strip(v.Content)
	r.idle = len(r.App.env.pending) == 0
	return v
}

type flow struct {
	*fixture
	tm  *teatest.TestModel
	rec *recorder
}

func startFlow(t *testing.T, change func(*Options), width, height int) *flow {
	t.Helper()
	f := newFixture(t, change)
	rec := &recorder{App: f.app}
	tm := teatest.NewTestModel(t, rec, teatest.WithInitialTermSize(width, height))
	fl := &flow{fixture: f, tm: tm, rec: rec}
	t.Cleanup(func() { _ = tm.Quit() })
	fl.waitFor(t, "zeebe")
	return fl
}

// waitFor waits until the screen shows text and no request is in flight.
func (fl *flow) waitFor(t *testing.T, text string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		fl.rec.mu.Lock()
		last, idle := fl.rec.last, fl.rec.idle
		fl.rec.mu.Unlock()
		if idle && strings.Contains(last, text) {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	fl.rec.mu.Lock()
	defer fl.rec.mu.Unlock()
	t.Fatalf("the screen did not show %q within 5s; it shows:\n%s", text, fl.rec.last)
}

func (fl *flow) keys(keys ...string) {
	for _, k := range keys {
		fl.tm.Send(keyPress(k))
	}
}

// finish quits and compares the last screen with the golden file.
func (fl *flow) finish(t *testing.T) {
	t.Helper()
	if err := fl.tm.Quit(); err != nil {
		t.Fatal(err)
	}
	fl.tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	golden.RequireEqual(t, ansi.Strip(fl.rec.App.render()))
}

func TestFlowList(t *testing.T) {
	fl := startFlow(t, nil, 100, 20)
	fl.waitFor(t, "5 applications")
	fl.finish(t)
}

func TestFlowListAll(t *testing.T) {
	fl := startFlow(t, nil, 100, 20)
	fl.keys("a", "s")
	fl.waitFor(t, "Sorted by secret age")
	fl.finish(t)
}

func TestFlowFilter(t *testing.T) {
	fl := startFlow(t, nil, 100, 20)
	fl.keys("/")
	fl.tm.Type("ze")
	fl.waitFor(t, "1 application,")
	fl.finish(t)
}

func TestFlowDetails(t *testing.T) {
	fl := startFlow(t, nil, 100, 24)
	fl.keys("G", "enter")
	fl.waitFor(t, "zeebe-api  write:*")
	fl.finish(t)
}

func TestFlowCreateForm(t *testing.T) {
	fl := startFlow(t, nil, 100, 24)
	fl.keys("n")
	fl.tm.Type("Shop Frontend")
	fl.keys("tab", "tab", "right", "right", "tab")
	fl.tm.Type("shop.example.com/*")
	fl.waitFor(t, "has no scheme")
	fl.finish(t)
}

func TestFlowCreateAndCopy(t *testing.T) {
	fl := startFlow(t, nil, 100, 30)
	fl.keys("n")
	fl.tm.Type("Billing Service")
	fl.keys("ctrl+s")
	fl.waitFor(t, "Created M2M application billing-service.")
	fl.keys("e")
	fl.waitFor(t, "Copied the .env block of billing-service")

	if got := fl.native.get(); !strings.Contains(got, "ZEEBE_CLIENT_SECRET=created-secret-of-billing-service\n") {
		t.Errorf("clipboard lacks the secret:\n%s", got)
	}
	fl.finish(t)
}

func TestFlowCreateConflict(t *testing.T) {
	fl := startFlow(t, nil, 100, 24)
	fl.keys("n")
	fl.tm.Type("Operate")
	fl.keys("ctrl+s")
	fl.waitFor(t, "choose another")
	fl.finish(t)
}

func TestFlowRotateConfirm(t *testing.T) {
	fl := startFlow(t, nil, 100, 20)
	fl.keys("G", "R")
	fl.waitFor(t, "Rotate the secret of zeebe?")
	fl.finish(t)
}

func TestFlowRotated(t *testing.T) {
	fl := startFlow(t, nil, 100, 30)
	fl.keys("G", "R", "y")
	fl.waitFor(t, "Rotated the secret of zeebe.")
	fl.keys("c")
	fl.waitFor(t, "Copied the secret of zeebe")
	fl.finish(t)
}

func TestFlowDeleteMismatch(t *testing.T) {
	fl := startFlow(t, nil, 100, 20)
	fl.keys("D")
	fl.tm.Type("connector")
	fl.keys("enter")
	fl.waitFor(t, "That is not the client id")
	fl.finish(t)
}

func TestFlowHelp(t *testing.T) {
	fl := startFlow(t, nil, 100, 40)
	fl.keys("?")
	fl.waitFor(t, "Keys of Applications")
	fl.finish(t)
}

func TestFlowHelpReadOnly(t *testing.T) {
	fl := startFlow(t, func(o *Options) { o.ReadOnly = true; o.ContextName = "production" }, 100, 40)
	fl.keys("?")
	fl.waitFor(t, "Keys of Applications")
	fl.finish(t)
}

func TestFlowError(t *testing.T) {
	fl := startFlow(t, nil, 100, 20)
	fl.backend.fail("read the secret of", &keycloak.Error{Kind: keycloak.ErrForbidden, Op: "read the secret of", ClientID: "connectors", Status: 403, Hint: "The admin lacks a realm-management role for this, such as view-clients; grant it in Keycloak"})
	fl.keys("c")
	fl.waitFor(t, "Error:")
	fl.finish(t)
}

func TestFlowTooSmall(t *testing.T) {
	fl := startFlow(t, nil, 100, 20)
	fl.tm.Send(windowSize(40, 10))
	fl.waitFor(t, "Enlarge the window")
	fl.finish(t)
}

func TestFlowDetailsForbidden(t *testing.T) {
	fl := startFlow(t, nil, 100, 26)
	fl.backend.fail("read the permissions of", forbidView("zeebe"))
	fl.keys("G", "enter")
	fl.waitFor(t, "then press ctrl+r.")
	fl.finish(t)
}
