-- vanban archive, schema 2: the original bytes and the decoded text are
-- stored S2-compressed (klauspost/compress/s2 block format), like the body.
-- An import wrote each document's bytes twice uncompressed (original, and
-- the WAL then the file); compressed, an archive takes about a third less
-- room and an import writes that much less.
--
-- Records written from schema 2 on have original = X'' (empty) and the
-- bytes in original_s2; text stays NULL and text_s2 holds the decoded text
-- when it differs from the original bytes. Records written before keep their
-- uncompressed columns (original_s2 and text_s2 NULL). Readers take
-- original_s2 when it is not NULL, original otherwise; and check the bytes
-- against documents.source_sha256.
ALTER TABLE contents ADD COLUMN original_s2 BLOB;
ALTER TABLE contents ADD COLUMN text_s2 BLOB;
