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
const transformMinimum = 0.99

// TestCorpusTransforms scores the parser, field by field as eval-fields
// does, on every labelled document rewritten each way.
func TestCorpusTransforms(t *testing.T) {
	for _, tr := range corpusTransforms {
		t.Run(tr.name, func(t *testing.T) { scoreCorpus(t, tr.name, tr.text, tr.label, transformMinimum) })
	}
}

// corpusAugmentations damage the documents the way scans and conversions do
// without touching a labelled value: OCR confusions in the anchor words, the
// number cell moved under the place-date, the Quốc hiệu or Party title
// printed on the issuer's line (a row-wise header).
var corpusAugmentations = []struct {
	name string
	text func(string) string
}{
	{"ocr-anchors", strings.NewReplacer("Số:", "S6:", "Nơi nhận", "Noi nhận", "Kính gửi", "Kinh gủi", ", ngày ", ", ngay ").Replace},
	{"number-under-date", func(s string) string {
		l := strings.Split(s, "\n")
		for i := 0; i < len(l) && i < 30; i++ {
			if !strings.HasPrefix(strings.TrimSpace(l[i]), "Số") {
				continue
			}
			for j := i + 1; j < len(l) && j < i+4; j++ {
				if strings.Contains(l[j], ", ngày ") {
					l[i], l[j] = l[j], l[i]
					return strings.Join(l, "\n")
				}
			}
		}
		return s
	}},
	{"title-on-issuer-line", func(s string) string {
		l := strings.Split(s, "\n")
		first := -1
		for i := 0; i < len(l) && i < 30; i++ {
			t := strings.TrimSpace(l[i])
			if t == "" {
				continue
			}
			if first < 0 {
				if !isUpperText(t) || strings.Contains(t, "CỘNG") || strings.Contains(t, "ĐẢNG CỘNG") {
					return s
				}
				first = i
				continue
			}
			if t == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" || t == "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM" || t == "ĐẢNG CỘNG SẢN VIỆT NAM" {
				l[first] = strings.TrimRight(l[first], " ") + "          " + t
				l = append(l[:i], l[i+1:]...)
				return strings.Join(l, "\n")
			}
		}
		return s
	}},
}

// augmentationMinimum is transformMinimum for the augmentations.
const augmentationMinimum = 0.99

func TestCorpusAugmentations(t *testing.T) {
	for _, a := range corpusAugmentations {
		t.Run(a.name, func(t *testing.T) { scoreCorpus(t, a.name, a.text, nil, augmentationMinimum) })
	}
}

// scoreCorpus parses every labelled document rewritten by text (labels by
// label, nil to keep them) and fails when fewer than minimum of the
// labelled fields come out right. It logs the misses, the wrong fields that
// carry no warning naming them (silent errors) and the right fields that
// do.
func scoreCorpus(t *testing.T, name string, text func(string) string, label func(string) string, minimum float64) {
	files := corpusFiles(t)
	if more, _ := filepath.Glob("../../../shared/corpus/dev/q*.txt"); len(more) > 0 {
		files = append(files, more...)
	}
	right, total := 0, 0
	silent, warnedRight := 0, 0  // wrong fields without a warning; right fields with one
	rightValues, doubted := 0, 0 // right non-empty values; those with a warning
	var misses []string
	for _, f := range files {
		raw, err := os.ReadFile(strings.TrimSuffix(f, ".txt") + ".label.json")
		if err != nil {
			continue
		}
		var lab map[string]any
		if err := json.Unmarshal(raw, &lab); err != nil {
			t.Fatal(err)
		}
		src, _ := os.ReadFile(f)
		doc, err := Parse(f, []byte(text(strings.ReplaceAll(string(src), "\r\n", "\n"))), Options{})
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
			if label != nil && field != "type" && field != "system" {
				return label(s)
			}
			return s
		}
		for _, field := range append(append(append([]string{}, scalarFields...), listFields...), "references") {
			want, ok := lab[field]
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
				if warned[field] {
					warnedRight++
					if os.Getenv("VANBAN_WARNED") != "" {
						t.Logf("warned but right: %s %s %v", filepath.Base(f), field, doc.Warnings)
					}
				}
				if w != "" {
					rightValues++
					if warned[field] {
						doubted++
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
		name, right, total, share, silent, total-right, warnedRight, right, float64(warnedRight)/float64(max(right, 1)),
		doubted, rightValues, float64(doubted)/float64(max(rightValues, 1)), strings.Join(misses, ", "))
	if share < minimum {
		t.Errorf("%s: %.3f of labelled fields right, below the ratchet %.3f", name, share, minimum)
	}
}
