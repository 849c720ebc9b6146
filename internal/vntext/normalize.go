package vntext

import (
	"bytes"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalize applies the normalisation steps of the package documentation.
func Normalize(s string) string {
	if needsCleanup(s) {
		var b strings.Builder
		b.Grow(len(s))
		for i := 0; i < len(s); {
			c, n := utf8.DecodeRuneInString(s[i:])
			i += n
			cleanRune(&b, c, i < len(s) && s[i] == '\n', &i)
		}
		s = b.String()
	}
	if !IsNFCFast(s) && !norm.NFC.IsNormalString(s) {
		s = NFC(s)
	}
	return s
}

// NFC is norm.NFC.String(s) built once in memory of s's size: the
// package's String grows its buffer by doubling and then copies it into
// the string, three times the size of a large decomposed (NFD) document
// at its peak, where this holds one.
func NFC(s string) string {
	return nfcOf(len(s), func(w io.Writer, i, j int) { io.WriteString(w, s[i:j]) })
}

// NFCBytes is NFC(string(b)) without that copy.
func NFCBytes(b []byte) string {
	return nfcOf(len(b), func(w io.Writer, i, j int) { w.Write(b[i:j]) })
}

// nfcOf composes n bytes, handed to the streaming NFC writer 32 KB at a
// time by write, into a string.
func nfcOf(n int, write func(w io.Writer, i, j int)) string {
	var b strings.Builder
	b.Grow(n)
	nfc := norm.NFC.Writer(&b)
	for i := 0; i < n; i += 32 << 10 {
		write(nfc, i, min(n, i+32<<10))
	}
	nfc.Close()
	return b.String()
}

// CopyString is string(b), copied a megabyte at a time for a large b: one
// copy of tens of megabytes cannot be preempted, and a garbage collection
// that starts meanwhile cannot finish until it has, while everything
// allocated in the meantime counts as live (a document of 90 MB peaked a
// third higher for that alone).
func CopyString(b []byte) string {
	const step = 1 << 20
	if len(b) <= step {
		return string(b)
	}
	var sb strings.Builder
	sb.Grow(len(b))
	for len(b) > 0 {
		n := min(len(b), step)
		sb.Write(b[:n])
		b = b[n:]
	}
	return sb.String()
}

// NormalizeBytes is Normalize of string(src) without that copy: a large
// file that needs cleaning is read once into its cleaned, NFC text. The
// cleaned runes go through the streaming NFC writer in 32 KB pieces, so the
// text is built once, not once cleaned and once composed.
func NormalizeBytes(src []byte) string {
	var b strings.Builder
	b.Grow(len(src))
	nfc := norm.NFC.Writer(&b)
	var chunk bytes.Buffer
	chunk.Grow(32<<10 + 8)
	for i := 0; i < len(src); {
		c, n := utf8.DecodeRune(src[i:])
		i += n
		cleanRune(&chunk, c, i < len(src) && src[i] == '\n', &i)
		if chunk.Len() >= 32<<10 {
			nfc.Write(chunk.Bytes())
			chunk.Reset()
		}
	}
	nfc.Write(chunk.Bytes())
	nfc.Close()
	return b.String()
}

// runeWriter is what cleanRune writes to (strings.Builder, bytes.Buffer).
type runeWriter interface {
	WriteByte(byte) error
	WriteRune(rune) (int, error)
}

// cleanRune writes rune c of a text being normalised: CR and CRLF as LF,
// C0 controls, BOM, zero-width characters and soft hyphens dropped, no-break
// spaces as spaces, Ð/ð as Đ/đ. nextIsLF says an LF follows (skipped after a
// CR, by advancing *i).
func cleanRune(b runeWriter, c rune, nextIsLF bool, i *int) {
	switch {
	case c == '\r':
		b.WriteByte('\n')
		if nextIsLF {
			*i++
		}
	case c == '\n' || c == '\t':
		b.WriteRune(c)
	case c < 0x20 || c == 0x7F:
		// C0 controls carry nothing in these documents.
	case c == 0xFEFF || c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0xAD:
		// BOM, zero-width characters, soft hyphen.
	case c == 0xA0 || c == 0x202F || c == 0x2007:
		b.WriteByte(' ')
	case c == 0xD0:
		b.WriteRune('Đ')
	case c == 0xF0:
		b.WriteRune('đ')
	default:
		b.WriteRune(c)
	}
}

// IsNFCFast reports true when s is certainly NFC because every rune lies in
// a range where NFC changes nothing and no combining mark follows: ASCII and
// Latin below U+0300, Latin Extended Additional (the precomposed Vietnamese
// vowels) and general punctuation. It returns false when unsure.
func IsNFCFast(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r < 0x300, r >= 0x1E00 && r <= 0x1EFF, r >= 0x2002 && r <= 0x20CF, r == utf8.RuneError && n == 3:
		default:
			return false
		}
		i += n
	}
	return true
}

func needsCleanup(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c < 0x20:
			if c != '\n' && c != '\t' {
				return true
			}
		case c < 0x80:
			if c == 0x7F {
				return true
			}
		case c == 0xC2: // U+00A0, U+00AD
			if i+1 < len(s) && (s[i+1] == 0xA0 || s[i+1] == 0xAD) {
				return true
			}
		case c == 0xC3: // U+00D0, U+00F0
			if i+1 < len(s) && (s[i+1] == 0x90 || s[i+1] == 0xB0) {
				return true
			}
		case c == 0xE2: // U+2007, U+200B–U+200D, U+202F, U+2060
			if i+2 < len(s) && (s[i+1] == 0x80 && (s[i+2] == 0x87 || s[i+2] >= 0x8B && s[i+2] <= 0x8D || s[i+2] == 0xAF) || s[i+1] == 0x81 && s[i+2] == 0xA0) {
				return true
			}
		case c == 0xEF: // U+FEFF
			if i+2 < len(s) && s[i+1] == 0xBB && s[i+2] == 0xBF {
				return true
			}
		}
	}
	return false
}
