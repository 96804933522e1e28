package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/idtui/idtui/keycloak/kctest"
	"github.com/idtui/idtui/model"
)

// The README's example that writes a .env file creates it readable by the
// owner alone, under the usual umask of 022.
func TestREADMESecretFileExample(t *testing.T) {
	c := newCLI(t)
	kc := kctest.Client(t)
	app, _ := kctest.CreateApplication(t, kc, model.TypeM2M, "readme-env")
	example := readmeLine(t, "-o env > ")
	if !strings.HasPrefix(example, "(umask 077; ") {
		t.Fatalf("the README writes a secret file without umask 077: %s", example)
	}
	dir := t.TempDir()

	script := "umask 022\n" + strings.ReplaceAll(example, "ci-runner", app.ClientID) + "\n"
	sh := exec.Command("sh", "-c", script)
	sh.Dir = dir
	sh.Env = append(c.command("").Env, "PATH="+filepath.Dir(idtuiBinary(t))+":"+os.Getenv("PATH"))
	out, err := sh.CombinedOutput()
	if err != nil {
		t.Fatalf("the README's example failed: %v: %s", err, out)
	}

	info, err := os.Stat(filepath.Join(dir, app.ClientID+".env"))
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("the .env file has mode %04o, want 0600", perm)
	}
	if strings.Contains(string(out), "can be read by group or others") {
		t.Errorf("idtui warned about the file: %s", out)
	}
}

// readmeLine returns the README's first line that contains text, without
// its comment.
func readmeLine(t *testing.T, text string) string {
	t.Helper()
	f, err := os.Open("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		if line := scanner.Text(); strings.Contains(line, text) {
			line, _, _ = strings.Cut(line, "  #")
			return strings.TrimSpace(line)
		}
	}
	t.Fatalf("the README has no line with %q", text)
	return ""
}

func TestSecretFileReadableByOthersWarns(t *testing.T) {
	c := newCLI(t)
	kc := kctest.Client(t)
	id := kctest.UniqueID("env-file")
	t.Cleanup(func() { kctest.DeleteApplication(t, kc, model.AppRef{ClientID: id}) })
	path := filepath.Join(t.TempDir(), "ci.env")
	file, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}

	cmd := c.command("", "apps", "create", id, "-o", "env")
	var stderr strings.Builder
	cmd.Stdout, cmd.Stderr = file, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("apps create: %v: %s", err, stderr.String())
	}

	want := "warning: " + path + " can be read by group or others (mode 0644), and it receives the secret of \"" + id + "\"; run chmod 600"
	if !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr = %q, want it to contain %q", stderr.String(), want)
	}
	if data, _ := os.ReadFile(path); !strings.Contains(string(data), "ZEEBE_CLIENT_SECRET=") {
		t.Errorf("the file lacks the .env block: %q", data)
	}
}

func TestHelpExamplesWriteSecretFilesWithUmask(t *testing.T) {
	c := newOfflineCLI(t)
	for _, command := range []string{"create", "rotate"} {
		help := c.expectCode(exitOK, "apps", command, "--help")
		for _, line := range strings.Split(help.stdout, "\n") {
			if strings.Contains(line, "-o env >") && !strings.Contains(line, "umask 077") {
				t.Errorf("apps %s --help writes a secret file without umask 077: %s", command, line)
			}
		}
	}
}

func TestSecretFileDirectoryIsUsageError(t *testing.T) {
	c := newOfflineCLI(t)
	dir := t.TempDir()

	r := c.expectCode(exitUsage, "apps", "list", "--password-file", dir)

	if !strings.Contains(r.stderr, dir+" (flag --password-file) is invalid: it is a directory; name the file that holds the password") {
		t.Errorf("stderr = %q", r.stderr)
	}
	if strings.Contains(r.stderr, "chmod") {
		t.Errorf("the message suggests chmod on a directory: %q", r.stderr)
	}
}
