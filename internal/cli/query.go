package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/vanban/vanban/internal/export"
	"github.com/vanban/vanban/internal/search"
	"github.com/vanban/vanban/internal/store"
	"github.com/vanban/vanban/internal/vanban"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// outFormat picks the output format: --format, else a table on a terminal
// and TSV when piped.
func (app *App) outFormat(flag string, allowed ...string) (string, error) {
	if flag == "" {
		if app.isTerminal(app.Out) {
			return "table", nil
		}
		return "tsv", nil
	}
	for _, a := range allowed {
		if flag == a {
			return flag, nil
		}
	}
	return "", usageErrorf("--format %q: want %s", flag, strings.Join(allowed, ", "))
}

// columns reads --fields: the columns of text formats, and those of JSON
// (nil: every field but the body).
func columns(fields string, def []string) (cols, jsonCols []string, err error) {
	cols, err = parseFields(fields, def)
	if err != nil || fields == "" {
		return cols, nil, err
	}
	return cols, cols, nil
}

// inForceColumn serves the in_force column when fields ask for it: it is
// not stored with a record but read from the links (replaced or repealed
// by an archived record). It returns the function adding the column to a
// record's extra cells, and fields without it (what the archive reads).
func inForceColumn(ctx context.Context, db vanban.Archive, fields []string) (func(*vanban.Document, map[string]any) map[string]any, []string, error) {
	none := func(_ *vanban.Document, m map[string]any) map[string]any { return m }
	if !vanban.Contains(fields, "in_force") {
		return none, fields, nil
	}
	rel, ok := db.(vanban.Relater)
	if !ok {
		return nil, nil, errors.New("this archive does not keep references between records: no in_force column")
	}
	ended, err := rel.Ended(ctx)
	if err != nil {
		return nil, nil, err
	}
	var stored []string
	for _, f := range fields {
		if f != "in_force" {
			stored = append(stored, f)
		}
	}
	return func(d *vanban.Document, m map[string]any) map[string]any {
		if m == nil {
			m = map[string]any{}
		}
		m["in_force"] = vanban.InForce(ended, d.ID)
		return m
	}, stored, nil
}

// defaultLimit is 50 on a terminal and no limit when piped.
func (app *App) defaultLimit(flag int) int {
	if flag != 0 {
		return flag
	}
	if app.isTerminal(app.Out) {
		return 50
	}
	return -1
}

var outputHelp = `
OUTPUT
  A table on a terminal, tab-separated values when stdout is piped, or
  --format ` + strings.Join(export.Names(), "|") + `. JSON uses the field names below and
  carries every field but the body unless --fields says otherwise.
  Fields: ` + fieldList + `; and in_force: "yes", or "replaced by #N" /
  "repealed by #N" when an archived record replaces or repeals it.
  CSV and TSV cells starting with = + - @ get a leading ' (spreadsheets would
  run them as formulas) unless --formulas; --no-header leaves out the header.`

// listOptions are the flags and arguments of list.
type listOptions struct {
	filter filterFlags
	sort   string
	format string
	fields string
	limit  int
	offset int
}

func newListCmd(app *App) *cobra.Command {
	var o listOptions
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List records, newest first",
		Long: `List the records of the archive that the filters select, newest first (or
--sort date|-date|symbol|issuer|id). --limit defaults to 50 on a terminal and
to every record when piped. Bodies are never read.` + filterHelp + outputHelp + exitStatusHelp,
		Example: `  vanban list --issuer "bo y te" --year 2021
  vanban list --type "cong van" --from 2020-03 --to 31/12/2020 --format csv > cv.csv
  vanban list --signer "nguyen van" --fields id,date,symbol,signer_name`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return app.runList(cmd.Context(), &o)
		},
	}
	o.filter.add(cmd)
	cmd.Flags().StringVar(&o.sort, "sort", "-date", "order: date, symbol, issuer or id; a leading - for descending")
	cmd.Flags().IntVar(&o.limit, "limit", 0, "at most this many records (default 50 on a terminal, all when piped)")
	cmd.Flags().IntVar(&o.offset, "offset", 0, "skip this many records")
	cmd.Flags().StringVarP(&o.format, "format", "f", "", formatUsage(export.Names()))
	cmd.Flags().StringVar(&o.fields, "fields", "", "comma-separated fields (default id,date,symbol,type,issuer,subject)")
	return cmd
}

// runList runs list with o.
func (app *App) runList(ctx context.Context, o *listOptions) error {
	f, err := o.filter.filter()
	if err != nil {
		return err
	}
	if !vanban.Contains(vanban.Sorts, o.sort) {
		return usageErrorf("--sort %q: want date, -date, symbol, -symbol, issuer, -issuer, id or -id", o.sort)
	}
	if o.limit < 0 || o.offset < 0 {
		return usageErrorf("--limit and --offset must not be negative")
	}
	fmtName, err := app.outFormat(o.format, export.Names()...)
	if err != nil {
		return err
	}
	cols, jsonCols, err := columns(o.fields, listDefault)
	if err != nil {
		return err
	}
	db, err := app.openReader(ctx, false)
	if err != nil {
		return err
	}
	defer db.Close()
	rw, err := app.newWriter(app.Out, fmtName, cols, jsonCols)
	if err != nil {
		return err
	}
	// Only the columns shown are read (the body only when asked
	// for: README).
	read := cols
	if f, _ := export.Lookup(fmtName); f.Structured {
		read = jsonCols
	}
	extra, read, err := inForceColumn(ctx, db, read)
	if err != nil {
		return err
	}
	if err := streamRecords(ctx, db, vanban.ListOptions{Filter: f, Sort: o.sort, Limit: app.defaultLimit(o.limit), Offset: o.offset, Fields: read},
		func(d *vanban.Document) error { return rw.Write(d, extra(d, nil)) }); err != nil {
		return err
	}
	if rw.Count() == 0 && fmtName == "table" {
		// An empty frame says nothing: say it.
		fmt.Fprintln(app.Err, "no records")
		return nil
	}
	return rw.Close()
}

// showOptions are the flags and arguments of show.
type showOptions struct {
	format string
	raw    bool
	args   []string
}

func newShowCmd(app *App) *cobra.Command {
	var o showOptions
	cmd := &cobra.Command{
		Use:   "show ID|SYMBOL",
		Short: "Show one record with every field",
		Long: `Show one record: every field, readable on a terminal (--format text, the
default), or as JSON (--format json). --raw prints the original bytes exactly
as imported. A symbol held by several records lists them and exits 1.` + exitStatusHelp,
		Example: `  vanban show 12
  vanban show 71-CV/TU --format json
  vanban show 12 --raw > original.txt`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.args = args
			return app.runShow(cmd.Context(), &o)
		},
	}
	cmd.Flags().StringVarP(&o.format, "format", "f", "text", "text or json")
	cmd.Flags().BoolVar(&o.raw, "raw", false, "print the original bytes exactly as imported")
	return cmd
}

// runShow runs show with o.
func (app *App) runShow(ctx context.Context, o *showOptions) error {
	if o.format != "text" && o.format != "json" {
		return usageErrorf("--format %q: want text or json", o.format)
	}
	db, err := app.openReader(ctx, false)
	if err != nil {
		return err
	}
	defer db.Close()
	id, err := resolveRecord(ctx, app, db, o.args[0])
	if err != nil {
		if t, ok := db.(store.Store); ok {
			if n, perr := strconv.ParseInt(strings.TrimPrefix(o.args[0], "#"), 10, 64); perr == nil {
				if orig, tr, terr := t.TrashedOriginal(ctx, n); terr == nil {
					if o.raw {
						fmt.Fprintf(app.Err, "vanban: record #%d was deleted at %s by %s; its original bytes are kept until vanban purge\n", n, tr.DeletedAt, visible(tr.Actor, false))
						_, err = app.Out.Write(orig)
						return err
					}
					return fmt.Errorf("record #%d (%s) was deleted at %s by %s; vanban show --raw %d prints its original bytes until vanban purge, vanban log %d its history",
						n, visible(strings.TrimSpace(tr.Type+" "+tr.Symbol+" "+tr.Path), false), tr.DeletedAt, visible(tr.Actor, false), n, n)
				}
			}
		}
		return err
	}
	if o.raw {
		orig, _, err := db.Original(ctx, id)
		if err != nil {
			return err
		}
		_, err = app.Out.Write(orig)
		return err
	}
	d, err := db.Get(ctx, id)
	if err != nil {
		return err
	}
	if o.format == "json" {
		return writeJSON(app.Out, d, true)
	}
	fmt.Fprintf(app.Out, "%-17s %d\n", "id:", d.ID)
	writeText(app.Out, d)
	if c, ok := db.(interface {
		Overrides(context.Context, int64) (map[string]store.Override, error)
	}); ok {
		if ovs, err := c.Overrides(ctx, id); err == nil {
			for _, name := range vanban.FieldNames() {
				if o, ok := ovs[name]; ok {
					fmt.Fprintf(app.Out, "%-17s %s, by %s at %s (the parser read %s)\n", "corrected:", name, visible(o.Actor, false), o.At, visible(strconv.Quote(o.ParserValue), false))
				}
			}
		}
	}
	if rel, ok := db.(vanban.Relater); ok {
		if r, err := rel.Relations(ctx, id, 1); err == nil {
			writeCitedBy(app.Out, r)
		}
	}
	if d.Source != nil {
		fmt.Fprintf(app.Out, "\n%-17s %s (%d bytes, sha256 %s, imported %s)\n", "source:", visible(d.Source.Path, false), d.Source.Size, d.Source.SHA256, d.Source.ImportedAt)
	}
	return nil
}

// resolveRecord reads an id or a symbol.
func resolveRecord(ctx context.Context, app *App, db vanban.Archive, arg string) (int64, error) {
	if id, err := strconv.ParseInt(strings.TrimPrefix(arg, "#"), 10, 64); err == nil && id > 0 {
		if _, _, err := db.Original(ctx, id); errors.Is(err, vanban.ErrNotFound) {
			return 0, fmt.Errorf("no record #%d in %s", id, db.Path())
		}
		return id, nil
	}
	ids, err := db.BySymbol(ctx, arg)
	if err != nil {
		return 0, err
	}
	switch len(ids) {
	case 0:
		return 0, fmt.Errorf("no record with symbol %s in %s", arg, db.Path())
	case 1:
		return ids[0], nil
	}
	rw, err := app.newWriter(app.Out, "tsv", listDefault, nil)
	if err != nil {
		return 0, err
	}
	for _, id := range ids {
		if d, err := db.Get(ctx, id); err == nil {
			rw.Write(d, nil)
		}
	}
	rw.Close()
	return 0, &hintError{err: fmt.Errorf("%d records have symbol %s", len(ids), arg), hint: "show one of them by its id"}
}

// searchOptions are the flags and arguments of search.
type searchOptions struct {
	sort  string
	count bool
	near  bool
	// nearSet: --near was given (else near matches follow on a terminal's
	// table only).
	nearSet bool
	filter  filterFlags
	format  string
	fields  string
	limit   int
	offset  int
	args    []string
}

func newSearchCmd(app *App) *cobra.Command {
	var o searchOptions
	cmd := &cobra.Command{
		Use:   "search QUERY...",
		Short: "Full-text search, ranked, with a snippet per hit",
		Long: `Search the subject, body, issuer, recipients and signer of every record.
Accents and case are optional ("dang uy" finds "Đảng ủy" and "Đảng uỷ"); hits
whose accents match the query exactly rank first.

  word word      both words            "a phrase"   the words in order
  -word          without the word      a OR b       either word
  word*          words starting so     71-CV/TU     the document with this symbol
                                                    and the documents citing it

The words may be given as several arguments or as one quoted argument; a
query with an exclusion must be quoted (or follow --), or the shell and the
flag parser take -word for a flag. The filters of list apply too. A snippet
per hit shows the words found (bold on a terminal, «marked» in other
formats). Bad syntax is exit 2 with the position of the problem; no hits is
exit 0.` + filterHelp + outputHelp + exitStatusHelp,
		Example: `  vanban search phong chong dich covid
  vanban search '"cải cách hành chính"' --year 2021
  vanban search 71-CV/TU --format json
  vanban search 'thue OR phi -"hai quan"' --issuer "cuc thue"
  vanban search -- covid -tet`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.args = args
			o.nearSet = cmd.Flags().Changed("near")
			return app.runSearch(cmd.Context(), &o)
		},
	}
	o.filter.add(cmd)
	cmd.Flags().IntVar(&o.limit, "limit", 0, "at most this many hits (default 50 on a terminal, all when piped)")
	cmd.Flags().IntVar(&o.offset, "offset", 0, "skip this many hits")
	cmd.Flags().StringVar(&o.sort, "sort", "relevance", "order: relevance, date (oldest first) or -date (newest first)")
	cmd.Flags().BoolVar(&o.count, "count", false, "print how many documents match (exact), not the hits")
	cmd.Flags().BoolVar(&o.near, "near", false, "after the matches of a 3-10 word query with fewer than 20, list near matches: documents lacking some of the words (OCR misreads words, texts abbreviate), their snippet starting [lacks: WORDS] (default: on for a table on a terminal, off otherwise)")
	cmd.Flags().StringVarP(&o.format, "format", "f", "", formatUsage(export.Names()))
	cmd.Flags().StringVar(&o.fields, "fields", "", "comma-separated fields (default id,date,symbol,type,issuer,subject,snippet)")
	return cmd
}

// runSearch runs search with o.
func (app *App) runSearch(ctx context.Context, o *searchOptions) error {
	f, err := o.filter.filter()
	if err != nil {
		return err
	}
	q, err := search.Compile(strings.Join(o.args, " "))
	if err != nil {
		return &UsageError{err}
	}
	if !vanban.Contains(vanban.SearchSorts, o.sort) {
		return usageErrorf("--sort %q: want relevance, date or -date", o.sort)
	}
	if o.limit < 0 || o.offset < 0 {
		return usageErrorf("--limit and --offset must not be negative")
	}
	fmtName, err := app.outFormat(o.format, export.Names()...)
	if err != nil {
		return err
	}
	cols, jsonCols, err := columns(o.fields, []string{"id", "date", "symbol", "type", "issuer", "subject", "snippet"})
	if err != nil {
		return err
	}
	db, err := app.openReader(ctx, false)
	if err != nil {
		return err
	}
	defer db.Close()
	if o.count {
		// Scripts: every match counted, exactly.
		res, err := db.Search(ctx, q, vanban.SearchOptions{Filter: f, Limit: 0})
		if err != nil {
			return err
		}
		_, err = fmt.Fprintln(app.Out, res.Total)
		return err
	}
	n := app.defaultLimit(o.limit)
	budget := -1 // piped: every hit is listed, no count needed
	tellTotal := app.isTerminal(app.Err) && !app.Quiet && n >= 0
	if tellTotal {
		budget = searchCountBudget
	}
	near := o.near
	if !o.nearSet {
		near = fmtName == "table" && app.isTerminal(app.Out) // as the web view: for a person
	}
	res, err := search.Run(ctx, db, q, vanban.SearchOptions{Filter: f, Sort: o.sort, Limit: n, Offset: o.offset, CountBudget: budget, Near: near})
	if err != nil {
		return err
	}
	hits := res.Hits
	// Bold only on a terminal: a table forced into a pipe gets «».
	color := fmtName == "table" && !app.NoColor && app.isTerminal(app.Out)
	rw, err := app.newWriter(app.Out, fmtName, cols, jsonCols)
	if err != nil {
		return err
	}
	extra, _, err := inForceColumn(ctx, db, append(append([]string{}, cols...), jsonCols...))
	if err != nil {
		return err
	}
	for _, h := range hits {
		sn := search.SnippetFor(h, q, color)
		if h.Missing != "" {
			sn = "[lacks: " + h.Missing + "] " + sn
		}
		if err := rw.Write(h.Doc, extra(h.Doc, map[string]any{"snippet": sn})); err != nil {
			return err
		}
	}
	if len(hits) == 0 && fmtName == "table" {
		if res.Total > 0 && app.isTerminal(app.Err) && !app.Quiet {
			fmt.Fprintln(app.Err, pageLine(o.offset, 0, res))
			return nil
		}
		fmt.Fprintln(app.Err, "no documents match")
		return nil
	}
	if err := rw.Close(); err != nil {
		return err
	}
	if len(hits) == 0 && app.isTerminal(app.Err) && !app.Quiet {
		fmt.Fprintln(app.Err, "no documents match")
	} else if tellTotal {
		matches := 0
		for _, h := range hits {
			if h.Missing == "" {
				matches++
			}
		}
		fmt.Fprintln(app.Err, pageLine(o.offset, matches, res))
		if matches < len(hits) {
			fmt.Fprintf(app.Err, "and %d near matches (lacking some words: [lacks: WORDS])\n", len(hits)-matches)
		}
	}
	return nil
}

// exportOptions are the flags and arguments of export.
type exportOptions struct {
	filter filterFlags
	format string
	out    string
	fields string
	bom    bool
}

func newExportCmd(app *App) *cobra.Command {
	var o exportOptions
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Export records, bodies included, streamed",
		Long: `Write every record (or those the filters select), bodies included, in id
order, one at a time (constant memory): --format ndjson (default), json, csv,
tsv or md; -o FILE instead of stdout. --bom starts CSV with a UTF-8 byte-order
mark so that spreadsheet programs read Vietnamese correctly.` + filterHelp + exitStatusHelp,
		Example: `  vanban export > archive.ndjson
  vanban export --format csv --bom -o 2021.csv --year 2021
  vanban export --format md --type "ke hoach"`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return app.runExport(cmd.Context(), &o)
		},
	}
	o.filter.add(cmd)
	cmd.Flags().StringVarP(&o.format, "format", "f", "ndjson", formatUsage(exportFormats))
	cmd.Flags().StringVarP(&o.out, "output", "o", "", "write to this file instead of stdout")
	cmd.Flags().BoolVar(&o.bom, "bom", false, "start CSV with a UTF-8 byte-order mark (for spreadsheets)")
	cmd.Flags().StringVar(&o.fields, "fields", "", "comma-separated fields (default: all, body included)")
	return cmd
}

// runExport runs export with o.
func (app *App) runExport(ctx context.Context, o *exportOptions) error {
	f, err := o.filter.filter()
	if err != nil {
		return err
	}
	if !vanban.Contains(exportFormats, o.format) {
		return usageErrorf("--format %q: want %s", o.format, strings.Join(exportFormats, ", "))
	}
	cols, err := parseFields(o.fields, nil)
	if err != nil {
		return err
	}
	if cols == nil {
		cols = allFields
		if f, ok := export.Lookup(o.format); ok && !f.Structured {
			// Spans are positions for programs: JSON carries them, a
			// table or a spreadsheet has no use for them.
			cols = exportTextFields
		}
	}
	var file *outputFile
	if o.out != "" && o.out != "-" {
		// Checked before the archive is opened: -o must never
		// name the archive, which os.Create would truncate.
		if file, err = createOutput(o.out, app.DBPath); err != nil {
			return err
		}
	}
	db, err := app.openReader(ctx, false)
	if err != nil {
		if file != nil {
			file.abort()
		}
		return err
	}
	defer db.Close()
	var w io.Writer = app.Out
	if file != nil {
		w = file
	}
	if o.bom && o.format == "csv" {
		io.WriteString(w, "\ufeff")
	}
	rw, err := app.newWriter(w, o.format, cols, cols)
	if err != nil {
		return err
	}
	extra, read, err := inForceColumn(ctx, db, cols)
	if err != nil {
		if file != nil {
			file.abort()
		}
		return err
	}
	err = streamRecords(ctx, db, vanban.ListOptions{Filter: f, Sort: "id", Limit: -1, Fields: read},
		func(d *vanban.Document) error { return rw.Write(d, extra(d, nil)) })
	if err == nil {
		err = rw.Close()
	}
	if file != nil {
		if err != nil {
			file.abort()
		} else {
			err = file.commit()
		}
	}
	if errors.Is(err, context.Canceled) {
		if file != nil {
			return fmt.Errorf("export interrupted; %s was left as it was: %w", o.out, context.Canceled)
		}
		return fmt.Errorf("export interrupted; the output is incomplete: %w", context.Canceled)
	}
	return err
}

// statsOptions are the flags and arguments of stats.
type statsOptions struct {
	filter filterFlags
	by     string
	format string
}

func newStatsCmd(app *App) *cobra.Command {
	var o statsOptions
	cmd := &cobra.Command{
		Use:   "stats",
		Short: "Count records by issuer, type, year, month, signer, place, system or encoding",
		Long: `Count the records the filters select, grouped --by issuer|type|year|month|
signer|place|system|encoding, largest groups first (ties in Vietnamese
alphabetical order). An empty key means the field is missing. --by encoding
shows how many records came from legacy encodings (tcvn3, vni, viscii…).` + filterHelp + outputHelp + exitStatusHelp,
		Example: `  vanban stats --by year
  vanban stats --by issuer --type "cong van" --format csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return app.runStats(cmd.Context(), &o)
		},
	}
	o.filter.add(cmd)
	cmd.Flags().StringVar(&o.by, "by", "type", "issuer, type, year, month, signer, place, system or encoding")
	cmd.Flags().StringVarP(&o.format, "format", "f", "", formatUsage(export.Names()))
	return cmd
}

// runStats runs stats with o.
func (app *App) runStats(ctx context.Context, o *statsOptions) error {
	f, err := o.filter.filter()
	if err != nil {
		return err
	}
	if !vanban.Contains(vanban.Groupings, o.by) {
		return usageErrorf("--by %q: want issuer, type, year, month, signer, place, system or encoding", o.by)
	}
	fmtName, err := app.outFormat(o.format, export.Names()...)
	if err != nil {
		return err
	}
	db, err := app.openReader(ctx, false)
	if err != nil {
		return err
	}
	defer db.Close()
	counts, err := db.Stats(ctx, f, o.by)
	if err != nil {
		return err
	}
	col := collate.New(language.Vietnamese)
	sort.SliceStable(counts, func(i, j int) bool {
		if counts[i].Count != counts[j].Count {
			return counts[i].Count > counts[j].Count
		}
		return col.CompareString(counts[i].Key, counts[j].Key) < 0
	})
	if counts == nil {
		counts = []vanban.Count{}
	}
	return app.writeCounts(app.Out, fmtName, o.by, counts)
}

// writeCounts writes the groups of stats: JSON as the list of counts,
// other formats as a two-column table (key, count).
func (app *App) writeCounts(w io.Writer, format, by string, counts []vanban.Count) error {
	switch format {
	case "json":
		return writeJSON(w, counts, true)
	case "ndjson":
		for _, c := range counts {
			if err := writeJSON(w, c, false); err != nil {
				return err
			}
		}
		return nil
	}
	rw, err := export.New(format, w, export.Options{Fields: []string{by, "count"}, Formulas: app.Formulas})
	if err != nil {
		return err
	}
	for _, c := range counts {
		if err := rw.Write(&vanban.Document{}, map[string]any{by: c.Key, "count": c.Count}); err != nil {
			return err
		}
	}
	return rw.Close()
}

// exportFormats are the formats of export: all but the table, which holds
// every row in memory to fit them to a terminal.
var exportFormats = formatsBut("table")

// formatUsage is the --format flag's usage text.
func formatUsage(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// searchCountBudget is how far search counts the matches for the line it
// prints on a terminal ("1–20 of more than 10,000"); --count counts all.
const searchCountBudget = 10000

// pageLine says which hits were shown of how many: "1–20 of 1,234", "21–40
// of more than 10,000 (--count counts them all)".
func pageLine(offset, shown int, res *vanban.SearchResult) string {
	total := groupDigits(res.Total)
	if !res.TotalExact {
		total = "more than " + total + " (--count counts them all)"
	}
	if shown == 0 {
		return fmt.Sprintf("no hits after %d, of %s", offset, total)
	}
	return fmt.Sprintf("%d–%d of %s", offset+1, offset+shown, total)
}

// groupDigits writes n with thousands separated by commas.
func groupDigits(n int64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
