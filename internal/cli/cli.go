// Package cli is vanban's command line: the cobra commands, their flags and
// output formats, and the mapping of errors to exit codes. It is the only
// package that talks to the terminal.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime/pprof"
	"strings"
	"unicode/utf8"

	"github.com/vanban/vanban/internal/charset"
	"github.com/vanban/vanban/internal/parse"
	"github.com/vanban/vanban/internal/vanban"

	"github.com/spf13/cobra"
)

// App holds what the commands share: the streams and the global flags.
type App struct {
	Streams
	DBPath  string
	Quiet   bool
	Verbose bool
	NoColor bool
	// Formulas writes CSV and TSV cells that start with = + - @ as they
	// are (for programs); by default they get a leading apostrophe so that
	// a spreadsheet does not run them.
	Formulas  bool
	NoHeader  bool // TSV and CSV without their header line
	MaxSizeMB int  // --max-size: the largest document read, in MB (0: the default)
	// Open, when set, gives list, show, search, export, stats and rm their
	// archive instead of the file of --db (tests inject a fake).
	Open func(ctx context.Context) (vanban.Archive, error)
	// commandLine is the command being run, as the history records it.
	commandLine string
}

// sizeLimit is --max-size in bytes.
func (app *App) sizeLimit() int {
	return parse.Options{MaxSize: app.MaxSizeMB << 20}.Limit()
}

// reURLPassword finds the password of a URL in a command line, which the
// history must not keep.
var reURLPassword = regexp.MustCompile(`(://[^:/@\s]+:)[^@\s]+@`)

// commandLine is the command as the history records it on every row it
// writes: URL passwords masked, and cut after maxCommandLine bytes (an
// import of a shell glob can name thousands of files).
func commandLine(args []string) string {
	s := reURLPassword.ReplaceAllString("vanban "+strings.Join(args, " "), "${1}***@")
	if len(s) > maxCommandLine {
		cut := maxCommandLine
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + fmt.Sprintf(" … (%d bytes more)", len(s)-cut)
	}
	return s
}

// maxCommandLine is the longest command line the history keeps whole.
const maxCommandLine = 400

// Main runs vanban with args and returns the process exit status. It never
// calls os.Exit, so tests run it in-process.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	// VANBAN_CPUPROFILE=file writes a CPU profile of the run (for benchmarks).
	if p := os.Getenv("VANBAN_CPUPROFILE"); p != "" {
		if f, err := os.Create(p); err == nil {
			defer f.Close()
			if pprof.StartCPUProfile(f) == nil {
				defer pprof.StopCPUProfile()
			}
		}
	}
	return (&App{Streams: Streams{In: stdin, Out: stdout, Err: stderr}}).Run(ctx, args)
}

// Run runs the command line args with the app's streams (and, in tests, its
// injected archive, terminal answers and clock) and returns the exit status.
func (app *App) Run(ctx context.Context, args []string) int {
	app.commandLine = commandLine(args)
	stdin, stdout, stderr := app.In, app.Out, app.Err
	// A failed write to stdout (a full disk, /dev/full) is an error, not a
	// silent exit 0: the first one is kept and reported.
	out := &checkedWriter{w: stdout}
	app.Out = out
	defer func() { app.Out = stdout }()
	root := newRootCmd(app)
	// Every check of the command line (unknown command or flag, missing
	// or extra arguments, bad flag value) happens before the root's
	// PersistentPreRunE; an error returned before it ran is bad usage.
	started := false
	root.PersistentPreRunE = func(*cobra.Command, []string) error { started = true; return nil }
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(out)
	root.SetErr(stderr)
	err := execute(ctx, root)
	var ie *internalError
	if err != nil && !started && !errors.As(err, &ie) && !errors.Is(err, context.Canceled) {
		var ue *UsageError
		if !errors.As(err, &ue) {
			err = &UsageError{err}
		}
	}
	if err == nil && out.err != nil {
		err = fmt.Errorf("write standard output: %w", out.err)
	}
	var fe *FindingsError
	if err != nil && !errors.As(err, &fe) {
		// Error messages carry file names and document text: untrusted.
		fmt.Fprintf(stderr, "vanban: %s\n", visible(err.Error(), true))
		var he *hintError
		if errors.As(err, &he) && he.hint != "" {
			fmt.Fprintf(stderr, "hint: %s\n", visible(he.hint, true))
		}
		if ExitCode(err) == ExitUsage {
			fmt.Fprintln(stderr, "Run 'vanban --help' for usage.")
		}
	}
	return ExitCode(err)
}

func newRootCmd(app *App) *cobra.Command {
	root := &cobra.Command{
		Use:   "vanban",
		Short: "Archive and search Vietnamese official documents",
		Long: `vanban reads plain-text Vietnamese official documents (công văn, quyết định,
chỉ thị, kế hoạch… of Party and State bodies, typed, converted or OCR'd), parses
each into a structured record, keeps records and original text in one local
SQLite file, and answers list, show, search, export and stats.` + exitStatusHelp,
		SilenceErrors: true,
		SilenceUsage:  true,
		Version:       versionString(),
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &UsageError{err}
	})
	pf := root.PersistentFlags()
	pf.StringVar(&app.DBPath, "db", defaultDB(), "archive: a file, or a postgres:// URL (default $VANBAN_DB, else $XDG_DATA_HOME/vanban/archive.db, else ~/.local/share/vanban/archive.db)")
	pf.Lookup("db").DefValue = "" // the help says the default once, as a rule, not as this machine's path
	pf.BoolVarP(&app.Quiet, "quiet", "q", false, "print nothing but data and errors")
	// -v is --verbose everywhere (import prints one line per file); the
	// version is --version.
	pf.BoolVarP(&app.Verbose, "verbose", "v", false, "more on stderr (import: one line per file)")
	pf.BoolVar(&app.NoColor, "no-color", os.Getenv("NO_COLOR") != "", "no colour (also when NO_COLOR is set)")
	pf.IntVar(&app.MaxSizeMB, "max-size", parse.DefaultMaxSize>>20, fmt.Sprintf("largest document read, in MB (at most %d)", parse.MaxSize>>20))
	pf.BoolVar(&app.NoHeader, "no-header", false, "TSV and CSV without the header line (for xargs and scripts)")
	pf.BoolVar(&app.Formulas, "formulas", false, "write CSV/TSV cells starting with = + - @ as they are (default: a leading ' stops spreadsheets running them)")
	root.AddCommand(newServeCmd(app), newCheckCmd(app), newParseCmd(app), newImportCmd(app), newListCmd(app), newShowCmd(app), newSearchCmd(app),
		newExportCmd(app), newStatsCmd(app), newRefsCmd(app), newSetCmd(app), newUnsetCmd(app), newApplyCmd(app), newLogCmd(app), newPurgeCmd(app),
		newReparseCmd(app), newRmCmd(app), newCopyCmd(app), newVersionCmd(app))
	root.CompletionOptions.HiddenDefaultCmd = false
	registerCompletions(root)
	// "completion nosh" would print help and exit 0: an unknown shell is a
	// usage error.
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			c.Args = func(cmd *cobra.Command, args []string) error {
				if len(args) > 0 {
					return usageErrorf("completion %q: want bash, zsh, fish or powershell", args[0])
				}
				return nil
			}
			c.RunE = func(cmd *cobra.Command, args []string) error {
				return usageErrorf("completion: name a shell: bash, zsh, fish or powershell")
			}
		}
	}
	return root
}

// defaultDB is $VANBAN_DB, else $XDG_DATA_HOME/vanban/archive.db, else
// ~/.local/share/vanban/archive.db.
func defaultDB() string {
	if p := os.Getenv("VANBAN_DB"); p != "" {
		return p
	}
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "archive.db"
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "vanban", "archive.db")
}

// execute runs the command, turning a panic into an internal error (exit
// 1, not the usage code 2) with what to report.
func execute(ctx context.Context, root *cobra.Command) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &internalError{fmt.Sprintf("internal error: %v (this is a bug in vanban %s: please report it with the command you ran; the archive is safe, a transaction in progress was not committed)", r, versionString())}
		}
	}()
	return root.ExecuteContext(ctx)
}

// internalError is a panic turned into an error: exit 1, whatever its text.
type internalError struct{ msg string }

func (e *internalError) Error() string { return e.msg }

// checkedWriter remembers the first write error.
type checkedWriter struct {
	w   io.Writer
	err error
}

func (c *checkedWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	if err != nil && c.err == nil {
		c.err = err
	}
	return n, err
}

// Fd lets isTerminal see the terminal behind the writer.
func (c *checkedWriter) Fd() uintptr {
	if f, ok := c.w.(interface{ Fd() uintptr }); ok {
		return f.Fd()
	}
	return ^uintptr(0)
}

// registerCompletions offers the valid values of the enumerated flags to
// shell completion, on every command that has them.
func registerCompletions(root *cobra.Command) {
	typeNames := parse.TypeNames()
	values := map[string][]string{
		"system":   {vanban.SystemParty, vanban.SystemState, vanban.SystemMassOrg},
		"sort":     {"-date", "date", "symbol", "-symbol", "issuer", "-issuer", "id", "-id"},
		"by":       {"issuer", "type", "year", "month", "signer", "place", "system", "encoding"},
		"type":     typeNames,
		"warnings": warningFields,
		"encoding": charset.Encodings,
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for name, vals := range values {
			if c.Flags().Lookup(name) != nil {
				vals := vals
				_ = c.RegisterFlagCompletionFunc(name, func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
					return vals, cobra.ShellCompDirectiveNoFileComp
				})
			}
		}
		if f := c.Flags().Lookup("format"); f != nil {
			// The formats a command takes are in its flag's usage text.
			var formats []string
			for _, w := range strings.FieldsFunc(f.Usage, func(r rune) bool { return r == ',' || r == ' ' || r == ':' }) {
				switch w {
				case "table", "tsv", "csv", "json", "ndjson", "md", "text":
					formats = append(formats, w)
				}
			}
			_ = c.RegisterFlagCompletionFunc("format", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
				return formats, cobra.ShellCompDirectiveNoFileComp
			})
		}
		if c.Flags().Lookup("fields") != nil {
			_ = c.RegisterFlagCompletionFunc("fields", func(_ *cobra.Command, _ []string, typed string) ([]string, cobra.ShellCompDirective) {
				// A comma-separated list: complete its last element.
				prefix := ""
				if k := strings.LastIndexByte(typed, ','); k >= 0 {
					prefix = typed[:k+1]
				}
				var out []string
				for _, f := range append(append([]string{}, allFields...), "snippet") {
					out = append(out, prefix+f)
				}
				return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
			})
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}
