package main

import (
	"path/filepath"
	"testing"

	"github.com/idtui/idtui/keycloak/kctest"
)

// TestConsoleContextsNameConfigFile opens the context picker without a
// config file: the picker names the path where the file would be.
func TestConsoleContextsNameConfigFile(t *testing.T) {
	requireTool(t, "tmux")
	configHome := t.TempDir()
	env := append(baseEnv(t.TempDir()),
		"XDG_CONFIG_HOME="+configHome,
		"IDTUI_USERNAME="+kctest.AdminUsername(),
		"IDTUI_PASSWORD="+kctest.AdminPassword().Reveal(),
	)
	con := startConsoleWith(t, []string{idtuiBinary(t), "--url", kctest.URL(), "--realm", kctest.Realm, "--clipboard", "osc52"}, env)
	con.waitFor("zeebe")

	con.keys("C")

	con.waitFor("There is no config file at " + filepath.Join(configHome, "idtui", "config.yaml"))
}
