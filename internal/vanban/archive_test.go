package vanban

import "testing"

// TestTitle: the title is the type name over the subject, as the head
// prints it; a công văn prints no type name (format-spec §2.7).
func TestTitle(t *testing.T) {
	for _, c := range []struct {
		typ, subject, want string
	}{
		{"Hướng dẫn", "Nghiệp vụ công tác đảng viên", "Hướng dẫn Nghiệp vụ công tác đảng viên"},
		{"Quyết định", "", "Quyết định"},
		{"", "Về việc lưu trữ", "Về việc lưu trữ"},
		{TypeCongVan, "V/v giải đáp chính sách thuế", "V/v giải đáp chính sách thuế"},
	} {
		if got := Title(&Document{Type: c.typ, Subject: c.subject}); got != c.want {
			t.Errorf("Title(%q, %q) = %q, want %q", c.typ, c.subject, got, c.want)
		}
	}
}
