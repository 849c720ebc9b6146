// Package charset turns the bytes of a text file into clean Vietnamese
// text: it detects and decodes UTF-8, UTF-16 and the legacy encodings
// (TCVN3, VN1, VNI, VISCII, Windows-1258), repairs mojibake and restores
// what legacy conversions lose, then normalises with vntext.Normalize.
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
// The tables and the syllable data are read the first time bytes need them
// (sync.Once), not when a command starts: plain UTF-8 never needs them.
package charset
