// Command idtui is a terminal console and a CLI for the Identity
// applications of Camunda 8 self-managed: the clients of a Keycloak realm.
package main

import (
	"fmt"
	"os"
)

func main() {
	a := newApp(os.Stdin, os.Stdout, os.Stderr)
	cmd := newRootCommand(a)
	err := cmd.Execute()
	if err != nil && !a.started {
		err = usageError{err}
	}
	if err != nil {
		fmt.Fprintln(a.stderr, "idtui: "+err.Error())
		a.logger().Error("command failed", "error", err, "exit_code", exitCode(err))
	}
	a.close()
	os.Exit(exitCode(err))
}
