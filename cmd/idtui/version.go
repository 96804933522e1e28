package main

import (
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3".
// Without it, the module version or the VCS revision of the build is used.
var version = ""

type versionView struct {
	Version  string `json:"version"`
	Commit   string `json:"commit"`
	Go       string `json:"go"`
	Platform string `json:"platform"`
}

func buildVersion() versionView {
	v := versionView{Version: version, Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return v
	}
	if v.Version == "" {
		v.Version = info.Main.Version
	}
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" {
			v.Commit = s.Value
		}
		if s.Key == "vcs.modified" && s.Value == "true" && v.Commit != "" {
			v.Commit += "-dirty"
		}
	}
	if v.Version == "" {
		v.Version = "(devel)"
	}
	return v
}

func newVersionCommand(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print idtui's version",
		Args:  cobra.NoArgs,
	}
	out := addOutputFlag(cmd)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		if err := out.check(); err != nil {
			return err
		}
		v := buildVersion()
		if out.format != formatTable {
			return writeData(a.stdout, out.format, v)
		}
		commit := v.Commit
		if commit == "" {
			commit = "unknown"
		}
		return writeFields(a.stdout, [][2]string{{"Version", v.Version}, {"Commit", commit}, {"Go", v.Go}, {"Platform", v.Platform}})
	}
	return cmd
}
