-- vanban archive, schema 9: a covering index of the columns the web view's
-- facets and `stats` group by (system, type, issuer, signer), so that a
-- count reads the index (tens of bytes a record) instead of the rows,
-- which hold spans, findings and lists: at 100,000 records `stats --by
-- type` went from a full scan to an index scan (measured in README).
CREATE INDEX documents_facets ON documents(system, type, issuer, signer_name, date);
