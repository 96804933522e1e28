package model

import (
	"testing"
	"time"
)

// The cases are those that keycloak's integration test checks against a
// real Keycloak 26.7.3, so a change of Keycloak's rules shows there.
func TestAcceptsLoopbackRedirect(t *testing.T) {
	tests := []struct {
		registered []string
		want       bool
	}{
		{[]string{"http://127.0.0.1/*"}, true},
		{[]string{"http://127.0.0.1/idtui/callback"}, true},
		{[]string{"http://127.0.0.1*"}, true},
		{[]string{"http://127.0.0.1:*"}, true},
		{[]string{"*"}, true},
		{[]string{"http://localhost:8081/*", "http://127.0.0.1/idtui/*"}, true},
		{[]string{"http://127.0.0.1:8080/*"}, false},
		{[]string{"http://127.0.0.1:5*"}, false},
		{[]string{"http://127.0.0.1/other"}, false},
		{[]string{"http://localhost/*"}, false},
		{[]string{"http://localhost:8081/*"}, false},
		{[]string{"http://[::1]/*"}, false},
		{[]string{"/*"}, false},
		{nil, false},
	}
	for _, tt := range tests {
		if got := AcceptsLoopbackRedirect(tt.registered); got != tt.want {
			t.Errorf("AcceptsLoopbackRedirect(%q) = %v, want %v", tt.registered, got, tt.want)
		}
	}
}

func TestLoopbackRedirectState(t *testing.T) {
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	with := []string{"https://app.example.com/*", LoopbackRedirectURI}
	tests := []struct {
		name string
		app  Application
		want LoopbackState
	}{
		{"absent", Application{RedirectURIs: []string{"http://127.0.0.1/*"}}, LoopbackAbsent},
		{"entered by an admin", Application{RedirectURIs: with}, LoopbackConfigured},
		{"a sign-in waits", Application{RedirectURIs: with, LoopbackLeases: []time.Time{now.Add(time.Minute)}}, LoopbackInUse},
		{"one of two waits", Application{RedirectURIs: with, LoopbackLeases: []time.Time{now.Add(-time.Hour), now.Add(time.Minute)}}, LoopbackInUse},
		{"left behind", Application{RedirectURIs: with, LoopbackLeases: []time.Time{now.Add(-time.Second)}}, LoopbackLeftover},
		{"lease without the entry", Application{LoopbackLeases: []time.Time{now.Add(time.Minute)}}, LoopbackAbsent},
	}
	for _, tt := range tests {
		if got := tt.app.LoopbackRedirect(now); got != tt.want {
			t.Errorf("%s: state = %d, want %d", tt.name, got, tt.want)
		}
	}
}
