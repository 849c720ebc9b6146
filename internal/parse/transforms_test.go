package parse

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// The ways archives hold the same documents (tools/eval-fields
// --transform): typed without diacritics, Word's blank line after every
// line, the header typed in an upper-case font. Each rewrites the corpus
// documents and, where the printed values change, their labels.
var corpusTransforms = []struct {
	name  string
	text  func(string) string
	label func(string) string // nil: labels unchanged
}{
	{"none", func(s string) string { return s }, nil},
	{"strip-diacritics", stripMarks, stripMarks},
	{"blank-lines", func(s string) string { return strings.Join(strings.Split(s, "\n"), "\n\n") }, nil},
	{"upper-header", func(s string) string {
		l := strings.Split(s, "\n")
		for i := 0; i < len(l) && i < 12; i++ {
			l[i] = strings.ToUpper(l[i])
		}
		return strings.Join(l, "\n")
	}, nil},
}

// stripMarks removes Vietnamese marks as a keyboard without them types:
// đ→d, ơ→o, ấ→a.
func stripMarks(s string) string {
	d := norm.NFD.String(s)
	var b strings.Builder
	for _, r := range d {
		switch {
		case r >= 0x300 && r <= 0x36F:
			continue
		case r == 'đ':
			r = 'd'
		case r == 'Đ':
			r = 'D'
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}

// transformMinimum is the share of labelled fields that must come out right
// under each transform, over the labelled documents of testdata/corpus and,
// when it is beside the checkout, ../shared/corpus/dev. A ratchet: raise it
// with the parser, never lower it to let a change in.
const transformMinimum = 0.985

// TestCorpusTransforms scores the parser, field by field as eval-fields
// does, on every labelled document rewritten each way.
func TestCorpusTransforms(t *testing.T) {
	files := corpusFiles(t)
	if more, _ := filepath.Glob("../../../shared/corpus/dev/q*.txt"); len(more) > 0 {
		files = append(files, more...)
	}
	for _, tr := range corpusTransforms {
		t.Run(tr.name, func(t *testing.T) {
			right, total := 0, 0
			silent, warnedRight := 0, 0  // wrong fields without a warning; right fields with one
			rightValues, doubted := 0, 0 // right non-empty values; those with a warning
			var misses []string
			for _, f := range files {
				raw, err := os.ReadFile(strings.TrimSuffix(f, ".txt") + ".label.json")
				if err != nil {
					continue
				}
				var label map[string]any
				if err := json.Unmarshal(raw, &label); err != nil {
					t.Fatal(err)
				}
				src, _ := os.ReadFile(f)
				text := tr.text(strings.ReplaceAll(string(src), "\r\n", "\n"))
				doc, err := Parse(f, []byte(text), Options{})
				if err != nil {
					t.Errorf("%s: %v", filepath.Base(f), err)
					continue
				}
				var got map[string]any
				_ = json.Unmarshal(marshal(t, doc), &got)
				warned := map[string]bool{}
				for _, w := range doc.Warnings {
					warned[w.Field] = true
				}
				fix := func(field, s string) string {
					if tr.label != nil && field != "type" && field != "system" {
						return tr.label(s)
					}
					return s
				}
				for _, field := range append(append(append([]string{}, scalarFields...), listFields...), "references") {
					want, ok := label[field]
					if !ok || want == nil {
						continue
					}
					if _, skip := labelExceptions[filepath.Base(f)+" "+field]; skip {
						continue
					}
					total++
					var g, w string
					if ws, ok := want.(string); ok {
						gs, _ := got[field].(string)
						g, w = normLabel(gs, codeFields[field]), normLabel(fix(field, ws), codeFields[field])
					} else {
						g = strings.Join(sortedCopy(asList(got[field], field)), "|")
						wl := asList(want, field)
						for i := range wl {
							wl[i] = normLabel(fix(field, wl[i]), field == "references")
						}
						w = strings.Join(sortedCopy(wl), "|")
					}
					if g == w {
						right++
						if w != "" {
							rightValues++
							if warned[field] {
								doubted++
							}
						}
						if warned[field] {
							warnedRight++
							if os.Getenv("VANBAN_WARNED") != "" {
								t.Logf("warned but right: %s %s %v", filepath.Base(f), field, doc.Warnings)
							}
						}
					} else {
						misses = append(misses, filepath.Base(f)+" "+field)
						if !warned[field] {
							silent++
						}
					}
				}
			}
			share := float64(right) / float64(max(total, 1))
			t.Logf("%s: %d of %d labelled fields right (%.3f); wrong without a warning %d of %d; right with a warning %d of %d (%.3f), of them values %d of %d (%.3f); misses: %s",
				tr.name, right, total, share, silent, total-right, warnedRight, right, float64(warnedRight)/float64(max(right, 1)),
				doubted, rightValues, float64(doubted)/float64(max(rightValues, 1)), strings.Join(misses, ", "))
			if share < transformMinimum {
				t.Errorf("%s: %.3f of labelled fields right, below the ratchet %.3f", tr.name, share, transformMinimum)
			}
		})
	}
}
