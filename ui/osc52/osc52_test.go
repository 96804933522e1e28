package osc52

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// startTmux starts a tmux server of the test's own, with set-clipboard
// set to value, and returns the $TMUX of a pane on it.
func startTmux(t *testing.T, value string) string {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Fatal("tmux is not installed; install it (apt-get install -y tmux) to run this test")
	}
	socket := filepath.Join(t.TempDir(), "tmux.sock")
	tmux := func(args ...string) {
		t.Helper()
		out, err := exec.Command("tmux", append([]string{"-S", socket, "-f", "/dev/null"}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %v: %v: %s", args, err, out)
		}
	}
	tmux("new-session", "-d", "-s", "osc52", "sleep 600")
	t.Cleanup(func() { _ = exec.Command("tmux", "-S", socket, "kill-server").Run() })
	tmux("set-option", "-g", "set-clipboard", value)
	// $TMUX is the socket, the server's pid and the session's index. tmux
	// clients use only the socket.
	return socket + ",0,0"
}

func env(vars map[string]string) func(string) string {
	return func(name string) string { return vars[name] }
}

func TestProblemWithoutTerminal(t *testing.T) {
	problem, fix := Problem(env(nil), false)

	if !strings.Contains(problem, "stdout is not a terminal") || fix == "" {
		t.Errorf("problem %q, fix %q", problem, fix)
	}
}

func TestProblemOutsideTmux(t *testing.T) {
	if problem, fix := Problem(env(nil), true); problem != "" || fix != "" {
		t.Errorf("problem %q, fix %q; want none", problem, fix)
	}
}

func TestProblemTmuxSetClipboard(t *testing.T) {
	tests := []struct {
		value   string
		problem string
	}{
		{"external", `its set-clipboard option is "external", not "on"`},
		{"off", `its set-clipboard option is "off", not "on"`},
		{"on", ""},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			tmuxEnv := startTmux(t, tt.value)

			problem, fix := Problem(env(map[string]string{"TMUX": tmuxEnv}), true)

			if tt.problem == "" {
				if problem != "" {
					t.Errorf("problem %q, want none", problem)
				}
				return
			}
			if !strings.Contains(problem, tt.problem) {
				t.Errorf("problem %q, want it to contain %q", problem, tt.problem)
			}
			if !strings.Contains(fix, "tmux set-option -g set-clipboard on") {
				t.Errorf("fix %q", fix)
			}
		})
	}
}

func TestProblemTmuxGone(t *testing.T) {
	problem, _ := Problem(env(map[string]string{"TMUX": filepath.Join(t.TempDir(), "no-server") + ",0,0"}), true)

	if !strings.Contains(problem, "reading tmux's set-clipboard option failed") {
		t.Errorf("problem %q", problem)
	}
}
