-- vanban archive, schema 6: references between records (links.go). One row
-- per reference of a record, in its order, with what the reference gives
-- (symbol, date, issuer) and the record it names when the archive holds
-- it (vanban.ChooseTarget), kept as records come and go. Rows of an
-- archive made before this schema are added by the first writing open
-- (links_fill.done turns 1 when they are).
CREATE TABLE links (
	doc_id      INTEGER NOT NULL,  -- the citing record
	seq         INTEGER NOT NULL,  -- the reference's place among the record's
	kind        TEXT NOT NULL,     -- vanban.RefKinds; '' read as cites
	type        TEXT NOT NULL,     -- the cited type name, as the text gives it
	symbol      TEXT NOT NULL,     -- as cited
	symbol_fold TEXT NOT NULL,     -- vanban.SymbolKey(symbol)
	ref_date    TEXT NOT NULL,
	ref_issuer  TEXT NOT NULL,
	target_id   INTEGER,           -- the cited record; NULL when not archived or not told apart
	PRIMARY KEY (doc_id, seq)
) WITHOUT ROWID;
CREATE INDEX links_symbol ON links(symbol_fold);
CREATE INDEX links_target ON links(target_id) WHERE target_id IS NOT NULL;
CREATE TABLE links_fill (done INTEGER NOT NULL, last INTEGER NOT NULL);
INSERT INTO links_fill (done, last) VALUES (0, 0);
