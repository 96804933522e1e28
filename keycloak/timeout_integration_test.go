package keycloak_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/idtui/idtui/keycloak"
	"github.com/idtui/idtui/keycloak/kctest"
)

// silentKeycloak listens on a loopback port, accepts every connection and
// never responds, like a Keycloak that hangs. It returns the base URL.
func silentKeycloak(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		var held []net.Conn
		defer func() {
			for _, conn := range held {
				conn.Close()
			}
		}()
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			held = append(held, conn)
			select {
			case <-done:
				return
			default:
			}
		}
	}()
	t.Cleanup(func() {
		close(done)
		ln.Close()
	})
	return "http://" + ln.Addr().String() + "/auth"
}

func TestTimeoutNamesURLAndDuration(t *testing.T) {
	base := silentKeycloak(t)
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
