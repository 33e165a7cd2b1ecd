//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd

package main

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// lockDatabase takes the lock that one server at a time holds on an SQLite database: an exclusive
// advisory lock (flock) on PATH.lock beside it, which the kernel releases when the process ends,
// however it ends, so that a server killed leaves no stale lock. A second "serve --demo" in the
// same folder replaced the database under the first; it now stops here, naming the process that
// holds it. The lock is on a file of its own, not the database: "serve --demo" replaces the
// database file, and a descriptor of ours on it, once closed, would drop SQLite's own locks.
// The file stays after unlock: removing it would let a process that opened it meanwhile lock a
// file no longer there.
func lockDatabase(path string) (unlock func(), err error) {
	name := path + ".lock"
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("locking %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		holder := ""
		if data, rerr := os.ReadFile(name); rerr == nil {
			if pid, perr := strconv.Atoi(strings.TrimSpace(string(data))); perr == nil {
				holder = fmt.Sprintf(" (process %d)", pid)
			}
		}
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%s is in use by another peaceboard server%s: stop it first, or give this one another --db", path, holder)
		}
		return nil, fmt.Errorf("locking %s: %w", path, err)
	}
	// The holder's process id, for the message of the next one; the lock does not depend on it.
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return func() { f.Close() }, nil
}
