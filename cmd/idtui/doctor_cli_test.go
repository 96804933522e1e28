package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/idtui/idtui/keycloak/kctest"
)

func TestDoctorAllPass(t *testing.T) {
	c := newCLI(t)

	var report doctorView
	c.expectCode(exitOK, "doctor", "-o", "json").decode(t, &report)

	if !report.OK {
		t.Errorf("report not ok: %+v", report)
	}
	var names []string
	for _, check := range report.Checks {
		names = append(names, check.Name)
		// stdout is a pipe here, where an OSC 52 copy would go nowhere.
		if check.Name == "clipboard" {
			if check.Status != statusWarn || !strings.Contains(check.Detail, "stdout is not a terminal") {
				t.Errorf("check clipboard: %s: %s", check.Status, check.Detail)
			}
			continue
		}
		if check.Status != statusOK {
			t.Errorf("check %s: %s: %s", check.Name, check.Status, check.Detail)
		}
	}
	if got := strings.Join(names, ","); got != "url,tls,realm,login,rights,version,clipboard" {
		t.Errorf("checks = %s", got)
	}

	table := c.expectCode(exitOK, "doctor")
	for _, line := range []string{"ok    url        Keycloak answers at " + kctest.URL(), "ok    version    Keycloak 2", "ok    rights     " + kctest.AdminUsername() + "@master holds view-clients, view-users, manage-clients, manage-users"} {
		if !strings.Contains(table.stdout, line) {
			t.Errorf("doctor output lacks %q:\n%s", line, table.stdout)
		}
	}
}

func TestDoctorFailures(t *testing.T) {
	kctest.Require(t)
	admin := kctest.NewAdmin(t)
	viewer, _ := admin.CreateUser(t, kctest.Realm, "viewer", "viewer-pass", "view-clients")

	tests := []struct {
		name   string
		args   []string
		env    map[string]string
		code   int
		failed string // the first failing check
		detail string
		fix    string
	}{
		{
			name: "nothing listens at the URL", args: []string{"--url", "http://127.0.0.1:1/auth"},
			code: exitUnavailable, failed: "url", detail: "connection refused", fix: "Keycloak runs",
		},
		{
			name: "URL without /auth", args: []string{"--url", strings.TrimSuffix(kctest.URL(), "/auth")},
			code: exitUnavailable, failed: "url", detail: "but does at " + kctest.URL(), fix: "--url " + kctest.URL(),
		},
		{
			name: "wrong realm", args: []string{"--realm", "no-such-realm"},
			code: exitNotFound, failed: "realm", detail: `the realm "no-such-realm" does not exist`, fix: "--realm",
		},
		{
			name: "wrong admin realm", args: []string{"--admin-realm", "no-such-realm"},
			code: exitNotFound, failed: "login", detail: `the admin realm "no-such-realm" does not exist`, fix: "--admin-realm",
		},
		{
			name: "wrong password", env: map[string]string{envPassword: "wrong-password"},
			code: exitUnauthorized, failed: "login", detail: "unauthorized", fix: "Check the admin credentials",
		},
		{
			name: "view-only admin", args: []string{"--admin-realm", kctest.Realm, "--username", viewer},
			env:  map[string]string{envPassword: "viewer-pass"},
			code: exitUnauthorized, failed: "rights", detail: "lacks view-users, manage-clients, manage-users", fix: "roles of the client realm-management",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCLI(t)
			for k, v := range tt.env {
				c.env[k] = v
			}

			r := c.run(append(tt.args, "doctor", "-o", "json")...)

			if r.code != tt.code {
				t.Errorf("exit code %d, want %d", r.code, tt.code)
			}
			var report doctorView
			r.decode(t, &report)
			if report.OK {
				t.Error("report ok")
			}
			var failed *check
			for i := range report.Checks {
				if report.Checks[i].Status == statusFail {
					failed = &report.Checks[i]
					break
				}
			}
			if failed == nil || failed.Name != tt.failed {
				t.Fatalf("first failed check = %+v, want %s", failed, tt.failed)
			}
			if !strings.Contains(failed.Detail, tt.detail) {
				t.Errorf("detail = %q, want it to contain %q", failed.Detail, tt.detail)
			}
			if !strings.Contains(failed.Fix, tt.fix) {
				t.Errorf("fix = %q, want it to contain %q", failed.Fix, tt.fix)
			}
			if !strings.Contains(r.stderr, "the "+tt.failed+" check failed") {
				t.Errorf("stderr = %q", r.stderr)
			}
		})
	}
}

func TestDoctorWrongRealmSkipsRights(t *testing.T) {
	c := newCLI(t)

	var report doctorView
	c.expectCode(exitNotFound, "--realm", "no-such-realm", "doctor", "-o", "json").decode(t, &report)

	for _, check := range report.Checks {
		if check.Name == "rights" && (check.Status != statusSkip || !strings.Contains(check.Detail, "the realm does not exist")) {
			t.Errorf("rights check = %+v, want it skipped", check)
		}
		if check.Name == "login" && check.Status != statusOK {
			t.Errorf("login check = %+v", check)
		}
	}
}

func TestUnknownRealmMessage(t *testing.T) {
	c := newCLI(t)

	r := c.expectCode(exitNotFound, "--realm", "no-such-realm", "apps", "list")

	for _, part := range []string{`the realm "no-such-realm" does not exist at ` + kctest.URL(), "Check the realm, which --realm, IDTUI_REALM or realm: in the context sets"} {
		if !strings.Contains(r.stderr, part) {
			t.Errorf("stderr = %q, want it to contain %q", r.stderr, part)
		}
	}
	if strings.Contains(r.stderr, "client id") || strings.Contains(r.stderr, "..") {
		t.Errorf("stderr = %q", r.stderr)
	}
}

// In a tmux pane, doctor queries tmux for whether it passes the OSC 52 of
// programs on. Here the pane's tmux server is gone, so doctor warns.
func TestDoctorClipboardInTmux(t *testing.T) {
	c := newCLI(t)
	c.env["IDTUI_CLIPBOARD"] = "osc52"
	c.env["TMUX"] = filepath.Join(t.TempDir(), "no-server") + ",0,0"

	p := c.startOnTerminal("doctor")

	p.waitFor("the terminal", p.screen, "fix: Check that tmux's set-clipboard option is on")
	if code := p.exitCode(); code != exitOK {
		t.Fatalf("doctor exit code %d; stderr:\n%s", code, p.stderr.String())
	}
	if !strings.Contains(p.screen.String(), "warn  clipboard  OSC 52 through the terminal, because IDTUI_CLIPBOARD is osc52; but this is a tmux pane") {
		t.Errorf("doctor output:\n%s", p.screen.String())
	}
}

// An unreachable https URL fails the url check, and the tls check does not
// repeat its error.
func TestDoctorReportsUnreachableOnce(t *testing.T) {
	c := newOfflineCLI(t)

	var report doctorView
	c.expectCode(exitUnavailable, "--url", "https://127.0.0.1:1/auth", "doctor", "-o", "json").decode(t, &report)

	url, tls := report.Checks[0], report.Checks[1]
	if url.Name != "url" || url.Status != statusFail || !strings.Contains(url.Detail, "connection refused") {
		t.Errorf("url check = %+v", url)
	}
	if tls.Name != "tls" || tls.Status != statusSkip || strings.Contains(tls.Detail, "connection refused") {
		t.Errorf("tls check = %+v", tls)
	}
}
