package charset

import (
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// ---- TCVN3's ư lost as a soft hyphen ----
//
// TCVN3 codes ư as 0xAD, the soft hyphen of Latin-1 and Windows-1252, and
// text pipelines delete soft hyphens: "người" becomes "ngời", "Trung ương"
// "Trung ơng", "được" "đợc". The ư that is lost is always the one before ơ,
// so the damage leaves syllables no Vietnamese word has (ơng, ơc, ơu).
// restoreLostU puts ư back before ơ in every word that is impossible
// without it and possible with it. When it finds at least two such words,
// the file has certainly lost its ư, and the frequent words whose damaged
// form is itself possible are restored too (see lostUCandidate).

// restoreLostU returns s with lost ư restored and the number of words changed.
func restoreLostU(s string) (string, int) {
	if !mayHaveLostU(s) {
		return s, 0
	}
	// The output is built from the first restored word on: until then it
	// is s itself, and most texts restore none (no copy of a large file for
	// nothing).
	var b strings.Builder
	started := false
	fixed := 0
	type amb struct{ at, end int }
	var ambiguous []amb
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsLetter(r) {
			if started {
				b.WriteRune(r)
			}
			i += n
			continue
		}
		j := letterRunEnd(s, i)
		w := s[i:j]
		if k := strings.IndexFunc(w, isHornO); k >= 0 && !IsSyllable(w) && (k == 0 || !isHornU(lastRune(w[:k]))) {
			u := "ư"
			if unicode.IsUpper(firstRune(w[k:])) {
				u = "Ư"
			}
			if nw := w[:k] + u + w[k:]; IsSyllable(nw) {
				if !started {
					b.Grow(len(s) + 16)
					b.WriteString(s[:i])
					started = true
				}
				w = nw
				fixed++
			}
		} else if lostUCandidate(w, s[j:]) {
			at := i // the output is s so far
			if started {
				at = b.Len()
			}
			ambiguous = append(ambiguous, amb{at, at + len(w)})
		}
		if started {
			b.WriteString(w)
		}
		i = j
	}
	if fixed == 0 {
		return s, 0
	}
	out := b.String()
	if fixed >= 2 && len(ambiguous) > 0 {
		var c strings.Builder
		prev := 0
		for _, a := range ambiguous {
			c.WriteString(out[prev:a.at])
			c.WriteString(insertU(out[a.at:a.end]))
			prev = a.end
			fixed++
		}
		c.WriteString(out[prev:])
		out = c.String()
	}
	return out, fixed
}

// lostUCandidate: words whose damaged form is itself possible, restored
// only once the file has shown that it lost its ư: ngời (người), lu (lưu),
// cha (chưa), and a bare onset such as nh, th, tr (như, thư, trư…), or a
// single consonant before , ; or : ("dân c;").
func lostUCandidate(w, after string) bool {
	switch l := strings.ToLower(w); l {
	case "ngời", "lu", "cha":
		return true
	case "nh", "th", "tr", "ch", "kh", "ph", "ng":
		return true
	case "c", "t", "s", "l", "h", "d", "đ", "x", "v", "b", "m", "n", "r", "g", "k":
		return after != "" && strings.ContainsRune(",;:", rune(after[0]))
	}
	return false
}

// insertU restores the ư of a word lostUCandidate accepted, keeping case.
func insertU(w string) string {
	u := "ư"
	if strings.ToUpper(w) == w && len(w) > 1 {
		u = "Ư"
	}
	if k := strings.IndexFunc(w, isHornO); k >= 0 { // ngời → người
		return w[:k] + u + w[k:]
	}
	l := strings.ToLower(w)
	switch {
	case l == "lu": // lưu
		return w[:1] + u + w[1:]
	case l == "cha": // chưa
		return w[:2] + u + w[2:]
	}
	return w + u // nh → như
}

func isHornO(r rune) bool {
	switch unicode.ToLower(r) {
	case 'ơ', 'ờ', 'ớ', 'ở', 'ỡ', 'ợ':
		return true
	}
	return false
}

func isHornU(r rune) bool {
	switch unicode.ToLower(r) {
	case 'ư', 'ừ', 'ứ', 'ử', 'ữ', 'ự', 'u':
		return true
	}
	return false
}

func firstRune(s string) rune { r, _ := utf8.DecodeRuneInString(s); return r }
func lastRune(s string) rune  { r, _ := utf8.DecodeLastRuneInString(s); return r }

// mayHaveLostU is the cheap test run on every text: an ơ (any tone) directly
// followed by ng, c or u (ơn is a rhyme, ơng is not) and not preceded by ư
// or u.
func mayHaveLostU(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		var n int
		switch {
		case c == 0xC6 && i+1 < len(s) && (s[i+1] == 0xA1 || s[i+1] == 0xA0):
			n = 2
		case c == 0xE1 && i+2 < len(s) && s[i+1] == 0xBB && s[i+2] >= 0x9A && s[i+2] <= 0xA3:
			n = 3
		default:
			continue
		}
		prev := rune(0)
		if i > 0 {
			prev = lastRune(s[:i])
		}
		if needsU([]byte(s[i+n:min(len(s), i+n+2)]), prev) {
			return true
		}
		i += n - 1
	}
	return false
}

// needsU: after an ơ (preceded by prev) comes ng, c or u, which only ươ
// can take.
func needsU(after []byte, prev rune) bool {
	if len(after) == 0 || isHornU(prev) {
		return false
	}
	c := after[0] | 0x20
	return c == 'n' && len(after) > 1 && after[1]|0x20 == 'g' || c == 'c' || c == 'u'
}

// ---- Mojibake: UTF-8 read as Windows-1252 or Latin-1 and saved again ----
//
// "Đảng ủy" saved as UTF-8, opened as Windows-1252 and saved as UTF-8 again
// becomes "Ä�áº£ng á»§y": each byte of a letter became a character. The
// repair maps each such character back to its byte and reads the bytes as
// UTF-8 again, word by word, keeping a word only when every byte becomes
// part of a letter. Two losses are undone: a NO-BREAK SPACE byte (0xA0, the
// second byte of à) that became a plain space, and the five bytes
// Windows-1252 does not define (0x81, 0x8D, 0x8F, 0x90, 0x9D), which become
// U+FFFD or vanish; the candidate that makes a Vietnamese syllable is
// chosen.

var mojiBytes = sync.OnceValue(func() map[rune]byte {
	m := map[rune]byte{}
	for b := 0x80; b < 0x100; b++ {
		m[rune(b)] = byte(b) // Latin-1, including the C1 controls
	}
	for b := 0x80; b < 0xA0; b++ {
		if r := charmap.Windows1252.DecodeByte(byte(b)); r != utf8.RuneError && r != rune(b) {
			m[r] = byte(b)
		}
	}
	return m
})

var undefined1252 = []byte{0x90, 0x81, 0x8D, 0x8F, 0x9D}

// repairMojibake returns s with mojibake words decoded and how many were.
func repairMojibake(s string) (string, int) {
	// A space right after a lead byte that needs one more byte was a
	// NO-BREAK SPACE: keep it inside the word.
	rs := []rune(s)
	for k := 0; k+1 < len(rs); k++ {
		if rs[k+1] == ' ' && needsOneMore(rs, k) {
			rs[k+1] = 0xA0
		}
	}
	var b strings.Builder
	b.Grow(len(s))
	fixed := 0
	start := 0
	for k := 0; k <= len(rs); k++ {
		if k < len(rs) && !unicode.IsSpace(rs[k]) || k < len(rs) && rs[k] == 0xA0 {
			continue
		}
		if start < k {
			w := rs[start:k]
			if nw, ok := unmojibake(w); ok {
				b.WriteString(nw)
				fixed++
			} else {
				for _, r := range w {
					if r == 0xA0 {
						r = ' '
					}
					b.WriteRune(r)
				}
			}
		}
		if k < len(rs) {
			b.WriteRune(rs[k])
		}
		start = k + 1
	}
	return b.String(), fixed
}

// needsOneMore: rs[k] ends a byte run that is one continuation byte short of
// a UTF-8 letter (Ã → à needs A0; áº → Ạ needs A0).
func needsOneMore(rs []rune, k int) bool {
	b, ok := mojiBytes()[rs[k]]
	if !ok {
		return false
	}
	if b >= 0xC2 && b <= 0xDF {
		return true
	}
	if b >= 0x80 && b <= 0xBF && k > 0 {
		if p, ok := mojiBytes()[rs[k-1]]; ok && p >= 0xE0 && p <= 0xEF {
			return true
		}
	}
	return false
}

// unmojibake decodes one word; ok is false unless the word was mojibake.
func unmojibake(w []rune) (string, bool) {
	if len(w) > 64 {
		return "", false // no word is that long; the text is something else
	}
	var raw []byte
	var holes []int // positions of bytes lost as U+FFFD or missing
	moji := false
	for _, r := range w {
		switch {
		case r < utf8.RuneSelf:
			raw = append(raw, byte(r))
		case r == utf8.RuneError:
			holes = append(holes, len(raw))
			raw = append(raw, 0)
		default:
			bt, ok := mojiBytes()[r]
			if !ok {
				return "", false
			}
			raw = append(raw, bt)
			if bt >= 0xC2 {
				moji = true
			}
		}
	}
	if !moji {
		return "", false
	}
	// A lead byte whose sequence is one byte short before the next ASCII or
	// the end lost an undefined byte silently: only Ä (Đ), Ã (Á Í Ý) and
	// áº/á» (ề ọ ỏ Ố ờ) are looked for, and only in a word that has a
	// complete letter elsewhere.
	implicit, complete := 0, 0
	for i := 0; i < len(raw); {
		c := raw[i]
		need := 0
		switch {
		case c >= 0xC2 && c <= 0xDF:
			need = 1
		case c >= 0xE0 && c <= 0xEF:
			need = 2
		}
		got := 0
		for got < need && i+1+got < len(raw) && raw[i+1+got]&0xC0 == 0x80 {
			got++
		}
		if need > 0 && got == need {
			complete++
		}
		next := i + 1 + got
		if need > 0 && got == need-1 && !containsInt(holes, next) &&
			(c == 0xC3 || c == 0xC4 || c == 0xE1 && (raw[i+1] == 0xBA || raw[i+1] == 0xBB)) {
			raw = append(raw[:next], append([]byte{0}, raw[next:]...)...)
			holes = append(holes, next)
			implicit++
		}
		if need > 0 && got == need-1 && containsInt(holes, next) {
			next++
		}
		i = next
	}
	if implicit > 0 && complete == 0 {
		return "", false
	}
	if len(holes) > 2 {
		return "", false
	}
	try := func() (string, bool) {
		if !utf8.Valid(raw) {
			return "", false
		}
		t := string(raw)
		for _, r := range t {
			if r >= 0x80 && r < 0xA0 {
				return "", false
			}
		}
		for _, h := range holes {
			k := h
			for k > 0 && raw[k]&0xC0 == 0x80 {
				k--
			}
			r, _ := utf8.DecodeRune(raw[k:])
			if _, ok := letterOf(r); !ok && r != 'Đ' && r != 'đ' {
				return "", false
			}
		}
		return t, true
	}
	if len(holes) == 0 {
		return try()
	}
	// Try every filling of the holes; keep the valid word that is a
	// syllable of the right case shape, the most frequent one first.
	best, bestRank := "", -1
	var fill func(h int)
	fill = func(h int) {
		if h == len(holes) {
			t, ok := try()
			if !ok {
				return
			}
			core := strings.TrimFunc(t, func(r rune) bool { return !unicode.IsLetter(r) })
			rank := 3000
			if IsSyllable(core) && caseShapeOK(core) {
				rank = 2000
				if k, ok := frequentRanks()[strings.ToLower(core)]; ok {
					rank = k
				}
			}
			if bestRank < 0 || rank < bestRank {
				best, bestRank = t, rank
			}
			return
		}
		for _, c := range undefined1252 {
			raw[holes[h]] = c
			fill(h + 1)
		}
	}
	fill(0)
	return best, bestRank >= 0
}

// frequentRank orders the frequent syllables of official documents whose
// letter has a byte Windows-1252 leaves undefined (ờ ề ọ ỏ: E1 BB 9D, 81,
// 8D, 8F; and in capitals Á Í Ý: C3 81, 8D, 9D), so that a lost byte is
// filled with the likeliest letter.
var frequentRanks = sync.OnceValue(func() map[string]int {
	m := map[string]int{}
	for i, w := range strings.Fields(`về người đề điều thời nhiều học mọi quyền trường
		nhỏ đường thường tiền họ trọng nền bỏ chọn khỏe họp mời đời giờ phường
		đọc gọi truyền đều nghề liền chiều miền khỏi hỏi giỏi thỏa đỏ tỏ cường
		chờ nhờ tờ ngọc thọ lọc bọn dọn mọc tọa họa nọ hiền kiềm bền mềm
		chuyền thuyền phiền kề viền vườn lường ngờ bờ cờ mờ dường mỏ cỏ lỏng
		hỏa bỏng
		chính bí kính tính phí ký lý quý ý các cán báo pháp tháng phát chánh
		đánh quán án ánh nhánh`) {
		m[w] = i
	}
	return m
})

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// fixMojibake repairs s when it reads better repaired; it returns a warning
// or "".
func fixMojibake(s string) (string, string) {
	t, n := repairMojibake(s)
	if n == 0 {
		return s, ""
	}
	g0, b0 := score(s)
	g1, b1 := score(t)
	if g1-b1 <= g0-b0 {
		return s, ""
	}
	return t, fmt.Sprintf("%s of mojibake repaired (UTF-8 that was read as Windows-1252 or Latin-1 and saved again)", plural(n, "word"))
}
