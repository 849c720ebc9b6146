package main

import (
	"flag"
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/vanban/vanban/internal/cli"
)

var updateScripts = flag.Bool("update", false, "update testscript golden sections")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"vanban": func() { os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// TestScript runs the end-to-end scenarios of testdata/script/*.txtar
// against the real command.
func TestScript(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "../../testdata/script",
		RequireExplicitExec: true,
		UpdateScripts:       *updateScripts,
		Setup: func(env *testscript.Env) error {
			env.Setenv("VANBAN_DB", env.WorkDir+"/test.db")
			env.Setenv("NO_COLOR", "1")
			return nil
		},
	})
}
