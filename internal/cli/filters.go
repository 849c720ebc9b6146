package cli

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/vanban/vanban/internal/check"
	"github.com/vanban/vanban/internal/parse"
	"github.com/vanban/vanban/internal/vanban"
	"github.com/vanban/vanban/internal/vntext"
)

// filterHelp is the FILTERS section of the help of the commands that take
// filterFlags.
const filterHelp = `
FILTERS
  --issuer, --signer: words in order, accents and case optional
  ("tinh uy binh duong" finds TỈNH ỦY BÌNH DƯƠNG); --type: a type name or
  code; --from/--to: YYYY, YYYY-MM, YYYY-MM-DD or DD/MM/YYYY (inclusive);
  --year; --place: the place name or its first words; --system
  party|state|mass_org; --symbol: the symbol or its start; --warnings: records
  the parser warned about (--warnings=FIELD: about that field); --in-force:
  leave out records an archived record replaces or repeals (vanban refs);
  --finding error|warn|info|RULE: records with a format finding of that
  severity or worse, or of that rule (vanban check). A value with no letter
  or digit is bad usage.`

// filterFlags are the filters of SPEC.md §4 shared by list, search, export
// and stats.
type filterFlags struct {
	issuer, typ, from, to, signer, place, system, symbol string
	year                                                 string
	warnings                                             string
	inForce                                              bool
	finding                                              string
	set                                                  *pflag.FlagSet
}

func (ff *filterFlags) add(cmd *cobra.Command) {
	f := cmd.Flags()
	ff.set = f
	f.StringVar(&ff.issuer, "issuer", "", "issuer (or parent) words, accents optional: \"tinh uy binh duong\"")
	f.StringVar(&ff.typ, "type", "", "type name or code: \"quyet dinh\", \"Công văn\", QĐ, CV")
	f.StringVar(&ff.from, "from", "", "from date (YYYY, YYYY-MM, YYYY-MM-DD or DD/MM/YYYY)")
	f.StringVar(&ff.to, "to", "", "to date, inclusive (same forms)")
	f.StringVar(&ff.year, "year", "", "year YYYY")
	f.StringVar(&ff.signer, "signer", "", "signer's name, title or authority words")
	f.StringVar(&ff.place, "place", "", "place (start of the name)")
	f.StringVar(&ff.system, "system", "", "party, state or mass_org")
	f.StringVar(&ff.symbol, "symbol", "", "symbol, or its start: 71-CV/TU, 71-CV")
	f.StringVar(&ff.warnings, "warnings", "", "records the parser warned about; --warnings=FIELD: about that field (records to review)")
	f.Lookup("warnings").NoOptDefVal = "*"
	f.BoolVar(&ff.inForce, "in-force", false, "leave out records that an archived record replaces or repeals")
	f.StringVar(&ff.finding, "finding", "", "records with a format finding (vanban check): a severity (error, warn, info: that or worse) or a rule id (ND30-SO-2)")
}

var (
	reYear  = regexp.MustCompile(`^\d{4}$`)
	reMonth = regexp.MustCompile(`^(\d{4})-(\d{1,2})$`)
	reISO   = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})$`)
	reVN    = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})/(\d{4})$`)
)

// dateRange turns a date as users write it into its first and last day.
func dateRange(flag, s string) (string, string, error) {
	s = strings.TrimSpace(s)
	bad := usageErrorf("--%s %q: not a date; use YYYY, YYYY-MM, YYYY-MM-DD or DD/MM/YYYY", flag, s)
	day := func(y, m, d int) (string, bool) {
		t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
		if y < 1000 || m < 1 || m > 12 || d < 1 || t.Day() != d {
			return "", false
		}
		return t.Format("2006-01-02"), true
	}
	atoi := func(x string) int { n, _ := strconv.Atoi(x); return n }
	switch {
	case reYear.MatchString(s):
		return s + "-01-01", s + "-12-31", nil
	case reMonth.MatchString(s):
		m := reMonth.FindStringSubmatch(s)
		y, mo := atoi(m[1]), atoi(m[2])
		first, ok := day(y, mo, 1)
		if !ok {
			return "", "", bad
		}
		last := time.Date(y, time.Month(mo)+1, 0, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
		return first, last, nil
	case reISO.MatchString(s):
		m := reISO.FindStringSubmatch(s)
		d, ok := day(atoi(m[1]), atoi(m[2]), atoi(m[3]))
		if !ok {
			return "", "", bad
		}
		return d, d, nil
	case reVN.MatchString(s):
		m := reVN.FindStringSubmatch(s)
		d, ok := day(atoi(m[3]), atoi(m[2]), atoi(m[1]))
		if !ok {
			return "", "", bad
		}
		return d, d, nil
	}
	return "", "", bad
}

// filter validates the flags into a vanban.Filter.
func (ff *filterFlags) filter() (vanban.Filter, error) {
	f := vanban.Filter{Issuer: ff.issuer, Signer: ff.signer, Place: ff.place, Symbol: ff.symbol, InForce: ff.inForce}
	// A value with no letter or digit would fold to nothing and match every
	// record ("list --signer . | xargs vanban rm" once emptied an archive):
	// it is a usage error, as is a filter given empty.
	for _, v := range []struct{ name, val string }{{"issuer", ff.issuer}, {"signer", ff.signer}, {"place", ff.place},
		{"symbol", ff.symbol}, {"type", ff.typ}, {"system", ff.system}, {"from", ff.from}, {"to", ff.to}, {"year", ff.year}} {
		given := v.val != "" || ff.set != nil && ff.set.Changed(v.name)
		if given && !hasAlnum(v.val) {
			return f, usageErrorf("--%s %q: the value has no letter or digit to match; give words, a code or a date", v.name, v.val)
		}
	}
	if ff.from != "" {
		from, _, err := dateRange("from", ff.from)
		if err != nil {
			return f, err
		}
		f.From = from
	}
	if ff.to != "" {
		_, to, err := dateRange("to", ff.to)
		if err != nil {
			return f, err
		}
		f.To = to
	}
	if ff.year != "" {
		n, err := strconv.Atoi(strings.TrimSpace(ff.year))
		if err != nil || n < 1000 || n > 9999 {
			return f, usageErrorf("--year %q: want a year such as 2021", ff.year)
		}
		y := fmt.Sprintf("%04d", n)
		if f.From == "" || f.From < y+"-01-01" {
			f.From = y + "-01-01"
		}
		if f.To == "" || f.To > y+"-12-31" {
			f.To = y + "-12-31"
		}
	}
	if ff.warnings != "" {
		if ff.warnings != "*" && !vanban.Contains(warningFields, ff.warnings) {
			return f, usageErrorf("--warnings=%s: want a field: %s", ff.warnings, strings.Join(warningFields, ", "))
		}
		f.Warnings = ff.warnings
	}
	if ff.finding != "" || ff.set != nil && ff.set.Changed("finding") {
		if vanban.SeverityRank(ff.finding) == 0 {
			if _, ok := check.RuleByID(ff.finding); !ok {
				return f, usageErrorf("--finding %q: want error, warn, info or a rule id of vanban check (ND30-SO-2); 'vanban check --help' lists where they are", ff.finding)
			}
		}
		f.Finding = ff.finding
	}
	switch ff.system {
	case "", vanban.SystemParty, vanban.SystemState, vanban.SystemMassOrg:
		f.System = ff.system
	default:
		return f, usageErrorf("--system %q: want party, state or mass_org", ff.system)
	}
	if t := strings.TrimSpace(ff.typ); t != "" {
		names, code := parse.TypeFilter(t)
		for _, n := range names {
			f.TypeNames = append(f.TypeNames, vntext.Fold(n))
		}
		f.TypeCode = code
	}
	return f, nil
}

// hasAlnum reports whether s holds a letter or a digit.
func hasAlnum(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// warningFields are the fields a warning can name (the record fields the
// parser fills, and encoding).
var warningFields = []string{"system", "motto", "parent_issuer", "issuer", "number", "symbol", "type_code",
	"issuer_code", "unit_code", "type", "place", "date", "subject", "recipients", "references", "distribution",
	"signer_authority", "signer_title", "signer_name", "urgency", "secrecy", "encoding"}
