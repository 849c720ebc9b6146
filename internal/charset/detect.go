package charset

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/vanban/vanban/internal/vntext"

	"golang.org/x/text/encoding/charmap"
)

// legacyCandidates are the single- and double-byte encodings tried on bytes
// that are not UTF-8, in order of preference when two read equally well.
var legacyCandidates = func() []string {
	out := []string{TCVN3, VNI}
	for _, te := range tableEncodings {
		out = append(out, te.name)
	}
	return append(out, Windows1258, VN1)
}()

// detectSample caps the bytes scored to choose a file's encoding.
const detectSample = 64 << 10

// decodeLegacyAs decodes src in one legacy encoding, without normalisation.
// joined counts VNI letters split across lines and joined again.
func decodeLegacyAs(src []byte, enc string) (text string, joined int) {
	loadTables()
	switch enc {
	case TCVN3:
		return decodeSingle(src, &tcvn3Table), 0
	case VN1:
		return decodeSingle(src, &vn1Table), 0
	case VNI:
		return decodeVNI(src)
	}
	if te := tableEncodingNamed(enc); te != nil {
		return decodeSingle(src, &te.dec), 0
	}
	return decode1258(src), 0
}

type candScore struct {
	enc       string
	good, bad int
}

func (c candScore) net() int {
	if c.enc == VN1 {
		// VN1 reads the same bytes as TCVN3 but 0x80-0x9F and a few C0
		// codes, which ABC (TCVN3) files use for Windows-1252 symbols (an
		// em dash becomes Ộ). VN1 files are rare, written by iconv; TCVN3 is
		// what Vietnamese offices typed. VN1 must read clearly better: its
		// capitals in every header make the difference large when it is VN1.
		return c.good - c.bad - vn1Handicap
	}
	return c.good - c.bad
}

// vn1Handicap is how many more Vietnamese syllables VN1 must read than the
// other readings to be chosen.
const vn1Handicap = 3

// rank scores every legacy reading of src, best first. It reads src about
// half a kilobyte at a time (cut after a space or line end, so that no
// letter is split) and stops as soon as one reading leads clearly: most
// files decide in their first lines.
func rank(src []byte) []candScore {
	out := make([]candScore, len(legacyCandidates))
	for k, enc := range legacyCandidates {
		out[k].enc = enc
	}
	for len(src) > 0 {
		n := min(len(src), 512)
		if i := bytes.IndexAny(src[n:], " \n"); i >= 0 {
			n += i + 1
		} else {
			n = len(src)
		}
		chunk := src[:n]
		src = src[n:]
		for k := range out {
			t, _ := decodeLegacyAs(chunk, out[k].enc)
			g, b := score(vntext.Normalize(t))
			if out[k].enc == TCVN3 {
				// VN3 has no capital with a tone mark: the VN1 capitals that
				// the table still reads are evidence of another encoding.
				for _, c := range chunk {
					if c >= 0x80 && tonedCapital(tcvn3Table[c]) {
						b++
					}
				}
			}
			out[k].good += g
			out[k].bad += b
		}
		sorted := sortedScores(out)
		if lead := sorted[0].net() - sorted[1].net(); lead >= 20 && sorted[0].good >= 4*sorted[0].bad {
			break
		}
	}
	return sortedScores(out)
}

func sortedScores(in []candScore) []candScore {
	out := append([]candScore(nil), in...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].net() > out[j].net() })
	return out
}

// segment is a run of lines read in one encoding.
type segment struct {
	enc   string
	lines [][]byte
}

// decodeUnknown reads bytes that are neither UTF-16 nor valid UTF-8: a
// legacy 8-bit encoding, UTF-8 with a few broken bytes, or a file that mixes
// them by line or paragraph. It fills r with the normalised text, the
// encoding and the warnings.
func decodeUnknown(src []byte, r *Result) {
	lines := bytes.SplitAfter(src, []byte("\n"))
	// The lines that are not UTF-8 decide the legacy encoding.
	var sample []byte
	for _, l := range lines {
		if len(sample) >= detectSample {
			break
		}
		if !utf8.Valid(l) {
			sample = append(sample, l[:min(len(l), detectSample-len(sample))]...)
		}
	}
	ranked := rank(sample)
	best := ranked[0]
	// UTF-8 with broken bytes is worth scoring only where valid multi-byte
	// sequences are not outnumbered by broken ones (legacy text has
	// almost none).
	ug, ub := 0, 0
	if v, inv := countUTF8(sample); v > 0 && v*2 >= inv {
		ug, ub = score(string(bytes.ToValidUTF8(sample, []byte("\uFFFD"))))
	}
	if ug-ub >= best.net() && ug > 0 || best.good == 0 && looksLikeBrokenUTF8(src) {
		// UTF-8 with broken bytes reads better than any legacy encoding.
		r.Encoding = UTF8
		r.Text = vntext.Normalize(decodeUTF8(src, r))
		return
	}
	if best.good <= best.bad {
		// No reading is mostly Vietnamese: Windows-1258, which is
		// Windows-1252 for Western text.
		best = candScore{enc: Windows1258}
	}
	uncertain := ""
	if len(ranked) > 1 && ranked[1].good > 0 && ranked[1].net()*10 >= best.net()*9 && best.net()-ranked[1].net() < 5 {
		uncertain = fmt.Sprintf("encoding uncertain: read as %s, %s reads almost as well; use --encoding to choose", best.enc, ranked[1].enc)
	}

	// Group lines into segments: UTF-8 lines that read better as UTF-8 stay
	// UTF-8, the rest is legacy.
	var segs []segment
	add := func(enc string, l []byte) {
		if n := len(segs); n > 0 && segs[n-1].enc == enc {
			segs[n-1].lines = append(segs[n-1].lines, l)
			return
		}
		segs = append(segs, segment{enc, [][]byte{l}})
	}
	for _, l := range lines {
		enc := best.enc
		if hasNonASCIIBytes(l) && utf8.Valid(l) {
			probe := l
			if len(probe) > detectSample {
				probe = probe[:detectSample] // only scored; the line stays whole
			}
			g, b := score(string(probe))
			t, _ := decodeLegacyAs(probe, best.enc)
			lg, lb := score(vntext.Normalize(t))
			if g-b >= lg-lb {
				enc = UTF8
			}
		} else if n := len(segs); !hasNonASCIIBytes(l) && n > 0 {
			enc = segs[n-1].enc // ASCII lines read the same in all
		}
		add(enc, l)
	}
	// Within legacy segments, a paragraph that reads clearly better in
	// another legacy encoding is decoded in that one. Only looked for when
	// the chosen reading leaves more than one word in ten not Vietnamese: a
	// file in one encoding reads well throughout.
	mixed := best.bad*10 > best.good
	var split []segment
	for _, s := range segs {
		if s.enc == UTF8 || !mixed {
			split = append(split, s)
			continue
		}
		for _, p := range paragraphs(s.lines) {
			enc := s.enc
			if buf := bytes.Join(p, nil); hasNonASCIIBytes(buf) {
				if len(buf) > detectSample {
					buf = buf[:detectSample]
				}
				if alt := rank(buf)[0]; alt.enc != enc && alt.good >= 3 {
					t, _ := decodeLegacyAs(buf, enc)
					g, b := score(vntext.Normalize(t))
					if alt.net() > g-b+2 && alt.bad*4 <= alt.good {
						enc = alt.enc
					}
				}
			}
			if n := len(split); n > 0 && split[n-1].enc == enc {
				split[n-1].lines = append(split[n-1].lines, p...)
			} else {
				split = append(split, segment{enc, p})
			}
		}
	}

	var out strings.Builder
	out.Grow(len(src) + len(src)/2)
	linesBy := map[string]int{}
	joined := 0
	var caps capsRepair
	for _, s := range split {
		buf := bytes.Join(s.lines, nil)
		if hasNonASCIIBytes(buf) {
			for _, l := range s.lines {
				if len(bytes.TrimSpace(l)) > 0 {
					linesBy[s.enc]++
				}
			}
		}
		if s.enc == UTF8 {
			out.WriteString(vntext.Normalize(string(buf)))
			continue
		}
		t, j := decodeLegacyAs(buf, s.enc)
		joined += j
		t = vntext.Normalize(t)
		if s.enc == TCVN3 {
			var c capsRepair
			t, c = recoverCapitals(t)
			caps.add(c)
		}
		out.WriteString(t)
	}
	r.Text = out.String()
	// The record names the legacy encoding that most lines were read in.
	r.Encoding = best.enc
	legacyUsed := 0
	for _, enc := range legacyCandidates {
		if linesBy[enc] > 0 {
			legacyUsed++
		}
		if linesBy[enc] > linesBy[r.Encoding] {
			r.Encoding = enc
		}
	}
	if uncertain != "" && legacyUsed < 2 {
		r.Warnings = append(r.Warnings, uncertain)
	}
	if len(linesBy) > 1 {
		var parts []string
		for _, enc := range append([]string{UTF8}, legacyCandidates...) {
			if n := linesBy[enc]; n > 0 {
				parts = append(parts, fmt.Sprintf("%s %s", plural(n, "line"), enc))
			}
		}
		r.Warnings = append(r.Warnings, "mixed encodings, decoded by paragraph: "+strings.Join(parts, ", "))
	}
	if joined > 0 {
		r.Warnings = append(r.Warnings, fmt.Sprintf("%s split across lines joined (VNI letters cut by a line wrap)", plural(joined, "letter")))
	}
	if best.enc == TCVN3 || linesBy[TCVN3] > 0 {
		r.Warnings = append(r.Warnings, capitalsWarning(caps))
	}
}

// decodeLegacy decodes src in a forced legacy encoding.
func decodeLegacy(src []byte, enc string, r *Result) {
	t, joined := decodeLegacyAs(src, enc)
	t = vntext.Normalize(t)
	if joined > 0 {
		r.Warnings = append(r.Warnings, fmt.Sprintf("%s split across lines joined (VNI letters cut by a line wrap)", plural(joined, "letter")))
	}
	if enc == TCVN3 {
		var c capsRepair
		t, c = recoverCapitals(t)
		r.Warnings = append(r.Warnings, capitalsWarning(c))
	}
	r.Encoding = enc
	r.Text = t
}

func capitalsWarning(c capsRepair) string {
	msg := "tcvn3 has no capital tone-marked letters"
	if c.restored > 0 {
		msg += "; capitals restored in " + plural(c.restored, "place") + " written all in capitals"
	}
	if c.committees > 0 {
		msg += "; Ủy restored in " + plural(c.committees, "committee name")
	}
	if lost := c.lost; len(lost) > 0 {
		ex := lost
		if len(ex) > 3 {
			ex = ex[:3]
		}
		msg += fmt.Sprintf("; %s that begin with a tone-marked letter may have lost their capital (%s)", plural(len(lost), "word"), strings.Join(ex, ", "))
	}
	return msg
}

// looksLikeBrokenUTF8 keeps the old rule for text without Vietnamese
// letters: at least three valid multi-byte sequences and at most one invalid
// byte for every two of them.
func looksLikeBrokenUTF8(src []byte) bool {
	valid, invalid := countUTF8(src)
	return valid >= 3 && invalid*2 <= valid
}

func hasNonASCIIBytes(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// paragraphs splits lines at blank lines (which stay with the paragraph
// before them).
func paragraphs(lines [][]byte) [][][]byte {
	var out [][][]byte
	start := 0
	for i, l := range lines {
		if len(bytes.TrimSpace(l)) == 0 && i+1 < len(lines) && len(bytes.TrimSpace(lines[i+1])) > 0 {
			out = append(out, lines[start:i+1])
			start = i + 1
		}
	}
	if start < len(lines) {
		out = append(out, lines[start:])
	}
	return out
}

// legacyShownAs1252 undoes a legacy file that was opened as Windows-1252
// and saved as UTF-8 ("®¶ng céng s¶n" for "đảng cộng sản"): the lines that
// Windows-1252 can write are turned back into their bytes and decoded as an
// unknown file; lines that hold real Unicode letters stay as they are. It
// keeps the result only when it reads clearly more Vietnamese.
func legacyShownAs1252(text string) (Result, bool) {
	var raw []byte
	changed := false
	for _, line := range strings.SplitAfter(text, "\n") {
		b, ok := encode1252(line)
		if ok && hasNonASCIIBytes(b) {
			raw = append(raw, b...)
			changed = true
		} else {
			raw = append(raw, line...)
		}
	}
	if !changed || utf8.Valid(raw) {
		return Result{}, false
	}
	var r Result
	decodeUnknown(raw, &r)
	if r.Encoding == UTF8 || r.Encoding == Windows1258 {
		return Result{}, false
	}
	g0, b0 := score(vntext.Normalize(text))
	g1, b1 := score(r.Text)
	if g1 <= b1 || g1-b1 < g0-b0+5 {
		return Result{}, false
	}
	r.Warnings = append([]string{fmt.Sprintf("the file is %s text that was opened as Windows-1252 and saved as UTF-8; decoded as %s", r.Encoding, r.Encoding)}, r.Warnings...)
	return r, true
}

// encode1252 writes line in Windows-1252, or fails.
func encode1252(line string) ([]byte, bool) {
	out := make([]byte, 0, len(line))
	for _, c := range line {
		if c < utf8.RuneSelf {
			out = append(out, byte(c))
			continue
		}
		b, ok := charmap.Windows1252.EncodeRune(c)
		if !ok {
			return nil, false
		}
		out = append(out, b)
	}
	return out, true
}
