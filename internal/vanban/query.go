package vanban

// Query is a parsed search query (the language of SPEC.md §6), free of any
// engine's syntax: each storage engine compiles it to its own full-text
// expression. It is an AND of groups, each an OR of terms, without the
// excluded terms.
type Query struct {
	Groups  [][]Term // every group must match; a group matches when one of its terms does
	Exclude []Term   // no excluded term may match
	// Symbols are the document symbols in the query, normalised
	// ("71-CV/TU"): the documents bearing them come first.
	Symbols []string
	// Terms are the positive words and phrases as typed, Folded the same
	// folded (vntext.Fold): for ranking and snippets.
	Terms  []string
	Folded []string
}

// Term is one word or phrase of a query.
type Term struct {
	Words  []string // folded words (vntext.Words of vntext.Fold); more than one is a phrase
	Prefix bool     // the last word matches any word it starts
}
