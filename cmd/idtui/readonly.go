package main

import (
	"github.com/spf13/cobra"
)

// annotationMutating marks the commands that change Keycloak. Read-only
// mode rejects them and leaves them out of help.
const annotationMutating = "idtui/mutating"

func markMutating(cmd *cobra.Command) *cobra.Command {
	if cmd.Annotations == nil {
		cmd.Annotations = map[string]string{}
	}
	cmd.Annotations[annotationMutating] = "true"
	return cmd
}

func isMutating(cmd *cobra.Command) bool {
	return cmd.Annotations[annotationMutating] == "true"
}

// requireWritable returns a readOnlyError when cmd changes Keycloak and s
// is read-only.
func requireWritable(cmd *cobra.Command, s Settings) error {
	if isMutating(cmd) && s.ReadOnly.Value {
		return readOnlyError{command: cmd.CommandPath(), origin: s.ReadOnly.Origin}
	}
	return nil
}

// hideMutatingInReadOnlyHelp makes help leave out the mutating commands
// when read-only mode is on, so that help offers only what will work.
func hideMutatingInReadOnlyHelp(root *cobra.Command, a *app) {
	defaultHelp := root.HelpFunc()
	root.SetHelpFunc(func(cmd *cobra.Command, args []string) {
		if s, err := a.opts.settings(); err == nil && s.ReadOnly.Value {
			hideMutating(root)
		}
		defaultHelp(cmd, args)
	})
}

func hideMutating(cmd *cobra.Command) {
	for _, c := range cmd.Commands() {
		if isMutating(c) {
			c.Hidden = true
		}
		hideMutating(c)
	}
}
