package charset

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Vietnamese is written one syllable per word: an optional onset, a rhyme
// (glide, vowel nucleus, optional final), and at most one tone mark, which
// sits on a vowel. A syllable ending in p, t, c or ch takes only the sắc or
// nặng tone. IsSyllable checks exactly this; decoding uses it to tell which
// reading of a byte sequence is Vietnamese, and repairs use it to tell an
// impossible syllable from a rare one.

// Tones, as the combining marks NFD gives them.
const (
	toneNone = iota
	toneGrave
	toneAcute
	toneTilde
	toneHook
	toneDot
)

// letterInfo is a lower-case letter without its tone mark, and the tone.
type letterInfo struct {
	base rune
	tone uint8
}

// letterLatin and letterExt hold letterInfo for U+00C0–U+01B0 and
// U+1EA0–U+1EF9 (base 0 where the rune is not a letter with one base).
var (
	letterLatin [0x1B1 - 0xC0]letterInfo
	letterExt   [0x1EFA - 0x1EA0]letterInfo
)

// letterOf returns the base letter and tone of r, for the runes of
// Vietnamese beyond ASCII.
func letterOf(r rune) (letterInfo, bool) {
	lettersOnce.Do(buildLetters)
	var li letterInfo
	switch {
	case r >= 0xC0 && r <= 0x1B0:
		li = letterLatin[r-0xC0]
	case r >= 0x1EA0 && r <= 0x1EF9:
		li = letterExt[r-0x1EA0]
	}
	return li, li.base != 0
}

// lettersOnce builds the letter tables the first time a text is scored
// (decoding bytes that are not plain UTF-8), not at every start-up.
var lettersOnce sync.Once

func buildLetters() {
	add := func(r rune) {
		d := norm.NFD.String(string(r))
		var tone uint8
		var rest []rune
		for _, c := range d {
			switch c {
			case 0x300:
				tone = toneGrave
			case 0x301:
				tone = toneAcute
			case 0x303:
				tone = toneTilde
			case 0x309:
				tone = toneHook
			case 0x323:
				tone = toneDot
			default:
				rest = append(rest, c)
			}
		}
		base := []rune(norm.NFC.String(strings.ToLower(string(rest))))
		if len(base) == 1 {
			if r <= 0x1B0 {
				letterLatin[r-0xC0] = letterInfo{base[0], tone}
			} else {
				letterExt[r-0x1EA0] = letterInfo{base[0], tone}
			}
		}
	}
	for r := rune(0xC0); r <= 0x1B0; r++ {
		add(r)
	}
	for r := rune(0x1EA0); r <= 0x1EF9; r++ {
		add(r)
	}
}

var onsets = []string{"ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
	"b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x"}

// rhymes lists the rhymes of the standard language, without tone.
var rhymes = toSet(`a ac ach ai am an ang anh ao ap at au ay
ăc ăm ăn ăng ăp ăt âc âm ân âng âp ât âu ây
e ec em en eng eo ep et ê êch êm ên ênh êp êt êu
i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
o oc oi om on ong op ot oa oac oach oai oam oan oang oanh oao oap oat oay
oăc oăm oăn oăng oăt oe oen oeo oet ooc oong
ô ôc ôi ôm ôn ông ôp ôt ơ ơi ơm ơn ơp ơt
u ua uc ui um un ung up ut uân uâng uât uây uê uêch uênh uy uya uych uyên uyêt uynh uyp uyt uyu
uô uôc uôi uôm uôn uông uôt uơ
ư ưa ưc ưi ưm ưn ưng ưt ưu ươ ươc ươi ươm ươn ương ươp ươt ươu
y yêm yên yêng yêt yêu`)

// quRhymes may follow the onset qu, whose u is the glide: quy, quýt, quỳnh.
var quRhymes = toSet(`y yt ynh ych yêt yên`)

func toSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// IsSyllable reports whether w, one word in any case, is a well-formed
// Vietnamese syllable. Plain ASCII words like "ban" are syllables too; "ei",
// "ơng" or "ngh" are not.
func IsSyllable(w string) bool {
	if w == "" || len(w) > 24 {
		return false
	}
	var buf [32]byte
	base := buf[:0]
	tone := uint8(toneNone)
	for _, r := range w {
		if r < utf8.RuneSelf {
			if r >= 'A' && r <= 'Z' {
				r += 'a' - 'A'
			}
			if r < 'a' || r > 'z' {
				return false
			}
			base = append(base, byte(r))
			continue
		}
		if r == 'đ' || r == 'Đ' {
			base = utf8.AppendRune(base, 'đ')
			continue
		}
		li, ok := letterOf(r)
		if !ok {
			return false
		}
		if li.tone != toneNone {
			if tone != toneNone {
				return false
			}
			tone = li.tone
		}
		base = utf8.AppendRune(base, li.base)
	}
	// The onset is the run of consonants before the first vowel; gi and qu
	// take the i or u of what follows.
	k := 0
	for k < len(base) {
		c := base[k]
		if c == 0xC4 && k+1 < len(base) && base[k+1] == 0x91 { // đ
			k += 2
			continue
		}
		if c >= utf8.RuneSelf || strings.IndexByte("aeiouy", c) >= 0 {
			break
		}
		k++
	}
	onset, rest := base[:k], base[k:]
	if len(rest) == 0 {
		return false
	}
	switch string(onset) {
	case "":
		return rhymeOK(rest, tone)
	case "q":
		if rest[0] != 'u' || len(rest) == 1 {
			return false
		}
		r := rest[1:]
		return rhymeOK(r, tone) || quRhymes[string(r)] && toneFits(r, tone)
	case "g":
		if rest[0] == 'i' && len(rest) > 1 && rhymeOK(rest[1:], tone) {
			return true // gi + a
		}
		return rhymeOK(rest, tone) // g + in
	}
	return onsetSet[string(onset)] && rhymeOK(rest, tone)
}

var onsetSet = toSet(strings.Join(onsets, " "))

func rhymeOK(r []byte, tone uint8) bool {
	return rhymes[string(r)] && toneFits(r, tone)
}

// toneFits: a rhyme closed by p, t, c or ch takes only sắc or nặng.
func toneFits(r []byte, tone uint8) bool {
	last := r[len(r)-1]
	if last == 'p' || last == 't' || last == 'c' || last == 'h' && len(r) > 1 && r[len(r)-2] == 'c' {
		return tone == toneAcute || tone == toneDot
	}
	return true
}

// score weighs the words of s that carry a letter outside ASCII. good adds
// one for each Vietnamese syllable (two for a frequent one, one for an
// abbreviation with Đ or a syllable that only lacks its ư); bad counts the
// words that are not Vietnamese, hold a symbol or a replacement character,
// or have a capital after a small letter. Plain ASCII words say nothing
// about the encoding and are not counted.
func score(s string) (good, bad int) {
	for len(s) > 0 {
		i := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsSpace(r) })
		if i < 0 {
			break
		}
		s = s[i:]
		j := strings.IndexFunc(s, unicode.IsSpace)
		if j < 0 {
			j = len(s)
		}
		tok := s[:j]
		s = s[j:]
		if !hasNonASCII(tok) {
			continue
		}
		tok = strings.TrimFunc(tok, isEdgePunct)
		if tok == "" {
			continue
		}
		ok, weight := caseShapeOK(tok), 0
		for _, part := range strings.FieldsFunc(tok, func(r rune) bool { return r == '-' || r == '/' || r == '&' || r == '.' }) {
			if !ok {
				break
			}
			switch {
			case strings.IndexFunc(part, unicode.IsDigit) >= 0 || !hasNonASCII(part):
				// numbers and ASCII parts of symbols say nothing
			case IsSyllable(part):
				weight++
				if frequent[strings.ToLower(part)] {
					weight++ // a word of every official text weighs more
				}
			case abbreviation(part), lostUSyllable(part):
				weight++
			default:
				ok = false
			}
		}
		switch {
		case !ok:
			bad++
		case weight > 0:
			good += weight
		}
	}
	return good, bad
}

// caseShapeOK: a word is lower case, Title case or ALL CAPS. Lower-case
// tone-marked letters are not looked at: TCVN3 writes capitals with them.
// A capital after a small letter ("nẠu") is a wrong reading.
func caseShapeOK(w string) bool {
	seenLower := false
	for _, r := range w {
		if !unicode.IsLetter(r) {
			continue
		}
		up := unicode.IsUpper(r)
		if !up && toned(r) {
			continue
		}
		if up && seenLower {
			return false
		}
		if !up {
			seenLower = true
		}
	}
	return true
}

// abbreviation: capital consonants with Đ in them (QĐ, TTĐT, ĐMDN), as
// the symbols and abbreviations of official texts are written.
func abbreviation(w string) bool {
	for _, r := range w {
		if !strings.ContainsRune("BCDĐGHKLMNPQRSTVX", r) {
			return false
		}
	}
	return true
}

// frequent holds syllables found in almost every official text; a reading
// that makes them is likelier than one that makes rare syllables, which
// decides short texts ("Công văn" against VISCII's "Cụng vồn").
var frequent = toSet(`của và các có được trong cho là với theo không người này đã để
về những một việc thực hiện công tác quản lý nhà nước tỉnh huyện xã phường
thành phố ủy uỷ ban nhân dân đảng bộ sở phòng chính phủ quyết định nghị chỉ
thị thông tư báo cáo kế hoạch văn bản số ngày tháng năm hà nội trung ương
cộng hòa hoà hội chủ nghĩa việt nam độc lập tự do hạnh phúc kính gửi nơi
nhận lưu trưởng phó giám đốc tịch bí thư đồng chí cơ quan đơn vị tổ chức cán
cấp trên địa bàn triển khai tăng cường phát kinh tế hoạt động kiểm tra sát
đề yêu cầu hướng dẫn quy luật pháp điều khoản tài sách giáo dục y an ninh
quốc đầu xây dựng đất đai môi trường nông nghiệp giao vận tải vụ thuế hải
ngân hàng chương trình dự án kết quả tình hình trách nhiệm đối tượng ý kiến
phối hợp đạo lãnh thường hành sửa đổi bổ sung tiếp tục tổng khác tại từ đến
sau trước như nhất cũng phải sẽ đang còn nhiều mới lại đó ra vào hơn cả khi
nếu hoặc bằng nhằm đảm bảo thời gian dịch bệnh chống viên sự đúng mục tiêu`)

// lostUSyllable: w is a syllable once the ư lost before its ơ is put back
// (TCVN3's 0xAD deleted as a soft hyphen: "ơng" for "ương").
func lostUSyllable(w string) bool {
	k := strings.IndexFunc(w, isHornO)
	return k >= 0 && (k == 0 || !isHornU(lastRune(w[:k]))) && IsSyllable(w[:k]+"ư"+w[k:])
}

func hasNonASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// isEdgePunct is punctuation that may surround a word without being part of it.
func isEdgePunct(r rune) bool {
	switch r {
	case '"', '\'', '(', ')', '[', ']', '{', '}', ',', '.', ';', ':', '!', '?', '*', '/',
		'“', '”', '‘', '’', '«', '»', '…', '–', '—':
		return true
	}
	return r < utf8.RuneSelf && unicode.IsDigit(r)
}
