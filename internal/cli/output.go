package cli

import (
	"fmt"
	"os"
	"path/filepath"
)

// outputFile is a file written by -o: the data goes to a temporary file in
// the same folder, renamed over the target only when everything was
// written, so that an error or Ctrl-C leaves the old file as it was and
// never a truncated one.
type outputFile struct {
	*os.File
	target string
}

// createOutput checks that path is not the archive (or its -wal, -shm or
// -journal file) and opens the temporary file for it.
func createOutput(path, archive string) (*outputFile, error) {
	if sameFileAsArchive(path, archive) {
		return nil, usageErrorf("-o %s is the archive itself (or one of its files); choose another output file", path)
	}
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
		return nil, usageErrorf("-o %s is not a regular file", path)
	}
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("cannot write %s: %w", path, unwrapPathErr(err))
	}
	return &outputFile{File: f, target: path}, nil
}

// commit closes the temporary file and renames it over the target.
func (o *outputFile) commit() error {
	if err := o.File.Sync(); err != nil {
		o.abort()
		return fmt.Errorf("write %s: %w", o.target, err)
	}
	if err := o.File.Close(); err != nil {
		os.Remove(o.File.Name())
		return fmt.Errorf("write %s: %w", o.target, err)
	}
	if err := os.Rename(o.File.Name(), o.target); err != nil {
		os.Remove(o.File.Name())
		return fmt.Errorf("write %s: %w", o.target, unwrapPathErr(err))
	}
	return nil
}

// abort removes the temporary file; the target is left as it was.
func (o *outputFile) abort() {
	o.File.Close()
	os.Remove(o.File.Name())
}

// sameFileAsArchive reports whether path names the archive or one of the
// files SQLite keeps beside it, by path or by identity (a link, another
// spelling of the same path).
func sameFileAsArchive(path, archive string) bool {
	if archive == "" {
		return false
	}
	ap, err1 := filepath.Abs(archive)
	pp, err2 := filepath.Abs(path)
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		if err1 == nil && err2 == nil && pp == ap+suffix {
			return true
		}
		a, errA := os.Stat(archive + suffix)
		p, errP := os.Stat(path)
		if errA == nil && errP == nil && os.SameFile(a, p) {
			return true
		}
	}
	return false
}
