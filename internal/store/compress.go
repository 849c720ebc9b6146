package store

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"unsafe"

	"github.com/klauspost/compress/s2"
)

// The original bytes, the decoded text (when it differs from them) and the
// body are stored as S2 blocks (github.com/klauspost/compress/s2, a faster
// Snappy): compressing in the parse workers costs a few microseconds per
// document, and the archive, with what the single writer writes, is about a
// third smaller. Reading checks the original bytes against the record's
// source_sha256, so a damaged block is reported, never returned.

// CompressBody compresses a record's body for the contents table.
func CompressBody(body string) []byte {
	return s2.Encode(nil, ReadOnlyBytes(body))
}

// TextSHA256 is the SHA-256 of a record's text (the key duplicates are
// found by), computed without a []byte copy of the text: sha256 has no
// WriteString, and io.WriteString would copy a large document whole.
func TextSHA256(text string) [sha256.Size]byte {
	h := sha256.New()
	h.Write(ReadOnlyBytes(text)) // read, never kept or written
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}

// ReadOnlyBytes is the bytes of s without a copy, for s2.Encode, which only
// reads its source: a large document's body or text is compressed without
// a second copy of it in memory. The slice must never be written to.
func ReadOnlyBytes(s string) []byte {
	return unsafe.Slice(unsafe.StringData(s), len(s))
}

// DecompressBody reverses CompressBody.
func DecompressBody(b []byte) (string, error) {
	if len(b) == 0 {
		return "", nil
	}
	out, err := s2.Decode(nil, b)
	if err != nil || len(out) == 0 {
		return "", err
	}
	// out is a fresh allocation that nothing else holds or will write:
	// viewing it as a string saves copying every body of an export.
	return unsafe.String(&out[0], len(out)), nil
}

// CompressText compresses a record's decoded text, or returns nil when the
// text is the original bytes themselves (then it is not stored twice).
func CompressText(text string, original []byte) []byte {
	if text == string(original) {
		return nil
	}
	return s2.Encode(nil, ReadOnlyBytes(text))
}

// OriginalOf returns the original bytes of a contents row: from original_s2
// when set (schema 2 on), else the uncompressed original column, checked
// against the hex SHA-256 recorded at import (when there is one).
func OriginalOf(id int64, raw, packed []byte, sum string) ([]byte, error) {
	orig := raw
	if packed != nil {
		var err error
		if orig, err = s2.Decode(nil, packed); err != nil {
			return nil, fmt.Errorf("record %d: the stored original bytes are damaged (%w); restore the archive from a backup", id, err)
		}
	}
	if sum != "" {
		got := sha256.Sum256(orig)
		if hex.EncodeToString(got[:]) != sum {
			return nil, fmt.Errorf("record %d: the stored original bytes do not match their SHA-256 (%s); restore the archive from a backup", id, sum)
		}
	}
	return orig, nil
}

// CompressOriginal compresses a document's original bytes as the archive
// stores them (contents.original_s2).
func CompressOriginal(b []byte) []byte { return s2.Encode(nil, b) }
