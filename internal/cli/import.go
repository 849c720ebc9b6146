package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"github.com/vanban/vanban/internal/archive"
	"github.com/vanban/vanban/internal/charset"
	"github.com/vanban/vanban/internal/postgres"
	"github.com/vanban/vanban/internal/store"
)

type importOptions struct {
	format   string
	exts     []string
	jobs     int
	dryRun   bool
	encoding string
}

func newImportCmd(app *App) *cobra.Command {
	opts := &importOptions{}
	cmd := &cobra.Command{
		Use:   "import PATH...",
		Short: "Parse documents and store them in the archive",
		Long: `Import files, folders (recursively; .txt and .md unless --ext says otherwise),
glob patterns and "-" (standard input) into the archive. Documents are parsed
in parallel (--jobs) and written by one writer in batched transactions: a
record is stored whole or not at all, and an interrupted or killed import
leaves a valid archive that the same command, run again, completes.

A file whose normalised text is already archived is a duplicate: it is not
stored again and the summary names the record it duplicates, so running an
import twice stores nothing new. Two documents with the same symbol, issuer
and date but different text are both kept, and both get a "possible
duplicate" warning. A file that cannot be read or is not a document (empty,
binary, no header and no signature) fails alone; the others still go in.

Each file's encoding is detected (UTF-8, UTF-16, Windows-1258, TCVN3, VNI,
VISCII, mixed by paragraph) unless --encoding forces one; "vanban stats --by
encoding" counts what came from where.

On a terminal a progress bar runs on stderr; when stderr is not a terminal
nothing is printed per file unless -v. The summary goes to stderr, or to
stdout as JSON with --format json:

  {"imported": n, "duplicates": n, "failed": n, "warnings": n,
   "files": [{"path", "status": "imported|duplicate|failed", "id",
              "duplicate_of", "error", "warnings"}]}

"warnings" counts the warnings of the records imported.` + exitStatusPartialHelp + `
  (3: some inputs failed and the others were imported; 1: every input failed)`,
		Example: `  vanban import ~/scans/2021
  vanban import --ext .txt,.md,.text archive 'scans/2021-*.txt' letter.txt
  find . -name '*.txt' -newer last-run | xargs vanban import -q --format json
  cat doc.txt | vanban import -`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			switch opts.format {
			case "text", "json":
			default:
				return usageErrorf("--format %q: want text or json", opts.format)
			}
			if opts.jobs < 0 || opts.jobs > maxJobs {
				return usageErrorf("--jobs %d: want a number from 1 to %d (0: one per CPU)", opts.jobs, maxJobs)
			}
			if opts.encoding != "" && !charset.IsKnownEncoding(opts.encoding) {
				return usageErrorf("--encoding %q: want one of %s", opts.encoding, strings.Join(charset.Encodings, ", "))
			}
			return runImport(cmd.Context(), app, opts, args)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.format, "format", "f", "text", "summary format: text (stderr) or json (stdout)")
	f.StringSliceVar(&opts.exts, "ext", []string{".txt", ".md"}, "extensions to read from folders (comma-separated)")
	f.IntVarP(&opts.jobs, "jobs", "j", runtime.NumCPU(), "documents parsed in parallel")
	f.BoolVarP(&opts.dryRun, "dry-run", "n", false, "parse and report, write nothing")

	f.StringVar(&opts.encoding, "encoding", "", encodingFlagHelp)
	return cmd
}

func normExts(exts []string) []string {
	var out []string
	for _, e := range exts {
		e = strings.ToLower(strings.TrimSpace(e))
		if e == "" {
			continue
		}
		if !strings.HasPrefix(e, ".") {
			e = "." + e
		}
		out = append(out, e)
	}
	return out
}

func runImport(ctx context.Context, app *App, opts *importOptions, args []string) error {
	var db store.Store
	var err error
	if opts.dryRun {
		if postgres.IsURL(app.DBPath) {
			// A dry run creates nothing: no schema yet is no archive.
			if db, err = app.openArchive(ctx, true); errors.Is(err, postgres.ErrNoArchive) {
				db, err = nil, nil
			}
		} else if _, statErr := os.Stat(app.DBPath); statErr == nil {
			db, err = app.openArchive(ctx, true)
		}
	} else {
		db, err = app.openArchive(ctx, false)
	}
	if err != nil {
		return err
	}
	if db != nil {
		defer db.Close()
	}
	iopt := archive.Options{
		Paths:    args,
		Exts:     normExts(opts.exts),
		Jobs:     opts.jobs,
		DryRun:   opts.dryRun,
		Encoding: opts.encoding,
		Stdin:    app.In,
		MaxSize:  app.sizeLimit(),
		Now:      app.now,
	}
	var bar *progressbar.ProgressBar
	if !app.Quiet && !app.Verbose && app.isTerminal(app.Err) {
		bar = progressbar.NewOptions(-1,
			progressbar.OptionSetWriter(app.Err),
			progressbar.OptionSetDescription("importing"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("files"),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionEnableColorCodes(!app.NoColor),
		)
		iopt.Progress = func(done, found int, walked bool) {
			if !walked {
				// The folders are still being read: no total yet, so a
				// spinner with what was found and done, not a bar that
				// jumps as the total grows.
				if bar.GetMax() != -1 {
					bar.ChangeMax(-1)
				}
				bar.Describe(fmt.Sprintf("reading folders: %d files found,", found))
			} else if bar.GetMax() != found {
				bar.ChangeMax(found)
				bar.Describe("importing")
			}
			_ = bar.Set(done)
		}
	}
	var onFile []func(archive.FileResult)
	// The JSON summary streams the files as they settle: its memory does not
	// grow with the number of files. The counts follow the list.
	var jw *bufio.Writer
	nJSON := 0
	if opts.format == "json" {
		jw = bufio.NewWriterSize(app.Out, 64<<10)
		jw.WriteString("{\n  \"files\": [")
		onFile = append(onFile, func(fr archive.FileResult) {
			b, _ := marshalNoEscape(fr)
			if nJSON > 0 {
				jw.WriteString(",")
			}
			jw.WriteString("\n    ")
			jw.Write(b)
			nJSON++
		})
	}
	var dups []string
	nDups := 0
	onFile = append(onFile, func(fr archive.FileResult) {
		if fr.Status == archive.Duplicate && fr.DuplicateOf != nil {
			nDups++
			if len(dups) < 10 {
				dups = append(dups, fmt.Sprintf("  duplicate %s: same text as #%d", fr.Path, *fr.DuplicateOf))
			}
		}
	})
	if app.Verbose && !app.Quiet {
		onFile = append(onFile, func(fr archive.FileResult) {
			switch fr.Status {
			case archive.Imported:
				id := "-"
				if fr.ID != nil {
					id = fmt.Sprintf("#%d", *fr.ID)
				}
				fmt.Fprintf(app.Err, "imported   %s %s (%d warnings)\n", id, visible(fr.Path, false), len(fr.Warnings))
			case archive.Duplicate:
				of := "a file above"
				if fr.DuplicateOf != nil {
					of = fmt.Sprintf("#%d", *fr.DuplicateOf)
				}
				fmt.Fprintf(app.Err, "duplicate  %s (same text as %s)\n", visible(fr.Path, false), of)
			case archive.Failed:
				fmt.Fprintf(app.Err, "failed     %s: %s\n", visible(fr.Path, false), visible(fr.Error, false))
			}
		})
	}
	iopt.OnFile = func(fr archive.FileResult) {
		for _, f := range onFile {
			f(fr)
		}
	}
	// Parsing allocates; collect less often but stay well under the memory
	// goal (SPEC §8: 150 MB peak RSS whatever the corpus size).
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(80 << 20))
	s, runErr := archive.Run(ctx, db, iopt)
	if bar != nil {
		_ = bar.Finish()
	}
	if s != nil {
		if jw != nil {
			if nJSON > 0 {
				jw.WriteString("\n  ")
			}
			fmt.Fprintf(jw, "],\n  \"imported\": %d,\n  \"duplicates\": %d,\n  \"failed\": %d,\n  \"warnings\": %d\n}\n",
				s.Imported, s.Duplicates, s.Failed, s.Warnings)
			if err := jw.Flush(); err != nil {
				return err
			}
		} else if !app.Quiet || s.Failed > 0 {
			name := postgres.Mask(app.DBPath)
			if db != nil {
				name = db.Path()
			}
			writeImportSummary(app.Err, s, app.Quiet, dups, nDups, name)
		}
	}
	if runErr != nil {
		if errors.Is(runErr, context.Canceled) {
			return fmt.Errorf("import interrupted after %d inputs; what was committed is kept, run the same import again to complete it: %w", s.Settled, context.Canceled)
		}
		return fmt.Errorf("import: %w", runErr)
	}
	if s.Failed > 0 {
		return &PartialError{Failed: s.Failed, Total: s.Settled}
	}
	if s.Settled == 0 && !(len(args) == 1 && args[0] == "-") {
		// A folder with no file of the extensions: say so, and fail, so
		// that a nightly script notices a wrong path or --ext.
		return fmt.Errorf("nothing to import: no file with the extensions %s in %s (choose them with --ext)",
			strings.Join(normExts(opts.exts), ","), strings.Join(args, " "))
	}
	return nil
}

// writeImportSummary prints the human summary.
func writeImportSummary(w io.Writer, s *archive.Summary, quiet bool, dups []string, nDups int, archivePath string) {
	verb := "imported"
	if s.DryRun {
		verb = "would import"
	}
	if !quiet {
		fmt.Fprintf(w, "%s %d, duplicates %d, failed %d, warnings %d\n", verb, s.Imported, s.Duplicates, s.Failed, s.Warnings)
		fmt.Fprintf(w, "archive %s\n", visible(archivePath, false))
		for _, d := range dups {
			fmt.Fprintln(w, visible(d, false))
		}
		if nDups > len(dups) {
			fmt.Fprintf(w, "  … and %d more duplicates (--format json lists them all)\n", nDups-len(dups))
		}
	}
	for _, f := range s.Files {
		if f.Status == archive.Failed {
			fmt.Fprintf(w, "  failed %s: %s\n", visible(f.Path, false), visible(f.Error, false))
		}
	}
}

// maxJobs bounds --jobs: each job holds a document and its parse in memory,
// and more parsers than CPUs only queue.
const maxJobs = 256
