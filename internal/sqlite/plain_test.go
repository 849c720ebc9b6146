package sqlite

import "database/sql"

func sqlOpenPlain(path string) (*sql.DB, error) { return sql.Open("sqlite", "file:"+path) }
