package sqlite

import (
	"strings"

	"github.com/vanban/vanban/internal/vanban"
	"github.com/vanban/vanban/internal/vntext"
)

// MatchExpr renders a parsed query as an FTS5 MATCH expression over the
// folded columns of documents_fts. Every word reaches FTS5 as a quoted
// string of folded letters and digits, so no query can inject FTS5 syntax.
func MatchExpr(q *vanban.Query) string {
	m := groupsExpr(q.Groups)
	for _, t := range q.Exclude {
		m += " NOT " + ftsTerm(t)
	}
	return m
}

// groupsExpr renders groups that must all match (AND of ORs).
func groupsExpr(groups [][]vanban.Term) string {
	var parts []string
	for _, g := range groups {
		if len(g) == 1 {
			parts = append(parts, ftsTerm(g[0]))
			continue
		}
		alts := make([]string, len(g))
		for i, t := range g {
			alts[i] = ftsTerm(t)
		}
		parts = append(parts, "("+strings.Join(alts, " OR ")+")")
	}
	return strings.Join(parts, " AND ")
}

// ftsTerm renders a term as an FTS5 string, or a phrase of strings.
func ftsTerm(t vanban.Term) string {
	quoted := make([]string, len(t.Words))
	for i, w := range t.Words {
		quoted[i] = `"` + strings.ReplaceAll(w, `"`, `""`) + `"`
	}
	if t.Prefix && len(quoted) > 0 {
		quoted[len(quoted)-1] += "*" // FTS5: only the last word of a phrase takes *
	}
	if len(quoted) == 1 {
		return quoted[0]
	}
	return "(" + strings.Join(quoted, " + ") + ")" // a phrase: the words in order
}

// phrase renders the folded words of s as an FTS5 phrase (for the signer
// filter); "" when s has no word.
func phrase(s string) string {
	words := vntext.Words(vntext.Fold(s))
	if len(words) == 0 {
		return ""
	}
	return ftsTerm(vanban.Term{Words: words})
}
