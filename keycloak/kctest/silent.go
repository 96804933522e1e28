package kctest

import (
	"net"
	"testing"
)

// SilentServer listens on a loopback port, accepts every connection and
// never responds, like a Keycloak that hangs. It returns a base URL with
// /auth, and closes the listener and the connections when the test ends.
func SilentServer(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
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
				return // the listener is closed
			}
			held = append(held, conn)
		}
	}()
	t.Cleanup(func() { ln.Close() })
	return "http://" + ln.Addr().String() + "/auth"
}
