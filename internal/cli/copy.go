package cli

import (
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/vanban/vanban/internal/archive"
	"github.com/vanban/vanban/internal/postgres"
	"github.com/vanban/vanban/internal/store"
)

func newCopyCmd(app *App) *cobra.Command {
	var from, to, format string
	cmd := &cobra.Command{
		Use:   "copy --to ARCHIVE [--from ARCHIVE]",
		Short: "Copy an archive into another, between SQLite and PostgreSQL",
		Long: `Copy every record of one archive into another, each under its id, with its
original bytes, decoded text, fields and source, then the corrections, the
history and the kept originals of deleted records; then verify the copy:
every record equal, every original read back against its SHA-256.

An archive is a file path (SQLite) or a postgres:// URL (PostgreSQL). --from
defaults to --db ($VANBAN_DB). The target must be empty, or hold a copy of
the same source that was interrupted: the copy then goes on after the last
record it holds (records are copied 500 a transaction, in id order). The
source is only read.` + exitStatusHelp,
		Example: `  vanban copy --from archive.db --to postgres://vanban@db.example/archive
  vanban copy --from postgres://vanban@db.example/archive --to backup.db`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if from == "" {
				from = app.DBPath
			}
			if to == "" {
				return usageErrorf("copy: --to ARCHIVE is required (a file path or a postgres:// URL)")
			}
			if format != "text" && format != "json" {
				return usageErrorf("--format %q: want text or json", format)
			}
			if sameArchive(from, to) {
				return usageErrorf("copy: --from and --to name the same archive (%s)", postgres.Mask(to))
			}
			src, err := app.openNamed(ctx, "--from", from, true)
			if err != nil {
				return err
			}
			defer src.Close()
			dst, err := app.openNamed(ctx, "--to", to, false)
			if err != nil {
				return err
			}
			defer dst.Close()
			a, okA := src.(store.Copier)
			b, okB := dst.(store.Copier)
			if !okA || !okB {
				return fmt.Errorf("copy: these archives cannot be copied")
			}
			opt := archive.CopyOptions{}
			if !app.Quiet && app.isTerminal(app.Err) {
				opt.Progress = func(done, total int64) {
					fmt.Fprintf(app.Err, "\rcopied %d of %d records", done, total)
				}
			}
			rep, err := archive.Copy(ctx, a, b, opt)
			if opt.Progress != nil {
				fmt.Fprintln(app.Err)
			}
			if err != nil {
				return err
			}
			if format == "json" {
				return writeJSON(app.Out, rep, true)
			}
			if !app.Quiet {
				fmt.Fprintf(app.Err, "copied %d records from %s to %s (%d were there from an earlier run), %d corrections, %d history rows, %d originals of deleted records\nverified: %d records equal, every original matches its SHA-256\n",
					rep.Copied, src.Path(), dst.Path(), rep.Resumed, rep.Overrides, rep.History, rep.Trash, rep.Verified)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "the archive to copy (default --db)")
	cmd.Flags().StringVar(&to, "to", "", "the archive to copy into: empty, or an interrupted copy of --from")
	cmd.Flags().StringVar(&format, "format", "text", "report as text (on stderr) or json (on stdout)")
	return cmd
}

// sameArchive reports whether a and b name one archive (the same URL, or
// the same file).
func sameArchive(a, b string) bool {
	if postgres.IsURL(a) || postgres.IsURL(b) {
		return a == b
	}
	x, err1 := filepath.Abs(a)
	y, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && x == y
}
