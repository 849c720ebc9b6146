package vanban

import (
	"context"
	"errors"
	"strconv"
	"strings"
)

// Archive is what the commands need of an archive, whatever engine keeps
// it: the read side (get, list, search, stats, original bytes) and deletion.
// Writing records (import, reparse) goes through the engine's own batch
// writer, which the use-case package drives.
//
// Implementations: internal/sqlite (the archive file) and, for tests of the
// commands, an in-memory fake (internal/archivetest).
type Archive interface {
	// Path names the archive in messages (a file path, or a URL without
	// its password).
	Path() string
	Close() error
	// Get returns record id with every field, body included, or an error
	// wrapping ErrNotFound.
	Get(ctx context.Context, id int64) (*Document, error)
	// Original returns the record's original bytes (checked against the
	// SHA-256 taken at import) and its decoded text.
	Original(ctx context.Context, id int64) (orig []byte, text string, err error)
	// BySymbol returns the ids of the records bearing symbol (case,
	// accents, spaces and dash variants ignored), ascending.
	BySymbol(ctx context.Context, symbol string) ([]int64, error)
	// List calls fn for the records opt selects, in its order, reading
	// only opt.Fields. It streams: one record at a time.
	List(ctx context.Context, opt ListOptions, fn func(*Document) error) error
	// Search returns the hits of q under opt.Filter in opt.Sort order,
	// bodies included: at most opt.Limit (< 0: all) after opt.Offset, and
	// how many documents match in all. No match is ever left out: every
	// one is reachable by paging.
	Search(ctx context.Context, q *Query, opt SearchOptions) (*SearchResult, error)
	// Stats counts the records f selects by one grouping of Groupings.
	Stats(ctx context.Context, f Filter, by string) ([]Count, error)
	// Delete removes the records ids; when some do not exist it removes
	// nothing and returns them.
	Delete(ctx context.Context, ids []int64) (missing []int64, err error)
	// Count is the number of records.
	Count(ctx context.Context) (int64, error)
}

// ErrNotFound is wrapped by the errors of an id that names no record.
var ErrNotFound = errors.New("no such record")

// ErrOlderArchive is wrapped by the errors of a request an archive written
// by an older vanban cannot answer yet (links, format findings), until a
// writing command upgrades it.
var ErrOlderArchive = errors.New("written by an older vanban")

// PossibleDuplicate starts the warning given to records that share symbol,
// issuer and date with another record of different text.
const PossibleDuplicate = "possible duplicate"

// ListOptions select and order the records of Archive.List.
type ListOptions struct {
	Filter Filter
	Sort   string // one of Sorts; "" is "-date"
	Limit  int    // at most this many (< 0: no limit)
	Offset int
	// Fields are the fields to read (nil: every field but the body);
	// reading fewer is faster. The id is always read.
	Fields []string
	// After pages by key (keyset): the records after the one with this
	// sort key and id, in Sort's order (sorts by date or id only; Offset
	// is then 0). A page's last record gives the next page's After.
	After *Cursor
}

// Cursor is a place in a listing: a record's sort key (its date for the
// date sorts, "" for the id sorts) and id.
type Cursor struct {
	Key string
	ID  int64
}

// KeysetSorts are the sorts ListOptions.After supports.
var KeysetSorts = []string{"-date", "date", "id", "-id"}

// CursorOf is d's place in a listing sorted by sort.
func CursorOf(d *Document, sort string) Cursor {
	if sort == "date" || sort == "-date" || sort == "" {
		return Cursor{Key: d.Date, ID: d.ID}
	}
	return Cursor{ID: d.ID}
}

// AfterCursor reports whether d comes after c in a listing sorted by sort
// (one of KeysetSorts; "" is "-date"): the rule both engines follow.
func AfterCursor(d *Document, c Cursor, sort string) bool {
	switch sort {
	case "id":
		return d.ID > c.ID
	case "-id":
		return d.ID < c.ID
	case "date":
		// Dated records by date then id, the undated last, by id.
		switch {
		case c.Key == "":
			return d.Date == "" && d.ID > c.ID
		case d.Date == "":
			return true
		}
		return d.Date > c.Key || d.Date == c.Key && d.ID > c.ID
	}
	// -date: newest first, the undated (the smallest key) last.
	return d.Date < c.Key || d.Date == c.Key && d.ID < c.ID
}

// Sorts are the orders of ListOptions.Sort: date, symbol, issuer or id,
// a leading "-" for descending. Records without the key come last.
var Sorts = []string{"-date", "date", "symbol", "-symbol", "issuer", "-issuer", "id", "-id"}

// Groupings are the keys of Archive.Stats.
// "finding" counts records by the rules they break (vanban check): a record
// counts once under each rule it breaks, and under "" when it breaks none.
var Groupings = []string{"issuer", "type", "year", "month", "signer", "place", "system", "encoding", "finding"}

// Count is one group of Archive.Stats: its key ("" when the field is
// missing) and how many records it holds.
type Count struct {
	Key   string `json:"key"`
	Count int64  `json:"count"`
}

// SearchOptions select, order and page the hits of Archive.Search.
type SearchOptions struct {
	Filter Filter
	Sort   string // one of SearchSorts; "" is "relevance"
	Limit  int    // at most this many hits (< 0: all)
	Offset int
	// CountBudget bounds the count of matches: 0 counts them all (exact);
	// n > 0 stops counting past n, and the result says "more than n"; < 0
	// does not count (Total is 0).
	CountBudget int
	// Near asks search.Run for near matches after the matches of a query
	// of three to ten words that matches few documents: documents lacking
	// some of its words (OCR misreads words, texts abbreviate). They are
	// no matches: Total does not count them, and each Hit names the words
	// it lacks.
	Near bool
}

// SearchSorts are the orders of SearchOptions.Sort: by relevance (the
// documents bearing a symbol of the query first, then by score, ties by
// date then id, newest first), or by date.
var SearchSorts = []string{"relevance", "date", "-date"}

// SearchResult is a page of hits and the number of matches.
type SearchResult struct {
	Hits []Hit
	// Total is the number of documents that match, exact when TotalExact,
	// else a lower bound (counting stopped at the budget).
	Total      int64
	TotalExact bool
	// DF holds, when the hits were ranked by relevance, the rarity the
	// ranking read: the documents holding each word of the query, counted
	// up to a cap ("word*" for a prefix), out of Docs.
	DF   map[string]int64
	Docs int64
}

// Hit is one search result.
type Hit struct {
	Doc  *Document
	Rank float64 // lower is better; SymbolRank for a document bearing a queried symbol
	// Field is where the query matched best ("subject", "issuer",
	// "signer", "symbol", "body"), for the snippet; "" when unknown.
	Field string
	// Missing is, for a near match (SearchOptions.Near), the query words
	// the document lacks ("thue, noi"; "tieu thu dac biet (has ttdb)" for
	// words it abbreviates); "" for a match.
	Missing string
	// Forms are, for a near match, the misread or abbreviated forms the
	// document holds for the words it lacks (folded), for the snippet.
	Forms []string
}

// SymbolRank is the rank of a hit that bears a symbol of the query: before
// every full-text hit.
const SymbolRank = -1e9

// Contains reports whether list holds s.
func Contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// AllButBody is the default field set of listings: every field but the body.
func AllButBody() []string {
	var out []string
	for _, f := range Fields {
		if f.Name != "body" {
			out = append(out, f.Name)
		}
	}
	return out
}

// WordsInOrder is how an issuer or signer filter matches a name: the words
// of want stand in have in this order, whole, other words allowed between
// ("cuc thue ha noi" is in "cuc thue tp ha noi"). Both are folded words.
func WordsInOrder(have, want []string) bool {
	k := 0
	for _, w := range have {
		if k < len(want) && w == want[k] {
			k++
		}
	}
	return k == len(want)
}

// DuplicateWarning is the warning given to a record that shares symbol,
// issuer and date with record other, whose text differs.
func DuplicateWarning(other int64) Warning {
	return Warning{Field: "symbol", Message: PossibleDuplicate + " of #" + strconv.FormatInt(other, 10) + ": same symbol, issuer and date, different text"}
}

// Title is a document's name as its head prints it: the type name over the
// trích yếu ("HƯỚNG DẪN" over "Nghiệp vụ công tác đảng viên"). Search
// indexes and ranks it where it would the subject alone: analysts name a
// document by type and subject ("huong dan nghiep vu…", "ke hoach trien
// khai…"), and the type's words stand in the text only on that line, which
// no other field holds. A công văn prints no type name (its subject is the
// "V/v …" line: format-spec §2.7), so its title is its subject: "văn" of
// "Công văn" would otherwise stand in the subject of half an archive.
// TypeCongVan is the type of a letter, the one kind without a type name.
const TypeCongVan = "Công văn"

func Title(d *Document) string {
	switch {
	case d.Type == "" || d.Type == TypeCongVan:
		return d.Subject
	case d.Subject == "":
		return d.Type
	}
	return d.Type + " " + d.Subject
}

// ContainsPhrase is how a query term matches a field's folded words: want
// stands in have word for word (its last word a prefix when prefix is
// set). Both engines' rankings and the fake archive use it.
func ContainsPhrase(have, want []string, prefix bool) bool {
	if len(want) == 0 {
		return false
	}
	for i := 0; i+len(want) <= len(have); i++ {
		ok := true
		for k, w := range want {
			h := have[i+k]
			if h != w && !(prefix && k == len(want)-1 && strings.HasPrefix(h, w)) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}
