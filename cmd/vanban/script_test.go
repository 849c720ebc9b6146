package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/vanban/vanban/internal/cli"
	"github.com/vanban/vanban/internal/postgres/pgtest"
	"github.com/vanban/vanban/internal/synth"
)

var updateScripts = flag.Bool("update", false, "update testscript golden sections")

func TestMain(m *testing.M) {
	// The archive tests run this test binary as vanban in a child process.
	if os.Getenv("VANBAN_TEST_AS_MAIN") == "1" {
		os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	testscript.Main(m, map[string]func(){
		"vanban": func() { os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// TestScript runs the end-to-end scenarios of testdata/script/*.txtar
// against the real command, on an SQLite archive.
func TestScript(t *testing.T) {
	testscript.Run(t, scriptParams("../../testdata/script", func(env *testscript.Env) error {
		env.Setenv("VANBAN_DB", env.WorkDir+"/test.db")
		return nil
	}))
}

// scriptParams are the scenarios of dir with archive choosing the archive.
func scriptParams(dir string, archive func(env *testscript.Env) error) testscript.Params {
	return testscript.Params{
		Dir:                 dir,
		RequireExplicitExec: true,
		UpdateScripts:       *updateScripts,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// mkbinary FILE: write bytes that are not text.
			"mkbinary": func(ts *testscript.TestScript, neg bool, args []string) {
				b := make([]byte, 4096)
				for i := range b {
					b[i] = byte(i * 7)
				}
				ts.Check(os.WriteFile(ts.MkAbs(args[0]), b, 0o644))
			},
			// mkbig SRC DST MB: write DST as SRC's text repeated to at least
			// MB megabytes.
			"mkbig": func(ts *testscript.TestScript, neg bool, args []string) {
				src := ts.ReadFile(args[0])
				mb, err := strconv.Atoi(args[2])
				ts.Check(err)
				var b strings.Builder
				for b.Len() < mb<<20 {
					b.WriteString(src)
				}
				ts.Check(os.WriteFile(ts.MkAbs(args[1]), []byte(b.String()), 0o644))
			},
			// mksynth DIR N: write N synthetic documents (internal/synth,
			// seed 7) into DIR.
			"mksynth": func(ts *testscript.TestScript, neg bool, args []string) {
				n, err := strconv.Atoi(args[1])
				ts.Check(err)
				dir := ts.MkAbs(args[0])
				ts.Check(os.MkdirAll(dir, 0o755))
				for i := range n {
					ts.Check(os.WriteFile(filepath.Join(dir, fmt.Sprintf("%05d.txt", i)), synth.Doc(7, i), 0o644))
				}
			},
			// catfiles DST SRC...: DST is the SRC files one after another.
			"catfiles": func(ts *testscript.TestScript, neg bool, args []string) {
				var b strings.Builder
				for _, f := range args[1:] {
					b.WriteString(ts.ReadFile(f))
				}
				ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(b.String()), 0o644))
			},
			// countlines FILE N: FILE has N lines, N a number or a file
			// holding one (what --count printed).
			"countlines": func(ts *testscript.TestScript, neg bool, args []string) {
				want, err := strconv.Atoi(args[1])
				if err != nil {
					want, err = strconv.Atoi(strings.TrimSpace(ts.ReadFile(args[1])))
					ts.Check(err)
				}
				got := strings.Count(ts.ReadFile(args[0]), "\n")
				if (got == want) == neg {
					ts.Fatalf("%s has %d lines, want %d", args[0], got, want)
				}
			},
			// mkfifo NAME: make a named pipe (nothing ever writes to it).
			"mkfifo": func(ts *testscript.TestScript, neg bool, args []string) {
				ts.Check(syscall.Mkfifo(ts.MkAbs(args[0]), 0o644))
			},
			// escname SRC: set $ESCNAME to a file name holding a terminal
			// escape sequence (it sets the window title), a copy of SRC.
			"escname": func(ts *testscript.TestScript, neg bool, args []string) {
				name := "evil\x1b]0;pwned\x07.txt"
				ts.Check(os.WriteFile(ts.MkAbs(name), []byte(ts.ReadFile(args[0])), 0o644))
				ts.Setenv("ESCNAME", name)
			},
			// bomcrlf SRC DST: copy SRC as UTF-8 with a BOM and CRLF line ends.
			"bomcrlf": func(ts *testscript.TestScript, neg bool, args []string) {
				src := ts.ReadFile(args[0])
				out := "\ufeff" + strings.ReplaceAll(src, "\n", "\r\n")
				ts.Check(os.WriteFile(ts.MkAbs(args[1]), []byte(out), 0o644))
			},
		},
		Setup: func(env *testscript.Env) error {
			env.Setenv("NO_COLOR", "1")
			legacy, err := filepath.Abs("../../testdata/legacy")
			env.Setenv("LEGACY", legacy)
			if err != nil {
				return err
			}
			return archive(env)
		},
	}
}

// TestScriptPostgres runs the scenarios that touch storage on a PostgreSQL
// archive (a fresh schema each): the same commands, the same output.
// Left out: trust.txtar and legacy.txtar, whose scenarios are about the
// archive file itself (its path, -o naming it, :memory:, a folder).
func TestScriptPostgres(t *testing.T) {
	pgtest.URL(t)
	dir := t.TempDir()
	for _, name := range []string{"check", "copy", "corrections", "import", "near", "query", "refs", "search"} {
		b, err := os.ReadFile("../../testdata/script/" + name + ".txtar")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+".txtar"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	testscript.Run(t, scriptParams(dir, func(env *testscript.Env) error {
		env.Setenv("VANBAN_DB", pgtest.Archive(env.T().(testing.TB)))
		return nil
	}))
}
