package board

import (
	"bytes"
	"hash/crc32"
	"math/rand"
	"testing"

	"github.com/peaceboard/peaceboard/money"
)

// TestRestoreForgedEntries restores ledger chunks whose bytes were changed and whose checksums
// were made to match: bytes no ledger wrote. Restoring fails or succeeds, but does not panic.
func TestRestoreForgedEntries(t *testing.T) {
	var l Ledger = newLedger()
	usd := func(minor int64) money.Amount { return money.Amount{Currency: "USD", Minor: minor} }
	for i := range 50 {
		id := EntryID("p" + string(rune('a'+i%26)) + string(rune('a'+i/26)))
		l.add(&Entry{ID: id, Type: EntryPledge, Contributor: "state:QAT", Fund: "general", Amount: usd(100), USD: usd(100),
			Postings: []Posting{
				{Account: ReceivableLedger("state:QAT"), Side: Debit, Amount: usd(100)},
				{Account: PledgedLedger("general"), Side: Credit, Amount: usd(100)},
			}})
	}
	chunk := l.entries.chunks[0]
	r := rand.New(rand.NewSource(1))
	restored := 0
	for range 500 {
		forged := bytes.Clone(chunk)
		for range 1 + r.Intn(3) {
			forged[r.Intn(len(forged))] = byte(r.Intn(256))
		}
		snap := &snapshot{Entries: l.Len(), Chunks: []int{len(forged)}, Sums: []uint32{crc32.Checksum(forged, castagnoli)},
			Names: l.entries.names, Rates: l.entries.rates}
		got := newLedger()
		if err := got.restore(bytes.NewReader(forged), snap); err == nil {
			restored++
		}
	}
	t.Logf("%d of 500 forged ledgers restored without an error", restored)
}

// TestEntryIDsThatClash finds entries whose ids' hashes are all the same, as they are once in a
// great while: each is found by its id, and a snapshot restores them so.
func TestEntryIDsThatClash(t *testing.T) {
	defer func(h func(EntryID) uint64) { idHash = h }(idHash)
	idHash = func(EntryID) uint64 { return 7 }
	l := newLedger()
	usd := money.Amount{Currency: "USD", Minor: 100}
	ids := []EntryID{"p1", "p2", "r1", "e4"}
	for _, id := range ids {
		l.add(&Entry{ID: id, Type: EntryPledge, Contributor: "state:QAT", Fund: "general", Amount: usd, USD: usd,
			Postings: []Posting{{Account: ReceivableLedger("state:QAT"), Side: Debit, Amount: usd}, {Account: PledgedLedger("general"), Side: Credit, Amount: usd}}})
	}
	check := func(l *Ledger) {
		t.Helper()
		for i, id := range ids {
			if e, ok := l.Find(id); !ok || e.ID != id {
				t.Errorf("Find(%s) = %v, %v; want entry %d", id, e, ok, i)
			}
			if open, ok := l.Open(id); !ok || open != usd {
				t.Errorf("Open(%s) = %v, %v; want %v", id, open, ok, usd)
			}
		}
		if _, ok := l.Find("p3"); ok {
			t.Error("found p3, which is in no entry")
		}
	}
	check(&l)
	snap := &snapshot{Entries: l.Len(), Chunks: []int{len(l.entries.chunks[0])}, Sums: []uint32{crc32.Checksum(l.entries.chunks[0], castagnoli)},
		Names: l.entries.names, Rates: l.entries.rates}
	got := newLedger()
	if err := got.restore(bytes.NewReader(l.entries.chunks[0]), snap); err != nil {
		t.Fatal(err)
	}
	check(&got)
}
