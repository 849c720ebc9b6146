package search

import (
	"strings"
	"testing"

	"github.com/vanban/vanban/internal/vanban"
)

func snip(t *testing.T, query string, d *vanban.Document, field string) string {
	t.Helper()
	q, err := Compile(query)
	if err != nil {
		t.Fatal(err)
	}
	return SnippetFor(vanban.Hit{Doc: d, Field: field}, q, false)
}

// TestSnippetWholeWords: a word is marked only where it stands whole; a
// prefix query marks the words it starts; accents and tone placement do not
// matter.
func TestSnippetWholeWords(t *testing.T) {
	d := &vanban.Document{Body: "Triển khai thực hiện; trí tuệ nhân tạo và tri thức. Hòa Bình, hoà giải."}
	got := snip(t, "tri", d, "")
	if strings.Contains(got, "«Tri»ển") || !strings.Contains(got, "«trí»") || !strings.Contains(got, "«tri»") {
		t.Errorf("tri: %s", got)
	}
	got = snip(t, "tri*", d, "")
	if !strings.Contains(got, "«Triển»") || !strings.Contains(got, "«trí»") || !strings.Contains(got, "«tri»") {
		t.Errorf("tri*: %s", got)
	}
	got = snip(t, "hoà", d, "")
	if !strings.Contains(got, "«Hòa»") || !strings.Contains(got, "«hoà»") {
		t.Errorf("hoà must mark hòa and hoà alike: %s", got)
	}
	got = snip(t, `"tri thuc"`, d, "")
	if !strings.Contains(got, "«tri thức»") {
		t.Errorf("phrase: %s", got)
	}
}

// TestSnippetDensestCluster: the snippet shows where the query's words
// stand together, not the first lone occurrence; and the field the hit
// matched in.
func TestSnippetDensestCluster(t *testing.T) {
	body := "Thuế được nhắc ở đây. " + strings.Repeat("Nội dung không liên quan gì cả. ", 20) +
		"Hướng dẫn chính sách thuế giá trị gia tăng đối với hàng xuất khẩu."
	d := &vanban.Document{Subject: "Về chính sách thuế giá trị gia tăng", Body: body}
	got := snip(t, "thue gia tri gia tang", d, "")
	if !strings.Contains(got, "«thuế» «giá» «trị» «gia» «tăng»") {
		t.Errorf("densest cluster not shown: %s", got)
	}
	got = snip(t, "thue gia tri gia tang", d, "subject")
	if !strings.HasPrefix(got, "Về chính sách «thuế»") {
		t.Errorf("a subject hit shows the subject: %s", got)
	}
	d = &vanban.Document{Symbol: "71-CV/TU", Body: "Thực hiện Công văn số 71-CV/TU của Tỉnh ủy."}
	if got := snip(t, "71-CV/TU", d, "symbol"); got != "«71-CV/TU»" {
		t.Errorf("symbol hit: %s", got)
	}
}
