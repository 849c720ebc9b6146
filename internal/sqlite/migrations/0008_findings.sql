-- vanban archive, schema 8: where each field was read, and the format
-- findings of vanban check (internal/check).
-- spans: JSON array of vanban.Span; findings: JSON array of
-- vanban.Finding. Records written before this schema hold '[]' until their
-- next reparse (the parser's version 4 reads spans, so reparse redoes them).
ALTER TABLE documents ADD COLUMN spans TEXT NOT NULL DEFAULT '[]';
ALTER TABLE documents ADD COLUMN findings TEXT NOT NULL DEFAULT '[]';

-- One row per record and rule found broken in it, with the most serious
-- severity of its findings (1 info, 2 warn, 3 error): what the --finding
-- filter and stats --by finding read. Kept by the triggers below from the
-- findings column, whatever writes it.
CREATE TABLE findings (
	doc_id   INTEGER NOT NULL,
	rule     TEXT NOT NULL,
	severity INTEGER NOT NULL,
	PRIMARY KEY (doc_id, rule)
) WITHOUT ROWID;
CREATE INDEX findings_rule ON findings(rule, doc_id);
CREATE INDEX findings_severity ON findings(severity, doc_id);

CREATE TRIGGER findings_insert AFTER INSERT ON documents WHEN new.findings <> '[]' BEGIN
	INSERT INTO findings(doc_id, rule, severity)
	SELECT new.id, json_extract(value, '$.rule'),
	       max(CASE json_extract(value, '$.severity') WHEN 'error' THEN 3 WHEN 'warn' THEN 2 ELSE 1 END)
	FROM json_each(new.findings) GROUP BY 2;
END;
CREATE TRIGGER findings_update AFTER UPDATE OF findings ON documents BEGIN
	DELETE FROM findings WHERE doc_id = old.id;
	INSERT INTO findings(doc_id, rule, severity)
	SELECT new.id, json_extract(value, '$.rule'),
	       max(CASE json_extract(value, '$.severity') WHEN 'error' THEN 3 WHEN 'warn' THEN 2 ELSE 1 END)
	FROM json_each(new.findings) GROUP BY 2;
END;
CREATE TRIGGER findings_delete AFTER DELETE ON documents BEGIN
	DELETE FROM findings WHERE doc_id = old.id;
END;
