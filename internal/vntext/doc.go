// Package vntext is the small Vietnamese text package every query and
// record goes through: normalisation (Normalize) and the folded search key
// (Fold, Words). It has no tables to read at start-up beyond the folding
// table, built from x/text's normalisation data in well under a millisecond.
// Turning bytes in legacy encodings into text is package charset's, which
// builds on this one.
//
// # Normalisation
//
// After decoding, Normalize applies, in order: CRLF and lone CR become LF; a
// stray BOM, zero-width characters and C0 controls other than TAB and LF are
// removed; NO-BREAK SPACE becomes a space; the text is put in NFC, which also
// composes the "Unicode tổ hợp" shape (precomposed letter + combining tone)
// and Windows-1258 output; U+00D0 Ð and U+00F0 ð, which Vietnamese text only
// ever uses in place of Đ and đ, become U+0110 Đ and U+0111 đ.
//
// # Folding
//
// Fold is the one search key of the project (SPEC.md §5.4): lower case, every
// tone and vowel mark removed, đ → d. Old and new tone placement (hoà/hòa,
// thuỷ/thủy) fold to the same key because the marks are gone. The archive
// indexes Fold(text) and queries are folded with the same function.
package vntext
