package charset

import (
	"bytes"
	"math/rand"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

const sample = "ĐẢNG BỘ TỈNH BẾN TRE\nBến Tre, ngày 21 tháng 5 năm 2021\nTăng cường lãnh đạo, chỉ đạo công tác phòng, chống dịch Covid-19 – “kép”; Ủy ban, uỷ ban, hoà, thuỷ."

func utf16Bytes(s string, bigEndian, bom bool) []byte {
	u := utf16.Encode([]rune(s))
	var b bytes.Buffer
	if bom {
		if bigEndian {
			b.Write([]byte{0xFE, 0xFF})
		} else {
			b.Write([]byte{0xFF, 0xFE})
		}
	}
	for _, c := range u {
		if bigEndian {
			b.WriteByte(byte(c >> 8))
			b.WriteByte(byte(c))
		} else {
			b.WriteByte(byte(c))
			b.WriteByte(byte(c >> 8))
		}
	}
	return b.Bytes()
}

func TestDecodeVariants(t *testing.T) {
	cp, err := EncodeWindows1258(sample)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		src  []byte
		enc  string
	}{
		{"utf-8", []byte(sample), UTF8},
		{"utf-8 bom crlf", append([]byte{0xEF, 0xBB, 0xBF}, strings.ReplaceAll(sample, "\n", "\r\n")...), UTF8},
		{"utf-8 cr only", []byte(strings.ReplaceAll(sample, "\n", "\r")), UTF8},
		{"utf-16le bom", utf16Bytes(sample, false, true), UTF16LE},
		{"utf-16be bom", utf16Bytes(sample, true, true), UTF16BE},
		{"utf-16le no bom", utf16Bytes(sample, false, false), UTF16LE},
		{"nfd", []byte(norm.NFD.String(sample)), UTF8},
		{"windows-1258", cp, Windows1258},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Decode(tt.src)
			if r.Encoding != tt.enc {
				t.Errorf("Encoding = %q, want %q", r.Encoding, tt.enc)
			}
			if r.Text != sample {
				t.Errorf("Text = %q, want %q", r.Text, sample)
			}
			if len(r.Warnings) != 0 {
				t.Errorf("Warnings = %q, want none", r.Warnings)
			}
			// Idempotent on its own output.
			if again := Decode([]byte(r.Text)); again.Text != r.Text {
				t.Errorf("Decode(Decode(x)) changed the text")
			}
		})
	}
}

func TestDecodeLossyUTF8(t *testing.T) {
	src := []byte("Số: 123/UBND-VX Hà Nội, ngày 5 tháng 3 năm 2020 \xff tiếp")
	r := Decode(src)
	if r.Encoding != UTF8 {
		t.Fatalf("Encoding = %q, want utf-8 for mostly valid UTF-8", r.Encoding)
	}
	if !strings.Contains(r.Text, "\uFFFD") || !strings.Contains(r.Text, "Hà Nội") {
		t.Errorf("Text = %q, want U+FFFD in place of the bad byte and the rest intact", r.Text)
	}
	if len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], "1 invalid UTF-8 byte") {
		t.Errorf("Warnings = %q", r.Warnings)
	}
}

func TestEncodeWindows1258RoundTrip(t *testing.T) {
	letters := "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
	all := letters + strings.ToUpper(letters)
	b, err := EncodeWindows1258(all)
	if err != nil {
		t.Fatal(err)
	}
	if got := Decode(b); got.Text != all || got.Encoding != Windows1258 {
		t.Errorf("round trip = %q (%s), want %q", got.Text, got.Encoding, all)
	}
}

func BenchmarkDecode(b *testing.B) {
	s := []byte(strings.Repeat(sample, 50))
	b.SetBytes(int64(len(s)))
	for i := 0; i < b.N; i++ {
		Decode(s)
	}
}

// scanUTF8 decodes the common 2- and 3-byte sequences by hand; it must agree
// with utf8.Valid on every input.
func TestScanUTF8AgreesWithValid(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	base := []byte(sample)
	for i := 0; i < 20000; i++ {
		b := append([]byte(nil), base[:rng.Intn(len(base))]...)
		for k := rng.Intn(4); k > 0 && len(b) > 0; k-- {
			b[rng.Intn(len(b))] = byte(rng.Intn(256))
		}
		if ok := scanUTF8(b).valid; ok != utf8.Valid(b) {
			t.Fatalf("scanUTF8(%q) = %v, utf8.Valid = %v", b, ok, !ok)
		}
	}
}

// TestDecodeLargeUTF8: a document over the megabyte that copyString copies
// at a time decodes to itself, byte for byte, whether or not it carries a
// byte-order mark.
func TestDecodeLargeUTF8(t *testing.T) {
	src := []byte(strings.Repeat("Điều 1. Các cơ quan lưu trữ hồ sơ theo quy định.\n", 50000) + "hết")
	if r := Decode(src); r.Text != string(src) || r.Encoding != UTF8 {
		t.Errorf("decoded %d bytes as %s, text equal: %v", len(src), r.Encoding, r.Text == string(src))
	}
	if r := Decode(append([]byte{0xEF, 0xBB, 0xBF}, src...)); r.Text != string(src) || !r.BOM {
		t.Errorf("with a BOM: text equal %v, BOM %v", r.Text == string(src), r.BOM)
	}
}
