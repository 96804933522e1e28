package keycloak_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/keycloak/kctest"
)

func TestTimeoutNamesURLAndDuration(t *testing.T) {
	base := kctest.SilentServer(t)
	cfg := kctest.Config(t)
	cfg.URL = base
	cfg.Timeout = time.Second
	c, err := keycloak.New(cfg)
	if err != nil {
		t.Fatal(err)
	}

	// A context without a deadline, so that cfg.Timeout applies.
	err = c.Login(context.Background())

	if !errors.Is(err, keycloak.ErrUnavailable) {
		t.Fatalf("err = %v, want unavailable", err)
	}
	for _, part := range []string{"no response from " + base + " within 1s", "not overloaded or stuck"} {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("err = %q, want it to contain %q", err, part)
		}
	}
	if strings.Contains(err.Error(), "deadline") {
		t.Errorf("err = %q still names the deadline instead of the duration", err)
	}
}
