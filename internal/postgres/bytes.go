package postgres

import (
	"strings"
	"unicode/utf8"
)

// PostgreSQL text must be valid UTF-8; a file name need not be (Linux names
// are bytes), and the SQLite engine keeps the name's bytes as they are. The
// texts that can hold such bytes — a record's source path, and the history
// and trash lines that name it — are stored escaped: a byte that is not
// part of valid UTF-8 becomes U+F700 plus the byte (a private-use code
// point), and a real U+F700–U+F7FF is escaped byte by byte the same way, so
// that the escape is unambiguous and reading gives back the exact bytes.
const escBase = 0xF700

// toDB escapes s for a text column.
func toDB(s string) string {
	if utf8.ValidString(s) && !strings.ContainsFunc(s, isEscRune) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1, isEscRune(r):
			for k := 0; k < n; k++ {
				b.WriteRune(escBase + rune(s[i+k]))
			}
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// fromDB reverses toDB.
func fromDB(s string) string {
	if !strings.ContainsFunc(s, isEscRune) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if isEscRune(r) {
			b.WriteByte(byte(r - escBase))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isEscRune(r rune) bool { return r >= escBase && r <= escBase+0xFF }
