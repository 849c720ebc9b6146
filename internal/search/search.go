// Package search parses the query language of SPEC.md §6 into a
// vanban.Query (each storage engine compiles that to its own full-text
// expression), re-ranks hits for exact accents and makes snippets.
//
// # Language
//
//	word          documents containing the word (accents and case ignored)
//	w1 w2         both words (AND)
//	"a phrase"    the words in this order
//	-word         documents without the word (also -"a phrase")
//	w1 OR w2      either word (OR binds tighter than the implicit AND)
//	word*         words starting with "word"
//	71-CV/TU      a symbol: the document that bears it and those that cite it
//
// A query holds folded words only, never engine syntax, so no input can
// inject any; what cannot be compiled is a *SyntaxError with the position of the
// problem (a usage error, exit 2).
package search

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/vanban/vanban/internal/vanban"
	"github.com/vanban/vanban/internal/vntext"
)

// SyntaxError is a query that cannot be compiled.
type SyntaxError struct {
	Query string
	Pos   int // byte offset of the problem
	Msg   string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("query %q, at character %d: %s", e.Query, len([]rune(e.Query[:e.Pos]))+1, e.Msg)
}

// Query is a parsed query.
type Query = vanban.Query

type token struct {
	kind   int // tWord, tPhrase, tOr, tSymbol
	text   string
	neg    bool
	prefix bool
	pos    int
}

const (
	tWord = iota
	tPhrase
	tOr
	tSymbol
)

var reSymbol = regexp.MustCompile(`^\d+[A-Za-z]?(?:/\d{4})?(?:[-/][\p{L}\d&]+)+$`)

// Limits on a query: a query is typed, not a document, and ranking and
// snippets cost grows with its words.
const (
	MaxQueryBytes = 1000
	MaxQueryWords = 32
)

// Compile compiles q. The query is normalised as indexed text is (NFC,
// zero-width characters and soft hyphens removed, Ð for Đ), so that what
// was pasted from a document finds it.
func Compile(q string) (*Query, error) {
	if len(q) > MaxQueryBytes {
		return nil, &SyntaxError{q[:MaxQueryBytes], MaxQueryBytes, fmt.Sprintf("the query is longer than %d bytes: search for its most telling words", MaxQueryBytes)}
	}
	q = vntext.Normalize(q)
	toks, err := lex(q)
	if err != nil {
		return nil, err
	}
	if len(toks) == 0 {
		return nil, &SyntaxError{q, 0, "empty query: give at least one word"}
	}
	if len(toks) > MaxQueryWords {
		return nil, &SyntaxError{q, toks[MaxQueryWords].pos, fmt.Sprintf("more than %d words, phrases and ORs: search for the most telling ones", MaxQueryWords)}
	}
	out := &Query{}

	pendingOr := false
	for i, t := range toks {
		if t.kind == tOr {
			if i == 0 || i == len(toks)-1 || toks[i-1].kind == tOr || toks[i-1].neg || toks[i+1].neg {
				return nil, &SyntaxError{q, t.pos, "OR needs a word on each side (and cannot join an excluded -word)"}
			}
			pendingOr = true
			continue
		}
		term, ok := termOf(t)
		if !ok {
			if t.neg {
				return nil, &SyntaxError{q, t.pos, "nothing to exclude after -"}
			}
			continue // punctuation only: nothing to search
		}
		if t.neg {
			out.Exclude = append(out.Exclude, term)
			continue
		}
		if t.kind == tSymbol {
			out.Symbols = append(out.Symbols, normSymbol(t.text))
		}
		out.Terms = append(out.Terms, t.text)
		out.Folded = append(out.Folded, vntext.Fold(t.text))
		if pendingOr && len(out.Groups) > 0 {
			out.Groups[len(out.Groups)-1] = append(out.Groups[len(out.Groups)-1], term)
		} else {
			out.Groups = append(out.Groups, []vanban.Term{term})
		}
		pendingOr = false
	}
	if len(out.Groups) == 0 {
		if len(out.Exclude) > 0 {
			return nil, &SyntaxError{q, 0, "only exclusions: say what to look for too"}
		}
		return nil, &SyntaxError{q, 0, "no word to search for"}
	}
	return out, nil
}

// termOf reads a token's folded words (false when it has none).
func termOf(t token) (vanban.Term, bool) {
	words := tokenize(vntext.Fold(t.text))
	if len(words) == 0 {
		return vanban.Term{}, false
	}
	return vanban.Term{Words: words, Prefix: t.prefix}, true
}

func tokenize(s string) []string { return vntext.Words(s) }

func lex(q string) ([]token, error) {
	var toks []token
	i := 0
	for i < len(q) {
		c := q[i]
		if c == ' ' || c == '\t' || c == '\n' {
			i++
			continue
		}
		start := i
		neg := false
		if c == '-' {
			neg = true
			i++
			if i >= len(q) || q[i] == ' ' {
				return nil, &SyntaxError{q, start, "nothing to exclude after -"}
			}
		}
		if i < len(q) && q[i] == '"' {
			end := strings.IndexByte(q[i+1:], '"')
			if end < 0 {
				return nil, &SyntaxError{q, i, "this quote is never closed"}
			}
			text := q[i+1 : i+1+end]
			i += end + 2
			prefix := false
			if i < len(q) && q[i] == '*' {
				prefix = true
				i++
			}
			if strings.TrimSpace(text) == "" {
				return nil, &SyntaxError{q, start, "empty phrase"}
			}
			toks = append(toks, token{kind: tPhrase, text: text, neg: neg, prefix: prefix, pos: start})
			continue
		}
		j := i
		for j < len(q) && q[j] != ' ' && q[j] != '\t' && q[j] != '\n' && q[j] != '"' {
			j++
		}
		w := q[i:j]
		i = j
		if w == "OR" && !neg {
			toks = append(toks, token{kind: tOr, pos: start})
			continue
		}
		t := token{kind: tWord, text: w, neg: neg, pos: start}
		if strings.HasSuffix(w, "*") {
			t.prefix = true
			t.text = strings.TrimRight(w, "*")
			if t.text == "" {
				return nil, &SyntaxError{q, start, "* must follow the start of a word"}
			}
		}
		if strings.ContainsAny(t.text, "*") {
			return nil, &SyntaxError{q, start + strings.IndexByte(w, '*'), "* may only end a word"}
		}
		if reSymbol.MatchString(normSymbol(t.text)) && strings.ContainsAny(t.text, "/") {
			t.kind = tSymbol
		}
		toks = append(toks, t)
	}
	return toks, nil
}

var dashReplacer = strings.NewReplacer("–", "-", "—", "-", " ", "")

func normSymbol(s string) string { return dashReplacer.Replace(s) }
