// Command idtui is a terminal console and a CLI for the Identity
// applications of Camunda 8 self-managed: the clients of a Keycloak realm.
package main

import (
	"fmt"
	"os"
)

func main() {
	cmd := newRootCommand()
	err := cmd.Execute()
	if err != nil {
		fmt.Fprintln(os.Stderr, "idtui: "+err.Error())
	}
	os.Exit(exitCode(err))
}
