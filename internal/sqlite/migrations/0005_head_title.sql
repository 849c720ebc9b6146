-- vanban archive, schema 5: the head index holds a record's title, its
-- type and subject ("Hướng dẫn" + "Nghiệp vụ công tác đảng viên"), where it
-- held the subject alone (vanban.Title; so does the subject column of
-- documents_fts for records written from this schema on, and for older
-- ones from their next reparse). The head index is made anew and filled
-- again by the first writing open (head_fill.done back to 0), as schema 4
-- filled it.
DROP TABLE documents_head_fts;
CREATE VIRTUAL TABLE documents_head_fts USING fts5(
	subject, issuer, signer,
	content = '', contentless_delete = 1,
	tokenize = 'unicode61 remove_diacritics 2'
);
UPDATE head_fill SET done = 0;
