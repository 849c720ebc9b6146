package archive

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestExpand(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"b/2.txt", "b/1.TXT", "b/skip.doc", "b/c/3.md", "a.txt", "z.text"} {
		p := filepath.Join(dir, f)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte("x"), 0o644)
	}
	in := expand([]string{
		filepath.Join(dir, "b"),
		filepath.Join(dir, "*.txt"),
		filepath.Join(dir, "z.text"), // named files are read whatever their extension
		filepath.Join(dir, "missing.txt"),
		filepath.Join(dir, "nomatch-*.txt"),
		"-",
	}, []string{".txt", ".md"})
	var got []string
	for i, x := range in {
		if x.seq != i {
			t.Errorf("input %d has seq %d", i, x.seq)
		}
		s := strings.TrimPrefix(x.path, dir+"/")
		if x.err != nil {
			s += " ! " + x.err.Error()
		}
		got = append(got, s)
	}
	want := []string{"b/1.TXT", "b/2.txt", "b/c/3.md", "a.txt", "z.text",
		"missing.txt ! no such file or directory", "nomatch-*.txt ! no file matches this pattern", "-"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("expand =\n%q\nwant\n%q", got, want)
	}
}

// expand lists the inputs of paths (Run walks as it goes).
func expand(paths []string, exts []string) []input {
	var out []input
	expandTo(paths, exts, func(in input) bool {
		in.seq = len(out)
		out = append(out, in)
		return true
	})
	return out
}
