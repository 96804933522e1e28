package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// startKeyring starts a D-Bus session bus and gnome-keyring's Secret
// Service on it, with an unlocked login keyring under a temporary home, and
// returns the bus address for DBUS_SESSION_BUS_ADDRESS. Without the two
// programs it skips the test, or fails it where integration tests are
// required: .ci/run installs them.
func startKeyring(t *testing.T) string {
	t.Helper()
	for _, program := range []string{"dbus-daemon", "dbus-send", "gnome-keyring-daemon"} {
		if _, err := exec.LookPath(program); err != nil {
			msg := program + " is not installed; install the Debian packages dbus and gnome-keyring"
			if os.Getenv("CI") == "true" || os.Getenv("IDTUI_TEST_REQUIRE_KEYCLOAK") != "" {
				t.Fatal(msg)
			}
			t.Skip(msg)
		}
	}
	home := t.TempDir()
	runtimeDir := filepath.Join(home, "run")
	if err := os.Mkdir(runtimeDir, 0o700); err != nil {
		t.Fatal(err)
	}

	bus := exec.Command("dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1", "--address=unix:path="+filepath.Join(runtimeDir, "bus"))
	out, err := bus.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := bus.Start(); err != nil {
		t.Fatalf("start dbus-daemon: %v", err)
	}
	t.Cleanup(func() { _ = bus.Process.Kill(); _ = bus.Wait() })
	address, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("read the bus address: %v", err)
	}
	address = strings.TrimSpace(address)

	env := []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + home, "XDG_DATA_HOME=" + filepath.Join(home, "data"),
		"XDG_RUNTIME_DIR=" + runtimeDir, "DBUS_SESSION_BUS_ADDRESS=" + address,
	}
	daemon := exec.Command("gnome-keyring-daemon", "--foreground", "--components=secrets", "--unlock")
	daemon.Env = env
	daemon.Stdin = strings.NewReader("keyring-test-password")
	if err := daemon.Start(); err != nil {
		t.Fatalf("start gnome-keyring-daemon: %v", err)
	}
	t.Cleanup(func() { _ = daemon.Process.Kill(); _ = daemon.Wait() })

	deadline := time.Now().Add(20 * time.Second)
	for {
		check := exec.Command("dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus",
			"/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner", "string:org.freedesktop.secrets")
		check.Env = env
		reply, _ := check.Output()
		if strings.Contains(string(reply), "boolean true") {
			return address
		}
		if time.Now().After(deadline) {
			t.Fatalf("no Secret Service on the bus after 20 s; last reply: %s", reply)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
