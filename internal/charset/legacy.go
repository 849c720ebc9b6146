package charset

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// The legacy Vietnamese encodings are read from the mapping tables in
// tables/, kept as readable text (byte, code point, letter) so that a reader
// can check them against the published tables they came from.
//
//go:embed tables/*.txt
var tableFiles embed.FS

// Legacy encoding names as they appear in a record's "encoding" field.
const (
	TCVN3  = "tcvn3"
	VN1    = "vn1" // TCVN 5712:1993 VN1 (glibc's TCVN5712-1): TCVN3 with its capitals
	VNI    = "vni"
	VISCII = "viscii"
)

var (
	tcvn3Table  [256]rune // byte → rune; ASCII bytes map to themselves
	vn1Table    [256]rune // tcvn3Table with VN1's capitals in C0 and 0x80-0x9F
	vn1Enc      map[rune]byte
	vniSingle   [256]rune        // a byte on its own: VNI single-byte letter, else Windows-1252
	vniPair     map[[2]byte]rune // base byte + modifier byte → letter
	vniModifier [256]bool        // bytes that are VNI modifiers

	tcvn3Enc map[rune]byte
	vniEnc   map[rune][]byte
)

// tableEncoding is a single-byte legacy encoding with no rule of its own:
// decoded and encoded byte for byte through its table in tables/ (bytes the
// table leaves out read as Windows-1252).
type tableEncoding struct {
	name    string   // the record's "encoding" value
	file    string   // its table, tables/<file>
	aliases []string // other names --encoding accepts
	dec     [256]rune
	enc     map[rune]byte
}

// tableEncodings are the table-driven legacy encodings. Adding one is its
// table file and one line here: --encoding, detection (tried after TCVN3
// and VNI, before Windows-1258 and VN1), decoding, Encode and the
// documentation's lists take it from here.
var tableEncodings = []*tableEncoding{
	{name: VISCII, file: "viscii.txt"},
}

// tableEncodingNamed returns the table encoding called name, or nil.
func tableEncodingNamed(name string) *tableEncoding {
	for _, te := range tableEncodings {
		if te.name == name {
			return te
		}
	}
	return nil
}

// read fills the encoding's tables.
func (te *tableEncoding) read() {
	for b := 0; b < 256; b++ {
		te.dec[b] = charmap.Windows1252.DecodeByte(byte(b))
	}
	for _, e := range readTable(te.file) {
		te.dec[e.bytes[0]] = e.r
	}
	te.enc = map[rune]byte{}
	for b := 0; b < 256; b++ {
		r := te.dec[b]
		if b >= 0x80 || r != rune(b) || b >= 0x20 || b == '\t' || b == '\n' || b == '\r' {
			if _, dup := te.enc[r]; !dup {
				te.enc[r] = byte(b)
			}
		}
	}
}

// The tables are read from tables/*.txt the first time a legacy encoding is
// decoded or written, not at start-up: most commands and most files (UTF-8)
// never need them.
var tablesOnce sync.Once

// loadTables makes sure the tables are read.
func loadTables() { tablesOnce.Do(readTables) }

func readTables() {
	for b := 0; b < 256; b++ {
		r := charmap.Windows1252.DecodeByte(byte(b))
		tcvn3Table[b], vniSingle[b] = r, r
	}
	tcvn3Enc = map[rune]byte{}
	for _, e := range readTable("tcvn3.txt") {
		tcvn3Table[e.bytes[0]] = e.r
	}
	for b := 0; b < 256; b++ {
		// VN3 writes no capital with a tone mark (the VN1 capitals in the
		// table are read, never written).
		if r := tcvn3Table[b]; (r >= 0x20 || r == '\t' || r == '\n' || r == '\r') && !tonedCapital(r) {
			if _, dup := tcvn3Enc[r]; !dup {
				tcvn3Enc[r] = byte(b)
			}
		}
	}
	vn1Table = tcvn3Table
	vn1Enc = map[rune]byte{}
	for _, e := range readTable("vn1.txt") {
		vn1Table[e.bytes[0]] = e.r
	}
	for b := 0; b < 256; b++ {
		r := vn1Table[b]
		if b >= 0x80 || r != rune(b) || b >= 0x20 || b == '\t' || b == '\n' || b == '\r' {
			if _, dup := vn1Enc[r]; !dup {
				vn1Enc[r] = byte(b)
			}
		}
	}
	for _, te := range tableEncodings {
		te.read()
	}
	vniPair = map[[2]byte]rune{}
	vniEnc = map[rune][]byte{}
	for _, e := range readTable("vni.txt") {
		switch len(e.bytes) {
		case 1:
			vniSingle[e.bytes[0]] = e.r
		case 2:
			vniPair[[2]byte{e.bytes[0], e.bytes[1]}] = e.r
			vniModifier[e.bytes[1]] = true
		}
		vniEnc[e.r] = e.bytes
	}
	for b := 0x20; b < 256; b++ {
		r := vniSingle[b]
		if _, ok := vniEnc[r]; !ok && !vniModifier[b] {
			vniEnc[r] = []byte{byte(b)}
		}
	}
	for _, c := range "\t\n\r" {
		vniEnc[c] = []byte{byte(c)}
	}
}

type tableEntry struct {
	bytes []byte
	r     rune
}

// readTable reads one mapping table. tcvn3.txt and viscii.txt lines are
// "BYTE U+XXXX letter name"; vni.txt lines are "letter U+XXXX BYTE [BYTE] …".
func readTable(name string) []tableEntry {
	data, err := tableFiles.ReadFile("tables/" + name)
	if err != nil {
		panic("vntext: missing table " + name)
	}
	var out []tableEntry
	sc := bufio.NewScanner(bytes.NewReader(data))
	for line := 1; sc.Scan(); line++ {
		t := sc.Text()
		if t == "" || t[0] == '#' {
			continue
		}
		f := strings.Fields(t)
		bad := func() { panic(fmt.Sprintf("vntext: tables/%s:%d: cannot read %q", name, line, t)) }
		var e tableEntry
		cp := -1
		for i, x := range f {
			if strings.HasPrefix(x, "U+") {
				cp = i
				break
			}
		}
		if cp < 0 {
			bad()
		}
		v, err := strconv.ParseUint(f[cp][2:], 16, 32)
		if err != nil {
			bad()
		}
		e.r = rune(v)
		var hex []string
		if name == "vni.txt" {
			for _, x := range f[cp+1:] {
				if _, err := strconv.ParseUint(x, 16, 8); len(x) != 2 || err != nil {
					break
				}
				hex = append(hex, x)
			}
		} else {
			hex = f[:1]
		}
		for _, h := range hex {
			b, err := strconv.ParseUint(h, 16, 8)
			if err != nil {
				bad()
			}
			e.bytes = append(e.bytes, byte(b))
		}
		if len(e.bytes) == 0 {
			bad()
		}
		out = append(out, e)
	}
	return out
}

func decodeSingle(src []byte, table *[256]rune) string {
	var b strings.Builder
	b.Grow(len(src) + len(src)/2)
	for _, c := range src {
		if c < utf8.RuneSelf && c >= 0x20 {
			b.WriteByte(c)
		} else {
			b.WriteRune(table[c])
		}
	}
	return b.String()
}

// decodeVNI reads VNI-Windows: an ASCII base letter followed by a modifier
// byte is one letter. A base letter that ends a line and a modifier that
// starts the next one were one letter cut by a byte-counting line wrapper:
// they are joined and the line break dropped (joined counts them).
func decodeVNI(src []byte) (text string, joined int) {
	var b strings.Builder
	b.Grow(len(src) + len(src)/4)
	for i := 0; i < len(src); i++ {
		c := src[i]
		if i+1 < len(src) {
			next, skip := src[i+1], 0
			if next == '\r' || next == '\n' {
				// A letter split across lines: base, line break, modifier.
				j := i + 1
				if src[j] == '\r' {
					j++
				}
				if j < len(src) && src[j] == '\n' {
					j++
				}
				if j < len(src) && vniModifier[src[j]] {
					next, skip = src[j], j-i-1
				}
			}
			if r, ok := vniLetter(c, next); ok {
				b.WriteRune(r)
				i += 1 + skip
				if skip > 0 {
					joined++
				}
				continue
			}
		}
		if c < utf8.RuneSelf {
			b.WriteByte(c)
		} else {
			b.WriteRune(vniSingle[c])
		}
	}
	return b.String(), joined
}

// vniLetter composes base and modifier; a modifier of the other case than its
// base (typed with Caps Lock or a mixed font) still composes, in the base's case.
func vniLetter(base, mod byte) (rune, bool) {
	if !vniModifier[mod] && !vniModifier[flipVNICase(mod)] {
		return 0, false
	}
	if r, ok := vniPair[[2]byte{base, mod}]; ok {
		return r, true
	}
	if r, ok := vniPair[[2]byte{base, flipVNICase(mod)}]; ok {
		return r, true
	}
	return 0, false
}

// flipVNICase maps an upper-case modifier byte (0xC0–0xDF) to its lower-case
// twin (0xE0–0xFF) and back: VNI's modifiers follow Latin-1's case layout.
func flipVNICase(b byte) byte {
	switch {
	case b >= 0xC0 && b <= 0xDF:
		return b + 0x20
	case b >= 0xE0:
		return b - 0x20
	}
	return b
}

// Encode writes NFC text in the named encoding, the way Vietnamese software
// of the time wrote it. It fails on a rune the encoding cannot carry. TCVN3
// has no tone-marked capitals: they are written with the lower-case code, as
// the upper-case fonts (.VnTimeH) expected. Tests use Encode to make the
// legacy fixtures from the UTF-8 corpus.
func Encode(enc, s string) ([]byte, error) {
	loadTables()
	if !utf8.ValidString(s) {
		return nil, fmt.Errorf("input is not valid UTF-8")
	}
	switch canonical(enc) {
	case UTF8:
		return []byte(s), nil
	case Windows1258:
		return EncodeWindows1258(s)
	case TCVN3:
		return encodeSingle(s, func(r rune) (byte, bool) {
			if b, ok := tcvn3Enc[r]; ok {
				return b, true
			}
			b, ok := tcvn3Enc[toLowerVN(r)]
			return b, ok
		})
	case VN1:
		// A letter VN1 has no byte for is written as its base letter and a
		// combining tone mark (0xB0-0xB4), as glibc does.
		var out []byte
		for _, r := range s {
			if b, ok := vn1Enc[r]; ok {
				out = append(out, b)
				continue
			}
			d := []rune(norm.NFD.String(string(r)))
			if len(d) < 2 {
				return nil, fmt.Errorf("rune %U has no %s form", r, VN1)
			}
			base := []rune(norm.NFC.String(string(d[:len(d)-1])))
			b1, ok1 := vn1Enc[base[0]]
			b2, ok2 := vn1Enc[d[len(d)-1]]
			if len(base) != 1 || !ok1 || !ok2 {
				return nil, fmt.Errorf("rune %U has no %s form", r, VN1)
			}
			out = append(out, b1, b2)
		}
		return out, nil
	case VNI:
		out := make([]byte, 0, len(s)+len(s)/4)
		for i, r := range s {
			if r < utf8.RuneSelf {
				out = append(out, byte(r))
				continue
			}
			bs, ok := vniEnc[r]
			if !ok {
				return nil, fmt.Errorf("rune %U at byte %d has no %s form", r, i, VNI)
			}
			out = append(out, bs...)
		}
		return out, nil
	}
	if te := tableEncodingNamed(canonical(enc)); te != nil {
		return encodeSingle(s, func(r rune) (byte, bool) {
			b, ok := te.enc[r]
			return b, ok
		})
	}
	return nil, fmt.Errorf("cannot encode to %q", enc)
}

func encodeSingle(s string, enc func(rune) (byte, bool)) ([]byte, error) {
	out := make([]byte, 0, len(s))
	for i, r := range s {
		if r < utf8.RuneSelf {
			out = append(out, byte(r))
			continue
		}
		b, ok := enc(r)
		if !ok {
			return nil, fmt.Errorf("rune %U at byte %d cannot be encoded", r, i)
		}
		out = append(out, b)
	}
	return out, nil
}

// tonedCapital reports whether r is a capital letter with a tone mark.
func tonedCapital(r rune) bool {
	if !unicode.IsUpper(r) {
		return false
	}
	for _, c := range norm.NFD.String(string(r)) {
		switch c {
		case 0x300, 0x301, 0x303, 0x309, 0x323:
			return true
		}
	}
	return false
}

// toLowerVN lower-cases the Vietnamese capitals (and others) by Unicode rules.
func toLowerVN(r rune) rune {
	if r >= 0x1EA0 && r <= 0x1EF9 {
		if r%2 == 0 {
			return r + 1
		}
		return r
	}
	return []rune(strings.ToLower(string(r)))[0]
}
