package main

import (
	"os"
	"strings"
	"testing"

	"github.com/idtui/idtui/keycloak/kctest"
	"github.com/idtui/idtui/model"
)

// Each change to Keycloak shows once in the log, recorded by the layer
// that sends it, with the client id and the realm.
func TestLogRecordsEachChangeOnce(t *testing.T) {
	c := newCLI(t)
	kc := kctest.Client(t)
	id := kctest.UniqueID("log-once")
	t.Cleanup(func() { kctest.DeleteApplication(t, kc, model.AppRef{ClientID: id}) })

	for _, args := range [][]string{
		{"apps", "create", id},
		{"apps", "rotate", id, "--yes"},
		{"apps", "grant", id, "operate-api", "read:*"},
		{"apps", "revoke", id, "operate-api", "read:*", "--yes"},
		{"apps", "disable", id, "--yes"},
		{"apps", "enable", id},
		{"apps", "delete", id, "--yes"},
	} {
		c.expectCode(exitOK, args...)
	}

	data, err := os.ReadFile(c.logPath())
	if err != nil {
		t.Fatal(err)
	}
	log := string(data)
	for _, event := range []string{"application created", "client secret rotated", "permission granted", "permission removed", "application disabled", "application enabled", "application deleted"} {
		if n := strings.Count(log, "msg=\""+event+"\""); n != 1 {
			t.Errorf("the log records %q %d times, want once", event, n)
		}
	}
	for _, old := range []string{"permission changed", "msg=\"secret rotated\""} {
		if strings.Contains(log, old) {
			t.Errorf("the log still records %q", old)
		}
	}
	if !strings.Contains(log, "client_id="+id+" realm="+kctest.Realm) {
		t.Errorf("the log records no change with the client id and the realm:\n%s", log)
	}
}
