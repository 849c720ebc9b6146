package cli

import (
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
		if got := visible(in, false); got != want {
			t.Errorf("visible(%q) = %q, want %q", in, got, want)
		}
	}
	if got := visible("a\nb", true); got != "a\nb" {
		t.Errorf("keepNewlines: %q", got)
	}
}

func TestFormulaSafe(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"x\")": "'=HYPERLINK(\"x\")", "+1": "'+1", "-2+3": "'-2+3", "@SUM(A1)": "'@SUM(A1)",
		"\tx": "'\tx", "\rx": "'\rx", "Quyết định": "Quyết định", "": "", "71-CV/TU": "71-CV/TU",
	} {
		if got := formulaSafe(in); got != want {
			t.Errorf("formulaSafe(%q) = %q, want %q", in, got, want)
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
