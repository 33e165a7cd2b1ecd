package engine_test

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/sqlite"
	"github.com/peaceboard/peaceboard/money"
)

// Benchmarks of the treasury's write path, end to end: each act is signed with the development
// keyring (SignDev), then submitted (Submit): signature check, decision, events, tree hashes, a
// signed checkpoint, one SQLite transaction (WAL, full sync), and the state applied. Figures and
// the command that produced them are in docs/benchmarks.md.

// benchTreasury returns an engine on a new SQLite database with the keys of the secretariat and
// of an Executive Board member registered, and a programme holding USD 1,000,000,000 to
// disburse. It returns the instant after its last act.
func benchTreasury(b *testing.B) (*engine.Engine, time.Time) {
	b.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	e, err := engine.Create(ctx, db, engine.Meta{Rules: charter.Default().Source, Keyring: "dev:bench", Origin: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	at := time.Date(2026, 2, 20, 9, 0, 0, 0, time.UTC)
	for _, a := range []struct {
		by   board.ActorID
		body board.Body
	}{
		{board.Chairman, &board.AppointExecutive{ID: "rubio", Person: "Marco Rubio"}},
		{board.Chairman, &board.CreateSubsidiary{ID: "gaza", Name: "Gaza Executive Board"}},
		{board.Secretariat, &board.Receive{Contributor: "state:QAT", Amount: money.Amount{Currency: "USD", Minor: 100_000_000_000_00},
			ValueDate: at, Form: board.FormCash, Fund: "gaza-reconstruction"}},
		{board.Chairman, &board.CreateProgramme{ID: "rubble", Name: "Rubble clearance", Subsidiary: "gaza",
			Budget: money.Amount{Currency: "USD", Minor: 100_000_000_000_00}}},
		{"executive:rubio", &board.Allocate{Fund: "gaza-reconstruction", Programme: "rubble", Amount: money.Amount{Currency: "USD", Minor: 100_000_000_000_00}}},
	} {
		if _, err := e.SubmitDev(ctx, board.Act{At: at, By: a.by, Body: a.body}); err != nil {
			b.Fatalf("%s: %v", a.body.Kind(), err)
		}
	}
	return e, at.Add(time.Hour)
}

// submit signs and submits one act.
func benchSubmit(b *testing.B, e *engine.Engine, at time.Time, by board.ActorID, body board.Body) {
	sa, err := e.SignDev(board.Act{At: at, By: by, Body: body})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := e.Submit(context.Background(), sa); err != nil {
		b.Fatalf("%s: %v", body.Kind(), err)
	}
}

// BenchmarkReceive: one cash receipt per op.
func BenchmarkReceive(b *testing.B) {
	e, at := benchTreasury(b)
	day := board.Day(at)
	i := 0
	for b.Loop() {
		i++
		benchSubmit(b, e, at.Add(time.Duration(i)*time.Millisecond), board.Secretariat, &board.Receive{
			Contributor: "state:ARE", Amount: money.Amount{Currency: "USD", Minor: 1_000_00}, ValueDate: day, Form: board.FormCash,
		})
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ms/act")
}

// BenchmarkDisburse: one disbursement per op, which is two acts: the secretariat's request and
// the one approval that pays it (USD 1,000 needs one under the default controls).
func BenchmarkDisburse(b *testing.B) {
	e, at := benchTreasury(b)
	i := 0
	for b.Loop() {
		i++
		id := board.DisbursementID("d" + strconv.Itoa(i))
		t := at.Add(time.Duration(i) * time.Millisecond)
		benchSubmit(b, e, t, board.Secretariat, &board.Disburse{ID: id, Programme: "rubble", Payee: "Contractor",
			Amount: money.Amount{Currency: "USD", Minor: 1_000_00}, Purpose: "works"})
		benchSubmit(b, e, t, "executive:rubio", &board.ApproveDisbursement{Disbursement: id})
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(2*b.N)/1e6, "ms/act")
}
