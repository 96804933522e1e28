package model

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const devTokenURL = "http://localhost:18080/auth/realms/camunda-platform/protocol/openid-connect/token"

func TestCurlCommand(t *testing.T) {
	cmd := CurlCommand{TokenURL: devTokenURL, ClientID: "zeebe", Secret: "zeebe-dev-secret"}

	want := "printf '%s' zeebe-dev-secret | curl -sS " + devTokenURL + " \\\n" +
		"  --data-urlencode client_id=zeebe \\\n" +
		"  --data-urlencode client_secret@- \\\n" +
		"  --data-urlencode grant_type=client_credentials"
	if got := cmd.Text().Reveal(); got != want {
		t.Errorf("command =\n%s\nwant\n%s", got, want)
	}

	masked := cmd.Masked()
	if strings.Contains(masked, "zeebe-dev-secret") || !strings.HasPrefix(masked, "printf '%s' '••••••••' | curl ") {
		t.Errorf("masked command:\n%s", masked)
	}
}

func TestCurlCommandPublicClient(t *testing.T) {
	cmd := CurlCommand{TokenURL: devTokenURL, ClientID: "web-modeler"}
	got := cmd.Text().Reveal()
	if strings.Contains(got, "client_secret") || !strings.HasPrefix(got, "curl -sS ") {
		t.Errorf("command for a public client:\n%s", got)
	}
}

// The command goes through a real shell, with curl replaced by a function
// that prints its arguments and its stdin, so quoting mistakes show as
// changed arguments or a changed secret.
func TestCurlCommandQuotingSurvivesShell(t *testing.T) {
	secret := `a'b "c" $HOME & d+e%f\g` + "`id`" + ` %s \n`
	cmd := CurlCommand{TokenURL: devTokenURL + "?x=1&y=$2", ClientID: "my client", Secret: Secret(secret)}

	script := `curl() { for a in "$@"; do printf '%s\n' "$a"; done; printf 'stdin=%s|' "$(cat)"; }` + "\n" + cmd.Text().Reveal() + "\n"
	sh := exec.Command("sh")
	sh.Stdin = strings.NewReader(script)
	out, err := sh.Output()
	if err != nil {
		t.Fatalf("sh: %v", err)
	}

	got := strings.Split(string(out), "\n")
	want := []string{
		"-sS", devTokenURL + "?x=1&y=$2",
		"--data-urlencode", "client_id=my client",
		"--data-urlencode", "client_secret@-",
		"--data-urlencode", "grant_type=client_credentials",
		"stdin=" + secret + "|",
	}
	if !slices.Equal(got, want) {
		t.Errorf("arguments and stdin after the shell =\n%q\nwant\n%q", got, want)
	}
}

func TestBearerHeader(t *testing.T) {
	h := BearerHeader{Token: "eyJ.abc.def"}
	if got := h.Text().Reveal(); got != "Authorization: Bearer eyJ.abc.def" {
		t.Errorf("Text = %q", got)
	}
	if got := h.Masked(); strings.Contains(got, "eyJ") || !strings.HasPrefix(got, "Authorization: Bearer ") {
		t.Errorf("Masked = %q", got)
	}
	if got := h.Text().String(); strings.Contains(got, "eyJ") {
		t.Errorf("Text prints the token when formatted: %q", got)
	}
}
