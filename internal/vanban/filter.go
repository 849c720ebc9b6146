package vanban

import "strings"

// Filter selects records (SPEC.md §4 filters). Empty fields do not filter.
// Text fields match accent- and case-insensitively.
type Filter struct {
	Issuer    string   // words of the issuer or its parent, in order ("binh duong")
	TypeNames []string // folded type names ("quyet dinh"); a record matches any
	TypeCode  string   // or this type code ("QĐ"), case-insensitive
	From      string   // ISO date, inclusive
	To        string   // ISO date, inclusive
	Signer    string   // words of the signer's name, title or authority
	Place     string   // start of the place name
	System    string   // party, state or mass_org
	Symbol    string   // the whole symbol, or its start
	Warnings  string   // "*": records with a warning; a field name: with a warning on it
	InForce   bool     // leave out records that an archived record replaces or repeals
	// Finding selects records with a format finding (vanban check): a
	// severity ("error", "warn", "info": that or worse) or a rule id.
	Finding string
}

// FindingMatches reports whether findings hold one f.Finding selects.
func (f Filter) FindingMatches(findings []Finding) bool {
	if r := SeverityRank(f.Finding); r > 0 {
		for _, x := range findings {
			if SeverityRank(x.Severity) >= r {
				return true
			}
		}
		return false
	}
	for _, x := range findings {
		if strings.EqualFold(x.Rule, f.Finding) {
			return true
		}
	}
	return false
}

// Empty reports whether f selects every record.
func (f Filter) Empty() bool {
	return f.Issuer == "" && len(f.TypeNames) == 0 && f.TypeCode == "" && f.From == "" && f.To == "" &&
		f.Signer == "" && f.Place == "" && f.System == "" && f.Symbol == "" && f.Warnings == "" && !f.InForce && f.Finding == ""
}
