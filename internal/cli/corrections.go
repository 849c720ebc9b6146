package cli

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/vanban/vanban/internal/check"
	"github.com/vanban/vanban/internal/export"
	"github.com/vanban/vanban/internal/store"
	"github.com/vanban/vanban/internal/vanban"
)

// actor is who the history names: $VANBAN_USER, else the OS user.
func actor() string {
	if u := strings.TrimSpace(os.Getenv("VANBAN_USER")); u != "" {
		return u
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "unknown"
}

// notCorrectable are the fields set and apply refuse: the record's key,
// where it came from, and the parser's own notes.
var notCorrectable = map[string]string{
	"id":       "the record's id is the archive's key",
	"source":   "the source is where the original bytes came from",
	"spans":    "spans say where the parser read each field; they are not corrected",
	"findings": "findings are computed by vanban check from the corrected record",
}

func newSetCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:   "set ID|SYMBOL FIELD=VALUE...",
		Short: "Correct fields of a record; the correction survives reparse",
		Long: `Correct fields of a record. A corrected field keeps its value: reparse
recomputes the parser's value but never replaces the correction, and reports
a conflict when the parser's value changes to something else. show marks
corrected fields, by whom and when; vanban log lists every change. unset
takes the parser's value back.

A list field (recipients, distribution, signer_authority) takes one value
per FIELD=VALUE, repeated in order, or a JSON array; references take a JSON
array of {type, symbol, date, issuer, kind}, warnings one of {field,
message} (warnings='[]' clears the parser's notes once a record is
reviewed). id, source, spans and findings cannot be set (findings are
checked again on the corrected record).` + exitStatusHelp,
		Example: `  vanban set 12 subject="Về việc tăng cường phòng, chống dịch"
  vanban set 71-CV/TU date=2020-12-03 signer_name="Nguyễn Văn Lộc"
  vanban set 12 recipients="Sở Y tế" recipients="Sở Tài chính"
  VANBAN_USER=lan vanban set 12 type="Kế hoạch"`,
		Args: cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return app.runSet(cmd.Context(), args[0], args[1:])
		},
	}
}

// assignments reads FIELD=VALUE arguments into a copy of d, returning the
// fields in the order first given.
func assignments(d *vanban.Document, args []string) ([]string, error) {
	var order []string
	lists := map[string][]string{}
	for _, a := range args {
		name, value, ok := strings.Cut(a, "=")
		if !ok {
			return nil, usageErrorf("%q: want FIELD=VALUE", a)
		}
		// A record's text is UTF-8 (PostgreSQL's text columns take
		// nothing else, and JSON output showed such bytes as U+FFFD
		// anyway): bytes that are not become U+FFFD.
		value = strings.ToValidUTF8(value, "\uFFFD")
		f, known := vanban.FieldByName(name)
		if !known {
			return nil, usageErrorf("%q: no field %q (fields: %s)", a, name, strings.Join(vanban.FieldNames(), ", "))
		}
		if why, no := notCorrectable[name]; no {
			return nil, usageErrorf("%s cannot be corrected: %s", name, why)
		}
		if !vanban.Contains(order, name) {
			order = append(order, name)
		}
		switch p := f.Ptr(d).(type) {
		case *string:
			*p = value
		case *[]string:
			if strings.HasPrefix(strings.TrimSpace(value), "[") {
				var v []string
				if err := json.Unmarshal([]byte(value), &v); err != nil {
					return nil, usageErrorf("%s: not a JSON array of strings: %v", name, err)
				}
				lists[name] = append(lists[name], v...)
			} else {
				lists[name] = append(lists[name], value)
			}
			*p = lists[name]
		case *[]vanban.Reference:
			var v []vanban.Reference
			if err := json.Unmarshal([]byte(value), &v); err != nil {
				return nil, usageErrorf("references: want a JSON array of {type, symbol, date, issuer, kind}: %v", err)
			}
			for _, r := range v {
				if r.Kind != "" && !vanban.Contains(vanban.RefKinds, r.Kind) {
					return nil, usageErrorf("references: kind %q: want one of %s", r.Kind, strings.Join(vanban.RefKinds, ", "))
				}
			}
			*p = v
		case *[]vanban.Warning:
			// The parser's notes, kept or cleared once read: a JSON array
			// of {field, message} ("[]" clears them).
			var v []vanban.Warning
			if err := json.Unmarshal([]byte(value), &v); err != nil {
				return nil, usageErrorf("warnings: want a JSON array of {field, message}: %v", err)
			}
			*p = v
		default:
			return nil, usageErrorf("%s cannot be set", name)
		}
	}
	if d.Date != "" && !reISO.MatchString(d.Date) {
		return nil, usageErrorf("date %q: want YYYY-MM-DD", d.Date)
	}
	return order, nil
}

// corrector is the archive side of set, unset and apply.
type corrector struct {
	db store.Store
}

// correct writes the fields of newDoc named in fields as corrections of
// record id (old is the record as it is), in one transaction, with a
// history row each; unset fields go back to the parser's value.
func (c corrector) correct(ctx context.Context, id int64, old, newDoc *vanban.Document, fields []string, unset bool) error {
	ovs, err := c.db.Overrides(ctx, id)
	if err != nil {
		return err
	}
	orig, text, err := c.db.Original(ctx, id)
	if err != nil {
		return err
	}
	sum := store.TextSHA256(text)
	// The format is checked again on the corrected record.
	newDoc.Findings = check.Check(newDoc, text).Findings
	w, err := c.db.BeginWrite(context.Background())
	if err != nil {
		return err
	}
	rec := &store.Record{Doc: newDoc, Text: text, Original: orig, TextSHA256: sum[:]}
	if err := w.Update(context.Background(), id, rec); err != nil {
		w.Rollback()
		return err
	}
	for _, name := range fields {
		f, _ := vanban.FieldByName(name)
		if unset {
			err = w.DropOverride(context.Background(), id, name)
		} else {
			parser := store.StoredForm(f, old)
			if o, ok := ovs[name]; ok {
				parser = o.ParserValue
			}
			err = w.SetOverride(context.Background(), id, name, store.StoredForm(f, newDoc), parser)
		}
		if err == nil {
			action := "set"
			if unset {
				action = "unset"
			}
			err = w.LogCorrection(context.Background(), id, action, name, store.HistoryValue(f, old), store.HistoryValue(f, newDoc))
		}
		if err != nil {
			w.Rollback()
			return err
		}
	}
	return w.Commit()
}

// copyDoc is a copy of d whose list fields can be changed without
// changing d's.
func copyDoc(d *vanban.Document) *vanban.Document {
	n := *d
	n.Recipients = append([]string(nil), d.Recipients...)
	n.Distribution = append([]string(nil), d.Distribution...)
	n.SignerAuthority = append([]string(nil), d.SignerAuthority...)
	n.References = append([]vanban.Reference(nil), d.References...)
	n.Warnings = append([]vanban.Warning(nil), d.Warnings...)
	return &n
}

// onRecord opens the archive for writing, reads the record arg names and
// calls fn with it (set and unset).
func (app *App) onRecord(ctx context.Context, arg string, fn func(db store.Store, id int64, old *vanban.Document) error) error {
	db, err := app.openArchive(ctx, false)
	if err != nil {
		return err
	}
	defer db.Close()
	id, err := resolveRecord(ctx, app, db, arg)
	if err != nil {
		return err
	}
	old, err := db.Get(ctx, id)
	if err != nil {
		return err
	}
	return fn(db, id, old)
}

func (app *App) runSet(ctx context.Context, arg string, args []string) error {
	return app.onRecord(ctx, arg, func(db store.Store, id int64, old *vanban.Document) error {
		nd := copyDoc(old)
		fields, err := assignments(nd, args)
		if err != nil {
			return err
		}
		nd.Normalize()
		if err := (corrector{db}).correct(ctx, id, old, nd, fields, false); err != nil {
			return err
		}
		if !app.Quiet {
			fmt.Fprintf(app.Err, "#%d: corrected %s\n", id, strings.Join(fields, ", "))
		}
		return nil
	})
}

func newUnsetCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:   "unset ID|SYMBOL FIELD...",
		Short: "Take back corrections: the fields get the parser's values again",
		Long: `Take back the corrections of fields of a record: each gets the parser's
value (as the last reparse read it) and reparse may change it again. A field
that is not corrected is bad usage.` + exitStatusHelp,
		Example: `  vanban unset 12 subject date`,
		Args:    cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return app.runUnset(cmd.Context(), args[0], args[1:])
		},
	}
}

func (app *App) runUnset(ctx context.Context, arg string, names []string) error {
	return app.onRecord(ctx, arg, func(db store.Store, id int64, old *vanban.Document) error {
		ovs, err := db.Overrides(ctx, id)
		if err != nil {
			return err
		}
		nd := copyDoc(old)
		for _, name := range names {
			o, ok := ovs[name]
			if !ok {
				return usageErrorf("#%d: %s is not corrected", id, name)
			}
			f, _ := vanban.FieldByName(name)
			f.DecodeValue(nd, o.ParserValue)
		}
		nd.Normalize()
		if err := (corrector{db}).correct(ctx, id, old, nd, names, true); err != nil {
			return err
		}
		if !app.Quiet {
			fmt.Fprintf(app.Err, "#%d: %s back to the parser's value\n", id, strings.Join(names, ", "))
		}
		return nil
	})
}

func newApplyCmd(app *App) *cobra.Command {
	var dry bool
	cmd := &cobra.Command{
		Use:   "apply FILE.csv",
		Short: "Apply the cells changed in an exported CSV as corrections",
		Long: `Apply corrections made in a spreadsheet: export records as CSV (vanban export
--format csv, or list --format csv with --fields), edit cells, save as CSV,
and apply the file. Every cell that differs from the record is a correction
(as vanban set); the others are left alone. The file needs an id column;
list cells are "; "-separated as exported; references, warnings and source
cannot be changed this way (vanban set). The apostrophe vanban puts before a cell
starting with = + - @ is taken off again.

Each record's changes are written together or not at all. --dry-run prints
the changes without writing them.` + exitStatusHelp,
		Example: `  vanban export --format csv --fields id,symbol,date,subject -o fix.csv
  vanban apply fix.csv --dry-run
  vanban apply fix.csv`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return app.runApply(cmd.Context(), args[0], dry)
		},
	}
	cmd.Flags().BoolVar(&dry, "dry-run", false, "print the changes, write nothing")
	return cmd
}

// unformula takes off the apostrophe export.FormulaSafe put before a cell.
func unformula(s string) string {
	if len(s) > 1 && s[0] == '\'' && export.FormulaSafe(s[1:]) != s[1:] {
		return s[1:]
	}
	return s
}

func (app *App) runApply(ctx context.Context, path string, dry bool) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReader(f))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return fmt.Errorf("%s: no CSV header: %w", path, err)
	}
	idCol := -1
	for i, h := range header {
		h = strings.TrimPrefix(strings.TrimSpace(h), "\ufeff")
		header[i] = h
		if h == "id" {
			idCol = i
			continue
		}
		if _, ok := vanban.FieldByName(h); !ok && h != "snippet" {
			return usageErrorf("%s: column %q is not a field (fields: %s)", path, h, strings.Join(vanban.FieldNames(), ", "))
		}
	}
	if idCol < 0 {
		return usageErrorf("%s: no id column: export with --fields id,…", path)
	}
	db, err := app.openArchive(ctx, false)
	if err != nil {
		return err
	}
	defer db.Close()
	changed, records := 0, 0
	line := 1
	for {
		row, err := r.Read()
		line++
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if idCol >= len(row) {
			continue
		}
		id, err := strconv.ParseInt(strings.TrimSpace(row[idCol]), 10, 64)
		if err != nil {
			return fmt.Errorf("%s, line %d: id %q is not a number", path, line, row[idCol])
		}
		old, err := db.Get(ctx, id)
		if err != nil {
			return fmt.Errorf("%s, line %d: %w", path, line, err)
		}
		nd := copyDoc(old)
		var fields []string
		for i, h := range header {
			if i == idCol || i >= len(row) || h == "snippet" {
				continue
			}
			fld, _ := vanban.FieldByName(h)
			cur := export.Visible(fld.Text(old), true)
			cell := strings.ToValidUTF8(row[i], "\uFFFD") // as set does
			if cell == cur || cell == export.FormulaSafe(cur) {
				continue
			}
			cell = unformula(cell)
			if _, no := notCorrectable[h]; no || fld.Kind == vanban.KindRefs {
				fmt.Fprintf(app.Err, "#%d: %s not applied: it cannot be changed from a CSV file (vanban set)\n", id, h)
				continue
			}
			switch p := fld.Ptr(nd).(type) {
			case *string:
				*p = cell
			case *[]string:
				*p = nil
				for _, v := range strings.Split(cell, "; ") {
					if v = strings.TrimSpace(v); v != "" {
						*p = append(*p, v)
					}
				}
			}
			if h == "date" && cell != "" && !reISO.MatchString(cell) {
				return fmt.Errorf("%s, line %d: date %q: want YYYY-MM-DD; nothing of this record was applied", path, line, cell)
			}
			fields = append(fields, h)
			fmt.Fprintf(app.Out, "#%d %s: %s → %s\n", id, h, strconv.Quote(fld.Text(old)), strconv.Quote(fld.Text(nd)))
		}
		if len(fields) == 0 {
			continue
		}
		records++
		changed += len(fields)
		if dry {
			continue
		}
		nd.Normalize()
		if err := (corrector{db}).correct(ctx, id, old, nd, fields, false); err != nil {
			return fmt.Errorf("#%d: %w (the records before it are corrected)", id, err)
		}
	}
	if !app.Quiet {
		verb := "corrected"
		if dry {
			verb = "would correct"
		}
		fmt.Fprintf(app.Err, "%s %d fields in %d record%s\n", verb, changed, records, map[bool]string{true: "", false: "s"}[records == 1])
	}
	return nil
}

func newLogCmd(app *App) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "log [ID]",
		Short: "Show the history of the archive, or of one record",
		Long: `Show every change made to the records, oldest first: import, reparse (a line
per field changed, old and new value), set, unset, rm; with when, who
($VANBAN_USER, else the OS user) and the command. The history is
append-only: vanban never changes or removes a line of it. With an ID, the
history of that record (also after rm).` + exitStatusHelp,
		Example: `  vanban log 12
  vanban log --format json | jq '.[] | select(.action == "set")'`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var id int64
			if len(args) == 1 {
				var err error
				if id, err = strconv.ParseInt(strings.TrimPrefix(args[0], "#"), 10, 64); err != nil || id <= 0 {
					return usageErrorf("%q: want a record id", args[0])
				}
			}
			return app.runLog(cmd.Context(), id, format)
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "", "text, tsv or json (default: text on a terminal, else tsv)")
	return cmd
}

func (app *App) runLog(ctx context.Context, id int64, format string) error {
	if format == "" {
		format = "tsv"
		if app.isTerminal(app.Out) {
			format = "text"
		}
	}
	if !contains([]string{"text", "tsv", "json"}, format) {
		return usageErrorf("--format %q: want text, tsv or json", format)
	}
	db, err := app.openArchive(ctx, true)
	if err != nil {
		return err
	}
	defer db.Close()
	cs, err := db.History(ctx, id)
	if err != nil {
		return err
	}
	out := bufio.NewWriter(app.Out)
	switch format {
	case "json":
		if err := writeJSON(out, cs, true); err != nil {
			return err
		}
	case "tsv":
		if !app.NoHeader {
			fmt.Fprintln(out, "seq\tat\tactor\tid\taction\tfield\told\tnew\tcommand")
		}
		for _, c := range cs {
			fmt.Fprintf(out, "%d\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\n", c.Seq, c.At, app.tsvCell(c.Actor), c.ID, c.Action, c.Field, app.tsvCell(c.Old), app.tsvCell(c.New), app.tsvCell(c.Command))
		}
	default:
		if len(cs) == 0 {
			fmt.Fprintln(out, "no history")
		}
		for _, c := range cs {
			what := c.Action
			switch {
			case c.Field != "":
				what += " " + c.Field + ": " + strconv.Quote(visible(c.Old, false)) + " → " + strconv.Quote(visible(c.New, false))
			case c.Old != "" || c.New != "":
				what += " " + visible(strings.TrimSpace(c.Old+" "+c.New), false)
			}
			fmt.Fprintf(out, "%s  #%-6d %-10s %s\n", c.At, c.ID, visible(c.Actor, false), what)
		}
	}
	return out.Flush()
}

func newPurgeCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:   "purge [ID...]",
		Short: "Drop the original bytes that rm kept of deleted records",
		Long: `rm removes a record from every listing and index but keeps its original bytes,
so that a deletion can be undone (vanban show --raw ID > file, then vanban
import file) until they are purged. purge drops them for the given deleted
records, or for all. The history keeps its rows and records the purge.` + exitStatusHelp,
		Example: `  vanban purge 12 13
  vanban purge`,
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
			n, err := db.Purge(cmd.Context(), ids)
			if err != nil {
				return err
			}
			if !app.Quiet {
				fmt.Fprintf(app.Err, "purged the originals of %d deleted records\n", n)
			}
			return nil
		},
	}
}
