-- vanban archive, schema 7: corrections and history (corrections.go).
-- A corrected field is an override: its value wins over the parser's in
-- the documents row, and reparse keeps it; parser_value is the parser's
-- value of the field, kept up to date by reparse, so that unset can go
-- back to it and a change of the parser's mind can be reported.
CREATE TABLE overrides (
	doc_id       INTEGER NOT NULL,
	field        TEXT NOT NULL,   -- a name of vanban.Fields
	value        TEXT NOT NULL,   -- stored form (Field.EncodeValue)
	parser_value TEXT NOT NULL,
	actor        TEXT NOT NULL,
	at           TEXT NOT NULL,   -- RFC 3339, UTC
	PRIMARY KEY (doc_id, field)
) WITHOUT ROWID;

-- Every change to a record, appended: import, reparse (a row per field
-- changed), set, unset, rm. Nothing in vanban updates or deletes a row,
-- and the triggers refuse it to anyone else using SQLite.
CREATE TABLE history (
	seq     INTEGER PRIMARY KEY AUTOINCREMENT,
	at      TEXT NOT NULL,        -- RFC 3339, UTC
	actor   TEXT NOT NULL,        -- $VANBAN_USER, else the OS user
	command TEXT NOT NULL,        -- the command line
	doc_id  INTEGER NOT NULL,
	action  TEXT NOT NULL,        -- import, reparse, set, unset, rm
	field   TEXT NOT NULL,        -- '' for the record as a whole
	old     TEXT NOT NULL,
	new     TEXT NOT NULL
);
CREATE INDEX history_doc ON history(doc_id, seq);
CREATE TRIGGER history_append_only_update BEFORE UPDATE ON history
	BEGIN SELECT RAISE(ABORT, 'vanban history is append-only'); END;
CREATE TRIGGER history_append_only_delete BEFORE DELETE ON history
	BEGIN SELECT RAISE(ABORT, 'vanban history is append-only'); END;

-- What rm removes stays recoverable until vanban purge: the original
-- bytes (and decoded text) of a deleted record, with what identified it.
CREATE TABLE trash (
	doc_id        INTEGER PRIMARY KEY,
	deleted_at    TEXT NOT NULL,
	actor         TEXT NOT NULL,
	symbol        TEXT NOT NULL,
	type          TEXT NOT NULL,
	source_path   TEXT NOT NULL,
	source_sha256 TEXT NOT NULL,
	original      BLOB NOT NULL,
	original_s2   BLOB,
	text_s2       BLOB
);
