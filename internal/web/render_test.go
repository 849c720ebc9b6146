package web

import (
	"strings"
	"testing"

	"github.com/vanban/vanban/internal/vanban"
)

// TestHighlight: a field over two lines of a two-column header marks its
// cell on each line, not the other column; a finding inside a field's span
// is one mark with both classes; text is escaped.
func TestHighlight(t *testing.T) {
	text := "ỦY BAN NHÂN DÂN          CỘNG HÒA XÃ HỘI\n   TỈNH <B>          Độc lập\nSố: 5/QĐ-UBND"
	spans := []vanban.Span{
		{Field: "issuer", Line: 1, Col: 1, EndLine: 2, EndCol: 12},
		{Field: "motto", Line: 1, Col: 26, EndLine: 1, EndCol: 41},
		{Field: "symbol", Line: 3, Col: 5, EndLine: 3, EndCol: 14},
		{Field: "number", Line: 3, Col: 5, EndLine: 3, EndCol: 6},
	}
	findings := []vanban.Finding{{Rule: "ND30-SO-2", Line: 3, Col: 5, EndCol: 6, Found: "5"}}
	got := string(highlight(text, spans, findings))
	for _, want := range []string{
		`<mark class="f f-issuer" title="issuer">ỦY BAN NHÂN DÂN</mark>          <mark class="f f-motto" title="motto">CỘNG HÒA XÃ HỘI</mark>`,
		`   <mark class="f f-issuer" title="issuer">TỈNH &lt;B&gt;</mark>          Độc lập`,
		`Số: <mark class="f f-symbol x" title="symbol; ND30-SO-2: 5">5</mark><mark class="f f-symbol" title="symbol">/QĐ-UBND</mark>`,
		`<span id="L3" class="has-x">`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("highlight lacks\n%s\nin\n%s", want, got)
		}
	}
	if strings.Contains(got, "<B>") || strings.Contains(got, "f-number") {
		t.Errorf("unescaped text or a sub-field mark:\n%s", got)
	}
}
