package parse

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/vanban/vanban/internal/vanban"
	"github.com/vanban/vanban/internal/vntext"
)

// spanText is the text a span covers, its lines joined by a newline.
func spanText(t *testing.T, lines []string, s vanban.Span) string {
	t.Helper()
	if s.Line < 1 || s.EndLine < s.Line || s.EndLine > len(lines) || s.Col < 1 || s.EndCol < 1 {
		t.Fatalf("span out of the text: %+v", s)
	}
	col := func(l string, c int) int { // byte offset of column c
		off := 0
		for i := 1; i < c; i++ {
			if off >= len(l) {
				t.Fatalf("column %d past the line %q (span %+v)", c, l, s)
			}
			_, n := utf8.DecodeRuneInString(l[off:])
			off += n
		}
		return off
	}
	if s.Line == s.EndLine {
		l := lines[s.Line-1]
		return l[col(l, s.Col):col(l, s.EndCol)]
	}
	var b strings.Builder
	first := lines[s.Line-1]
	b.WriteString(first[col(first, s.Col):])
	for k := s.Line; k < s.EndLine-1; k++ {
		b.WriteString("\n" + lines[k])
	}
	last := lines[s.EndLine-1]
	b.WriteString("\n" + last[:col(last, s.EndCol)])
	return b.String()
}

func foldWords(s string) []string {
	return strings.FieldsFunc(vntext.Fold(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// isSubsequence: want's words appear in got in order (got may hold the
// other column's words between lines).
func isSubsequence(want, got []string) bool {
	i := 0
	for _, g := range got {
		if i < len(want) && g == want[i] {
			i++
		}
	}
	return i == len(want)
}

// fieldValue is the value of a span's field (its item for a list).
func fieldValue(d *vanban.Document, s vanban.Span) string {
	f, ok := vanban.FieldByName(s.Field)
	if !ok {
		return "\x00unknown field"
	}
	switch v := f.Get(d).(type) {
	case string:
		return v
	case []string:
		if s.Item >= 1 && s.Item <= len(v) {
			return v[s.Item-1]
		}
	case []vanban.Reference:
		if s.Item >= 1 && s.Item <= len(v) {
			return v[s.Item-1].Symbol
		}
	}
	return "\x00no such item"
}

// TestSpans checks every span of every corpus document against the text:
// the words it covers are the field's (in order; the date's run from the
// day to the year), it starts and ends on a word, and the fields that the
// checks and the web view lean on have spans in nearly every document.
func TestSpans(t *testing.T) {
	// The corpus copies here, and the dev corpus in place when it is
	// there (../shared beside the repository): each document once.
	files := corpusFiles(t)
	if dev, _ := filepath.Glob("../../../shared/corpus/dev/*.txt"); len(dev) > 0 {
		for _, f := range dev {
			if _, err := os.Stat(filepath.Join(corpusDir, filepath.Base(f))); err != nil {
				files = append(files, f)
			}
		}
	}
	have, spanned := map[string]int{}, map[string]int{}
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		d, text, err := ParseWithText(file, src, Options{})
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(text, "\n")
		seen := map[[2]any]bool{}
		for _, s := range d.Spans {
			key := [2]any{s.Field, s.Item}
			if seen[key] {
				t.Errorf("%s: two spans for %s item %d", file, s.Field, s.Item)
			}
			seen[key] = true
			got := spanText(t, lines, s)
			gw := foldWords(got)
			if s.Field == "date" {
				if len(gw) == 0 || gw[len(gw)-1] != d.Date[:4] {
					t.Errorf("%s: date span %q does not end with the year of %s", file, got, d.Date)
				}
				continue
			}
			want := foldWords(fieldValue(d, s))
			if !isSubsequence(want, gw) || len(gw) == 0 || gw[0] != want[0] || gw[len(gw)-1] != want[len(want)-1] {
				t.Errorf("%s: %s span %d:%d-%d:%d covers %q, the value is %q", file, s.Field, s.Line, s.Col, s.EndLine, s.EndCol, got, fieldValue(d, s))
			}
		}
		for _, name := range []string{"motto", "issuer", "symbol", "number", "place", "date", "subject", "signer_title", "signer_name"} {
			f, _ := vanban.FieldByName(name)
			if f.String(d) == "" {
				continue
			}
			have[name]++
			if seen[[2]any{name, 0}] {
				spanned[name]++
			} else if testing.Verbose() {
				t.Logf("%s: no span for %s %q", filepath.Base(file), name, f.String(d))
			}
		}
		for _, name := range []string{"distribution", "signer_authority", "recipients", "references"} {
			f, _ := vanban.FieldByName(name)
			n := 0
			switch v := f.Get(d).(type) {
			case []string:
				n = len(v)
			case []vanban.Reference:
				n = len(v)
			}
			for i := 1; i <= n; i++ {
				have[name]++
				if seen[[2]any{name, i}] {
					spanned[name]++
				} else if testing.Verbose() {
					t.Logf("%s: no span for %s item %d %q", filepath.Base(file), name, i, fieldValue(d, vanban.Span{Field: name, Item: i}))
				}
			}
		}
	}
	names := make([]string, 0, len(have))
	for n := range have {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		share := float64(spanned[n]) / float64(have[n])
		t.Logf("%-17s %4d of %4d values have a span (%.3f)", n, spanned[n], have[n], share)
		if share < 0.9 {
			t.Errorf("%s: only %d of %d values have a span", n, spanned[n], have[n])
		}
	}
}
