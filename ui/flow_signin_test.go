package ui

import (
	"testing"

	"github.com/idtui/idtui/keycloak"
)

// Flows of the context switch, the operator's sign-in and the user's
// tokens. The sign-in screens count down by the test clock, which the
// flows do not advance.

// startContextsFlow starts a console on the context dev, with the test
// contexts.
func startContextsFlow(t *testing.T, width, height int) (*flow, *testContexts) {
	t.Helper()
	var contexts *testContexts
	fl := startFlow(t, func(o *Options) {
		contexts = newTestContexts(o.Clock)
		o.Contexts, o.ContextName = contexts, "dev"
	}, width, height)
	return fl, contexts
}

func TestFlowContextPicker(t *testing.T) {
	fl, _ := startContextsFlow(t, 100, 20)
	fl.keys("C", "j")
	fl.waitFor(t, "● dev  (current)")
	fl.finish(t)
}

func TestFlowContextSecretPrompt(t *testing.T) {
	fl, _ := startContextsFlow(t, 100, 20)
	fl.keys("C", "j", "enter")
	fl.waitFor(t, "The password of admin@master:")
	fl.tm.Type(otherPassword)
	fl.waitFor(t, "> ••••••••••")
	fl.finish(t)
}

func TestFlowContextSwitchFailed(t *testing.T) {
	fl, _ := startContextsFlow(t, 100, 20)
	fl.keys("C", "j", "j", "enter")
	fl.waitFor(t, "Switching to broken failed")
	fl.finish(t)
}

// switchToOther switches to the context other, typing its password.
func (fl *flow) switchToOther(t *testing.T) {
	t.Helper()
	fl.keys("C", "j", "enter")
	fl.waitFor(t, "The password of admin@master:")
	fl.tm.Type(otherPassword)
	fl.keys("enter")
	fl.waitFor(t, "billing")
}

func TestFlowContextSwitched(t *testing.T) {
	fl, _ := startContextsFlow(t, 100, 20)
	fl.switchToOther(t)
	fl.waitFor(t, "READONLY")
	fl.finish(t)
}

func TestFlowContextSwitchedHelp(t *testing.T) {
	fl, _ := startContextsFlow(t, 100, 30)
	fl.switchToOther(t)
	fl.keys("?")
	fl.waitFor(t, "Keys of Applications")
	fl.finish(t)
}

func TestFlowSignInBrowser(t *testing.T) {
	fl := startFlow(t, nil, 100, 24)
	fl.backend.holdSignIns()
	fl.backend.endSession()
	fl.keys("G", "enter")
	fl.waitFor(t, "c copies the URL")
	fl.finish(t)
}

func TestFlowSignInDevice(t *testing.T) {
	fl := startFlow(t, nil, 100, 24)
	fl.backend.holdSignIns()
	fl.backend.setSignInMethod(keycloak.SignInDevice)
	fl.backend.endSession()
	fl.keys("G", "enter")
	fl.waitFor(t, "The code expires in 10m.")
	fl.finish(t)
}

func TestFlowSignInRetried(t *testing.T) {
	fl := startFlow(t, nil, 100, 24)
	release := fl.backend.holdSignIns()
	fl.backend.endSession()
	fl.keys("G", "enter")
	fl.waitFor(t, "c copies the URL")
	release <- nil
	fl.waitFor(t, "zeebe-api  write:*")
	fl.waitFor(t, "Signed in again as admin@master")
	fl.finish(t)
}

func TestFlowRedirectURIConfirm(t *testing.T) {
	fl := startFlow(t, nil, 100, 20)
	fl.keys("j", "j", "t")
	fl.waitFor(t, "Add the redirect URI")
	fl.finish(t)
}

func TestFlowUserToken(t *testing.T) {
	fl := startFlow(t, nil, 100, 50)
	fl.keys("j", "j", "t")
	fl.waitFor(t, "Add the redirect URI")
	fl.keys("y")
	fl.waitFor(t, "Operate would accept the token")
	fl.finish(t)
}

func TestFlowUserIDToken(t *testing.T) {
	fl := startFlow(t, nil, 100, 40)
	fl.keys("j", "j", "t")
	fl.waitFor(t, "Add the redirect URI")
	fl.keys("y")
	fl.waitFor(t, "Operate would accept the token")
	fl.keys("tab")
	fl.waitFor(t, "ID token of operate")
	fl.finish(t)
}
