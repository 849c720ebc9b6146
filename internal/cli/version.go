package cli

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
	"github.com/vanban/vanban/internal/parse"
)

// version is set at link time (-ldflags "-X …/cli.version=v1.2.3"); else the
// module version from the build info.
var version = ""

func versionString() string {
	v, commit, goVer := buildInfo()
	return fmt.Sprintf("%s (commit %s, %s, parser %s)", v, commit, goVer, parse.Version)
}

func buildInfo() (v, commit, goVer string) {
	v, commit, goVer = version, "unknown", "unknown"
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		if v == "" {
			v = "devel"
		}
		return
	}
	goVer = bi.GoVersion
	if v == "" {
		v = bi.Main.Version
		if v == "" || v == "(devel)" {
			v = "devel"
		}
	}
	dirty := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			commit = s.Value
			if len(commit) > 12 {
				commit = commit[:12]
			}
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if dirty {
		commit += "+dirty"
	}
	return
}

func newVersionCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print vanban's version, commit and Go version",
		Long:  "Print vanban's version, the commit it was built from, the Go version and the parser version." + exitStatusHelp,
		Example: `  vanban version
  vanban --version`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			v, commit, goVer := buildInfo()
			_, err := fmt.Fprintf(app.Out, "vanban %s\ncommit %s\n%s\nparser %s\n", v, commit, goVer, parse.Version)
			return err
		},
	}
}
