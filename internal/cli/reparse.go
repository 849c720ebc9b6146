package cli

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/vanban/vanban/internal/archive"
	"github.com/vanban/vanban/internal/charset"
	"github.com/vanban/vanban/internal/parse"
)

func parseIDs(args []string) ([]int64, error) {
	ids := make([]int64, 0, len(args))
	seen := map[int64]bool{}
	for _, a := range args {
		id, err := strconv.ParseInt(strings.TrimPrefix(a, "#"), 10, 64)
		if err != nil || id <= 0 {
			return nil, usageErrorf("%q is not a record id (a positive number)", a)
		}
		if !seen[id] { // "rm 2 2 2" deletes one record and says so
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids, nil
}

func newReparseCmd(app *App) *cobra.Command {
	var format, encoding string
	cmd := &cobra.Command{
		Use:   "reparse [ID...]",
		Short: "Re-run the current parser over the stored original bytes",
		Long: `Re-run the current parser over the original bytes stored for every record (or
the records ID...), decoding them afresh, and update the fields and the search
index where they changed. The original bytes and the source are never
touched; a record the parser now rejects keeps its old fields and is
reported. "possible duplicate" warnings given at import are kept.

The encoding is detected again (so records read before a decoder existed,
say TCVN3 taken for Windows-1258, come out right); a record imported with
--encoding keeps its encoding only if you pass the same --encoding here,
with its ids.

The report lists how many records were reparsed and changed, and how many
times each field changed; --format json also lists the records.` + exitStatusPartialHelp,
		Example: `  vanban reparse
  vanban reparse 12 40 41
  vanban reparse --encoding vni 57
  vanban reparse --format json | jq .fields`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "json" {
				return usageErrorf("--format %q: want text or json", format)
			}
			if encoding != "" && !charset.IsKnownEncoding(encoding) {
				return usageErrorf("--encoding %q: want one of %s", encoding, strings.Join(charset.Encodings, ", "))
			}
			ids, err := parseIDs(args)
			if err != nil {
				return err
			}
			return runReparse(cmd.Context(), app, ids, format, encoding)
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "text", "report format: text or json")
	cmd.Flags().StringVar(&encoding, "encoding", "", encodingFlagHelp)
	return cmd
}

func runReparse(ctx context.Context, app *App, ids []int64, format, encoding string) error {
	db, err := app.openArchive(ctx, false)
	if err != nil {
		return err
	}
	defer db.Close()
	if len(ids) == 0 {
		ids = nil // every record
	}
	rep, err := archive.Reparse(ctx, db, ids, encoding)
	if err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	if format == "json" {
		if err := writeJSON(app.Out, rep, true); err != nil {
			return err
		}
	} else if !app.Quiet {
		fmt.Fprintf(app.Err, "reparsed %d records with parser %s: %d changed, %d failed", rep.Reparsed, parse.Version, rep.Changed, rep.Failed)
		if rep.Conflicts > 0 {
			fmt.Fprintf(app.Err, ", %d conflicts with corrections", rep.Conflicts)
		}
		if rep.Rechecked > 0 {
			fmt.Fprintf(app.Err, "; spans or format findings rewritten in %d", rep.Rechecked)
		}
		fmt.Fprintln(app.Err)
		var names []string
		for f := range rep.Fields {
			names = append(names, f)
		}
		sort.Strings(names)
		for _, f := range names {
			fmt.Fprintf(app.Err, "  %-17s %d\n", f, rep.Fields[f])
		}
		for _, r := range rep.Records {
			if r.Error != "" {
				fmt.Fprintf(app.Err, "  #%d: %s\n", r.ID, visible(r.Error, false))
			}
			for _, c := range r.Conflicts {
				fmt.Fprintf(app.Err, "  #%d: conflict on %s: corrected to %s, the parser now reads %s (kept the correction; vanban unset %d %s takes the parser's)\n",
					r.ID, c.Field, visible(strconv.Quote(c.Correction), false), visible(strconv.Quote(c.Parser), false), r.ID, c.Field)
			}
		}
	}
	if ctx.Err() != nil {
		return fmt.Errorf("reparse interrupted; the records done so far are saved: %w", context.Canceled)
	}
	if rep.Failed > 0 {
		// Exit 1 when every record failed, 3 when some did.
		return &PartialError{Failed: rep.Failed, Total: rep.Total}
	}
	return nil
}
