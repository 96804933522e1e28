// Command idtui is a terminal console and a CLI for the Identity
// applications of Camunda 8 self-managed: the clients of a Keycloak realm.
package main

import (
	"context"
	"errors"
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
		fmt.Fprintln(a.stderr, "idtui: "+errorMessage(err))
		a.logger().Error("command failed", "error", err, "exit_code", exitCode(err))
	}
	a.close()
	os.Exit(exitCode(err))
}

// errorMessage returns the error line for stderr. After Ctrl+C it returns
// "interrupted", because the keycloak package reports a canceled request
// as unavailable, which would read as an unreachable Keycloak.
func errorMessage(err error) string {
	if errors.Is(err, context.Canceled) {
		return "interrupted"
	}
	return err.Error()
}
