package main

import (
	"github.com/spf13/cobra"
)

func newRootCommand() *cobra.Command {
	opts := &connectionOptions{}
	console := &consoleOptions{}
	cmd := &cobra.Command{
		Use:   "idtui",
		Short: "Console and CLI for the Identity applications of Camunda 8 in Keycloak",
		Long: "idtui manages the Identity applications of Camunda 8 self-managed, which are the clients\n" +
			"of a Keycloak realm. Run it without arguments to open the console.",
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runConsole(cmd.Context(), opts, console)
		},
	}
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	opts.addFlags(cmd)
	cmd.AddCommand(newTokenCommand(opts))
	console.addFlags(cmd)
	return cmd
}
