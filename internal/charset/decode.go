package charset

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/vanban/vanban/internal/vntext"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// Encoding names as they appear in a record's "encoding" field.
const (
	UTF8        = "utf-8"
	UTF16LE     = "utf-16le"
	UTF16BE     = "utf-16be"
	Windows1258 = "windows-1258"
)

// Encodings lists the encodings Decode can read, for --encoding.
var Encodings = func() []string {
	out := []string{UTF8, UTF16LE, UTF16BE, Windows1258, TCVN3, VN1, VNI}
	for _, te := range tableEncodings {
		out = append(out, te.name)
	}
	return out
}()

// aliases are other names --encoding accepts.
var aliases = map[string]string{
	"utf8": UTF8, "utf-16": UTF16LE, "utf16le": UTF16LE, "utf16be": UTF16BE,
	"cp1258": Windows1258, "windows1258": Windows1258,
	"tcvn": TCVN3, "tcvn-3": TCVN3, "tcvn5712": TCVN3, "abc": TCVN3, "vn3": TCVN3,
	"vni-win": VNI, "vni-windows": VNI, "vniwin": VNI,
	"tcvn5712-1": VN1, "tcvn5712-1:1993": VN1, "tcvn-vn1": VN1,
}

func init() {
	for _, te := range tableEncodings {
		for _, a := range te.aliases {
			aliases[a] = te.name
		}
	}
}

// canonical returns the Encodings name of enc (any case, or an alias), or
// enc itself when it is unknown.
func canonical(enc string) string {
	e := strings.ToLower(strings.TrimSpace(enc))
	if a, ok := aliases[e]; ok {
		return a
	}
	return e
}

// Result is the outcome of Decode.
type Result struct {
	Text     string   // normalised text (NFC, LF line ends)
	Encoding string   // one of the Encoding names
	BOM      bool     // the input started with a byte-order mark
	Warnings []string // lossy steps, e.g. invalid bytes replaced by U+FFFD
}

// Decode detects the encoding of src and returns its normalised text. It never
// fails: bytes that cannot be decoded become U+FFFD and a warning.
func Decode(src []byte) Result {
	return DecodeAs(src, "")
}

// DecodeAs decodes src as the named encoding ("" detects it).
func DecodeAs(src []byte, enc string) Result {
	r, lostU := decodeAs(src, canonical(enc))
	if lostU == lostUNo || lostU == lostUUnknown && !mayHaveLostU(r.Text) {
		return r
	}
	if t, n := restoreLostU(r.Text); n > 0 {
		r.Text = t
		r.Warnings = append(r.Warnings, plural(n, "word")+" missing the letter ư restored (TCVN3's ư, byte 0xAD, deleted as a soft hyphen: ngời → người)")
	}
	return r
}

// What decodeAs knows of an ơ that lost its ư (see restoreLostU).
const (
	lostUUnknown = iota
	lostUNo
	lostUMaybe
)

// decodeAs decodes; the fast UTF-8 path also tells whether restoreLostU
// has anything to look at.
func decodeAs(src []byte, enc string) (r Result, lostU int) {
	switch {
	case enc == "" && bytes.HasPrefix(src, []byte{0xEF, 0xBB, 0xBF}):
		if utf8.Valid(src[3:]) {
			// Valid UTF-8 after the mark: the same path (and repairs) as
			// without it.
			r, lostU = decodeAs(src[3:], "")
			r.BOM = true
			return r, lostU
		}
		r.BOM = true
		r.Encoding = UTF8
		r.Text = decodeUTF8(src[3:], &r)
	case (enc == "" || enc == UTF16LE) && bytes.HasPrefix(src, []byte{0xFF, 0xFE}):
		r.BOM, r.Encoding = true, UTF16LE
		r.Text = decodeUTF16(src[2:], false, &r)
	case (enc == "" || enc == UTF16BE) && bytes.HasPrefix(src, []byte{0xFE, 0xFF}):
		r.BOM, r.Encoding = true, UTF16BE
		r.Text = decodeUTF16(src[2:], true, &r)
	case enc == UTF16LE || enc == UTF16BE:
		r.Encoding = enc
		r.Text = decodeUTF16(src, enc == UTF16BE, &r)
	case enc == "" && looksUTF16(src) != "":
		r.Encoding = looksUTF16(src)
		r.Text = decodeUTF16(src, r.Encoding == UTF16BE, &r)
	case enc == Windows1258:
		r.Encoding = Windows1258
		r.Text = decode1258(src)
	case enc == TCVN3 || enc == VN1 || enc == VNI || tableEncodingNamed(enc) != nil:
		decodeLegacy(src, enc, &r)
		return r, lostUUnknown
	case enc == UTF8:
		r.Encoding = UTF8
		r.Text = decodeUTF8(bytes.TrimPrefix(src, []byte{0xEF, 0xBB, 0xBF}), &r)
	default:
		if si := scanUTF8(src); si.valid {
			dirty, nfc := si.dirty, si.nfc
			// The common case in one pass: valid UTF-8, usually NFC already.
			r.Encoding = UTF8
			if dirty && si.moji < 2 && !(si.marks >= 4 && si.marks > si.vn) {
				// Read straight into the cleaned text: for a large file,
				// one copy of it less in memory.
				r.Text = vntext.NormalizeBytes(src)
				if si.lostU {
					return r, lostUMaybe
				}
				return r, lostUUnknown
			}
			if !dirty && !nfc && si.moji < 2 && !(si.marks >= 4 && si.marks > si.vn) {
				// Decomposed (NFD) text, clean otherwise: composed
				// straight from the bytes, one copy of a large file less.
				r.Text = vntext.NFCBytes(src)
				if si.lostU {
					return r, lostUMaybe
				}
				return r, lostUUnknown
			}
			r.Text = vntext.CopyString(src)
			if si.moji >= 2 {
				if t, w := fixMojibake(r.Text); w != "" {
					r.Text = vntext.Normalize(t)
					r.Warnings = append(r.Warnings, w)
					return r, lostUUnknown
				}
			}
			if si.marks >= 4 && si.marks > si.vn {
				if r2, ok := legacyShownAs1252(r.Text); ok {
					return r2, lostUUnknown
				}
			}
			if dirty {
				r.Text = vntext.Normalize(r.Text)
			} else if !nfc && !norm.NFC.IsNormalString(r.Text) {
				r.Text = vntext.NFC(r.Text)
			}
			switch {
			case si.lostU:
				return r, lostUMaybe
			case nfc && !dirty:
				return r, lostUNo // every ơ was seen by the scan
			}
			return r, lostUUnknown
		}
		decodeUnknown(src, &r)
		return r, lostUUnknown
	}
	r.Text = vntext.Normalize(r.Text)
	return r, lostUUnknown
}

// IsKnownEncoding reports whether name is accepted by DecodeAs.
func IsKnownEncoding(name string) bool {
	name = canonical(name)
	for _, e := range Encodings {
		if e == name {
			return true
		}
	}
	return false
}

func decodeUTF8(src []byte, r *Result) string {
	if utf8.Valid(src) {
		return vntext.CopyString(src)
	}
	var b strings.Builder
	b.Grow(len(src) + 16)
	bad := 0
	for len(src) > 0 {
		c, n := utf8.DecodeRune(src)
		if c == utf8.RuneError && n == 1 {
			bad++
		}
		b.WriteRune(c)
		src = src[n:]
	}
	r.Warnings = append(r.Warnings, plural(bad, "invalid UTF-8 byte")+" replaced by U+FFFD")
	return b.String()
}

func decodeUTF16(src []byte, bigEndian bool, r *Result) string {
	if len(src)%2 == 1 {
		r.Warnings = append(r.Warnings, "odd trailing byte of UTF-16 input dropped")
		src = src[:len(src)-1]
	}
	u := make([]uint16, len(src)/2)
	for i := range u {
		if bigEndian {
			u[i] = uint16(src[2*i])<<8 | uint16(src[2*i+1])
		} else {
			u[i] = uint16(src[2*i+1])<<8 | uint16(src[2*i])
		}
	}
	runes := utf16.Decode(u)
	bad := 0
	for _, c := range runes {
		if c == unicode.ReplacementChar {
			bad++
		}
	}
	if bad > 0 {
		r.Warnings = append(r.Warnings, plural(bad, "invalid UTF-16 code unit")+" replaced by U+FFFD")
	}
	return string(runes)
}

func decode1258(src []byte) string {
	out, err := charmap.Windows1258.NewDecoder().Bytes(src)
	if err != nil { // cannot happen for a single-byte table; keep the bytes readable
		return strings.ToValidUTF8(string(src), "\uFFFD")
	}
	return string(out)
}

// LooksUTF16 reports whether src looks like UTF-16 without a byte-order
// mark (see looksUTF16).
func LooksUTF16(src []byte) bool { return looksUTF16(src) != "" }

// looksUTF16 guesses UTF-16 without a BOM: in Vietnamese or ASCII text every
// other byte of the first kilobyte is NUL (for ASCII) or small (0x00–0x01,
// 0x1E for Vietnamese letters).
func looksUTF16(src []byte) string {
	n := len(src)
	if n > 1024 {
		n = 1024
	}
	n &^= 1
	if n < 8 {
		return ""
	}
	zeroEven, zeroOdd := 0, 0
	for i := 0; i < n; i += 2 {
		if src[i] == 0 {
			zeroEven++
		}
		if src[i+1] == 0 {
			zeroOdd++
		}
	}
	half := n / 2
	switch {
	case zeroOdd*10 >= half*6 && zeroEven*10 < half:
		return UTF16LE
	case zeroEven*10 >= half*6 && zeroOdd*10 < half:
		return UTF16BE
	}
	return ""
}

func countUTF8(src []byte) (valid, invalid int) {
	for len(src) > 0 {
		if src[0] < utf8.RuneSelf {
			src = src[1:]
			continue
		}
		c, n := utf8.DecodeRune(src)
		if c == utf8.RuneError && n == 1 {
			invalid++
		} else {
			valid++
		}
		src = src[n:]
	}
	return
}

// scanInfo is what scanUTF8 learns in its one pass.
type scanInfo struct {
	valid bool // the bytes are UTF-8
	dirty bool // Normalize has more than NFC to do
	nfc   bool // the text is certainly NFC (see isNFCFast)
	moji  int  // signs of mojibake: Ã Ä Å Æ before a continuation byte's
	// character, á before º or », C1 controls
	marks int  // Latin-1 characters Vietnamese does not use (® ¶ µ ¬ ø û…)
	vn    int  // Vietnamese letters beyond Latin-1 (ă ơ ư đ ạ ả … ỹ)
	lostU bool // an ơ that needs the ư before it (see mayHaveLostU)
}

// scanUTF8 validates src and, in the same pass, gathers scanInfo.
func scanUTF8(src []byte) scanInfo {
	si := scanInfo{valid: true, nfc: true}
	var prev rune
	for i := 0; i < len(src); {
		c := src[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\n' && c != '\t' || c == 0x7F {
				si.dirty = true
			}
			prev = rune(c)
			i++
			continue
		}
		var r rune
		var n int
		switch {
		case c >= 0xC2 && c <= 0xDF && i+1 < len(src) && src[i+1]&0xC0 == 0x80:
			r, n = rune(c&0x1F)<<6|rune(src[i+1]&0x3F), 2
		case c == 0xE1 && i+2 < len(src) && src[i+1]&0xC0 == 0x80 && src[i+2]&0xC0 == 0x80:
			// U+1000–U+1FFF, where the precomposed Vietnamese vowels are.
			r, n = rune(c&0x0F)<<12|rune(src[i+1]&0x3F)<<6|rune(src[i+2]&0x3F), 3
		default:
			r, n = utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && n == 1 {
				return scanInfo{}
			}
		}
		switch {
		case r >= 0x1EA0 && r <= 0x1EF9 || r >= 0x102 && r <= 0x1B0:
			si.vn++
			if (r == 0x1A1 || r == 0x1A0 || r >= 0x1EDA && r <= 0x1EE3) && !si.lostU && needsU(src[i+n:], prev) {
				si.lostU = true
			}
		case r < 0x100:
			if r >= 0xA1 && !vnLatin1(r) {
				si.marks++
			}
			if r < 0xA0 || prev >= 0xC3 && prev <= 0xC6 && r < 0xC0 || prev == 'á' && (r == 'º' || r == '»') {
				si.moji++
			}
		default:
			if prev >= 0xC3 && prev <= 0xC6 {
				if b, ok := mojiBytes()[r]; ok && b < 0xA0 {
					si.moji++ // Ä‘: a Windows-1252 symbol for a byte 0x80–0x9F
				}
			}
		}
		switch r {
		case 0xFEFF, 0x200B, 0x200C, 0x200D, 0x2060, 0xAD, 0xA0, 0x202F, 0x2007, 0xD0, 0xF0:
			si.dirty = true
		}
		if si.nfc && !(r < 0x300 || r >= 0x1E00 && r <= 0x1EFF || r >= 0x2002 && r <= 0x20CF) {
			si.nfc = false
		}
		prev = r
		i += n
	}
	return si
}

// vnLatin1 reports whether r, in U+00A1–U+00FF, is a Vietnamese letter or a
// symbol Vietnamese text uses.
func vnLatin1(r rune) bool {
	switch r {
	case 'À', 'Á', 'Â', 'Ã', 'È', 'É', 'Ê', 'Ì', 'Í', 'Ò', 'Ó', 'Ô', 'Õ', 'Ù', 'Ú', 'Ý',
		'à', 'á', 'â', 'ã', 'è', 'é', 'ê', 'ì', 'í', 'ò', 'ó', 'ô', 'õ', 'ù', 'ú', 'ý',
		'°', '«', '»', '·', '±', '×', '²', '³', '½', '¼', '¾', '€':
		return true
	}
	return false
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return itoa(n) + " " + what + "s"
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var buf [20]byte
	i := len(buf)
	for n > 0 {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	return string(buf[i:])
}
