package cli

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/spf13/cobra"
	"github.com/vanban/vanban/internal/charset"
	"github.com/vanban/vanban/internal/check"
	"github.com/vanban/vanban/internal/export"
	"github.com/vanban/vanban/internal/parse"
	"github.com/vanban/vanban/internal/vanban"
	"github.com/vanban/vanban/internal/vntext"
)

// ExitFindings is check's exit status when it found what --fail-on names.
const ExitFindings = 4

// FindingsError is check's outcome when findings at or above --fail-on
// were found: exit status 4.
type FindingsError struct {
	N        int
	Severity string
}

func (e *FindingsError) Error() string {
	return fmt.Sprintf("%d findings at or above %s", e.N, e.Severity)
}

type checkOptions struct {
	all      bool
	filter   filterFlags
	format   string
	minSev   string
	failOn   string
	summary  bool
	encoding string
	args     []string
}

func newCheckCmd(app *App) *cobra.Command {
	var o checkOptions
	cmd := &cobra.Command{
		Use:   "check FILE|ID|SYMBOL... | --all [FILTERS]",
		Short: "Check documents against the format rules (thể thức) of their time and system",
		Long: `Check whether documents follow the format rules ("thể thức") of the
rulebook that applied to them: Nghị định 30/2020/NĐ-CP for State documents
from 5 March 2020 (Thông tư 01/2011/TT-BNV before it), Hướng dẫn 36-HD/VPTW
for Party documents from 3 April 2018 (05-HD/VPTW from 27 May 2026). A
document is never judged by a rulebook that did not apply on its date; one
without a date is checked by the rules every rulebook of its system shares.
Mass organisations are checked only by what both layouts share.

An argument is a file ("-" for standard input) when such a file exists,
else an archived record's id or symbol. --all checks the archive, or what
the filters select. Archived records are checked with the current rules
against their archived text; import and reparse store the findings, which
list, search, export and stats select with --finding.

Each finding gives the rule, its severity (error: the rule is broken; warn:
likely broken, or a rule read only in summaries of its rulebook; info:
style), the field, the line and columns in the document's text, what was
found, what the rule expects and the rulebook's article. On text the parser
found noisy (OCR, converted legacy encodings, Markdown debris), rules that
noise can fake are warnings at most, or skipped: README lists them.

Formats: text (grouped by document, with the offending line), json (an
array of documents with their findings), ndjson (one finding per line) and
csv (one finding per row). --summary counts findings per rule instead.

EXIT STATUS
  0    no finding at or above --fail-on
  1    error, or every input failed
  2    bad usage: unknown flag, bad argument or value
  3    some inputs failed, the others were checked
  4    findings at or above --fail-on (default: error)
  130  interrupted`,
		Example: `  vanban check draft.txt
  vanban check --fail-on warn drafts/*.txt && echo "ready to sign"
  vanban check 12 71-CV/TU
  vanban check --all --year 2025 --format csv > findings.csv
  vanban check --all --summary`,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.args = args
			return runCheck(cmd.Context(), app, &o)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&o.all, "all", false, "check every archived record, or those the filters select")
	o.filter.add(cmd)
	f.StringVarP(&o.format, "format", "f", "text", "text, json, ndjson or csv")
	f.StringVar(&o.minSev, "min-severity", "info", "show findings of this severity or worse: info, warn, error")
	f.StringVar(&o.failOn, "fail-on", "error", "exit 4 on findings of this severity or worse: info, warn, error, or never")
	f.BoolVar(&o.summary, "summary", false, "count findings per rule instead of listing them")
	f.StringVar(&o.encoding, "encoding", "", encodingFlagHelp)
	cmd.Long += filterHelp
	return cmd
}

// checked is one document checked: a file or an archived record.
type checked struct {
	ID     int64
	Path   string
	Symbol string
	Result check.Result
	text   string
	err    error
}

func runCheck(ctx context.Context, app *App, o *checkOptions) error {
	switch o.format {
	case "text", "json", "ndjson", "csv":
	default:
		return usageErrorf("--format %q: want text, json, ndjson or csv", o.format)
	}
	if vanban.SeverityRank(o.minSev) == 0 {
		return usageErrorf("--min-severity %q: want info, warn or error", o.minSev)
	}
	if o.failOn != "never" && vanban.SeverityRank(o.failOn) == 0 {
		return usageErrorf("--fail-on %q: want info, warn, error or never", o.failOn)
	}
	if o.encoding != "" && !charset.IsKnownEncoding(o.encoding) {
		return usageErrorf("--encoding %q: want one of %s", o.encoding, strings.Join(charset.Encodings, ", "))
	}
	flt, err := o.filter.filter()
	if err != nil {
		return err
	}
	if o.all == (len(o.args) > 0) {
		return usageErrorf("give files, record ids or symbols, or --all (with filters), not both nor neither")
	}
	if !o.all && !flt.Empty() {
		return usageErrorf("filters select archived records: use them with --all")
	}

	out := bufio.NewWriter(app.Out)
	rep := newCheckReport(app, out, o)
	var db vanban.Archive
	openDB := func() (vanban.Archive, error) {
		if db == nil {
			var err error
			if db, err = app.openReader(ctx, false); err != nil {
				return nil, err
			}
		}
		return db, nil
	}
	defer func() {
		if db != nil {
			db.Close()
		}
	}()
	failed, total := 0, 0
	if o.all {
		a, err := openDB()
		if err != nil {
			return err
		}
		var ids []int64
		if err := a.List(ctx, vanban.ListOptions{Filter: flt, Sort: "id", Limit: -1, Fields: []string{"id"}}, func(d *vanban.Document) error {
			ids = append(ids, d.ID)
			return nil
		}); err != nil {
			return err
		}
		// Checked on every core, a window of records at a time, reported
		// in id order.
		workers := runtime.GOMAXPROCS(0)
		const window = 256
		res := make([]checked, window)
		for start := 0; start < len(ids); start += window {
			if err := ctx.Err(); err != nil {
				return err
			}
			part := ids[start:min(start+window, len(ids))]
			var wg sync.WaitGroup
			next := make(chan int, len(part))
			for i := range part {
				next <- i
			}
			close(next)
			for w := 0; w < workers; w++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := range next {
						res[i] = checkRecord(ctx, a, part[i])
					}
				}()
			}
			wg.Wait()
			for i, id := range part {
				c := res[i]
				res[i] = checked{}
				total++
				if c.err != nil {
					if errors.Is(c.err, vanban.ErrNotFound) {
						total-- // deleted since the list was read
						continue
					}
					if ctx.Err() != nil {
						return ctx.Err()
					}
					failed++
					fmt.Fprintf(app.Err, "vanban: record #%d: %s\n", id, visible(c.err.Error(), false))
					continue
				}
				if err := rep.add(c); err != nil {
					return err
				}
			}
		}
	} else {
		for _, arg := range o.args {
			if err := ctx.Err(); err != nil {
				return err
			}
			total++
			var c checked
			if arg == "-" || fileExists(arg) {
				c = checkFile(app, arg, o.encoding)
			} else {
				a, err := openDB()
				if err != nil {
					return &hintError{err: fmt.Errorf("%s: no such file, and %w", arg, err), hint: "check takes files, or the ids and symbols of archived records"}
				}
				id, err := resolveRecord(ctx, app, a, arg)
				if err != nil {
					c = checked{Path: arg, err: err}
				} else {
					c = checkRecord(ctx, a, id)
				}
			}
			if c.err != nil {
				failed++
				fmt.Fprintf(app.Err, "vanban: %s\n", visible(c.err.Error(), false))
				continue
			}
			if err := rep.add(c); err != nil {
				return err
			}
		}
	}
	if err := rep.finish(); err != nil {
		return err
	}
	if err := out.Flush(); err != nil {
		return err
	}
	if !app.Quiet {
		fmt.Fprintf(app.Err, "checked %s: %s, %s, %d info\n", plural(total-failed, "document"), plural(rep.bySev[vanban.SevError], "error"), plural(rep.bySev[vanban.SevWarn], "warning"), rep.bySev[vanban.SevInfo])
	}
	if failed > 0 {
		return &PartialError{Failed: failed, Total: total}
	}
	if o.failOn != "never" {
		n := 0
		for sev, k := range rep.bySev {
			if vanban.SeverityRank(sev) >= vanban.SeverityRank(o.failOn) {
				n += k
			}
		}
		if n > 0 {
			return &FindingsError{N: n, Severity: o.failOn}
		}
	}
	return nil
}

func fileExists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}

// checkFile parses and checks one file.
func checkFile(app *App, name, encoding string) checked {
	src, err := readInput(app, name)
	if err != nil {
		return checked{Path: name, err: err}
	}
	dt, err := parse.Decode(name, src, parse.Options{Encoding: encoding, MaxSize: app.sizeLimit()})
	if err != nil {
		return checked{Path: name, err: err}
	}
	d, err := dt.Parse(name)
	if err != nil {
		return checked{Path: name, err: err}
	}
	return checked{Path: name, Symbol: d.Symbol, Result: check.Check(d, dt.Text), text: dt.Text}
}

// checkRecord checks an archived record against its archived text, with
// what only the archive can tell: a number used twice by one issuer in one
// year (ND30-SO-7).
func checkRecord(ctx context.Context, db vanban.Archive, id int64) checked {
	d, err := db.Get(ctx, id)
	if err != nil {
		return checked{ID: id, err: err}
	}
	_, text, err := db.Original(ctx, id)
	if err != nil {
		return checked{ID: id, err: err}
	}
	c := checked{ID: id, Symbol: d.Symbol, Result: check.Check(d, text), text: text}
	if d.Source != nil {
		c.Path = d.Source.Path
	}
	if f, ok, err := duplicateNumber(ctx, db, d); err != nil {
		return checked{ID: id, err: err}
	} else if ok {
		c.Result.Findings = append(c.Result.Findings, f)
		sort.SliceStable(c.Result.Findings, func(i, j int) bool { return c.Result.Findings[i].Line < c.Result.Findings[j].Line })
	}
	return c
}

// duplicateNumber reports ND30-SO-7: another archived State record of the
// same issuer bears the same symbol in the same year. It is a warning: two
// copies of one document (a scan and a web copy) look alike.
func duplicateNumber(ctx context.Context, db vanban.Archive, d *vanban.Document) (vanban.Finding, bool, error) {
	b := check.BookFor(d)
	if (b.ID != "ND30" && b.ID != "TT01") || d.Symbol == "" || len(d.Date) < 4 {
		return vanban.Finding{}, false, nil
	}
	ids, err := db.BySymbol(ctx, d.Symbol)
	if err != nil || len(ids) < 2 {
		return vanban.Finding{}, false, err
	}
	for _, other := range ids {
		if other == d.ID {
			continue
		}
		o, err := db.Get(ctx, other)
		if errors.Is(err, vanban.ErrNotFound) {
			continue
		}
		if err != nil {
			return vanban.Finding{}, false, err
		}
		if len(o.Date) >= 4 && o.Date[:4] == d.Date[:4] && vntext.Fold(o.Issuer) == vntext.Fold(d.Issuer) {
			s, _ := vanban.SpanOf(d.Spans, "symbol", 0)
			end := 0
			if s.EndLine == s.Line {
				end = s.EndCol
			}
			return vanban.Finding{Rule: "ND30-SO-7", Severity: vanban.SevWarn, Field: "symbol",
				Line: s.Line, Col: s.Col, EndCol: end,
				Found:    fmt.Sprintf("%s also borne by record #%d of the same issuer in %s", d.Symbol, other, d.Date[:4]),
				Expected: "one number per issuer and year (or the same document archived twice)",
				Rulebook: b.Name, Article: "Điều 15.1; Phụ lục VI III.1.h"}, true, nil
		}
	}
	return vanban.Finding{}, false, nil
}

// checkReport writes what check found in the chosen format.
type checkReport struct {
	app     *App
	w       *bufio.Writer
	o       *checkOptions
	minRank int
	bySev   map[string]int
	docs    []checkDocJSON // json
	csv     *csv.Writer
	rules   map[string]*ruleCount
	first   bool
}

type ruleCount struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"` // the worst seen
	Findings int    `json:"findings"`
	Docs     int    `json:"documents"`
	lastDoc  string
}

type checkDocJSON struct {
	ID       int64            `json:"id,omitempty"`
	Path     string           `json:"path"`
	Symbol   string           `json:"symbol"`
	Rulebook string           `json:"rulebook"`
	Noisy    bool             `json:"noisy"`
	Note     string           `json:"note,omitempty"`
	Findings []vanban.Finding `json:"findings"`
}

type checkFindingJSON struct {
	ID     int64  `json:"id,omitempty"`
	Path   string `json:"path"`
	Symbol string `json:"symbol"`
	vanban.Finding
}

func newCheckReport(app *App, w *bufio.Writer, o *checkOptions) *checkReport {
	r := &checkReport{app: app, w: w, o: o, minRank: vanban.SeverityRank(o.minSev), bySev: map[string]int{}, rules: map[string]*ruleCount{}, first: true}
	if o.format == "csv" && !o.summary {
		r.csv = csv.NewWriter(w)
		if !app.NoHeader {
			r.csv.Write([]string{"id", "path", "symbol", "rule", "severity", "field", "line", "col", "end_col", "found", "expected", "rulebook", "article"})
		}
	}
	return r
}

// cell is a CSV cell: terminal controls visible, formulas neutralised
// unless --formulas.
func (r *checkReport) cell(s string) string {
	s = visible(s, false)
	if !r.app.Formulas {
		s = export.FormulaSafe(s)
	}
	return s
}

func (r *checkReport) add(c checked) error {
	var fs []vanban.Finding
	for _, f := range c.Result.Findings {
		if vanban.SeverityRank(f.Severity) >= r.minRank {
			fs = append(fs, f)
		}
	}
	if fs == nil {
		fs = []vanban.Finding{}
	}
	docKey := c.Path + "#" + strconv.FormatInt(c.ID, 10)
	for _, f := range fs {
		r.bySev[f.Severity]++
		rc := r.rules[f.Rule]
		if rc == nil {
			rc = &ruleCount{Rule: f.Rule, Severity: f.Severity}
			r.rules[f.Rule] = rc
		}
		rc.Findings++
		if vanban.SeverityRank(f.Severity) > vanban.SeverityRank(rc.Severity) {
			rc.Severity = f.Severity
		}
		if rc.lastDoc != docKey {
			rc.Docs++
			rc.lastDoc = docKey
		}
	}
	if r.o.summary {
		return nil
	}
	switch r.o.format {
	case "text":
		r.writeText(c, fs)
	case "json":
		r.docs = append(r.docs, checkDocJSON{ID: c.ID, Path: c.Path, Symbol: c.Symbol, Rulebook: c.Result.Rulebook, Noisy: c.Result.Noisy, Note: c.Result.Note, Findings: fs})
	case "ndjson":
		for _, f := range fs {
			if err := writeJSON(r.w, checkFindingJSON{ID: c.ID, Path: c.Path, Symbol: c.Symbol, Finding: f}, false); err != nil {
				return err
			}
		}
	case "csv":
		for _, f := range fs {
			id := ""
			if c.ID > 0 {
				id = strconv.FormatInt(c.ID, 10)
			}
			r.csv.Write([]string{id, r.cell(c.Path), r.cell(c.Symbol), f.Rule, f.Severity, f.Field, strconv.Itoa(f.Line), strconv.Itoa(f.Col), strconv.Itoa(f.EndCol),
				r.cell(f.Found), r.cell(f.Expected), r.cell(f.Rulebook), r.cell(f.Article)})
		}
		r.csv.Flush()
		return r.csv.Error()
	}
	return nil
}

// writeText writes one document's findings, each with its line of text and
// the columns marked under it.
func (r *checkReport) writeText(c checked, fs []vanban.Finding) {
	if len(fs) == 0 && !r.app.Verbose && c.Result.Note == "" {
		return
	}
	if !r.first {
		fmt.Fprintln(r.w)
	}
	r.first = false
	name := visible(c.Path, false)
	if c.ID > 0 {
		name = fmt.Sprintf("#%d %s  %s", c.ID, visible(c.Symbol, false), name)
	}
	book := c.Result.Rulebook
	if book == "" {
		book = "no rulebook: the system (State, Party) is unknown"
	}
	noisy := ""
	if c.Result.Noisy {
		noisy = "; noisy text: rules that noise fakes are warnings at most"
	}
	fmt.Fprintf(r.w, "%s  [%s%s]\n", name, book, noisy)
	if c.Result.Note != "" {
		fmt.Fprintf(r.w, "  note: %s\n", c.Result.Note)
	}
	if len(fs) == 0 {
		fmt.Fprintln(r.w, "  no findings")
		return
	}
	var lines []string
	for _, f := range fs {
		where := "-"
		if f.Line > 0 {
			where = fmt.Sprintf("%d:%d", f.Line, f.Col)
		}
		fmt.Fprintf(r.w, "  %-8s %-5s %-10s %s: found %q, expected %s (%s)\n", where, f.Severity, f.Rule, f.Field, visible(f.Found, false), visible(f.Expected, false), f.Article)
		if f.Line <= 0 {
			continue
		}
		if lines == nil {
			lines = strings.Split(c.text, "\n")
		}
		if f.Line > len(lines) {
			continue
		}
		l := strings.TrimRight(strings.TrimSuffix(lines[f.Line-1], "\r"), " ")
		if utf8.RuneCountInString(l) > 160 {
			// A long line (a flattened web copy): the part around the finding.
			rs := []rune(l)
			from := max(0, f.Col-1-60)
			to := min(len(rs), from+160)
			l = string(rs[from:to])
			f.Col -= from
			if f.EndCol > 0 {
				f.EndCol -= from
			}
		}
		l = strings.ReplaceAll(visible(l, false), "\t", " ")
		fmt.Fprintf(r.w, "    %5d | %s\n", f.Line, l)
		if f.Col > 0 {
			n := 1
			if f.EndCol > f.Col {
				n = f.EndCol - f.Col
			}
			fmt.Fprintf(r.w, "          | %s%s\n", strings.Repeat(" ", f.Col-1), strings.Repeat("^", n))
		}
	}
}

func (r *checkReport) finish() error {
	if r.o.summary {
		rules := make([]*ruleCount, 0, len(r.rules))
		for _, rc := range r.rules {
			rules = append(rules, rc)
		}
		sort.Slice(rules, func(i, j int) bool {
			if rules[i].Findings != rules[j].Findings {
				return rules[i].Findings > rules[j].Findings
			}
			return rules[i].Rule < rules[j].Rule
		})
		switch r.o.format {
		case "json":
			return writeJSON(r.w, rules, true)
		case "ndjson":
			for _, rc := range rules {
				if err := writeJSON(r.w, rc, false); err != nil {
					return err
				}
			}
		case "csv":
			cw := csv.NewWriter(r.w)
			if !r.app.NoHeader {
				cw.Write([]string{"rule", "severity", "findings", "documents"})
			}
			for _, rc := range rules {
				cw.Write([]string{rc.Rule, rc.Severity, strconv.Itoa(rc.Findings), strconv.Itoa(rc.Docs)})
			}
			cw.Flush()
			return cw.Error()
		default:
			fmt.Fprintf(r.w, "%-11s %-8s %8s %10s  %s\n", "RULE", "SEVERITY", "FINDINGS", "DOCUMENTS", "EXPECTS")
			for _, rc := range rules {
				exp := ""
				if rule, ok := check.RuleByID(rc.Rule); ok {
					exp = rule.Expect
				}
				fmt.Fprintf(r.w, "%-11s %-8s %8d %10d  %s\n", rc.Rule, rc.Severity, rc.Findings, rc.Docs, exp)
			}
		}
		return nil
	}
	if r.o.format == "json" {
		if r.docs == nil {
			r.docs = []checkDocJSON{}
		}
		return writeJSON(r.w, r.docs, true)
	}
	return nil
}

// plural is "1 document", "2 documents".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}
