package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
)

// kcadm runs kcadm.sh of the Keycloak distribution with a configuration
// file of its own, in a temporary folder that close removes. The file
// holds the admin's access and refresh tokens, because that is how
// kcadm.sh keeps a session between commands.
type kcadm struct {
	script    string
	javaHome  string
	configDir string
}

// newKcadm finds kcadm.sh and a Java 21 or newer for it, and makes the
// folder for its configuration. An empty script means the kcadm.sh of the
// distribution that scripts/keycloak unpacked for version.
func newKcadm(script, version string) (*kcadm, error) {
	if script == "" {
		script = filepath.Join(cacheDir(), "idtui", "keycloak", "keycloak-"+version, "bin", "kcadm.sh")
	}
	if _, err := os.Stat(script); err != nil {
		return nil, fmt.Errorf("kcadm.sh not found at %s; run scripts/keycloak up to unpack Keycloak %s, or pass -kcadm: %w", script, version, err)
	}
	javaHome, _, err := findJava()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "idtui-bench-kcadm-")
	if err != nil {
		return nil, err
	}
	return &kcadm{script: script, javaHome: javaHome, configDir: dir}, nil
}

func (k *kcadm) close() { os.RemoveAll(k.configDir) }

func (k *kcadm) configFile() string { return filepath.Join(k.configDir, "kcadm.config") }

// command returns kcadm.sh with args, run with the bench's Java. The
// password goes through KC_CLI_PASSWORD, which kcadm.sh reads when
// --password is absent, so it never shows in argv.
func (k *kcadm) command(ctx context.Context, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, k.script, args...)
	_, password := adminCredentials()
	cmd.Env = append(os.Environ(), "JAVA_HOME="+k.javaHome, "KC_CLI_PASSWORD="+password)
	return cmd
}

// loginArgs are the arguments of the untimed login that stores the session
// in config.
func loginArgs(config, base string) []string {
	username, _ := adminCredentials()
	return []string{"config", "credentials", "--config", config, "--server", base, "--realm", "master", "--user", username}
}

// listArgs are the arguments of the timed listing.
func listArgs(config, realm string) []string {
	return []string{"get", "clients", "-r", realm, "--config", config}
}

// login stores an admin session in the bench's configuration file.
func (k *kcadm) login(ctx context.Context, base string) error {
	out, err := k.command(ctx, loginArgs(k.configFile(), base)...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("kcadm.sh config credentials: %w: %s", err, bytes.TrimSpace(out))
	}
	return nil
}

// list runs kcadm.sh get clients on realm and returns its output, which
// count decodes after the timer stops.
func (k *kcadm) list(ctx context.Context, realm string) ([]byte, error) {
	var stdout, stderr bytes.Buffer
	cmd := k.command(ctx, listArgs(k.configFile(), realm)...)
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("kcadm.sh get clients -r %s: %w: %s", realm, err, bytes.TrimSpace(stderr.Bytes()))
	}
	return stdout.Bytes(), nil
}

// countJSONArray returns the length of the JSON array in out.
func countJSONArray(out []byte) (int, error) {
	var items []json.RawMessage
	if err := json.Unmarshal(out, &items); err != nil {
		return 0, fmt.Errorf("output is not a JSON array: %w", err)
	}
	return len(items), nil
}

// javaVersion matches the version in the first line of java -version.
var javaVersion = regexp.MustCompile(`version "(\d+)[^"]*"`)

// findJava returns a Java home of version 21 or newer, and its version
// line, as scripts/keycloak picks one: JAVA_HOME if it fits, else the
// newest JDK under the usual folders.
func findJava() (home, version string, err error) {
	candidates := []string{}
	if h := os.Getenv("JAVA_HOME"); h != "" {
		candidates = append(candidates, filepath.Join(h, "bin", "java"))
	}
	for _, pattern := range []string{"/usr/lib/jvm/*/bin/java", "/opt/java/*/bin/java", "/opt/*jdk*/bin/java", "/usr/local/*jdk*/bin/java"} {
		found, _ := filepath.Glob(pattern)
		candidates = append(candidates, found...)
	}

	bestMajor := 0
	for _, java := range candidates {
		out, err := exec.Command(java, "-version").CombinedOutput()
		if err != nil {
			continue
		}
		m := javaVersion.FindSubmatch(out)
		if m == nil {
			continue
		}
		major, _ := strconv.Atoi(string(m[1]))
		if major >= 21 && major > bestMajor {
			home = filepath.Dir(filepath.Dir(java))
			version = string(bytes.SplitN(out, []byte("\n"), 2)[0])
			bestMajor = major
		}
		if major >= 21 && java == candidates[0] && os.Getenv("JAVA_HOME") != "" {
			break // JAVA_HOME fits, so it wins, as in scripts/keycloak
		}
	}
	if bestMajor == 0 {
		return "", "", fmt.Errorf("kcadm.sh needs Java 21 or newer, and none was found in JAVA_HOME or under /usr/lib/jvm; install a JDK 21+ or set JAVA_HOME")
	}
	return home, version, nil
}
