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
	// "… có ý kiến như sau:" ends the reply's opening; what follows is
	// the answer's own text.
	if k := strings.LastIndex(fold1(clause), "nhu sau:"); k >= 0 {
		clause = clause[k+len("nhu sau:"):]
	}
	f := cueText(clause)
	if strings.Contains(f, " can cu ") {
		return vanban.RefBasis
	}
	best, kind := -1, vanban.RefCites
	for _, c := range refCues {
		if i := lastCue(f, c.words); i > best {
			best, kind = i, c.kind
		}
	}
	return kind
}

// cueText is s folded, its punctuation made spaces, its words joined by
// single spaces between a leading and a trailing space.
func cueText(s string) string {
	f := strings.Map(func(r rune) rune {
		if strings.ContainsRune(",;:()[]\"'“”‘’", r) {
			return ' '
		}
		return r
	}, fold1(s))
	return " " + strings.Join(strings.Fields(f), " ") + " "
}

// lastCue is the position of the last cue words in cue text f that speak of
// the document itself: not passive ("đã được sửa đổi, bổ sung theo …"
// tells what happened to the cited law) and not part of a cited title
// ("Luật sửa đổi, bổ sung …"), nor the cited document's own type name
// right before it ("… thay thế Hướng dẫn số 01-HD/TW").
func lastCue(f, words string) int {
	end := len(f)
	for {
		i := strings.LastIndex(f[:end], " "+words+" ")
		if i < 0 {
			return -1
		}
		before := strings.TrimSuffix(f[:i], " sua doi") // "sửa đổi, bổ sung" is one cue
		after := strings.TrimSpace(f[i+len(words)+1:])
		if after != "" && after != "so" && !strings.HasSuffix(before, " duoc") && !strings.HasSuffix(before, " da") && !endsWithTypeName(before) {
			return i
		}
		end = i
	}
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
	f := strings.Map(func(r rune) rune {
		if r == ';' {
			return ','
		}
		return r
	}, fold1(gap))
	f = " " + strings.Join(strings.Fields(strings.ReplaceAll(f, ",", " , ")), " ") + " "
	k := max(strings.LastIndex(f, " , "), strings.LastIndex(f, " va "), strings.LastIndex(f, " hoac "))
	if k < 0 {
		return false
	}
	tail := strings.TrimSpace(f[k+1:])
	for _, sep := range []string{",", "va", "hoac"} {
		tail = strings.TrimSpace(strings.TrimPrefix(tail, sep))
	}
	tail = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(tail, "so"), "so:"))
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
