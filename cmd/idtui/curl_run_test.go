package main

import (
	"net/http"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/idtui/idtui/keycloak/kctest"
)

// runCurlCommand runs a copied curl command in sh, as an operator pastes it
// into a shell, and returns what sh wrote to stdout. The command reaches
// Keycloak through a proxy that holds each request until the test has
// read curl's command line in /proc, and the test fails if the command
// line of sh, curl or any other child holds the secret. env is the
// environment of sh.
func runCurlCommand(t *testing.T, command, secret string, env []string) []byte {
	t.Helper()
	curlSeen := make(chan struct{})
	proxyURL := proxyKeycloak(t, func(w http.ResponseWriter, r *http.Request, keycloak http.Handler) {
		select {
		case <-curlSeen:
		case <-time.After(10 * time.Second):
		}
		keycloak.ServeHTTP(w, r)
	})
	if !strings.Contains(command, kctest.URL()) {
		t.Fatalf("the curl command does not go to %s", kctest.URL())
	}
	command = strings.ReplaceAll(command, kctest.URL(), proxyURL)

	sh := exec.Command("sh")
	sh.Stdin = strings.NewReader(command + "\n")
	sh.Env = env
	var stdout, stderr strings.Builder
	sh.Stdout, sh.Stderr = &stdout, &stderr
	if err := sh.Start(); err != nil {
		t.Fatal(err)
	}
	cmdlines := watchCurl(sh.Process.Pid, curlSeen)
	err := waitWithTimeout(sh, time.Minute)
	seen := cmdlines()

	if err != nil {
		// stderr can echo the command, so its secret is cut out.
		t.Fatalf("the curl command failed: %v: %s", err, strings.ReplaceAll(stderr.String(), secret, "<secret>"))
	}
	sawCurl := false
	for _, cmdline := range seen {
		sawCurl = sawCurl || strings.HasPrefix(cmdline, "curl ")
		if secret != "" && strings.Contains(cmdline, secret) {
			t.Errorf("a command line holds the secret: %s", strings.ReplaceAll(cmdline, secret, "<secret>"))
		}
	}
	if !sawCurl {
		t.Errorf("the test never read curl's command line; it saw %q", seen)
	}
	return []byte(stdout.String())
}

// watchCurl reads the command lines of pid and its descendants from /proc
// until the returned function is called, which returns them. It closes
// curlSeen once a curl process shows.
func watchCurl(pid int, curlSeen chan struct{}) func() []string {
	done := make(chan struct{})
	var mu sync.Mutex
	seen := map[string]bool{}
	var once sync.Once
	go func() {
		for {
			for _, cmdline := range treeCmdlines(pid) {
				mu.Lock()
				seen[cmdline] = true
				mu.Unlock()
				if strings.HasPrefix(cmdline, "curl ") {
					once.Do(func() { close(curlSeen) })
				}
			}
			select {
			case <-done:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	return func() []string {
		close(done)
		mu.Lock()
		defer mu.Unlock()
		var all []string
		for cmdline := range seen {
			all = append(all, cmdline)
		}
		return all
	}
}
