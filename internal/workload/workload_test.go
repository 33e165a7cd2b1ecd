package workload_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/sqlite"
	"github.com/peaceboard/peaceboard/internal/workload"
)

// TestPlanIsLawful: every act of a plan is accepted, and the record verifies.
func TestPlanIsLawful(t *testing.T) { checkPlan(t, 403, 10) }

// TestPlanBeyondOneAgenda: a plan of more proposals than an agenda may hold (board.LimitItems)
// spreads them over as many meetings, and its acts are accepted.
func TestPlanBeyondOneAgenda(t *testing.T) { checkPlan(t, 4*(board.LimitItems+1)*3, 3) }

func checkPlan(t *testing.T, count, delegations int) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	e, err := engine.Create(ctx, db, engine.Meta{Rules: charter.Default().Source, Keyring: "dev:w", Origin: "test"})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	p := workload.Plan{Count: count, Delegations: workload.Delegations(delegations)}
	if _, err := p.Setup(ctx, e); err != nil {
		t.Fatal(err)
	}
	acts, err := p.Sign(e)
	if err != nil {
		t.Fatal(err)
	}
	before := e.Len()
	for i, sa := range acts {
		if _, err := e.Submit(ctx, sa); err != nil {
			t.Fatalf("act %d (%s by %s): %v", i, sa.Act.Body.Kind(), sa.Act.By, err)
		}
	}
	if got := e.Len() - before; got != uint64(len(acts)) {
		t.Errorf("%d entries added, want %d", got, len(acts))
	}
	if _, err := engine.Verify(ctx, engine.StoreSource{Store: db}, e.LogKey().Verifier, engine.VerifyOptions{}); err != nil {
		t.Errorf("verify: %v", err)
	}
}
