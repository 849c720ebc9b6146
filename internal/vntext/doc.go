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
//   - UTF-8, when the bytes are valid UTF-8, or nearly so: a file with at
//     least three valid multi-byte sequences and at most one invalid byte for
//     every two of them is read as UTF-8 with each invalid byte replaced by
//     U+FFFD, and a warning (Windows-1258 text has almost no valid UTF-8
//     sequences, so the two do not meet);
//   - Windows-1258 otherwise (the Vietnamese Windows code page; its combining
//     tone bytes are composed by the normalisation below).
//
// The decoder is a table of named candidates (see [Encodings]), so that the
// legacy font encodings (TCVN3, VNI, VISCII) slot in beside Windows-1258.
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
