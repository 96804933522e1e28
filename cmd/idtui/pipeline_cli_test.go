package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/idtui/idtui/keycloak/kctest"
	"github.com/idtui/idtui/model"
)

// A script rotates a secret in a pipeline and relies on the exit codes:
// 0 for success, 3 for a missing client id, 4 in read-only mode.
func TestRotateInShellPipeline(t *testing.T) {
	c := newCLI(t)
	kc := kctest.Client(t)
	app, _ := kctest.CreateApplication(t, kc, model.TypeM2M, "ci-runner")
	dir := t.TempDir()

	script := `set -o pipefail
"$IDTUI" apps rotate "$ID" --yes -o json | tee "$DIR/rotated.json" > /dev/null
echo "rotate=$?"
"$IDTUI" apps rotate "$ID-missing" --yes -o json | tee "$DIR/missing.json" > /dev/null
echo "missing=$?"
"$IDTUI" --readonly apps rotate "$ID" --yes -o json | cat > /dev/null
echo "readonly=$?"
"$IDTUI" apps rotate "$ID" -o json < /dev/null | cat > /dev/null
echo "no-yes=$?"
`
	cmd := exec.Command("bash", "-c", script)
	for k, v := range c.env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Env = append(cmd.Env, "IDTUI="+idtuiBinary(t), "ID="+app.ClientID, "DIR="+dir)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("script: %v\n%s", err, out)
	}

	if got, want := string(out), "rotate=0\nmissing=3\nreadonly=4\nno-yes=2\n"; got != want {
		t.Errorf("exit codes:\n%s\nwant\n%s", got, want)
	}
	data, err := os.ReadFile(filepath.Join(dir, "rotated.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rotated rotatedView
	if err := json.Unmarshal(data, &rotated); err != nil {
		t.Fatalf("rotate output is not JSON: %v\n%s", err, data)
	}
	if _, err := kc.ClientCredentialsToken(kctest.Context(t), app.ClientID, model.Secret(rotated.Secret)); err != nil {
		t.Errorf("token with the secret from the pipeline: %v", err)
	}
	if missing, _ := os.ReadFile(filepath.Join(dir, "missing.json")); strings.TrimSpace(string(missing)) != "" {
		t.Errorf("a failed rotate wrote to stdout: %q", missing)
	}
}
