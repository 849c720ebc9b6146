package sqlite

import (
	"testing"

	"github.com/vanban/vanban/internal/search"
)

// TestMatchExpr: queries of the language of SPEC.md §6, parsed by
// package search, as FTS5 expressions (moved from search.TestCompile).
func TestMatchExpr(t *testing.T) {
	tests := []struct{ q, want string }{
		{"dang uy", `"dang" AND "uy"`},
		{"Đảng ủy", `"dang" AND "uy"`},
		{"Đảng uỷ", `"dang" AND "uy"`},
		{"ĐẢNG ỦY", `"dang" AND "uy"`},
		{`"chống dịch" covid`, `("chong" + "dich") AND "covid"`},
		{"covid -tết", `"covid" NOT "tet"`},
		{"thuế OR phí", `("thue" OR "phi")`},
		{"thuế OR phí hải quan", `("thue" OR "phi") AND "hai" AND "quan"`},
		{"chuyển*", `"chuyen"*`},
		{"71-CV/TU", `("71" + "cv" + "tu")`},
		{`NOT AND NEAR ( ) : ^`, `"not" AND "and" AND "near"`},
		{`a"b`, ``},
	}
	for _, tt := range tests {
		q, err := search.Compile(tt.q)
		if tt.want == "" {
			if err == nil {
				t.Errorf("Compile(%q) = %q, want an error", tt.q, MatchExpr(q))
			}
			continue
		}
		if err != nil {
			t.Errorf("Compile(%q): %v", tt.q, err)
			continue
		}
		if m := MatchExpr(q); m != tt.want {
			t.Errorf("Compile(%q) = %s, want %s", tt.q, m, tt.want)
		}
	}
	q, _ := search.Compile("71-CV/TU covid")
	if len(q.Symbols) != 1 || q.Symbols[0] != "71-CV/TU" {
		t.Errorf("Symbols = %q", q.Symbols)
	}
}
