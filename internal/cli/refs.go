package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/vanban/vanban/internal/export"
	"github.com/vanban/vanban/internal/vanban"
)

// refsOptions are the flags and arguments of refs.
type refsOptions struct {
	args    []string
	depth   int
	format  string
	missing bool
	limit   int
}

func newRefsCmd(app *App) *cobra.Command {
	var o refsOptions
	cmd := &cobra.Command{
		Use:   "refs ID|SYMBOL | refs --missing",
		Short: "Show what a record cites and what cites it",
		Long: `Show the references of a record both ways: the documents it cites, with how
(basis: căn cứ; implements: thực hiện, triển khai; answers: trả lời, phúc
đáp; replaces: thay thế; amends: sửa đổi, bổ sung; repeals: bãi bỏ; guides:
hướng dẫn; cites: the text says no more) and the archived record each
names, or "not archived"; and the records that cite it. --depth N follows
the chain N levels each way. A cited symbol is linked to a record bearing
it when nothing contradicts the link (a different date) and something
supports it (the same date, a symbol that names one document in the
country, the same issuer); a bare "12/QĐ-UBND" that several provinces'
records bear is not linked.

--missing lists the symbols cited in the archive that no record bears, the
most cited first: what to collect next.

Formats: text (default on a terminal), tsv (default when piped), json,
ndjson, dot (Graphviz: vanban refs 12 --format dot | dot -Tsvg > refs.svg).` + exitStatusHelp,
		Example: `  vanban refs 71-CV/TU
  vanban refs 12 --depth 2 --format json
  vanban refs --missing --limit 20`,
		Args: func(cmd *cobra.Command, args []string) error {
			if o.missing {
				return cobra.NoArgs(cmd, args)
			}
			return cobra.ExactArgs(1)(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			o.args = args
			return app.runRefs(cmd.Context(), &o)
		},
	}
	f := cmd.Flags()
	f.IntVar(&o.depth, "depth", 1, "follow the references this many levels each way (1-10)")
	f.StringVarP(&o.format, "format", "f", "", "text, tsv, json, ndjson or dot (default: text on a terminal, else tsv)")
	f.BoolVar(&o.missing, "missing", false, "list the cited symbols no record bears, most cited first")
	f.IntVar(&o.limit, "limit", -1, "with --missing: at most this many")
	return cmd
}

// runRefs runs refs with o.
func (app *App) runRefs(ctx context.Context, o *refsOptions) error {
	if o.format == "" {
		o.format = "tsv"
		if app.isTerminal(app.Out) {
			o.format = "text"
		}
	}
	formats := []string{"text", "tsv", "json", "ndjson", "dot"}
	if o.missing {
		formats = formats[:4]
	}
	if !contains(formats, o.format) {
		return usageErrorf("--format %q: want %s", o.format, strings.Join(formats, ", "))
	}
	if o.depth < 1 || o.depth > 10 {
		return usageErrorf("--depth %d: want 1 to 10", o.depth)
	}
	db, err := app.openReader(ctx, false)
	if err != nil {
		return err
	}
	defer db.Close()
	rel, ok := db.(vanban.Relater)
	if !ok {
		return errors.New("this archive does not keep references between records")
	}
	out := bufio.NewWriter(app.Out)
	if o.missing {
		ms, err := rel.Missing(ctx, o.limit)
		if err != nil {
			return err
		}
		app.writeMissing(out, ms, o.format)
		return out.Flush()
	}
	id, err := resolveRecord(ctx, app, db, o.args[0])
	if err != nil {
		return err
	}
	r, err := rel.Relations(ctx, id, o.depth)
	if err != nil {
		return err
	}
	switch o.format {
	case "text":
		writeRelationsText(out, r)
	case "tsv":
		app.writeRelationsTSV(out, r)
	case "json":
		if err := writeJSON(out, export.RelationsJSON(r), true); err != nil {
			return err
		}
	case "ndjson":
		for _, l := range export.RelationsJSON(r).Links() {
			if err := writeJSON(out, l, false); err != nil {
				return err
			}
		}
	case "dot":
		writeRelationsDot(out, r)
	}
	return out.Flush()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// writeRelationsText writes the record, then what it cites and what cites
// it, one line each, indented by depth; every text made visible.
func writeRelationsText(w io.Writer, r *vanban.Relations) {
	fmt.Fprintf(w, "#%d %s\n", r.Doc.ID, visible(describe(export.BriefOf(r.Doc)), false))
	section := func(title string, links []vanban.Link, out bool) {
		fmt.Fprintf(w, "\n%s:\n", title)
		if len(links) == 0 {
			fmt.Fprintln(w, "  (none)")
		}
		for _, l := range links {
			j := export.LinkOf(l, out)
			where := "not archived"
			switch {
			case out && j.To != nil:
				where = "#" + strconv.FormatInt(*j.To, 10)
			case !out:
				where = "#" + strconv.FormatInt(j.From, 10)
			}
			via := ""
			if l.Depth > 1 {
				if out {
					via = fmt.Sprintf("  (via #%d)", l.From.ID)
				} else {
					via = fmt.Sprintf("  (via #%d)", l.To.ID)
				}
			}
			fmt.Fprintf(w, "%s%-11s %-13s %s%s\n", strings.Repeat("  ", l.Depth), j.Kind, where,
				visible(describe(export.Brief{Symbol: j.Symbol, Type: j.Type, Date: j.Date, Issuer: j.Issuer, Subject: j.Subject}), false), via)
		}
	}
	section("cites", r.Out, true)
	section("cited by", r.In, false)
}

// describe is a record or reference in one line: type, symbol, date,
// issuer, subject.
func describe(b export.Brief) string {
	var parts []string
	head := strings.TrimSpace(b.Type + " " + b.Symbol)
	if head != "" {
		parts = append(parts, head)
	}
	if b.Date != "" {
		parts = append(parts, b.Date)
	}
	if b.Issuer != "" {
		parts = append(parts, b.Issuer)
	}
	s := strings.Join(parts, ", ")
	if b.Subject != "" {
		s += " — " + b.Subject
	}
	return s
}

// writeRelationsTSV writes one line per link: direction, depth, kind, the
// citing record, the cited record ("" when not archived), and the other
// side's symbol, date, type and subject.
func (app *App) writeRelationsTSV(w io.Writer, r *vanban.Relations) {
	if !app.NoHeader {
		fmt.Fprintln(w, "direction\tdepth\tkind\tfrom\tto\tsymbol\tdate\ttype\tsubject")
	}
	line := func(j export.Link) {
		to := ""
		if j.To != nil {
			to = strconv.FormatInt(*j.To, 10)
		}
		cells := []string{j.Direction, strconv.Itoa(j.Depth), j.Kind, strconv.FormatInt(j.From, 10), to, j.Symbol, j.Date, j.Type, j.Subject}
		for i, c := range cells {
			cells[i] = app.tsvCell(c)
		}
		fmt.Fprintln(w, strings.Join(cells, "\t"))
	}
	for _, j := range export.RelationsJSON(r).Links() {
		line(j)
	}
}

// tsvCell is a TSV cell: tabs and line ends as spaces, terminal controls
// visible, and (unless --formulas) a leading = + - @ neutralised for
// spreadsheets, as export's TSV does.
func (app *App) tsvCell(s string) string {
	s = visible(strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(s), false)
	if !app.Formulas {
		s = export.FormulaSafe(s)
	}
	return s
}

// writeRelationsDot writes the links as a Graphviz digraph: archived
// records as boxes, cited documents not archived as dashed ellipses, each
// edge labelled with its kind.
func writeRelationsDot(w io.Writer, r *vanban.Relations) {
	fmt.Fprintln(w, "digraph refs {")
	fmt.Fprintln(w, "  rankdir=LR; node [shape=box, fontname=\"sans-serif\"];")
	nodes := map[string]bool{}
	node := func(id string, label string, archived bool) {
		if nodes[id] {
			return
		}
		nodes[id] = true
		style := ""
		if !archived {
			style = ", shape=ellipse, style=dashed"
		}
		fmt.Fprintf(w, "  %s [label=%s%s];\n", dotQuote(id), dotQuote(label), style)
	}
	rec := func(d *vanban.Document) string {
		id := "r" + strconv.FormatInt(d.ID, 10)
		node(id, "#"+strconv.FormatInt(d.ID, 10)+" "+strings.TrimSpace(d.Type+" "+d.Symbol), true)
		return id
	}
	rec(r.Doc)
	for _, l := range append(append([]vanban.Link{}, r.Out...), r.In...) {
		from := rec(l.From)
		var to string
		if l.To != nil {
			to = rec(l.To)
		} else {
			to = "s:" + vanban.SymbolKey(l.Ref.Symbol)
			node(to, strings.TrimSpace(l.Ref.Type+" "+l.Ref.Symbol), false)
		}
		fmt.Fprintf(w, "  %s -> %s [label=%s];\n", dotQuote(from), dotQuote(to), dotQuote(l.Ref.KindOf()))
	}
	fmt.Fprintln(w, "}")
}

// dotQuote is s as a DOT string: quotes and backslashes escaped, controls
// made visible.
func dotQuote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(visible(s, false)) + `"`
}

// writeMissing writes the missing cited symbols.
func (app *App) writeMissing(w io.Writer, ms []vanban.MissingRef, format string) {
	switch format {
	case "json":
		writeJSON(w, ms, true)
	case "ndjson":
		for _, m := range ms {
			writeJSON(w, m, false)
		}
	case "tsv":
		if !app.NoHeader {
			fmt.Fprintln(w, "symbol\ttype\tcited_by\tfirst")
		}
		for _, m := range ms {
			fmt.Fprintf(w, "%s\t%s\t%d\t%d\n", app.tsvCell(m.Symbol), app.tsvCell(m.Type), m.CitedBy, m.First)
		}
	default:
		if len(ms) == 0 {
			fmt.Fprintln(w, "every cited symbol is archived")
			return
		}
		fmt.Fprintf(w, "%-8s %-28s %s\n", "cited by", "symbol", "first cited in")
		for _, m := range ms {
			fmt.Fprintf(w, "%-8d %-28s #%d\n", m.CitedBy, visible(strings.TrimSpace(m.Type+" "+m.Symbol), false), m.First)
		}
	}
}

// writeCitedBy adds to show's text view the records citing this one, and
// whether one of them replaces or repeals it.
func writeCitedBy(w io.Writer, r *vanban.Relations) {
	for _, l := range r.In {
		if vanban.Ending(l.Ref.KindOf()) {
			verb := "replaced by"
			if l.Ref.KindOf() == vanban.RefRepeals {
				verb = "repealed by"
			}
			fmt.Fprintf(w, "%-17s %s #%d %s\n", "in force:", verb, l.From.ID, visible(strings.TrimSpace(l.From.Type+" "+l.From.Symbol), false))
		}
	}
	for _, l := range r.In {
		fmt.Fprintf(w, "%-17s #%d %s: %s\n", "cited by:", l.From.ID, l.Ref.KindOf(), visible(describe(export.BriefOf(l.From)), false))
	}
}
