-- vanban archive, PostgreSQL engine, schema 1. Runs with search_path set to
-- the archive's own schema (default vanban): every name below is in it.
-- The columns of documents are those of store.Columns (the same row as the
-- SQLite engine's), plus the full-text vectors.

CREATE TABLE meta (
	key   text PRIMARY KEY,
	value text COLLATE "C" NOT NULL
);

CREATE SEQUENCE documents_id_seq;  -- ids are never reused: a sequence never goes back

CREATE TABLE documents (
	id               bigint PRIMARY KEY DEFAULT nextval('documents_id_seq'),
	text_sha256      bytea NOT NULL UNIQUE,  -- SHA-256 of the normalised text: the duplicate key
	system           text COLLATE "C" NOT NULL,
	motto            text COLLATE "C" NOT NULL,
	parent_issuer    text COLLATE "C" NOT NULL,
	issuer           text COLLATE "C" NOT NULL,
	number           text COLLATE "C" NOT NULL,
	symbol           text COLLATE "C" NOT NULL,
	type_code        text COLLATE "C" NOT NULL,
	issuer_code      text COLLATE "C" NOT NULL,
	unit_code        text COLLATE "C" NOT NULL,
	type             text COLLATE "C" NOT NULL,
	place            text COLLATE "C" NOT NULL,
	date             text COLLATE "C" NOT NULL,          -- ISO YYYY-MM-DD or ''
	subject          text COLLATE "C" NOT NULL,
	recipients       text COLLATE "C" NOT NULL,          -- JSON array
	refs             text COLLATE "C" NOT NULL,          -- JSON array of references
	distribution     text COLLATE "C" NOT NULL,          -- JSON array
	signer_authority text COLLATE "C" NOT NULL,          -- JSON array
	signer_title     text COLLATE "C" NOT NULL,
	signer_name      text COLLATE "C" NOT NULL,
	urgency          text COLLATE "C" NOT NULL,
	secrecy          text COLLATE "C" NOT NULL,
	encoding         text COLLATE "C" NOT NULL,
	warnings         text COLLATE "C" NOT NULL,          -- JSON array of {field, message}
	spans            text COLLATE "C" NOT NULL DEFAULT '[]',
	findings         text COLLATE "C" NOT NULL DEFAULT '[]',
	parser_version   text COLLATE "C" NOT NULL,
	source_path      text COLLATE "C" NOT NULL,
	source_size      bigint NOT NULL,
	source_sha256    text COLLATE "C" NOT NULL,          -- SHA-256 of the original bytes
	imported_at      text COLLATE "C" NOT NULL,          -- RFC 3339, UTC
	issuer_fold      text COLLATE "C" NOT NULL,
	type_fold        text COLLATE "C" NOT NULL,
	signer_fold      text COLLATE "C" NOT NULL,
	place_fold       text COLLATE "C" NOT NULL,
	symbol_fold      text COLLATE "C" NOT NULL,
	parent_fold      text COLLATE "C" NOT NULL,
	signer_tsv       tsvector NOT NULL   -- the signer's authority, title and name (the --signer filter)
);

-- Full text, in a narrow table of its own: a search visits a row of it for
-- every match (a GIN index says which rows hold the words, and the heap is
-- read for each to see it is live), and the wide documents rows made
-- counting 28,000 matches of a common word read 18,000 pages (150 ms at
-- 100,000 records) where this reads under a thousand. The vectors are
-- built in Go from the folded words (vntext.Words of vntext.Fold), never by
-- a PostgreSQL parser: tsv holds title, issuer, signer, recipients and
-- body, head the first three. long: the record passes a tsvector's limits
-- on places (16,383 words, 256 places of one word); its vector keeps no
-- places and its phrases are checked in Go. date: the record's, for
-- searches sorted by date.
CREATE TABLE fts (
	id   bigint PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
	date text COLLATE "C" NOT NULL,
	long boolean NOT NULL,
	tsv  tsvector NOT NULL,
	head tsvector NOT NULL
);
ALTER TABLE fts ALTER COLUMN tsv SET COMPRESSION lz4, ALTER COLUMN head SET COMPRESSION lz4;
-- The vectors out of line however small: a row of fts is then ~60 bytes
-- (100,000 records: 8 MB, not 38 MB), and counting a common word's
-- matches reads 1,000 pages, not 4,900 (13 ms, not 49).
ALTER TABLE fts SET (toast_tuple_target = 128);
CREATE INDEX fts_tsv  ON fts USING gin (tsv);
CREATE INDEX fts_head ON fts USING gin (head);
CREATE INDEX fts_date ON fts (date, id);
CREATE INDEX fts_long ON fts (id) WHERE long;

-- TOAST: the long values compressed with lz4 (pglz costs several times
-- the CPU); the originals, texts and bodies are S2 blocks already, kept
-- as they are.
ALTER TABLE documents ALTER COLUMN spans SET COMPRESSION lz4, ALTER COLUMN refs SET COMPRESSION lz4, ALTER COLUMN findings SET COMPRESSION lz4;

CREATE INDEX documents_date    ON documents (date, id);
CREATE INDEX documents_issuer  ON documents (issuer_fold, date);
CREATE INDEX documents_parent  ON documents (parent_fold, date);
CREATE INDEX documents_type    ON documents (type_fold, date);
CREATE INDEX documents_place   ON documents (place_fold, date);
CREATE INDEX documents_symbol  ON documents (symbol_fold, issuer_fold, date);
CREATE INDEX documents_facets  ON documents (system, type, issuer, signer_name, date);
CREATE INDEX documents_signer  ON documents USING gin (signer_tsv);

CREATE TABLE issuers (fold text COLLATE "C" PRIMARY KEY);

CREATE TABLE contents (
	doc_id      bigint PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
	original_s2 bytea NOT NULL,   -- the file's bytes, S2 block
	text_s2     bytea,            -- decoded text, S2 block; NULL when equal to the original
	body_s2     bytea NOT NULL    -- the record's body, S2 block
);
ALTER TABLE contents ALTER COLUMN original_s2 SET STORAGE EXTERNAL, ALTER COLUMN text_s2 SET STORAGE EXTERNAL,
	ALTER COLUMN body_s2 SET STORAGE EXTERNAL;

CREATE TABLE links (
	doc_id      bigint NOT NULL,  -- the citing record
	seq         integer NOT NULL, -- the reference's place among the record's
	kind        text COLLATE "C" NOT NULL,
	type        text COLLATE "C" NOT NULL,
	symbol      text COLLATE "C" NOT NULL,
	symbol_fold text COLLATE "C" NOT NULL,    -- vanban.SymbolKey(symbol)
	ref_date    text COLLATE "C" NOT NULL,
	ref_issuer  text COLLATE "C" NOT NULL,
	target_id   bigint,           -- the cited record; NULL when not archived or not told apart
	PRIMARY KEY (doc_id, seq)
);
CREATE INDEX links_symbol ON links (symbol_fold);
CREATE INDEX links_target ON links (target_id) WHERE target_id IS NOT NULL;

CREATE TABLE overrides (
	doc_id       bigint NOT NULL,
	field        text COLLATE "C" NOT NULL,
	value        text COLLATE "C" NOT NULL,
	parser_value text COLLATE "C" NOT NULL,
	actor        text COLLATE "C" NOT NULL,
	at           text COLLATE "C" NOT NULL,
	PRIMARY KEY (doc_id, field)
);

CREATE TABLE history (
	seq     bigserial PRIMARY KEY,
	at      text COLLATE "C" NOT NULL,
	actor   text COLLATE "C" NOT NULL,
	command text COLLATE "C" NOT NULL,
	doc_id  bigint NOT NULL,
	action  text COLLATE "C" NOT NULL,
	field   text COLLATE "C" NOT NULL,
	old     text COLLATE "C" NOT NULL,
	new     text COLLATE "C" NOT NULL
);
CREATE INDEX history_doc ON history (doc_id, seq);

CREATE FUNCTION history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'vanban history is append-only';
END $$;
CREATE TRIGGER history_append_only BEFORE UPDATE OR DELETE ON history
	FOR EACH ROW EXECUTE FUNCTION history_append_only();

CREATE TABLE trash (
	doc_id        bigint PRIMARY KEY,
	deleted_at    text COLLATE "C" NOT NULL,
	actor         text COLLATE "C" NOT NULL,
	symbol        text COLLATE "C" NOT NULL,
	type          text COLLATE "C" NOT NULL,
	source_path   text COLLATE "C" NOT NULL,
	source_sha256 text COLLATE "C" NOT NULL,
	original_s2   bytea NOT NULL,
	text_s2       bytea
);

CREATE TABLE findings (
	doc_id   bigint NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
	rule     text COLLATE "C" NOT NULL,
	severity integer NOT NULL,
	PRIMARY KEY (doc_id, rule)
);
CREATE INDEX findings_rule ON findings (rule, doc_id);
CREATE INDEX findings_severity ON findings (severity, doc_id);

-- The findings table follows documents.findings, whatever writes the row.
CREATE FUNCTION findings_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'UPDATE' THEN
		IF NEW.findings = OLD.findings THEN
			RETURN NEW;
		END IF;
		DELETE FROM findings WHERE doc_id = NEW.id;
	END IF;
	IF NEW.findings <> '[]' THEN
		INSERT INTO findings (doc_id, rule, severity)
		SELECT NEW.id, f->>'rule',
		       max(CASE f->>'severity' WHEN 'error' THEN 3 WHEN 'warn' THEN 2 ELSE 1 END)
		FROM jsonb_array_elements(NEW.findings::jsonb) AS f
		GROUP BY 2;
	END IF;
	RETURN NEW;
END $$;
CREATE TRIGGER findings_sync AFTER INSERT OR UPDATE OF findings ON documents
	FOR EACH ROW EXECUTE FUNCTION findings_sync();
