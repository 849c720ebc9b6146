package check

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/vanban/vanban/internal/parse"
)

// FuzzCheck: whatever the input, parsing and checking it neither panics
// nor points outside the text: every span and every finding names a line
// of the text and columns within it.
func FuzzCheck(f *testing.F) {
	for _, dir := range []string{"testdata", "../../testdata/corpus"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
		for _, file := range files {
			if src, err := os.ReadFile(file); err == nil {
				f.Add(src)
			}
		}
	}
	f.Add([]byte("Số 5/QĐ-UBND   Hà Nội ngày 5 tháng 1 năm 2021\nQuyết định\nNơi nhận\n- Lưu VT\nK/T CHỦ TỊCH\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		d, text, err := parse.ParseWithText("fuzz", src, parse.Options{})
		if err != nil {
			return
		}
		r := Check(d, text)
		lines := strings.Split(text, "\n")
		width := func(n int) int { return utf8.RuneCountInString(strings.TrimSuffix(lines[n-1], "\r")) }
		for _, s := range d.Spans {
			if s.Line < 1 || s.EndLine < s.Line || s.EndLine > len(lines) || s.Col < 1 || s.Col > width(s.Line)+1 || s.EndCol < 1 || s.EndCol > width(s.EndLine)+1 {
				t.Fatalf("span outside the text: %+v", s)
			}
		}
		for _, x := range r.Findings {
			if x.Line < 0 || x.Line > len(lines) || x.Line > 0 && (x.Col < 0 || x.Col > width(x.Line)+1 || x.EndCol > width(x.Line)+1) {
				t.Fatalf("finding outside the text: %+v", x)
			}
			if x.Rule == "" || x.Severity == "" {
				t.Fatalf("finding without rule or severity: %+v", x)
			}
		}
	})
}
