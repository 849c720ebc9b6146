package vanban

// Span is where in a record's text a field was read. Lines count from 1;
// columns count characters (runes, not bytes) from 1, EndCol being the
// column just after the last character, as editors number them. A value
// read across lines (a wrapped subject) ends on EndLine. Item tells the
// element of a list field, from 1 (0 for a field that is no list).
//
// The text is the record's text as archived (what `show --text` prints),
// not the parser's cleaned lines: a span can be shown over the original
// with its Markdown, table pipes and line breaks.
type Span struct {
	Field   string `json:"field"`
	Item    int    `json:"item,omitempty"`
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	EndLine int    `json:"end_line"`
	EndCol  int    `json:"end_col"`
}

// SpanOf returns the span of field (its item-th element, from 1, for a list
// field; 0 otherwise) in spans.
func SpanOf(spans []Span, field string, item int) (Span, bool) {
	for _, s := range spans {
		if s.Field == field && s.Item == item {
			return s, true
		}
	}
	return Span{}, false
}

// Severities of a Finding, from the least to the most serious.
const (
	SevInfo  = "info"
	SevWarn  = "warn"
	SevError = "error"
)

// SeverityRank orders severities: info 1, warn 2, error 3 (0 for anything
// else).
func SeverityRank(s string) int {
	switch s {
	case SevInfo:
		return 1
	case SevWarn:
		return 2
	case SevError:
		return 3
	}
	return 0
}

// Finding is one place where a document deviates from a format rule of
// the rulebook that applied to it (vanban check).
type Finding struct {
	Rule     string `json:"rule"`     // rule id, e.g. ND30-SO-2
	Severity string `json:"severity"` // SevError, SevWarn or SevInfo
	Field    string `json:"field"`    // the record's field concerned ("" for the layout)
	Line     int    `json:"line"`     // where, as in Span (0: nowhere in particular)
	Col      int    `json:"col"`
	EndCol   int    `json:"end_col"`
	Found    string `json:"found"`    // what the text says
	Expected string `json:"expected"` // what the rule asks
	Rulebook string `json:"rulebook"` // e.g. NĐ 30/2020/NĐ-CP
	Article  string `json:"article"`  // where in the rulebook, e.g. Phụ lục I, Mục II §3.c
}
