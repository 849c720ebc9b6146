-- vanban archive, schema 3: a deleted record's id is never given again.
-- With INTEGER PRIMARY KEY alone SQLite gives max(id)+1, so deleting the
-- newest record and importing another reused its id: a reparse or an
-- index entry still naming the old record then pointed at an unrelated
-- document. id_floor holds the highest id ever deleted (at least the
-- highest id when this migration ran); the writer gives each new record
-- max(id_floor.n, max(documents.id)) + 1.
CREATE TABLE id_floor (n INTEGER NOT NULL);
INSERT INTO id_floor (n) SELECT coalesce(max(id), 0) FROM documents;
CREATE TRIGGER documents_id_floor AFTER DELETE ON documents BEGIN
	UPDATE id_floor SET n = OLD.id WHERE n < OLD.id;
END;
