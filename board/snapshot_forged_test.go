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
