-- vanban archive, schema 1. Never edit a released migration: add a new file.

CREATE TABLE documents (
	id               INTEGER PRIMARY KEY,
	text_sha256      BLOB NOT NULL UNIQUE,   -- SHA-256 (32 bytes) of the normalised text: the duplicate key
	system           TEXT NOT NULL,
	motto            TEXT NOT NULL,
	parent_issuer    TEXT NOT NULL,
	issuer           TEXT NOT NULL,
	number           TEXT NOT NULL,
	symbol           TEXT NOT NULL,
	type_code        TEXT NOT NULL,
	issuer_code      TEXT NOT NULL,
	unit_code        TEXT NOT NULL,
	type             TEXT NOT NULL,
	place            TEXT NOT NULL,
	date             TEXT NOT NULL,          -- ISO YYYY-MM-DD or ''
	subject          TEXT NOT NULL,
	recipients       TEXT NOT NULL,          -- JSON array
	refs             TEXT NOT NULL,          -- JSON array of references
	distribution     TEXT NOT NULL,          -- JSON array
	signer_authority TEXT NOT NULL,          -- JSON array
	signer_title     TEXT NOT NULL,
	signer_name      TEXT NOT NULL,
	urgency          TEXT NOT NULL,
	secrecy          TEXT NOT NULL,
	encoding         TEXT NOT NULL,
	warnings         TEXT NOT NULL,          -- JSON array of {field, message}
	parser_version   TEXT NOT NULL,
	source_path      TEXT NOT NULL,
	source_size      INTEGER NOT NULL,
	source_sha256    TEXT NOT NULL,          -- SHA-256 of the original bytes
	imported_at      TEXT NOT NULL,          -- RFC 3339, UTC
	-- Folded copies (vntext.Fold) for accent- and case-insensitive filters.
	issuer_fold      TEXT NOT NULL,
	type_fold        TEXT NOT NULL,
	signer_fold      TEXT NOT NULL,
	place_fold       TEXT NOT NULL,
	symbol_fold      TEXT NOT NULL,
	parent_fold      TEXT NOT NULL
);

CREATE INDEX documents_date      ON documents(date, id);
CREATE INDEX documents_issuer    ON documents(issuer_fold, date);
CREATE INDEX documents_parent    ON documents(parent_fold, date);
CREATE INDEX documents_type      ON documents(type_fold, date);
CREATE INDEX documents_place     ON documents(place_fold, date);
CREATE INDEX documents_symbol    ON documents(symbol_fold, issuer_fold, date);

-- Every folded issuer and parent issuer name once: --issuer matches its
-- words here (a few thousand rows), then uses the indexes above.
CREATE TABLE issuers (fold TEXT PRIMARY KEY) WITHOUT ROWID;

-- The texts, apart so that listing never reads them. The original bytes and
-- the decoded text are stored as they are; the body, which the parser
-- derives from the text, is stored S2-compressed (it is most of the text,
-- and storing it twice uncompressed doubled what an import writes).
CREATE TABLE contents (
	doc_id   INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
	original BLOB NOT NULL,                  -- the file's bytes, verbatim
	text     TEXT,                           -- decoded, normalised text; NULL when equal to original
	body_s2  BLOB NOT NULL                   -- the record's body, S2 block (klauspost/compress/s2)
);

-- Full-text index over folded text. Contentless: the texts live in contents;
-- rowid is documents.id.
CREATE VIRTUAL TABLE documents_fts USING fts5(
	subject, body, issuer, recipients, signer,
	content = '', contentless_delete = 1,
	tokenize = 'unicode61 remove_diacritics 2'
);

-- The signer (authority, title, name) again, alone: the --signer filter
-- matches phrases here, where the doclists are short, instead of in
-- documents_fts, where common words occur in nearly every body.
CREATE VIRTUAL TABLE documents_meta_fts USING fts5(
	signer,
	content = '', contentless_delete = 1,
	tokenize = 'unicode61 remove_diacritics 0'
);

-- Merge index segments in larger steps: fewer rewrites while importing.
INSERT INTO documents_fts(documents_fts, rank) VALUES ('automerge', 8);
