-- The head fields indexed apart: subject, issuer (with its parent) and
-- signer, folded as in documents_fts. Their doclists are short, so finding
-- the documents whose head holds every word of a query costs little even
-- when the words stand in most bodies (search.go). The writer fills it with
-- documents_fts; the rows of an archive made before this migration are
-- added by the first writing open (head_fill.done turns 1 when they are).
CREATE VIRTUAL TABLE documents_head_fts USING fts5(
	subject, issuer, signer,
	content = '', contentless_delete = 1,
	tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE head_fill (done INTEGER NOT NULL);
INSERT INTO head_fill (done) VALUES (0);
