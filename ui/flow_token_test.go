package ui

import (
	"testing"
	"time"

	"github.com/idtui/idtui/model"
)

// Flows of the token screen and of API access. The token screen's
// countdown follows the test clock, which moves only when a flow advances
// it, so the goldens show the same times on every run.

func TestFlowToken(t *testing.T) {
	fl := startFlow(t, nil, 100, 40)
	fl.keys("G", "t")
	fl.waitFor(t, "Zeebe would accept the token")
	fl.finish(t)
}

func TestFlowTokenExpired(t *testing.T) {
	fl := startFlow(t, nil, 100, 40)
	fl.keys("G", "t")
	fl.waitFor(t, "expires in 5m")
	fl.clock.Advance(8*time.Minute + 5*time.Second)
	// The screen's one-second tick draws the new time.
	fl.waitFor(t, "expired 3m 5s ago")
	fl.finish(t)
}

func TestFlowTokenRejected(t *testing.T) {
	fl := startFlow(t, nil, 100, 44)
	fl.keys("t") // connectors, without permissions
	fl.waitFor(t, "Identity would reject")
	fl.finish(t)
}

func TestFlowTokenFailed(t *testing.T) {
	fl := startFlow(t, nil, 100, 30)
	fl.backend.fail("fetch a token for", wrongSecret("connectors"))
	fl.keys("t")
	fl.waitFor(t, "What to change")
	fl.finish(t)
}

func TestFlowTokenNoServiceAccount(t *testing.T) {
	fl := startFlow(t, nil, 100, 24)
	fl.keys("a", "G", "t") // zeebe-api
	fl.waitFor(t, "No token for zeebe-api")
	fl.finish(t)
}

func TestFlowAPIAccess(t *testing.T) {
	fl := startFlow(t, nil, 100, 26)
	fl.backend.mu.Lock()
	fl.backend.perms["id-0001"] = append(fl.backend.perms["id-0001"], model.Permission{API: "operate-api", Role: "read:*"}, model.Permission{API: "operate-api", Role: "write:*"})
	fl.backend.mu.Unlock()
	fl.keys("G", "enter")
	fl.waitFor(t, "operate-api  read:*, write:*")
	fl.finish(t)
}

func TestFlowGrantPicker(t *testing.T) {
	fl := startFlow(t, nil, 100, 24)
	fl.keys("enter", "+")
	fl.waitFor(t, "Grant a permission to connectors")
	fl.tm.Type("operate")
	fl.waitFor(t, "write:*     Operate API")
	fl.finish(t)
}

func TestFlowGranted(t *testing.T) {
	fl := startFlow(t, nil, 100, 24)
	fl.keys("enter", "+")
	fl.waitFor(t, "Grant a permission to connectors")
	fl.tm.Type("operate read")
	fl.keys("enter")
	fl.waitFor(t, "Granted read:* on operate-api to connectors")
	fl.waitFor(t, "API access       operate-api  read:*")
	fl.finish(t)
}

func TestFlowRemoveConfirm(t *testing.T) {
	fl := startFlow(t, nil, 100, 20)
	fl.keys("G", "enter")
	fl.waitFor(t, "zeebe-api  write:*")
	fl.keys("-")
	fl.waitFor(t, "Remove a permission from zeebe")
	fl.keys("enter")
	fl.waitFor(t, "Remove write:* on zeebe-api from zeebe?")
	fl.finish(t)
}

func TestFlowHelpDetails(t *testing.T) {
	fl := startFlow(t, nil, 100, 34)
	fl.keys("enter", "?")
	fl.waitFor(t, "Keys of connectors")
	fl.finish(t)
}

func TestFlowHelpToken(t *testing.T) {
	fl := startFlow(t, nil, 100, 24)
	fl.keys("t")
	fl.waitFor(t, "Token of connectors")
	fl.keys("?")
	fl.waitFor(t, "Keys of Token")
	fl.finish(t)
}
