// Package vntext turns the bytes of a text file into clean Vietnamese text and
// computes the folded search key. Every other package handles Vietnamese text
// through it, so that decoding and folding happen once, the same way.
//
// # Decoding
//
// Decode chooses the encoding in this order:
//
//   - a byte-order mark: UTF-8 (EF BB BF), UTF-16 LE (FF FE), UTF-16 BE (FE FF);
//   - UTF-16 without a mark, when NUL bytes fill every other position of the
//     first kilobyte and the rest looks like text;
//   - UTF-8, when the bytes are valid UTF-8. Valid UTF-8 is never re-decoded,
//     only repaired: mojibake (UTF-8 read as Windows-1252 or Latin-1 and
//     saved again, see repair.go) and legacy text that went through
//     Windows-1252 into UTF-8 ("®¶ng céng s¶n", see legacyShownAs1252);
//   - otherwise the lines that are not UTF-8 are decoded with each legacy
//     candidate — TCVN3, VNI, VISCII, Windows-1258 — and scored by how
//     Vietnamese they read (score, IsSyllable). UTF-8 with a few broken
//     bytes reads best as UTF-8 (U+FFFD and a warning); a file with no
//     Vietnamese reading is Windows-1258 (which is Windows-1252 for Western
//     text). Valid UTF-8 lines of a legacy file stay UTF-8 when they read
//     better so, and a paragraph that reads clearly better in another legacy
//     encoding is decoded in that one (decodeUnknown).
//
// The legacy tables live in tables/*.txt as readable data (byte, code point,
// letter) with their sources; Encode writes the same encodings, for test
// fixtures. TCVN3 text then gets its capitals back where the layout makes
// them certain (capitals.go), and any text gets back the ư that TCVN3's
// 0xAD loses to soft-hyphen stripping (restoreLostU).
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
