package main

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/Nerzal/gocloak/v13"
	"github.com/goccy/go-yaml"

	"github.com/idtui/idtui/keycloak/kctest"
	"github.com/idtui/idtui/model"
)

// The name sets the terminal's title, writes "rm -rf ~" to the clipboard
// with OSC 52 and turns the text red; the description clears the screen.
var (
	evilName        = "Evil\x1b[31mRED\x1b]0;PWNED-TITLE\a\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte("rm -rf ~")) + "\a end\u009b\u202e"
	evilDescription = "line1\nline2\r\x1b[2Jcleared"
)

// createEvilClient creates, through the admin API as any admin could, an
// M2M client whose name and description hold terminal escape sequences.
func createEvilClient(t *testing.T) string {
	t.Helper()
	admin := kctest.NewAdmin(t)
	ctx := kctest.Context(t)
	clientID := kctest.UniqueID("evil")
	id, err := admin.GC.CreateClient(ctx, admin.Token, kctest.Realm, gocloak.Client{
		ClientID:               gocloak.StringP(clientID),
		Name:                   gocloak.StringP(evilName),
		Description:            gocloak.StringP(evilDescription),
		PublicClient:           gocloak.BoolP(false),
		StandardFlowEnabled:    gocloak.BoolP(false),
		ServiceAccountsEnabled: gocloak.BoolP(true),
	})
	if err != nil {
		t.Fatalf("create the client: %v", err)
	}
	t.Cleanup(func() { kctest.DeleteApplication(t, kctest.Client(t), model.AppRef{ID: id, ClientID: clientID}) })
	return clientID
}

// checkNoControl fails the test when out holds a control character other
// than a line feed, which would reach the terminal.
func checkNoControl(t *testing.T, what, out string) {
	t.Helper()
	if model.HasTerminalControl(strings.ReplaceAll(out, "\n", "")) {
		t.Errorf("%s holds a control character:\n%q", what, out)
	}
}

func TestKeycloakTextEscapedInTables(t *testing.T) {
	c := newCLI(t)
	clientID := createEvilClient(t)

	list := c.expectCode(exitOK, "apps", "list")
	checkNoControl(t, "apps list", list.stdout)
	if !strings.Contains(list.stdout, `Evil\x1b[31mRED\x1b]0;PWNED-TITLE\a`) {
		t.Errorf("apps list does not show the escaped name:\n%s", list.stdout)
	}

	get := c.expectCode(exitOK, "apps", "get", clientID)
	checkNoControl(t, "apps get", get.stdout)
	if !strings.Contains(get.stdout, `line1\nline2\r\x1b[2Jcleared`) || !strings.Contains(get.stdout, `end\u009b\u202e`) {
		t.Errorf("apps get does not show the escaped name and description:\n%s", get.stdout)
	}
}

func TestKeycloakTextEscapedInJSONAndYAML(t *testing.T) {
	c := newCLI(t)
	clientID := createEvilClient(t)

	for _, format := range []string{"json", "yaml"} {
		r := c.expectCode(exitOK, "apps", "get", clientID, "-o", format)
		checkNoControl(t, "apps get -o "+format, r.stdout)

		var view struct {
			Name        string `json:"name" yaml:"name"`
			Description string `json:"description" yaml:"description"`
		}
		var err error
		if format == "json" {
			err = json.Unmarshal([]byte(r.stdout), &view)
		} else {
			err = yaml.Unmarshal([]byte(r.stdout), &view)
		}
		if err != nil {
			t.Fatalf("-o %s does not parse: %v\n%s", format, err, r.stdout)
		}
		if view.Name != evilName || view.Description != evilDescription {
			t.Errorf("-o %s reads back as name %q, description %q", format, view.Name, view.Description)
		}
	}
}

func TestErrorMessageEscaped(t *testing.T) {
	c := newOfflineCLI(t)

	r := c.expectCode(exitUsage, "--config", c.home+"/\x1b]0;PWNED\a.yaml", "apps", "list")

	checkNoControl(t, "stderr", r.stderr)
	if !strings.Contains(r.stderr, `\x1b]0;PWNED\a.yaml`) {
		t.Errorf("stderr does not show the escaped path: %q", r.stderr)
	}
}
