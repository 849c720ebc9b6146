// Package archivetest is an in-memory vanban.Archive for tests of the
// commands: the same contract as the SQLite archive (filters, sorts,
// search language, stats), kept in maps, so that a test of list, show,
// search, export or stats runs in-process without a file.
//
// It is a second implementation of the archive's semantics, written from
// the contract rather than from the SQL: a test that passes on both says the
// behaviour is the product's, not an accident of one engine.
package archivetest

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/vanban/vanban/internal/vanban"
	"github.com/vanban/vanban/internal/vntext"
)

// Archive is an in-memory archive. Its zero value is empty and ready.
type Archive struct {
	docs      map[int64]*vanban.Document
	originals map[int64][]byte
	next      int64
	closed    bool
}

// Add stores d (a copy) with its original bytes and returns its id.
func (a *Archive) Add(d *vanban.Document, original []byte) int64 {
	if a.docs == nil {
		a.docs, a.originals = map[int64]*vanban.Document{}, map[int64][]byte{}
	}
	a.next++
	c := *d
	c.ID = a.next
	if c.Source == nil {
		c.Source = &vanban.Source{Path: fmt.Sprintf("doc%d.txt", c.ID), Size: int64(len(original))}
	}
	c.Normalize()
	a.docs[c.ID] = &c
	a.originals[c.ID] = original
	return c.ID
}

// Path names the archive.
func (a *Archive) Path() string { return "memory" }

// Close closes the archive; it may be reopened by using it again.
func (a *Archive) Close() error { a.closed = true; return nil }

// Closed reports whether Close was called (a command must close what it opens).
func (a *Archive) Closed() bool { return a.closed }

func (a *Archive) get(id int64) (*vanban.Document, error) {
	d, ok := a.docs[id]
	if !ok {
		return nil, fmt.Errorf("record %d: %w", id, vanban.ErrNotFound)
	}
	c := *d
	return &c, nil
}

// Get returns record id.
func (a *Archive) Get(_ context.Context, id int64) (*vanban.Document, error) { return a.get(id) }

// Original returns the record's original bytes and, as text, the same.
func (a *Archive) Original(_ context.Context, id int64) ([]byte, string, error) {
	o, ok := a.originals[id]
	if !ok {
		return nil, "", fmt.Errorf("record %d: %w", id, vanban.ErrNotFound)
	}
	return o, string(o), nil
}

func symbolKey(s string) string {
	return vntext.Fold(strings.Join(strings.Fields(strings.NewReplacer("–", "-", "—", "-").Replace(s)), ""))
}

// BySymbol returns the ids of the records bearing symbol.
func (a *Archive) BySymbol(_ context.Context, symbol string) ([]int64, error) {
	var out []int64
	for _, id := range a.ids() {
		if symbolKey(a.docs[id].Symbol) == symbolKey(symbol) {
			out = append(out, id)
		}
	}
	return out, nil
}

func (a *Archive) ids() []int64 {
	out := make([]int64, 0, len(a.docs))
	for id := range a.docs {
		out = append(out, id)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

func words(s string) []string { return vntext.Words(vntext.Fold(s)) }

// matches applies the filter contract of vanban.Filter.
func (a *Archive) matches(d *vanban.Document, f vanban.Filter) bool {
	if f.InForce && a.ended()[d.ID] {
		return false
	}
	if f.Issuer != "" {
		w := words(f.Issuer)
		if !vanban.WordsInOrder(words(d.Issuer), w) && !vanban.WordsInOrder(words(d.ParentIssuer), w) {
			return false
		}
	}
	if f.Signer != "" {
		signer := words(strings.Join(d.SignerAuthority, " ") + " " + d.SignerTitle + " " + d.SignerName)
		if !vanban.ContainsPhrase(signer, words(f.Signer), false) {
			return false
		}
	}
	if len(f.TypeNames) > 0 || f.TypeCode != "" {
		ok := strings.EqualFold(d.TypeCode, f.TypeCode) && f.TypeCode != ""
		for _, t := range f.TypeNames {
			ok = ok || vntext.Fold(d.Type) == t
		}
		if !ok {
			return false
		}
	}
	if f.From != "" && d.Date < f.From || f.To != "" && (d.Date == "" || d.Date > f.To) {
		return false
	}
	if f.Place != "" {
		p, have := vntext.Fold(strings.Join(strings.Fields(f.Place), " ")), vntext.Fold(d.Place)
		if have != p && !strings.HasPrefix(have, p+" ") {
			return false
		}
	}
	if f.System != "" && d.System != f.System {
		return false
	}
	if f.Symbol != "" {
		s, have := strings.TrimRight(symbolKey(f.Symbol), "-/"), symbolKey(d.Symbol)
		if have != s && !strings.HasPrefix(have, s+"-") && !strings.HasPrefix(have, s+"/") {
			return false
		}
	}
	if f.Finding != "" && !f.FindingMatches(d.Findings) {
		return false
	}
	switch f.Warnings {
	case "":
	case "*":
		if len(d.Warnings) == 0 {
			return false
		}
	default:
		ok := false
		for _, w := range d.Warnings {
			ok = ok || w.Field == f.Warnings
		}
		if !ok {
			return false
		}
	}
	return true
}

// sortKey orders records as vanban.Sorts says: missing keys last.
func less(a, b *vanban.Document, by string) bool {
	desc := strings.HasPrefix(by, "-")
	key := func(d *vanban.Document) string {
		switch strings.TrimPrefix(by, "-") {
		case "date":
			return d.Date
		case "symbol":
			return symbolKey(d.Symbol)
		case "issuer":
			return vntext.Fold(d.Issuer)
		}
		return ""
	}
	ka, kb := key(a), key(b)
	if by == "-date" {
		// Newest first; a missing date sorts as the smallest.
		if ka != kb {
			return ka > kb
		}
		return a.ID > b.ID
	}
	if (ka == "") != (kb == "") {
		return kb == ""
	}
	if ka != kb {
		return ka < kb != desc
	}
	return a.ID < b.ID != desc
}

// List calls fn for the records opt selects.
func (a *Archive) List(ctx context.Context, opt vanban.ListOptions, fn func(*vanban.Document) error) error {
	if opt.Sort == "" {
		opt.Sort = "-date"
	}
	if !vanban.Contains(vanban.Sorts, opt.Sort) {
		return fmt.Errorf("unknown sort %q", opt.Sort)
	}
	if opt.After != nil && !vanban.Contains(vanban.KeysetSorts, opt.Sort) {
		return fmt.Errorf("keyset paging is by date or id, not %q", opt.Sort)
	}
	var sel []*vanban.Document
	for _, id := range a.ids() {
		if opt.After != nil && !vanban.AfterCursor(a.docs[id], *opt.After, opt.Sort) {
			continue
		}
		if a.matches(a.docs[id], opt.Filter) {
			d, _ := a.get(id)
			sel = append(sel, d)
		}
	}
	sort.SliceStable(sel, func(i, j int) bool { return less(sel[i], sel[j], opt.Sort) })
	if opt.Offset >= len(sel) {
		return nil
	}
	sel = sel[opt.Offset:]
	if opt.Limit >= 0 && len(sel) > opt.Limit {
		sel = sel[:opt.Limit]
	}
	fields := opt.Fields
	if fields == nil {
		fields = vanban.AllButBody()
	}
	for _, d := range sel {
		if err := ctx.Err(); err != nil {
			return err
		}
		// Only the fields asked for are read, as the real archive does.
		out := &vanban.Document{ID: d.ID}
		for _, f := range vanban.Fields {
			if vanban.Contains(fields, f.Name) {
				f.Set(out, f.Get(d))
			}
		}
		out.Normalize()
		if err := fn(out); err != nil {
			return err
		}
	}
	return nil
}

// searchColumns are the texts a query searches, as the full-text index
// holds them.
func searchColumns(d *vanban.Document) [][]string {
	return [][]string{words(vanban.Title(d)), words(d.Body), words(d.ParentIssuer + " " + d.Issuer),
		words(strings.Join(d.Recipients, "\n")), words(strings.Join(d.SignerAuthority, " ") + " " + d.SignerTitle + " " + d.SignerName)}
}

func termMatches(cols [][]string, t vanban.Term) bool {
	for _, c := range cols {
		if vanban.ContainsPhrase(c, t.Words, t.Prefix) {
			return true
		}
	}
	return false
}

// Search returns the records bearing a symbol of q first, then those
// matching its terms: by relevance (more terms in the subject first, then
// the newest by date) or by date. The count is always exact.
func (a *Archive) Search(_ context.Context, q *vanban.Query, opt vanban.SearchOptions) (*vanban.SearchResult, error) {
	f, limit, offset := opt.Filter, opt.Limit, opt.Offset
	var hits []vanban.Hit
	for _, id := range a.ids() {
		d := a.docs[id]
		if !a.matches(d, f) {
			continue
		}
		bears := false
		for _, s := range q.Symbols {
			bears = bears || symbolKey(d.Symbol) == symbolKey(s)
		}
		cols := searchColumns(d)
		ok := true
		for _, g := range q.Groups {
			any := false
			for _, t := range g {
				any = any || termMatches(cols, t)
			}
			ok = ok && any
		}
		for _, t := range q.Exclude {
			ok = ok && !termMatches(cols, t)
		}
		if !ok && !bears {
			continue
		}
		rank := 0.0
		if bears {
			rank = vanban.SymbolRank
		}
		for _, g := range q.Groups {
			for _, t := range g {
				if vanban.ContainsPhrase(cols[0], t.Words, t.Prefix) {
					rank -= 10
				}
			}
		}
		c, _ := a.get(id)
		hits = append(hits, vanban.Hit{Doc: c, Rank: rank})
	}
	byDate := opt.Sort == "date" || opt.Sort == "-date"
	sort.SliceStable(hits, func(i, j int) bool {
		a, b := hits[i], hits[j]
		if sa, sb := a.Rank <= vanban.SymbolRank, b.Rank <= vanban.SymbolRank; sa != sb {
			return sa
		}
		if opt.Sort == "date" {
			if (a.Doc.Date == "") != (b.Doc.Date == "") {
				return b.Doc.Date == ""
			}
			if a.Doc.Date != b.Doc.Date {
				return a.Doc.Date < b.Doc.Date
			}
			return a.Doc.ID < b.Doc.ID
		}
		if !byDate && a.Rank != b.Rank {
			return a.Rank < b.Rank
		}
		if a.Doc.Date != b.Doc.Date {
			return a.Doc.Date > b.Doc.Date
		}
		return a.Doc.ID > b.Doc.ID
	})
	res := &vanban.SearchResult{Total: int64(len(hits)), TotalExact: true}
	if offset >= len(hits) {
		return res, nil
	}
	hits = hits[offset:]
	if limit >= 0 && len(hits) > limit {
		hits = hits[:limit]
	}
	res.Hits = hits
	return res, nil
}

// Stats counts the records f selects by one grouping.
func (a *Archive) Stats(_ context.Context, f vanban.Filter, by string) ([]vanban.Count, error) {
	if !vanban.Contains(vanban.Groupings, by) {
		return nil, fmt.Errorf("unknown grouping %q", by)
	}
	counts := map[string]int64{}
	for _, id := range a.ids() {
		d := a.docs[id]
		if !a.matches(d, f) {
			continue
		}
		if by == "finding" {
			seen := map[string]bool{}
			for _, x := range d.Findings {
				if r := strings.ToUpper(x.Rule); !seen[r] {
					seen[r] = true
					counts[r]++
				}
			}
			if len(seen) == 0 {
				counts[""]++
			}
			continue
		}
		var k string
		switch by {
		case "issuer":
			k = d.Issuer
		case "type":
			k = d.Type
		case "year":
			k = prefix(d.Date, 4)
		case "month":
			k = prefix(d.Date, 7)
		case "signer":
			k = d.SignerName
		case "place":
			k = d.Place
		case "system":
			k = d.System
		case "encoding":
			k = d.Encoding
		}
		counts[k]++
	}
	var out []vanban.Count
	for k, n := range counts {
		out = append(out, vanban.Count{Key: k, Count: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Key < out[j].Key
	})
	return out, nil
}

func prefix(s string, n int) string {
	if len(s) < n {
		return s
	}
	return s[:n]
}

// Delete removes ids, or nothing when one is missing.
func (a *Archive) Delete(_ context.Context, ids []int64) ([]int64, error) {
	var missing []int64
	for _, id := range ids {
		if _, ok := a.docs[id]; !ok {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		return missing, nil
	}
	for _, id := range ids {
		delete(a.docs, id)
		delete(a.originals, id)
	}
	return nil, nil
}

// Count is the number of records.
func (a *Archive) Count(context.Context) (int64, error) { return int64(len(a.docs)), nil }

var _ vanban.Archive = (*Archive)(nil)

// ended is the set of records that another record replaces or repeals,
// linked by the rule both engines follow (vanban.ChooseTarget).
func (a *Archive) ended() map[int64]bool {
	out := map[int64]bool{}
	bySym := map[string][]*vanban.Document{}
	for _, d := range a.docs {
		if d.Symbol != "" {
			k := vanban.SymbolKey(d.Symbol)
			bySym[k] = append(bySym[k], d)
		}
	}
	for _, d := range a.docs {
		for _, r := range d.References {
			if !vanban.Ending(r.KindOf()) {
				continue
			}
			if t := vanban.ChooseTarget(r, d, bySym[vanban.SymbolKey(r.Symbol)]); t != nil {
				out[t.ID] = true
			}
		}
	}
	return out
}

// brief is what relations show of a record, as the SQLite engine reads it.
func brief(d *vanban.Document) *vanban.Document {
	return &vanban.Document{ID: d.ID, Symbol: d.Symbol, Type: d.Type, Date: d.Date, Issuer: d.Issuer, Subject: d.Subject}
}

// targetOf is the record reference r of record citing names (nil: none),
// by the rule both engines follow.
func (a *Archive) targetOf(r vanban.Reference, citing *vanban.Document) *vanban.Document {
	key := vanban.SymbolKey(r.Symbol)
	if key == "" {
		return nil
	}
	var cands []*vanban.Document
	for _, d := range a.docs {
		if vanban.SymbolKey(d.Symbol) == key {
			cands = append(cands, d)
		}
	}
	return vanban.ChooseTarget(r, citing, cands)
}

// Relations follows the references of record id depth levels each way.
func (a *Archive) Relations(ctx context.Context, id int64, depth int) (*vanban.Relations, error) {
	d, ok := a.docs[id]
	if !ok {
		return nil, fmt.Errorf("record %d: %w", id, vanban.ErrNotFound)
	}
	rel := &vanban.Relations{Doc: brief(d)}
	seen, level := map[int64]bool{id: true}, []int64{id}
	for dep := 1; dep <= depth && len(level) > 0; dep++ {
		var next []int64
		for _, from := range level {
			f := a.docs[from]
			for _, r := range f.References {
				l := vanban.Link{Depth: dep, From: brief(f), Ref: r}
				if t := a.targetOf(r, f); t != nil {
					l.To = brief(t)
					if !seen[t.ID] {
						seen[t.ID] = true
						next = append(next, t.ID)
					}
				}
				rel.Out = append(rel.Out, l)
			}
		}
		level = next
	}
	ids := a.sortedIDs()
	seen, level = map[int64]bool{id: true}, []int64{id}
	for dep := 1; dep <= depth && len(level) > 0; dep++ {
		var next []int64
		for _, to := range level {
			for _, cid := range ids {
				c := a.docs[cid]
				for _, r := range c.References {
					if t := a.targetOf(r, c); t != nil && t.ID == to {
						rel.In = append(rel.In, vanban.Link{Depth: dep, From: brief(c), Ref: r, To: brief(a.docs[to])})
						if !seen[cid] {
							seen[cid] = true
							next = append(next, cid)
						}
					}
				}
			}
		}
		level = next
	}
	return rel, nil
}

// Missing lists the cited symbols no record bears, most cited first.
func (a *Archive) Missing(ctx context.Context, limit int) ([]vanban.MissingRef, error) {
	type agg struct {
		m    vanban.MissingRef
		docs map[int64]bool
	}
	bearing := map[string]bool{}
	for _, d := range a.docs {
		bearing[vanban.SymbolKey(d.Symbol)] = true
	}
	byKey := map[string]*agg{}
	for _, id := range a.sortedIDs() {
		d := a.docs[id]
		for _, r := range d.References {
			key := vanban.SymbolKey(r.Symbol)
			if bearing[key] || !strings.ContainsAny(key, "/-") {
				continue
			}
			g, ok := byKey[key]
			if !ok {
				g = &agg{m: vanban.MissingRef{Symbol: r.Symbol, Type: r.Type, First: id}, docs: map[int64]bool{}}
				byKey[key] = g
			}
			g.m.Symbol, g.m.Type = min(g.m.Symbol, r.Symbol), min(g.m.Type, r.Type)
			g.docs[id] = true
		}
	}
	var keys []string
	for k, g := range byKey {
		g.m.CitedBy = int64(len(g.docs))
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := byKey[keys[i]].m.CitedBy, byKey[keys[j]].m.CitedBy
		if a != b {
			return a > b
		}
		return keys[i] < keys[j]
	})
	out := []vanban.MissingRef{}
	for _, k := range keys {
		if limit >= 0 && len(out) == limit {
			break
		}
		out = append(out, byKey[k].m)
	}
	return out, nil
}

// Ended returns the records an archived record replaces or repeals.
func (a *Archive) Ended(ctx context.Context) (map[int64]vanban.EndedBy, error) {
	out := map[int64]vanban.EndedBy{}
	for _, id := range a.sortedIDs() {
		d := a.docs[id]
		for _, r := range d.References {
			if !vanban.Ending(r.KindOf()) {
				continue
			}
			if t := a.targetOf(r, d); t != nil {
				e, ok := out[t.ID]
				if !ok {
					e = vanban.EndedBy{ID: id, Kind: r.Kind}
				} else {
					e.Kind = min(e.Kind, r.Kind)
				}
				out[t.ID] = e
			}
		}
	}
	return out, nil
}

// sortedIDs are the ids of the records, ascending.
func (a *Archive) sortedIDs() []int64 {
	ids := make([]int64, 0, len(a.docs))
	for id := range a.docs {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}

var _ vanban.Relater = (*Archive)(nil)
