package workload_test

import (
	"context"
	"encoding/base64"
	"path/filepath"
	"sync"
	"testing"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/sqlite"
	"github.com/peaceboard/peaceboard/internal/workload"
	"github.com/peaceboard/peaceboard/record"
)

// The kinds of act the mix must hold: issue 23's list (invitations, consents, renewals, removals
// with vetoes, withdrawals, appointments, meetings, agendas, proposals, comments, votes,
// approvals, directives, pledges, receipts, rates, allocations, disbursements with approvals),
// and the rest of the charter's acts but those that end the organization or its Chairman's
// tenure (dissolve, resign, find-incapacity).
var mixKinds = []board.Kind{
	"establish", "register-key", "revoke-key", "set-witness-policy",
	"invite", "consent", "decline", "withdraw-invitation", "renew-term", "propose-removal", "veto-removal", "withdraw", "accredit",
	"appoint-executive", "renew-executive", "remove-executive", "designate-successor",
	"create-subsidiary", "modify-subsidiary", "dissolve-subsidiary",
	"convene", "set-agenda", "approve-agenda", "propose", "comment", "open-vote", "vote", "close-vote", "casting-vote",
	"approve", "withhold-approval", "directive", "report", "recommend", "report-mandate",
	"set-rate", "pledge", "receive", "reverse", "open-fund", "open-account", "set-controls", "create-programme",
	"allocate", "disburse", "approve-disbursement", "report-progress",
}

func devKeys(ring record.DevKeyring) func(board.ActorID) string {
	return func(a board.ActorID) string { return base64.StdEncoding.EncodeToString(ring.PublicKey(string(a))) }
}

// TestMixHoldsEveryKind: the mix of every kind holds every kind of mixKinds, with votes,
// comments and contributions the bulk, and reaches about the count asked for.
func TestMixHoldsEveryKind(t *testing.T) {
	for _, c := range []struct{ count, bulk int }{{5000, 60}, {60000, 85}} {
		count := c.count
		steps, stats, err := workload.Mix{Count: count, Founding: 30, Seed: 7, Key: devKeys(record.DevKeyring{Seed: "mix"})}.Steps()
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range mixKinds {
			if stats.Kinds[k] == 0 {
				t.Errorf("%d acts: no %s (%d refused as they were made: %v)", count, k, stats.Refused[k], stats.Why[k])
			}
		}
		if stats.Acts < count*9/10 || stats.Acts > count*11/10 {
			t.Errorf("%d acts asked, %d made", count, stats.Acts)
		}
		bulk := stats.Kinds["vote"] + stats.Kinds["comment"] + stats.Kinds["pledge"] + stats.Kinds["receive"]
		if bulk*100 < stats.Acts*c.bulk {
			t.Errorf("%d acts: votes, comments, pledges and receipts are %d; want at least %d%%", count, bulk, c.bulk)
		}
		n := 0
		for i, s := range steps {
			n += len(s.Acts)
			if i > 0 && s.At.Before(steps[i-1].At) {
				t.Fatalf("step %d at %s, before step %d at %s", i, s.At, i-1, steps[i-1].At)
			}
		}
		if n != stats.Acts {
			t.Errorf("%d acts in the steps, %d counted", n, stats.Acts)
		}
		t.Logf("%d acts asked: %d made in %d steps over %d months; %d votes, comments, pledges and receipts", count, stats.Acts, len(steps), stats.Months, bulk)
	}
}

// TestMixIsLawful: the engine accepts every act of a mix, each step's acts submitted
// concurrently, and the record verifies.
func TestMixIsLawful(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "mix.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	e, err := engine.Create(ctx, db, engine.Meta{Rules: charter.Default().Source, Keyring: "dev:mix", Origin: "mix"})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	ring, _ := e.DevKeyring()
	steps, stats, err := workload.Mix{Count: 4000, Founding: 20, Seed: 3, Key: devKeys(ring)}.Steps()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range steps {
		var wg sync.WaitGroup
		for _, a := range s.Acts {
			wg.Go(func() {
				sa, err := e.SignDev(a)
				if err == nil {
					_, err = e.Submit(ctx, sa)
				}
				if err != nil {
					t.Errorf("%s by %s at %s: %v", a.Body.Kind(), a.By, a.At, err)
				}
			})
		}
		wg.Wait()
		if t.Failed() {
			t.FailNow()
		}
	}
	if got := e.Len(); got != uint64(stats.Acts) {
		t.Errorf("the record holds %d entries; the mix made %d acts", got, stats.Acts)
	}
	if _, err := engine.Verify(ctx, engine.StoreSource{Store: db}, e.LogKey().Verifier, engine.VerifyOptions{}); err != nil {
		t.Fatal(err)
	}
}
