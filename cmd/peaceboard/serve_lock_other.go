//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd)

package main

// lockDatabase does not lock on this system, which has no flock: two servers on one SQLite
// database are not refused here (see serve_lock_unix.go).
func lockDatabase(path string) (unlock func(), err error) { return func() {}, nil }
