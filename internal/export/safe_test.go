package export

import (
	"strings"
	"testing"

	"github.com/vanban/vanban/internal/search"
)

func TestVisible(t *testing.T) {
	for in, want := range map[string]string{
		"plain Tiếng Việt":   "plain Tiếng Việt",
		"a\x1b[31mred":       `a\x1b[31mred`,
		"title\x1b]0;x\x07":  `title\x1b]0;x\x07`,
		"c1 \u009b2J":        `c1 \u009b2J`,
		"bidi \u202egpj.exe": `bidi \u202egpj.exe`,
		"iso \u2066x\u2069":  `iso \u2066x\u2069`,
		"del\x7f":            `del\x7f`,
		"bad \xff byte":      `bad \xff byte`,
		"line\nbreak\ttab":   `line\x0abreak` + "\ttab",
		"Đảng – “ngoặc” …":   "Đảng – “ngoặc” …",
	} {
		if got := Visible(in, false); got != want {
			t.Errorf("Visible(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Visible("a\nb", true); got != "a\nb" {
		t.Errorf("keepNewlines: %q", got)
	}
}

func TestFormulaSafe(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"x\")": "'=HYPERLINK(\"x\")", "+1": "'+1", "-2+3": "'-2+3", "@SUM(A1)": "'@SUM(A1)",
		"\tx": "'\tx", "\rx": "'\rx", "Quyết định": "Quyết định", "": "", "71-CV/TU": "71-CV/TU",
	} {
		if got := FormulaSafe(in); got != want {
			t.Errorf("FormulaSafe(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMdValue(t *testing.T) {
	if got := mdValue("<script>alert(1)</script> a | b\nc & d"); got != "&lt;script&gt;alert(1)&lt;/script&gt; a \\| b<br>c &amp; d" {
		t.Errorf("mdValue = %q", got)
	}
}

func TestBoldMarks(t *testing.T) {
	in := "a " + search.MarkOpen + "phòng" + search.MarkClose + " b " + search.MarkOpen + "chố…"
	want := "a \x1b[1mphòng\x1b[0m b \x1b[1mchố…\x1b[0m"
	if got := boldMarks(in); got != want {
		t.Errorf("boldMarks = %q, want %q", got, want)
	}
}

// TestFitTable: at 80 columns a list's rows fit, ids and symbols whole, the
// long columns cut with "…" (issue 14.27).
func TestFitTable(t *testing.T) {
	header := []string{"id", "date", "symbol", "type", "issuer", "subject"}
	rows := [][]string{
		{"1834", "2026-05-05", "1670/NQ-UBTVQH15", "Quyết định", "ỦY BAN THƯỜNG VỤ QUỐC HỘI", "Sắp xếp các đơn vị hành chính cấp xã của tỉnh Lai Châu năm 2025"},
		{"7", "", "/CT-TTHT", "Công văn", "CỤC THUẾ", "ngắn"},
	}
	fitTable(header, rows, 80)
	for _, r := range rows {
		total := 1 + 3*len(r)
		for _, c := range r {
			total += displayWidth(c)
		}
		if total > 80 {
			t.Errorf("row %q is %d columns wide", r, total)
		}
	}
	if rows[0][0] != "1834" || rows[0][2] != "1670/NQ-UBTVQH15" || !strings.HasSuffix(rows[0][5], "…") || rows[1][5] != "ngắn" {
		t.Errorf("fitted rows %q", rows)
	}
	before := [][]string{{"1", "x"}}
	fitTable([]string{"id", "subject"}, before, 0)
	if before[0][1] != "x" {
		t.Error("no terminal width: cells changed")
	}
}
