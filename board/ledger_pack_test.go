package board_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/money"
)

// TestPackedEntries checks that the ledger gives back each entry as it was added: every field,
// times in UTC and in other zones, a rate, settlements, a long note.
func TestPackedEntries(t *testing.T) {
	rate, err := money.ParseRate("1.0813")
	if err != nil {
		t.Fatal(err)
	}
	paris := time.FixedZone("CET", 3600)
	entries := []*board.Entry{
		{ID: "e"},
		{ID: "e1", Type: board.EntryPledge, Contributor: "state:QAT", Fund: "general", Amount: usd("1000000000"), USD: usd("1000000000"),
			Due: ts("2026-12-31"), Recorded: ts("2026-02-01T10:00:00Z"),
			Postings: []board.Posting{
				{Account: board.ReceivableLedger("state:QAT"), Side: board.Debit, Amount: usd("1000000000")},
				{Account: board.PledgedLedger("general"), Side: board.Credit, Amount: usd("1000000000")},
			}},
		{ID: "bench-receipt-12", Type: board.EntryReceipt, Contributor: "state:FRA", Form: "cash", Fund: "general", Account: "main",
			Amount: eur("100"), USD: usd("108.13"), Rate: rate, RateDate: ts("2026-01-01"),
			ValueDate: time.Date(2026, 3, 4, 0, 0, 0, 0, paris), Recorded: time.Date(2026, 3, 4, 9, 30, 0, 123456789, time.UTC),
			Settles: []board.Settlement{{Pledge: "e1", Amount: usd("50")}, {Pledge: "p-2", Amount: eur("1.5")}},
			Postings: []board.Posting{
				{Account: board.FundLedger("general"), Side: board.Credit, Amount: eur("100")},
				{Account: board.ExchangeAccount, Side: board.Debit, Amount: eur("100")},
			}},
		{ID: "e9", Type: board.EntryPayment, Programme: "p-usd", Disbursement: "d7", Payee: "Contractor S.A.", Amount: money.Amount{Currency: "USD", Minor: -5},
			Reverses: "e8", Note: strings.Repeat("a long note, ", 10000), Recorded: time.Unix(-1e10, 5).UTC()},
	}
	for _, e := range entries {
		if got := board.Packed(e); !reflect.DeepEqual(got, e) {
			t.Errorf("packed and decoded:\n%+v\nwant\n%+v", got, e)
		}
	}
}
