package vntext

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

const sample = "ĐẢNG BỘ TỈNH BẾN TRE\nBến Tre, ngày 21 tháng 5 năm 2021\nTăng cường lãnh đạo, chỉ đạo công tác phòng, chống dịch Covid-19 – “kép”; Ủy ban, uỷ ban, hoà, thuỷ."

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a\r\nb\rc", "a\nb\nc"},
		{"\ufeffĐảng", "Đảng"},
		{"Ðảng ðoàn", "Đảng đoàn"},                     // U+00D0/U+00F0 for Đ/đ
		{"to\u0302\u0309 chu\u031b\u0301c", "tổ chức"}, // "Unicode tổ hợp": precomposed base + combining tone
		{"o\u0323\u0302", "ộ"},                         // NFD
		{"a\u00a0b\u200bc", "a bc"},
		{"x\x00y\x07z", "xyz"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Đảng ủy", "dang uy"},
		{"Đảng uỷ", "dang uy"},
		{"dang uy", "dang uy"},
		{"hoà", "hoa"}, {"hòa", "hoa"}, {"thuỷ", "thuy"}, {"thủy", "thuy"},
		{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "cong hoa xa hoi chu nghia viet nam"},
		{"Nghị định 30/2020/NĐ-CP", "nghi dinh 30/2020/nd-cp"},
		{"ƯƠNG ươn Ăn ân Ê Ô Ơ", "uong uon an an e o o"},
		{norm.NFD.String("Tỉnh ủy Bình Dương"), "tinh uy binh duong"},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFoldRuneCoversVietnamese(t *testing.T) {
	// Every Vietnamese letter, both cases, folds to an ASCII letter.
	letters := "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
	for _, r := range letters + strings.ToUpper(letters) {
		f := FoldRune(r)
		if f < 'a' || f > 'z' {
			t.Errorf("FoldRune(%q) = %q, want an ASCII letter", r, f)
		}
	}
}

func BenchmarkFold(b *testing.B) {
	s := strings.Repeat(sample, 50)
	b.SetBytes(int64(len(s)))
	for i := 0; i < b.N; i++ {
		Fold(s)
	}
}

// TestNormalizeBytes: reading bytes straight into normalised text gives
// what Normalize gives for the same text.
func TestNormalizeBytes(t *testing.T) {
	for _, s := range []string{
		"", "a\r\nb\rc\n", "Ð\u00a0ð\u200bx\u00ad\ufeffy\x01z\x7f", "Ðảng\r\n\r\nCộng\tHòa", "hoà\u0300 tổ hợp o\u0309",
		strings.Repeat("Căn cứ\f\r\n", 100),
	} {
		if got, want := NormalizeBytes([]byte(s)), Normalize(s); got != want {
			t.Errorf("NormalizeBytes(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestAccentKey(t *testing.T) {
	same := [][2]string{{"hoà", "hòa"}, {"thuỷ", "thủy"}, {"Hoà Bình", "hòa bình"}, {"khoẻ", "khỏe"}, {"Đảng uỷ", "đảng ủy"}}
	for _, p := range same {
		if AccentKey(p[0]) != AccentKey(p[1]) {
			t.Errorf("AccentKey(%q) = %q, AccentKey(%q) = %q: want equal", p[0], AccentKey(p[0]), p[1], AccentKey(p[1]))
		}
	}
	differ := [][2]string{{"hoà", "hoa"}, {"hòa", "hóa"}, {"thuế", "thuê"}, {"đảng", "dang"}}
	for _, p := range differ {
		if AccentKey(p[0]) == AccentKey(p[1]) {
			t.Errorf("AccentKey(%q) = AccentKey(%q) = %q: want different", p[0], p[1], AccentKey(p[0]))
		}
	}
}

// TestNFCMatchesNorm: NFC and NFCBytes compose like norm.NFC.String, also
// where a letter and its combining marks straddle the 32 KB pieces they
// are written in.
func TestNFCMatchesNorm(t *testing.T) {
	nfd := norm.NFD.String("Tổng cục Thuế hướng dẫn việc hoàn thuế giá trị gia tăng. ")
	var cases []string
	for pad := range len(nfd) {
		// Every offset of the decomposed text at the 32 KB boundary.
		s := strings.Repeat("x", 32<<10-len(nfd)+pad) + strings.Repeat(nfd, 2)
		cases = append(cases, s, s[:len(s)-1])
	}
	cases = append(cases, "", "a", nfd, "e\u0301\u0323", strings.Repeat("o\u0302\u0301", 40000), "\u0301x")
	for _, s := range cases {
		want := norm.NFC.String(s)
		if got := NFC(s); got != want {
			t.Errorf("NFC of %d bytes differs from norm.NFC.String", len(s))
		}
		if got := NFCBytes([]byte(s)); got != want {
			t.Errorf("NFCBytes of %d bytes differs from norm.NFC.String", len(s))
		}
	}
}
