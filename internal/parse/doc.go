// Package parse turns the text of one Vietnamese official document into a
// vanban.Document (SPEC.md §3). It is a pure function over bytes: no file
// system, no database, no global state, and no panic on any input.
//
// The parser is built from general rules about how State documents (Nghị định
// 30/2020/NĐ-CP and its predecessors) and Party documents (Hướng dẫn
// 36-HD/VPTW) are laid out, as documented in shared/docs/format-spec.md, and
// about how that layout survives in plain text: OCR output, Word files saved
// as text, and web copies with Markdown debris.
//
// # Preparation
//
// An HTML page (Word's "Save as Web Page", a web copy saved as .txt) is
// first read as its text: block elements end lines, table cells are cell
// boundaries, head, styles, scripts and comments are dropped. A file that
// Word saved as text with a blank line after every line has those blank
// lines removed (twice, for a double-spaced file exported again).
//
// The text (already decoded and normalised by vntext) is split into lines.
// Converter and crawler debris is removed: YAML front matter, e-signature
// metadata (Ký bởi, Thời gian ký, Digitally signed by, and the Cơ quan /
// Địa chỉ / Date / Location lines that follow), Công báo running heads with
// their page numbers, page-break markers, a crawler title line such as
// "Công văn 2739/VPCP-ĐMDN năm 2019 … ban hành." (and its repetitions),
// editorial notes "[Nội dung này được đính chính …]", Markdown headings,
// emphasis, escapes, images and links. Table pipes and rule runs become cell
// boundaries (three spaces); pipe and grid tables are read column by column.
//
// # Header grammar
//
// The header is found by anchors, each matched on folded text (lower case,
// marks removed) so that OCR damage to diacritics does not hide it:
//
//	number line   "Số" (also Sô, So, Sé, Sá, s6, 36 …) at a line or cell start,
//	              then NUM-TYPE/ISSUER (Party) or NUM/[YEAR/]GROUP(-GROUP)*
//	              (State); spaces around / and -, en and em dashes accepted;
//	              an unreadable number or a slash read as I, l, |, ÿ is
//	              tolerated (number "", warning)
//	Quốc hiệu     CỘNG HÒA/HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM, also on two lines
//	Party title   ĐẢNG CỘNG SẢN VIỆT NAM (upper case, in the header)
//	tiêu ngữ      Độc lập - Tự do - Hạnh phúc, any case or dash
//	place-date    <Place>, ngày DD tháng MM năm YYYY, also split over two
//	              lines, with the year after the number cell, or the month
//	              in words; the place is the cell before the comma
//	V/v           the công văn subject (also V/v:, VIv, VW), running over
//	              wrapped lines until another anchor
//	title line    a type name in capitals (QUYẾT ĐỊNH, KẾ HOẠCH…) not
//	              followed by ":", then the subject lines; "Về việc" dropped;
//	              the issuing-authority line under it belongs to the header
//	Kính gửi      one recipient on the line, or a dashed list; address and
//	              tax-code lines are details, not recipients
//
// Headers are linearised row-wise, column-wise, cell-wise or all on one line;
// the anchors are found wherever they stand, and what remains above the
// number line in capitals is the issuer block. Its lines are grouped into
// organs: a line that starts with an organ word (BỘ, SỞ, CỤC, TỔNG CỤC, ỦY
// BAN, ĐẢNG ỦY, TỈNH ỦY, BAN…) starts a new organ, any other continues the
// previous one. The last organ is the issuer, the one before it the parent.
//
// A Party công văn without V/v takes the line under its number as subject.
//
// # Closing grammar
//
// The body runs from the end of the header to the closing: the first "Nơi
// nhận" line (OCR forms such as Noi nhận, Nui nhljn accepted), or a signing-
// authority line (TM., KT., TL., TUQ., Q., T/M, K/T, T/L, T/UQ) before it,
// or, without either, a signer's title line followed by a name. Nơi nhận
// entries are bulleted lines with their wrapped continuations; text printed
// beside an entry by the signature column (after the entry's ";") and
// unbulleted lines between entries go to the signature. Entries printed
// above a fused "Nơi nhận: KT. BỘ TRƯỞNG" line are read upwards. OCR debris
// after the final "Lưu" entry is dropped.
//
// The signature lines are read in order: each authority prefix starts an
// authority; a capitals line with a title word is the signer's title; the
// name starts at a Vietnamese family name and runs over capitalised words.
// "KT. BỘ TRƯỞNG THỨ TRƯỞNG" and "TM. CHÍNH PHỦ THỦ TƯỚNG" printed on one
// line are split at the second title.
//
// # References
//
// Every slash after the number line is looked at: the symbol-like text
// around it is joined across the gaps OCR and line wraps leave, and kept
// when a cue stands before it (a type name or "số"). See the README for what
// is and is not a reference.
//
// # Errors and warnings
//
// Parse fails only for input that is not a document: empty, binary (control
// bytes, replacement characters), larger than MaxSize, or text with no
// header anchor and no signature. Everything else yields a record; each
// field that is missing or was read from damaged text gets a warning.
package parse
