package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/vanban/vanban/internal/export"
	"github.com/vanban/vanban/internal/search"
	"github.com/vanban/vanban/internal/vanban"
)

// Page sizes and limits of the search page.
const (
	defaultPage = 50
	maxPage     = 200
	// maxOffset bounds paging into ranked results: past it, narrow the
	// query (a listing pages by key and has no bound).
	maxOffset = 10000
	// facetHits is how many of a query's best matches its facets count.
	facetHits = 500
)

// filterParams are the URL parameters that filter, as the command line's
// flags (without their dashes).
var filterParams = []string{"issuer", "type", "from", "to", "year", "signer", "place", "system", "symbol", "finding", "in_force"}

// facetFields are the facets of the search page, with the parameter a
// click sets.
var facetFields = []struct{ By, Param, Label string }{
	{"type", "type", "Loại văn bản (type)"},
	{"year", "year", "Năm (year)"},
	{"system", "system", "Hệ thống (system)"},
	{"issuer", "issuer", "Cơ quan ban hành (issuer)"},
	{"signer", "signer", "Người ký (signer)"},
}

// listColumns are the columns of a listing and of a hit (with the
// snippet), as the command line's list and search print them.
var listColumns = []string{"id", "date", "symbol", "type", "issuer", "subject"}

type facetValue struct {
	Key      string `json:"key"`
	Count    int64  `json:"count"`
	Selected bool   `json:"selected"`
	URL      string `json:"-"`
}

type facet struct {
	By     string       `json:"by"`
	Label  string       `json:"-"`
	Values []facetValue `json:"values"`
	// Partial: counted over the best matches only, or not counted in
	// time (Values empty).
	Partial bool   `json:"partial"`
	Note    string `json:"note,omitempty"`
}

type hitView struct {
	Doc     *vanban.Document
	Snippet template.HTML
	Plain   string
	Missing string // a near match: the query word it lacks
}

// searchPage is "/" and "/search": the query box, the filters, facets and
// the results of a query (ranked) or of the filters alone (a listing,
// paged by key).
func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := r.URL.Query()
	f, ok := s.filter(w, r, v)
	if !ok {
		return
	}
	limit, ok := intParam(v, "limit", defaultPage, 1, maxPage)
	if !ok {
		s.fail(w, r, http.StatusBadRequest, fmt.Sprintf("limit %q: want 1 to %d", v.Get("limit"), maxPage))
		return
	}
	qs := strings.TrimSpace(v.Get("q"))
	data := map[string]any{"Title": "vanban", "Q": qs, "Params": v, "Filters": filterParams, "Limit": limit}
	var res struct {
		Query      string            `json:"query"`
		Total      int64             `json:"total"`
		TotalExact bool              `json:"total_exact"`
		Offset     int               `json:"offset"`
		Limit      int               `json:"limit"`
		Sort       string            `json:"sort"`
		Next       string            `json:"next"`
		Prev       string            `json:"prev"`
		Hits       []json.RawMessage `json:"hits"`
		Facets     []facet           `json:"facets"`
	}
	res.Query, res.Limit, res.Hits = qs, limit, []json.RawMessage{}
	var hits []hitView
	if qs != "" {
		q, err := search.Compile(qs)
		if err != nil {
			var se *search.SyntaxError
			if errors.As(err, &se) {
				s.failPage(w, r, errorPage{Status: http.StatusBadRequest, Message: se.Msg, Query: se.Query, Pos: utf8.RuneCountInString(se.Query[:min(se.Pos, len(se.Query))]) + 1})
				return
			}
			s.fail(w, r, http.StatusBadRequest, err.Error())
			return
		}
		sort, ok := modeSort(v.Get("sort"), vanban.SearchSorts)
		if !ok {
			s.fail(w, r, http.StatusBadRequest, fmt.Sprintf("sort %q: want relevance, date or -date (a query), -date, date, id or -id (a listing)", v.Get("sort")))
			return
		}
		offset, ok := intParam(v, "offset", 0, 0, maxOffset)
		if !ok {
			s.fail(w, r, http.StatusBadRequest, fmt.Sprintf("offset %q: want 0 to %d (ranked results page so deep only: narrow the query or the filters)", v.Get("offset"), maxOffset))
			return
		}
		// One search gives the page and the best matches the facets count.
		n := max(offset+limit, facetHits)
		sr, err := search.Run(ctx, s.db, q, vanban.SearchOptions{Filter: f, Sort: sort, Limit: n, CountBudget: 100000, Near: offset == 0})
		if err != nil {
			s.failErr(w, r, err)
			return
		}
		res.Total, res.TotalExact, res.Offset, res.Sort = sr.Total, sr.TotalExact, offset, sort
		// Near matches (lacking some words) follow the matches; they are
		// listed apart and counted nowhere.
		matches := sr.Hits
		var nearHits []vanban.Hit
		for i, h := range sr.Hits {
			if h.Missing != "" {
				matches, nearHits = sr.Hits[:i], sr.Hits[i:]
				break
			}
		}
		page := matches[min(offset, len(matches)):min(offset+limit, len(matches))]
		for _, h := range append(append([]vanban.Hit{}, page...), nearHits...) {
			sn := search.SnippetFor(h, q, true)
			hits = append(hits, hitView{Doc: h.Doc, Snippet: markSnippet(sn), Plain: strings.NewReplacer(search.MarkOpen, "", search.MarkClose, "").Replace(sn), Missing: h.Missing})
		}
		res.Facets = hitFacets(matches, v, len(matches) < int(sr.Total) || !sr.TotalExact)
		if int64(offset+limit) < sr.Total && offset+limit <= maxOffset {
			res.Next = pageURL(r, v, "offset", strconv.Itoa(offset+limit), "after", "", "at", "")
		}
		if offset > 0 {
			res.Prev = pageURL(r, v, "offset", strconv.Itoa(max(0, offset-limit)), "after", "", "at", "")
		}
	} else {
		sort, ok := modeSort(v.Get("sort"), vanban.KeysetSorts)
		if !ok {
			s.fail(w, r, http.StatusBadRequest, fmt.Sprintf("sort %q: want -date, date, id or -id (a listing), relevance, date or -date (a query)", v.Get("sort")))
			return
		}
		var after *vanban.Cursor
		if a := v.Get("after"); a != "" {
			c, ok := parseCursor(a)
			if !ok {
				s.fail(w, r, http.StatusBadRequest, fmt.Sprintf("after %q: not a place in a listing (use the page's links)", a))
				return
			}
			after = &c
		}
		var docs []*vanban.Document
		err := s.db.List(ctx, vanban.ListOptions{Filter: f, Sort: sort, Limit: limit + 1, After: after, Fields: []string{"date", "symbol", "type", "issuer", "subject", "system", "signer_name"}}, func(d *vanban.Document) error {
			docs = append(docs, d)
			return nil
		})
		if err != nil {
			s.failErr(w, r, err)
			return
		}
		// The page's place in the listing, carried by the links (a key
		// says where a page starts, not how many come before it).
		at := 0
		if after != nil {
			if n, err := strconv.Atoi(v.Get("at")); err == nil && n > 0 {
				at = n
			}
		}
		more := len(docs) > limit
		if more {
			docs = docs[:limit]
			res.Next = pageURL(r, v, "after", formatCursor(vanban.CursorOf(docs[len(docs)-1], sort)), "at", strconv.Itoa(at+limit), "offset", "")
		}
		if after != nil {
			res.Prev = pageURL(r, v, "after", "", "at", "") // back to the first page
		}
		res.Offset = at
		for _, d := range docs {
			hits = append(hits, hitView{Doc: d})
		}
		res.Sort = sort
		var total int64
		res.Facets, total = s.listFacets(ctx, f, v)
		res.Total, res.TotalExact = total, total >= 0
	}
	if wantJSON(r) {
		for _, h := range hits {
			extra := map[string]any{}
			cols := listColumns
			if qs != "" {
				extra["snippet"] = h.Plain
				cols = append(append([]string{}, listColumns...), "snippet")
				if h.Missing != "" {
					extra["missing"] = h.Missing
					cols = append(cols, "missing")
				}
			}
			res.Hits = append(res.Hits, recordJSON(h.Doc, cols, extra))
		}
		writeJSON(w, http.StatusOK, res)
		return
	}
	data["Hits"], data["Res"] = hits, res
	nMatch := 0
	for _, h := range hits {
		if h.Missing == "" {
			nMatch++
		}
	}
	data["Showing"] = showing(res.Offset, nMatch, res.Total, res.TotalExact)
	data["Sorts"] = vanban.KeysetSorts
	if qs != "" {
		data["Sorts"] = vanban.SearchSorts
	}
	data["Sort"] = res.Sort
	s.render(w, r, http.StatusOK, "search.html", data)
}

// intParam reads the URL parameter name: def when it is absent, not ok
// when it is no number from lo to hi.
func intParam(v url.Values, name string, def, lo, hi int) (int, bool) {
	s := v.Get(name)
	if s == "" {
		return def, true
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= lo && n <= hi
}

// modeSort is the sort a page applies: s when the page's mode (a query:
// ranked; none: a listing) has it, else the mode's first (a sort of the
// other mode carried over by the form, such as id into a query); an
// unknown sort is not ok.
func modeSort(s string, mode []string) (string, bool) {
	switch {
	case vanban.Contains(mode, s):
		return s, true
	case s == "" || vanban.Contains(vanban.SearchSorts, s) || vanban.Contains(vanban.KeysetSorts, s):
		return mode[0], true
	}
	return "", false
}

// filter reads the filters of the URL's parameters, or answers 400 with
// what is wrong (the command line's message, without its flags' dashes).
func (s *Server) filter(w http.ResponseWriter, r *http.Request, v url.Values) (vanban.Filter, bool) {
	f, err := s.opt.Filter(v.Get)
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, strings.ReplaceAll(err.Error(), "--", ""))
		return f, false
	}
	return f, true
}

// showing is "1–50 of 1,234" (or "of more than N").
func showing(offset, n int, total int64, exact bool) string {
	if n == 0 {
		return ""
	}
	of := ""
	switch {
	case total < 0:
	case exact:
		of = " of " + group(total)
	default:
		of = " of more than " + group(total)
	}
	return fmt.Sprintf("%s–%s%s", group(int64(offset+1)), group(int64(offset+n)), of)
}

// group writes n with thousands separated by commas.
func group(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// pageURL is the current page's URL with the parameters of set given
// their values ("" removes one).
func pageURL(r *http.Request, v url.Values, set ...string) string {
	u := url.Values{}
	for k, vs := range v {
		u[k] = append([]string(nil), vs...)
	}
	for i := 0; i+1 < len(set); i += 2 {
		if set[i+1] == "" {
			u.Del(set[i])
		} else {
			u.Set(set[i], set[i+1])
		}
	}
	// The same path: a JSON page's links lead to JSON pages.
	return r.URL.Path + "?" + u.Encode()
}

// parseCursor reads "DATE~ID" (DATE may be empty).
func parseCursor(s string) (vanban.Cursor, bool) {
	k, id, ok := strings.Cut(s, "~")
	n, err := strconv.ParseInt(id, 10, 64)
	if !ok || err != nil || n < 0 || len(k) > 10 {
		return vanban.Cursor{}, false
	}
	return vanban.Cursor{Key: k, ID: n}, true
}

func formatCursor(c vanban.Cursor) string { return c.Key + "~" + strconv.FormatInt(c.ID, 10) }

// hitFacets counts a query's best matches by the facet fields.
func hitFacets(hits []vanban.Hit, v url.Values, partial bool) []facet {
	var out []facet
	for _, ff := range facetFields {
		counts := map[string]int64{}
		var order []string
		for _, h := range hits {
			k := facetKey(h.Doc, ff.By)
			if _, ok := counts[k]; !ok {
				order = append(order, k)
			}
			counts[k]++
		}
		var cs []vanban.Count
		for _, k := range order {
			cs = append(cs, vanban.Count{Key: k, Count: counts[k]})
		}
		fc := makeFacet(ff.By, ff.Label, ff.Param, cs, v)
		if partial {
			fc.Partial, fc.Note = true, fmt.Sprintf("counted over the best %s matches", group(int64(len(hits))))
		}
		out = append(out, fc)
	}
	return out
}

func facetKey(d *vanban.Document, by string) string {
	switch by {
	case "type":
		return d.Type
	case "year":
		if len(d.Date) >= 4 {
			return d.Date[:4]
		}
		return ""
	case "system":
		return d.System
	case "issuer":
		return d.Issuer
	case "signer":
		return d.SignerName
	}
	return ""
}

// makeFacet keeps the ten largest groups with a key, each with the URL
// that adds it to the filters or, when it is selected, removes it.
func makeFacet(by, label, param string, cs []vanban.Count, v url.Values) facet {
	sortCounts(cs)
	fc := facet{By: by, Label: label, Values: []facetValue{}}
	for _, c := range cs {
		if c.Key == "" {
			continue
		}
		if len(fc.Values) == 10 {
			break
		}
		u := url.Values{}
		for k, vs := range v {
			u[k] = append([]string(nil), vs...)
		}
		u.Del("offset")
		u.Del("after")
		sel := v.Get(param) == c.Key
		if sel {
			u.Del(param)
		} else {
			u.Set(param, c.Key)
		}
		fc.Values = append(fc.Values, facetValue{Key: c.Key, Count: c.Count, Selected: sel, URL: "/?" + u.Encode()})
	}
	return fc
}

func sortCounts(cs []vanban.Count) {
	for i := 1; i < len(cs); i++ {
		for j := i; j > 0 && (cs[j].Count > cs[j-1].Count || cs[j].Count == cs[j-1].Count && cs[j].Key < cs[j-1].Key); j-- {
			cs[j], cs[j-1] = cs[j-1], cs[j]
		}
	}
}

// listFacets counts the records the filter selects by each facet field
// (the archive's Stats), concurrently and within the facet budget; a
// facet not counted in time is left empty and marked. It also returns the
// number of records selected (-1 when not counted in time).
func (s *Server) listFacets(ctx context.Context, f vanban.Filter, v url.Values) ([]facet, int64) {
	ctx, cancel := context.WithTimeout(ctx, s.opt.FacetBudget)
	defer cancel()
	out := make([]facet, len(facetFields))
	total := int64(-1)
	var wg sync.WaitGroup
	for i, ff := range facetFields {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cs, err := s.db.Stats(ctx, f, ff.By)
			if err != nil {
				out[i] = facet{By: ff.By, Label: ff.Label, Values: []facetValue{}, Partial: true, Note: "not counted: it took too long"}
				return
			}
			if ff.By == "system" {
				var n int64
				for _, c := range cs {
					n += c.Count
				}
				total = n
			}
			out[i] = makeFacet(ff.By, ff.Label, ff.Param, cs, v)
		}()
	}
	wg.Wait()
	return out, total
}

// markSnippet turns a snippet's match markers into <mark>, everything else
// escaped.
func markSnippet(sn string) template.HTML {
	e := template.HTMLEscapeString(sn)
	e = strings.ReplaceAll(e, template.HTMLEscapeString(search.MarkOpen), "<mark>")
	e = strings.ReplaceAll(e, template.HTMLEscapeString(search.MarkClose), "</mark>")
	return template.HTML(e)
}

// recordJSON is d as the command line's JSON writes it, with cols.
func recordJSON(d *vanban.Document, cols []string, extra map[string]any) json.RawMessage {
	f, _ := export.Lookup("json")
	var b bytes.Buffer
	wr := f.New(&b, export.Options{Fields: cols})
	wr.Write(d, extra)
	wr.Close()
	// The writer makes an array of one.
	var arr []json.RawMessage
	if err := json.Unmarshal(b.Bytes(), &arr); err != nil || len(arr) != 1 {
		return json.RawMessage("null")
	}
	return arr[0]
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

// docID reads a record id from a path ("12" or "12.json").
func docID(s string) (int64, bool) {
	s = strings.TrimSuffix(s, ".json")
	id, err := strconv.ParseInt(s, 10, 64)
	return id, err == nil && id > 0
}

// docPage is "/doc/{id}": every field, warnings, findings, references both
// ways, and the original text with the span of each field marked.
func (s *Server) docPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, ok := docID(r.PathValue("name"))
	if !ok {
		s.fail(w, r, http.StatusNotFound, fmt.Sprintf("%q is not a record id", r.PathValue("name")))
		return
	}
	d, err := s.db.Get(ctx, id)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	if wantJSON(r) {
		writeJSON(w, http.StatusOK, d)
		return
	}
	_, text, err := s.db.Original(ctx, id)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	data := map[string]any{"Title": d.Symbol + " " + d.Type, "Doc": d}
	var rows []fieldRow
	for _, fl := range vanban.Fields {
		if fl.Label == "" || fl.Kind == vanban.KindWarnings || fl.Kind == vanban.KindFindings || fl.Kind == vanban.KindRefs {
			continue
		}
		for i, line := range fl.Lines(d) {
			if line == "" {
				continue
			}
			item := 0
			if fl.Kind == vanban.KindList {
				item = i + 1
			}
			row := fieldRow{Field: fl.Name, Label: fl.Label, Value: line}
			if sp, ok := vanban.SpanOf(d.Spans, fl.Name, item); ok {
				row.Line = sp.Line
			}
			rows = append(rows, row)
		}
	}
	data["Rows"] = rows
	data["Text"] = highlight(text, d.Spans, d.Findings)
	if rel, ok := s.db.(vanban.Relater); ok {
		if rs, err := rel.Relations(ctx, id, 1); err == nil {
			data["Rel"] = export.RelationsJSON(rs)
		}
	}
	s.render(w, r, http.StatusOK, "doc.html", data)
}

type fieldRow struct {
	Field, Label, Value string
	Line                int
}

// original sends the record's original bytes as a download.
func (s *Server) original(w http.ResponseWriter, r *http.Request) {
	id, ok := docID(r.PathValue("id"))
	if !ok {
		s.fail(w, r, http.StatusNotFound, "not a record id")
		return
	}
	orig, _, err := s.db.Original(r.Context(), id)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	// The file name is the record's, not the source path (which is the
	// importer's and may hold anything).
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="vanban-%d.txt"`, id))
	w.Header().Set("Content-Length", strconv.Itoa(len(orig)))
	if r.Method != http.MethodHead {
		w.Write(orig)
	}
}

// refsJSON is the record's relations, as vanban refs --format json.
func (s *Server) refsJSON(w http.ResponseWriter, r *http.Request) {
	id, ok := docID(r.PathValue("id"))
	if !ok {
		s.fail(w, r, http.StatusNotFound, "not a record id")
		return
	}
	rel, ok := s.db.(vanban.Relater)
	if !ok {
		s.fail(w, r, http.StatusNotFound, "this archive keeps no relations")
		return
	}
	rs, err := rel.Relations(r.Context(), id, 1)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, export.RelationsJSON(rs))
}

// statsChart is one grouping of the stats page.
type statsChart struct {
	By     string         `json:"by"`
	Title  string         `json:"title"`
	Counts []vanban.Count `json:"counts"`
	SVG    template.HTML  `json:"-"`
}

// statsPage is "/stats": records by year, by month, by type, the top
// issuers and signers, each as an SVG chart with its table.
func (s *Server) statsPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := r.URL.Query()
	f, ok := s.filter(w, r, v)
	if !ok {
		return
	}
	groups := []struct{ by, title string }{
		{"year", "Văn bản theo năm (by year)"},
		{"month", "Theo tháng, 24 tháng gần nhất (by month, last 24)"},
		{"type", "Theo loại (by type)"},
		{"issuer", "Cơ quan ban hành nhiều nhất (top issuers)"},
		{"signer", "Người ký nhiều nhất (top signers)"},
		{"finding", "Thể thức: văn bản theo quy tắc vi phạm (records by format rule broken, vanban check)"},
	}
	charts := make([]statsChart, len(groups))
	errs := make([]error, len(groups))
	var wg sync.WaitGroup
	for i, g := range groups {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cs, err := s.db.Stats(ctx, f, g.by)
			if g.by == "finding" && errors.Is(err, vanban.ErrOlderArchive) {
				return // an archive from before format findings: no such chart
			}
			if err != nil {
				errs[i] = err
				return
			}
			cs = shapeCounts(g.by, cs)
			charts[i] = statsChart{By: g.by, Title: g.title, Counts: cs, SVG: barChart(cs, g.by == "year" || g.by == "month")}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			s.failErr(w, r, err)
			return
		}
	}
	kept := charts[:0]
	for _, c := range charts {
		if c.By != "" {
			kept = append(kept, c)
		}
	}
	charts = kept
	if wantJSON(r) {
		writeJSON(w, http.StatusOK, map[string]any{"charts": charts})
		return
	}
	s.render(w, r, http.StatusOK, "stats.html", map[string]any{"Title": "vanban — stats", "Charts": charts, "Params": v, "Filters": filterParams})
}

// shapeCounts orders a grouping for its chart: years and months in time
// order (the last 24 months), others largest first, the top 15, without
// the records that lack the key.
func shapeCounts(by string, cs []vanban.Count) []vanban.Count {
	out := make([]vanban.Count, 0, len(cs))
	for _, c := range cs {
		if c.Key != "" {
			out = append(out, c)
		}
	}
	switch by {
	case "year", "month":
		for i := 1; i < len(out); i++ {
			for j := i; j > 0 && out[j].Key < out[j-1].Key; j-- {
				out[j], out[j-1] = out[j-1], out[j]
			}
		}
		if by == "month" && len(out) > 24 {
			out = out[len(out)-24:]
		}
	default:
		sortCounts(out)
		if len(out) > 15 {
			out = out[:15]
		}
	}
	return out
}

var funcs = template.FuncMap{
	"group": func(n int64) string { return group(n) },
	"param": func(v url.Values, k string) string { return v.Get(k) },
	"add":   func(a, b int) int { return a + b },
	"docURL": func(id int64) string {
		return "/doc/" + strconv.FormatInt(id, 10)
	},
	"seq": func(n int) []int { return make([]int, max(0, n-1)) },
	"idOf": func(p *int64) int64 {
		if p == nil {
			return 0
		}
		return *p
	},
}
