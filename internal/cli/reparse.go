package cli

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/vanban/vanban/internal/parse"
	"github.com/vanban/vanban/internal/sqlite"
	"github.com/vanban/vanban/internal/vanban"
	"github.com/vanban/vanban/internal/vntext"
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

type reparseReport struct {
	Reparsed int            `json:"reparsed"`
	Changed  int            `json:"changed"`
	Failed   int            `json:"failed"`
	Fields   map[string]int `json:"fields"`
	Records  []reparsedDoc  `json:"records"`
}

type reparsedDoc struct {
	ID     int64    `json:"id"`
	Fields []string `json:"fields,omitempty"`
	Error  string   `json:"error,omitempty"`
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
			if encoding != "" && !vntext.IsKnownEncoding(encoding) {
				return usageErrorf("--encoding %q: want one of %s", encoding, strings.Join(vntext.Encodings, ", "))
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
		if ids, err = db.IDs(ctx); err != nil {
			return fmt.Errorf("list records: %w", err)
		}
	}
	rep := reparseReport{Fields: map[string]int{}, Records: []reparsedDoc{}}
	const batch = 200
	for start := 0; start < len(ids); start += batch {
		if ctx.Err() != nil {
			break
		}
		end := min(start+batch, len(ids))
		type upd struct {
			id      int64
			rec     *sqlite.Record
			changed []string
		}
		var ups []upd
		for _, id := range ids[start:end] {
			old, err := db.Get(ctx, id)
			if errors.Is(err, sqlite.ErrNotFound) {
				rep.Failed++
				rep.Records = append(rep.Records, reparsedDoc{ID: id, Error: "no such record"})
				continue
			}
			if err != nil {
				if ctx.Err() != nil {
					break // interrupted: the report below says what was done
				}
				return err
			}
			orig, _, err := db.Original(ctx, id)
			if err != nil {
				if ctx.Err() != nil {
					break
				}
				return err
			}
			doc, text, err := parse.ParseWithText(old.Source.Path, orig, parse.Options{Encoding: encoding, MaxSize: parse.MaxSize}) // archived already: no limit to apply again
			rep.Reparsed++
			if err != nil {
				rep.Failed++
				rep.Records = append(rep.Records, reparsedDoc{ID: id, Error: "kept the old fields: " + err.Error()})
				continue
			}
			for _, w := range old.Warnings {
				if strings.HasPrefix(w.Message, vanban.PossibleDuplicate) {
					doc.Warnings = append(doc.Warnings, w)
				}
			}
			changed := changedFields(old, doc)
			if len(changed) == 0 {
				continue
			}
			rep.Changed++
			for _, f := range changed {
				rep.Fields[f]++
			}
			rep.Records = append(rep.Records, reparsedDoc{ID: id, Fields: changed})
			sum := sqlite.TextSHA256(text)
			ups = append(ups, upd{id, &sqlite.Record{Doc: doc, Original: orig, Text: text, TextSHA256: sum[:], ParserVersion: parse.Version}, changed})
		}
		if len(ups) == 0 {
			continue
		}
		w, err := db.BeginWrite(context.Background())
		if err != nil {
			return err
		}
		for _, u := range ups {
			if err := w.Update(context.Background(), u.id, u.rec); errors.Is(err, sqlite.ErrNotFound) {
				// Deleted by rm since it was read: nothing is written
				// for it, and it is not counted as changed.
				rep.Changed--
				for _, f := range u.changed {
					rep.Fields[f]--
					if rep.Fields[f] == 0 {
						delete(rep.Fields, f)
					}
				}
				for k := range rep.Records {
					if rep.Records[k].ID == u.id {
						rep.Records = append(rep.Records[:k], rep.Records[k+1:]...)
						break
					}
				}
				continue
			} else if err != nil {
				w.Rollback()
				return err
			}
		}
		if err := w.Commit(); err != nil {
			return err
		}
	}
	if format == "json" {
		if err := writeJSON(app.Out, rep, true); err != nil {
			return err
		}
	} else if !app.Quiet {
		fmt.Fprintf(app.Err, "reparsed %d records with parser %s: %d changed, %d failed\n", rep.Reparsed, parse.Version, rep.Changed, rep.Failed)
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
		}
	}
	if ctx.Err() != nil {
		return fmt.Errorf("reparse interrupted; the records done so far are saved: %w", context.Canceled)
	}
	if rep.Failed > 0 {
		// Exit 1 when every record failed, 3 when some did.
		return &PartialError{Failed: rep.Failed, Total: len(ids)}
	}
	return nil
}

// changedFields names the fields that differ between two records
// (vanban.ChangedFields: id and source aside), sorted by name.
func changedFields(a, b *vanban.Document) []string {
	out := vanban.ChangedFields(a, b)
	sort.Strings(out)
	return out
}

func newRmCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:   "rm ID...",
		Short: "Delete records from the archive",
		Long: `Delete the records ID... with their original bytes and index entries. When any
ID names no record, nothing is deleted.` + exitStatusHelp,
		Example: `  vanban rm 12
  vanban list --issuer "bo y te" --format tsv --fields id --no-header | xargs vanban rm`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ids, err := parseIDs(args)
			if err != nil {
				return err
			}
			db, err := app.openArchive(cmd.Context(), false)
			if err != nil {
				return err
			}
			defer db.Close()
			missing, err := db.Delete(cmd.Context(), ids)
			if err != nil {
				return err
			}
			if len(missing) > 0 {
				var s []string
				for _, id := range missing {
					s = append(s, fmt.Sprintf("#%d", id))
				}
				return fmt.Errorf("no record %s in %s; nothing was deleted", strings.Join(s, ", "), db.Path())
			}
			if !app.Quiet {
				fmt.Fprintf(app.Err, "deleted %d records\n", len(ids))
			}
			return nil
		},
	}
}
