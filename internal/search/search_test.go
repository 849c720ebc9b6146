package search

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		q       string
		wantPos int
		want    string
	}{
		{`"chống dịch`, 0, "never closed"},
		{`covid "x`, 6, "never closed"},
		{`OR covid`, 0, "OR needs"},
		{`covid OR`, 6, "OR needs"},
		{`covid -`, 6, "nothing to exclude"},
		{`-covid`, 0, "only exclusions"},
		{``, 0, "empty query"},
		{`   `, 0, "empty query"},
		{`*`, 0, "* must follow"},
		{`co*vid`, 2, "may only end"},
		{`""`, 0, "empty phrase"},
	}
	for _, tt := range tests {
		_, err := Compile(tt.q)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("Compile(%q) err = %v, want a SyntaxError", tt.q, err)
			continue
		}
		if se.Pos != tt.wantPos || !strings.Contains(se.Msg, tt.want) {
			t.Errorf("Compile(%q) = pos %d %q, want pos %d %q", tt.q, se.Pos, se.Msg, tt.wantPos, tt.want)
		}
	}
}

// TestQueryNormalisedAndBounded: a query pasted with a zero-width space or
// a soft hyphen finds what the same words find (issue 14.25); a query
// longer than the limits is a syntax error at once, not minutes of work
// (14.13).
func TestQueryNormalisedAndBounded(t *testing.T) {
	a, err := Compile("phòng\u200b chống\u00ad dịch")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Compile("phòng chống dịch")
	if !reflect.DeepEqual(a.Groups, b.Groups) {
		t.Errorf("normalised query %v, want %v", a.Groups, b.Groups)
	}
	if _, err := Compile(strings.Repeat("thuế ", 30000)); err == nil || !strings.Contains(err.Error(), "longer than") {
		t.Errorf("100 KB query: %v", err)
	}
	if _, err := Compile(strings.Repeat("a ", 40)); err == nil || !strings.Contains(err.Error(), "more than 32 words") {
		t.Errorf("40 words: %v", err)
	}
	if _, err := Compile(strings.TrimSpace(strings.Repeat("a ", 32))); err != nil {
		t.Errorf("32 words: %v", err)
	}
}

// TestAbbreviations: the initials of three to six consecutive query words,
// as official texts abbreviate (UBND, GTGT, TTĐB folded to ttdb); numbers
// make none.
func TestAbbreviations(t *testing.T) {
	got := map[string][2]int{}
	for _, a := range abbreviations([]string{"thue", "tieu", "thu", "dac", "biet", "2016"}) {
		got[a.word] = [2]int{a.from, a.to}
	}
	want := map[string][2]int{"ttt": {0, 3}, "tttd": {0, 4}, "tttdb": {0, 5}, "ttd": {1, 4}, "ttdb": {1, 5}, "tdb": {2, 5}}
	if len(got) != len(want) {
		t.Errorf("abbreviations %v, want %v", got, want)
	}
	for w, r := range want {
		if got[w] != r {
			t.Errorf("%s: words %v, want %v", w, got[w], r)
		}
	}
	if a := abbreviations([]string{"uy", "ban"}); len(a) != 0 {
		t.Errorf("two words: %v, want none", a)
	}
}

// TestMisreadings: the forms OCR gives a word (one marked vowel printed as
// a digit or another glyph), seen in the scanned letters of the corpus:
// thu6 (thuế), chqm (chậm), nqp (nộp), lgc (lực), cpc (cục), h4nh (hạnh).
// No vowel becomes another vowel (nộp is not nap), a final vowel no
// consonant (chua is not chuc), numbers and short words have none.
func TestMisreadings(t *testing.T) {
	for w, want := range map[string][]string{"thue": {"thu6"}, "cham": {"chqm", "ch4m", "chdm"}, "nop": {"nqp", "n6p"}, "luc": {"lgc", "lyc"}, "cuc": {"cpc", "cyc"}, "hanh": {"h4nh"}} {
		got := misreadings(w)
		for _, m := range want {
			if !slices.Contains(got, m) {
				t.Errorf("%s: %v lacks %s", w, got, m)
			}
		}
	}
	for w, never := range map[string][]string{"nop": {"nap", "nop"}, "chua": {"chuc", "chup"}, "thue": {"thuo", "thua"}} {
		for _, m := range never {
			if slices.Contains(misreadings(w), m) {
				t.Errorf("%s: %v holds %s", w, misreadings(w), m)
			}
		}
	}
	for _, w := range []string{"2016", "ha", "ubnd3", strings.Repeat("a", 900), "doanhnghiep"} {
		if m := misreadings(w); len(m) != 0 {
			t.Errorf("%s: %v, want none", w, m)
		}
	}
}
