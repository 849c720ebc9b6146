package export

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Visible makes text safe to print on a terminal or in a text format:
// characters that would act instead of showing — C0 controls (but tab and,
// when keepNewlines, line feed), DEL, the C1 controls U+0080–U+009F, and the
// bidi embeddings, overrides and isolates U+202A–U+202E, U+2066–U+2069 —
// are written as visible escapes (\x1b, \u202e). Document text and file
// names are untrusted: an escape sequence in a name once changed a
// terminal's title. JSON output keeps data exact and does not use this.
func Visible(s string, keepNewlines bool) string {
	if !needsVisible(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && w == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\t' || r == '\n' && keepNewlines:
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r >= 0x80 && r <= 0x9f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+w])
		}
		i += w
	}
	return b.String()
}

// needsVisible is the cheap test for Visible: a byte that can start one of
// the characters it escapes, or invalid UTF-8.
func needsVisible(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 && c != '\t' && c != '\n' || c == 0x7f || c == 0xc2 || c == 0xe2 {
			return true
		}
	}
	return !utf8.ValidString(s) || strings.ContainsRune(s, '\n')
}

// FormulaSafe neutralises a spreadsheet cell that a spreadsheet program
// would run as a formula (OWASP "CSV injection"): a cell starting with =,
// +, -, @, tab or CR gets a leading apostrophe, which spreadsheets hide.
func FormulaSafe(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// oneLine keeps a cell on one line, free of tabs and of characters that act
// on a terminal.
func oneLine(s string) string {
	if strings.ContainsAny(s, "\t\n\r") {
		s = strings.NewReplacer("\t", " ", "\r\n", " ", "\n", " ", "\r", " ").Replace(s)
	}
	return Visible(s, false)
}
