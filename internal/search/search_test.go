package search

import (
	"errors"
	"reflect"
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
