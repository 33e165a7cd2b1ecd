package record_test

import (
	"fmt"
	"testing"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/peaceboard/peaceboard/record"
)

// hashList is the plainest tlog.HashReader: every stored hash in one slice.
type hashList []tlog.Hash

func (l hashList) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, x := range indexes {
		out[i] = l[x]
	}
	return out, nil
}

// TestTreeAcrossPages grows a tree past several of its pages of hashes, loads one from stored
// hashes, and truncates across a page boundary: its roots and proofs must be those of the same
// hashes kept in one slice.
func TestTreeAcrossPages(t *testing.T) {
	const n = 70000 // about 140,000 stored hashes: three pages
	var grown record.Tree
	var all hashList
	for i := range n {
		added, err := grown.Append(fmt.Appendf(nil, "leaf %d", i))
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, added...)
	}
	if got, want := grown.Hashes(), tlog.StoredHashCount(n); got != want || int64(len(all)) != want {
		t.Fatalf("%d stored hashes (appends returned %d), want %d", got, len(all), want)
	}
	from := tlog.StoredHashCount(n - 3)
	if got := grown.Since(from); len(got) != len(all)-int(from) || got[0] != all[from] {
		t.Fatalf("Since: %d hashes", len(got))
	}

	var loaded record.Tree
	loaded.Load(all...)
	if err := loaded.Loaded(n - 1000); err != nil { // drops hashes loaded beyond the size
		t.Fatal(err)
	}
	for _, size := range []int64{1, 2, 255, 256, 32767, 32768, 32769, 65536, 65537, n - 1000} {
		want, err := tlog.TreeHash(size, all)
		if err != nil {
			t.Fatal(err)
		}
		for name, tree := range map[string]*record.Tree{"grown": &grown, "loaded": &loaded} {
			if got, err := tree.Root(size); err != nil || got != want {
				t.Fatalf("%s: root at %d: %v %v, want %v", name, size, got, err, want)
			}
			p, err := tree.ProveInclusion(size/2, size)
			if err != nil {
				t.Fatal(err)
			}
			if err := tlog.CheckRecord(p, size, want, size/2, all[tlog.StoredHashIndex(0, size/2)]); err != nil {
				t.Fatalf("%s: proof of %d in %d: %v", name, size/2, size, err)
			}
		}
	}

	// Truncating to a size inside the first page and growing again gives the same hashes.
	grown.Truncate(30000)
	if got, want := grown.Hashes(), tlog.StoredHashCount(30000); got != want {
		t.Fatalf("after Truncate: %d hashes, want %d", got, want)
	}
	for i := 30000; i < n; i++ {
		if _, err := grown.Append(fmt.Appendf(nil, "leaf %d", i)); err != nil {
			t.Fatal(err)
		}
	}
	want, _ := tlog.TreeHash(n, all)
	if got, err := grown.Root(n); err != nil || got != want {
		t.Fatalf("root after truncating and growing again: %v %v", got, err)
	}
	if _, err := grown.ReadHashes([]int64{grown.Hashes()}); err == nil {
		t.Fatal("read a hash past the last stored")
	}
}

// TestFrozenTreeWhileGrowing reads proofs from frozen trees while their tree grows past several
// pages (run with -race: the reads and the appends must not touch the same memory).
func TestFrozenTreeWhileGrowing(t *testing.T) {
	var tree record.Tree
	leaf := func(i int) []byte { return fmt.Appendf(nil, "leaf %d", i) }
	for i := range 1000 {
		if _, err := tree.Append(leaf(i)); err != nil {
			t.Fatal(err)
		}
	}
	frozen := make(chan *record.FrozenTree, 64)
	done := make(chan error)
	go func() {
		defer close(done)
		for f := range frozen {
			n := f.Size()
			root, err := f.Root(n)
			if err != nil {
				done <- err
				return
			}
			for _, i := range []int64{0, n / 2, n - 1} {
				p, err := f.ProveInclusion(i, n)
				if err != nil {
					done <- err
					return
				}
				if err := tlog.CheckRecord(p, n, root, i, tlog.RecordHash(leaf(int(i)))); err != nil {
					done <- fmt.Errorf("leaf %d of %d: %v", i, n, err)
					return
				}
			}
			if _, err := f.ProveInclusion(0, n+1); err == nil {
				done <- fmt.Errorf("a frozen tree of %d proved a leaf in a tree of %d", n, n+1)
				return
			}
		}
	}()
	for i := 1000; i < 80000; i++ {
		if _, err := tree.Append(leaf(i)); err != nil {
			t.Fatal(err)
		}
		if i%1000 == 0 {
			frozen <- tree.Frozen(int64(i) + 1)
		}
	}
	close(frozen)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
