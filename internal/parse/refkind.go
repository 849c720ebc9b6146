package parse

import (
	"strings"
	"unicode/utf8"

	"github.com/vanban/vanban/internal/vanban"
)

// refCues are the words that say how a document relates to what it cites,
// folded, each with its kind. The nearest before a citation, in its clause,
// decides (refKind).
var refCues = []struct {
	words, kind string
}{
	{"can cu", vanban.RefBasis},
	{"thuc hien", vanban.RefImplements},
	{"trien khai", vanban.RefImplements},
	{"quan triet", vanban.RefImplements},
	{"the che hoa", vanban.RefImplements}, // "Thể chế hóa Kết luận số 182-KL/TW"
	{"tra loi", vanban.RefAnswers},
	{"nhan duoc", vanban.RefAnswers}, // "Tổng cục Thuế nhận được Công văn số …": the letter replies
	{"phuc dap", vanban.RefAnswers},
	{"thay the", vanban.RefReplaces},
	{"sua doi", vanban.RefAmends},
	{"bo sung", vanban.RefAmends},
	{"bai bo", vanban.RefRepeals},
	{"huy bo", vanban.RefRepeals},
	{"het hieu luc", vanban.RefRepeals},
	{"huong dan", vanban.RefGuides},
	// Wording that only points at a text: nearer than a cue above, it
	// makes the citation a plain one ("Thực hiện Nghị quyết 86…, Bộ Tài
	// chính đã ban hành Quyết định số 2503…").
	{"ban hanh kem theo", vanban.RefCites},
	{"da ban hanh", vanban.RefCites},
	{"theo quy dinh tai", vanban.RefCites},
}

// refClause is how far back (bytes) refKind looks for the start of the
// clause holding a citation.
const refClause = 400

// refKind reads the kind of the citation starting at text[at] from the
// wording before it, back to the start of its sentence (the previous "."
// or blank line; a ";" only separates the items a verb governs: "triển
// khai thực hiện Công điện số 1699…; Công điện số 1852…"). A sentence
// holding "căn cứ" is a legal basis whatever it says further on ("Căn cứ
// Nghị định 154/2020/NĐ-CP sửa đổi, bổ sung Nghị định 34/2016/NĐ-CP" cites
// both as basis); otherwise the cue nearest the citation decides ("Thực
// hiện Công văn số 12…", "thay thế Quyết định số 5…", "V/v trả lời công
// văn số 7…"), and a sentence with none is a plain citation.
func refKind(text string, at int) string {
	lo := max(0, at-refClause)
	for lo < at && !utf8.RuneStart(text[lo]) {
		lo++
	}
	clause := text[lo:at]
	for k := len(clause) - 1; k >= 0; k-- {
		if clause[k] == '.' && !decimalDot(clause, k) {
			clause = clause[k+1:]
			break
		}
	}
	if k := strings.LastIndex(clause, "\n\n"); k >= 0 {
		clause = clause[k+2:]
	}
	f := cueText(clause)
	// "… có ý kiến như sau:" ends the reply's opening; what follows is
	// the answer's own text.
	if k := strings.LastIndex(f, " nhu sau "); k >= 0 {
		f = f[k+len(" nhu sau"):]
	}
	if strings.Contains(f, " can cu ") {
		return vanban.RefBasis
	}
	if kind, ok := nearestCue(f); ok {
		return kind
	}
	return vanban.RefCites
}

// paddedCues are refCues' words between spaces, as cue texts hold them.
var paddedCues = func() []string {
	out := make([]string, len(refCues))
	for i, c := range refCues {
		out[i] = " " + c.words + " "
	}
	return out
}()

// nearestCue finds, scanning cue text f back from its end, the cue
// nearest the citation that speaks of the document itself (cueSpeaks), and
// returns its kind.
func nearestCue(f string) (kind string, ok bool) {
	for p := len(f) - 2; p >= 0; p-- {
		if f[p] != ' ' {
			continue
		}
		for i, pc := range paddedCues {
			if strings.HasPrefix(f[p:], pc) && cueSpeaks(f, p, refCues[i].words) {
				return refCues[i].kind, true
			}
		}
	}
	return "", false
}

// cueText is s folded, its punctuation made spaces, its words joined by
// single spaces between a leading and a trailing space: one pass over the
// folded bytes (it runs for every citation).
func cueText(s string) string {
	f := fold1(s)
	b := make([]byte, 0, len(f)+2)
	b = append(b, ' ')
	for i := 0; i < len(f); i++ {
		c := f[i]
		switch {
		case c == ',' || c == ';' || c == ':' || c == '(' || c == ')' || c == '[' || c == ']' || c == '"' || c == '\'' ||
			c == ' ' || c == '\t' || c == '\n' || c == '\r':
			c = ' '
		case c == 0xE2 && i+2 < len(f) && f[i+1] == 0x80 && (f[i+2] == 0x9C || f[i+2] == 0x9D || f[i+2] == 0x98 || f[i+2] == 0x99):
			i += 2 // “ ” ‘ ’
			c = ' '
		}
		if c == ' ' && b[len(b)-1] == ' ' {
			continue
		}
		b = append(b, c)
	}
	if b[len(b)-1] != ' ' {
		b = append(b, ' ')
	}
	return string(b)
}

// cueSpeaks reports whether the cue words at f[i:] (i at the space before
// them) speak of the document itself: not passive ("đã được sửa đổi, bổ
// sung theo …" tells what happened to the cited law), not part of a cited
// title ("Luật sửa đổi, bổ sung …"), and not the cited document's own
// type name right before it ("… thay thế Hướng dẫn số 01-HD/TW").
func cueSpeaks(f string, i int, words string) bool {
	before := strings.TrimSuffix(f[:i], " sua doi") // "sửa đổi, bổ sung" is one cue
	after := strings.TrimSpace(f[i+len(words)+1:])
	return after != "" && after != "so" && !strings.HasSuffix(before, " duoc") && !strings.HasSuffix(before, " da") && !endsWithTypeName(before)
}

// endsWithTypeName reports whether folded s ends with the name of a type
// of document (so that cue words after it are the cited title's).
func endsWithTypeName(s string) bool {
	for _, t := range []string{" luat", " nghi dinh", " thong tu", " quyet dinh", " nghi quyet", " phap lenh", " chi thi", " van ban"} {
		if strings.HasSuffix(s, t) {
			return true
		}
	}
	return false
}

// enumerated reports whether the citation at text[at] continues a list
// begun by the citation ending at text[prev] ("thực hiện Công điện số
// 1699…; Công điện số 1852…", "Chỉ thị số 10/CT-BYT …, Chỉ thị số
// 25/CT-BYT"): same sentence, and nothing but a type name and "số" between
// the last list separator (",", ";", "và", "hoặc") and the citation. It
// then takes the first one's kind, whatever the description of the first
// says in between ("Thông tư 156/2013/TT-BTC … hướng dẫn thi hành … và
// Nghị định 83/2013/NĐ-CP" does not make this document guide the decree).
func enumerated(text string, prev, at int) bool {
	if prev < 0 || prev > at || at-prev > refClause {
		return false
	}
	gap := text[prev:at]
	for k := 0; k < len(gap); k++ {
		if gap[k] == '.' && !decimalDot(gap, k) || strings.HasPrefix(gap[k:], "\n\n") {
			return false
		}
	}
	// The last list separator, then nothing but a type name and "số"
	// (within the last 60 bytes, spaces and line ends made single spaces).
	near := gap[max(0, len(gap)-60):]
	for len(near) > 0 && !utf8.RuneStart(near[0]) {
		near = near[1:]
	}
	near = " " + strings.Join(strings.Fields(near), " ") + " "
	k, sepLen := strings.LastIndexAny(near, ",;"), 1
	for _, sep := range []string{" và ", " hoặc ", " va ", " hoac "} {
		if i := strings.LastIndex(near, sep); i > k {
			k, sepLen = i, len(sep)
		}
	}
	if k < 0 {
		return false
	}
	tail := strings.TrimSpace(fold1(near[k+sepLen:]))
	tail = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(tail, "so:"), "so"))
	return tail == "" || typeNameWords(tail)
}

// typeNameWords reports whether folded s is a type name ("cong dien",
// "nghi dinh") or a type name with its subject's first word of a law
// ("luat bao hiem y te" is not: only the name).
func typeNameWords(s string) bool {
	for _, t := range []string{"luat", "nghi dinh", "thong tu", "thong tu lien tich", "quyet dinh", "nghi quyet", "chi thi",
		"cong van", "cong dien", "ke hoach", "thong bao", "huong dan", "ket luan", "quy dinh", "van ban", "to trinh",
		"bao cao", "chuong trinh", "thong tri", "phap lenh", "de an", "quy che"} {
		if s == t {
			return true
		}
	}
	return false
}

// decimalDot reports whether the dot at s[k] stands between digits (a date
// "05.3.2020" or a decimal), not at the end of a sentence.
func decimalDot(s string, k int) bool {
	return s[k] == '.' && k > 0 && k+1 < len(s) && s[k-1] >= '0' && s[k-1] <= '9' && s[k+1] >= '0' && s[k+1] <= '9'
}
