package vanban

import (
	"context"
	"regexp"
	"strconv"
	"strings"

	"github.com/vanban/vanban/internal/vntext"
)

// SymbolKey is the form symbols are matched in: folded (case and accents
// ignored), spaces dropped, dash variants as "-" ("Số 71 –CV/TU" and
// "71-cv/tu" have one key).
func SymbolKey(sym string) string {
	return vntext.Fold(strings.Join(strings.Fields(dashes.Replace(sym)), ""))
}

var dashes = strings.NewReplacer("–", "-", "—", "-")

// Link is a reference of one record to another, as the archive resolved
// it: From cites To (nil when the cited document is not archived, or the
// symbol names several and nothing tells which) as Ref says.
type Link struct {
	From *Document // the citing record (id, symbol, type, date, subject, issuer)
	Ref  Reference
	To   *Document // the cited record, or nil
	// Depth is how many links away from the record asked about (1: its
	// own references, or the records citing it directly).
	Depth int
}

// Relations are the links of one record: what it cites (Out, in the order
// of its references, then the next levels) and what cites it (In).
type Relations struct {
	Doc *Document
	Out []Link
	In  []Link
}

// MissingRef is a symbol cited in the archive that no record bears, with
// how many records cite it: what to collect next.
type MissingRef struct {
	Symbol  string `json:"symbol"`
	Type    string `json:"type"`
	CitedBy int64  `json:"cited_by"`
	// First is the lowest id of a record citing it.
	First int64 `json:"first"`
}

// Relater is the relations side of an archive (both engines and the fake
// implement it).
type Relater interface {
	// Relations returns the links of record id, following them depth
	// levels in each direction (depth ≥ 1).
	Relations(ctx context.Context, id int64, depth int) (*Relations, error)
	// Missing lists the cited symbols no record bears, most cited first,
	// at most limit (< 0: all).
	Missing(ctx context.Context, limit int) ([]MissingRef, error)
	// Ended returns the records an archived record replaces or repeals,
	// each with the first such record and how.
	Ended(ctx context.Context) (map[int64]EndedBy, error)
}

// EndedBy says which record ends another's force, and how.
type EndedBy struct {
	ID   int64
	Kind string // RefReplaces or RefRepeals
}

// InForce is the in_force cell of a record: "yes", or "replaced by #N" /
// "repealed by #N".
func InForce(ended map[int64]EndedBy, id int64) string {
	e, ok := ended[id]
	if !ok {
		return "yes"
	}
	verb := "replaced by"
	if e.Kind == RefRepeals {
		verb = "repealed by"
	}
	return verb + " #" + strconv.FormatInt(e.ID, 10)
}

// Ending reports whether a reference of this kind ends the cited
// document's force (it replaces or repeals it).
func Ending(kind string) bool { return kind == RefReplaces || kind == RefRepeals }

// reYearInSymbol: a symbol numbered within a year ("30/2020/NĐ-CP") names
// one document of one issuer.
var reYearInSymbol = regexp.MustCompile(`^[0-9a-z]+/(?:19|20)[0-9][0-9]/`)

// nationalCodes are issuer codes that only one body in the country uses:
// a symbol under them names one document. Provincial and district codes
// (UBND, HĐND, TU, HU, ĐU, S…) repeat in every province, so a bare
// "12/QĐ-UBND" needs more (its date, its issuer, or the citing record's
// own issuer) before it is linked.
var nationalCodes = map[string]bool{
	"tw": true, "vptw": true, "btctw": true, "btgtw": true, "bdvtw": true, "ubkttw": true, "bct": true, "bbt": true,
	"qh": true, "vpqh": true, "cp": true, "ttg": true, "vpcp": true, "bnv": true, "btc": true, "byt": true, "btp": true,
	"bca": true, "bqp": true, "bgddt": true, "bkhdt": true, "bxd": true, "btnmt": true, "bnnptnt": true, "bldtbxh": true,
	"bgtvt": true, "btttt": true, "bvhttdl": true, "bkhcn": true, "bng": true, "nhnn": true, "ttcp": true, "ktnn": true,
	"tandtc": true, "vksndtc": true, "tct": true, "tchq": true, "bhxh": true, "tldldvn": true, "twdtn": true,
	"hndtw": true, "ubtwmttqvn": true, "mttq": true, "bcd": true, "bdt": true,
}

// LinkMatches tells whether the reference ref of record citing may name
// record cited, which bears the reference's symbol (SymbolKey equal), and
// how sure that is: a date that differs rules it out; a date that agrees
// makes it sure; otherwise a symbol that names one document in the
// country (a year in it, a national issuer code, a code ending in TW), or
// the two records sharing their issuer (a province's UBND citing its own
// decision), makes it likely; else it is not linked (no false links: a
// bare "12/QĐ-UBND" exists in every province).
func LinkMatches(ref Reference, citing, cited *Document) (ok, sure bool) {
	if k := SymbolKey(cited.Symbol); k == "" || k[0] == '/' || k[0] == '-' {
		return false, false // a symbol whose number was not read names nothing
	}
	if ref.Date != "" && cited.Date != "" {
		if ref.Date != cited.Date {
			return false, false
		}
		return true, true
	}
	key := SymbolKey(cited.Symbol)
	code := vntext.Fold(cited.IssuerCode)
	if reYearInSymbol.MatchString(key) || nationalCodes[code] || strings.HasSuffix(code, "tw") {
		return true, false
	}
	if citing != nil {
		ci, cp := vntext.Fold(citing.Issuer), vntext.Fold(citing.ParentIssuer)
		di, dp := vntext.Fold(cited.Issuer), vntext.Fold(cited.ParentIssuer)
		if ci != "" && (ci == di || ci == dp || cp != "" && cp == di) {
			return true, false
		}
	}
	if ref.Issuer != "" && cited.Issuer != "" &&
		WordsInOrder(vntext.Words(vntext.Fold(cited.ParentIssuer+" "+cited.Issuer)), vntext.Words(vntext.Fold(ref.Issuer))) {
		return true, false
	}
	return false, false
}

// ChooseTarget picks the record a reference names among the records
// bearing its symbol (citing itself left out): the one LinkMatches is sure
// of, else the only one it accepts; none when several fit alike.
func ChooseTarget(ref Reference, citing *Document, cands []*Document) *Document {
	var sure, likely []*Document
	for _, c := range cands {
		if citing != nil && c.ID == citing.ID {
			continue
		}
		ok, s := LinkMatches(ref, citing, c)
		switch {
		case s:
			sure = append(sure, c)
		case ok:
			likely = append(likely, c)
		}
	}
	switch {
	case len(sure) == 1:
		return sure[0]
	case len(sure) == 0 && len(likely) == 1:
		return likely[0]
	}
	return nil
}
