package interop_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"testing"
	"time"

	"github.com/transparency-dev/merkle/proof"
	"github.com/transparency-dev/merkle/rfc6962"
	"github.com/transparency-dev/tessera/client"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/api"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/sqlite"
)

// logOf builds a record of at least n entries and serves its log over HTTP: the first half
// recorded at their acts' own times (history), the rest live, at the writer's clock, whose
// leaves carry their recorded instants.
func logOf(t *testing.T, n int) (*engine.Engine, string) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "pb.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	at := time.Date(2026, 1, 19, 0, 0, 0, 0, time.UTC)
	now := at.AddDate(0, 0, 1)
	e, err := engine.Create(ctx, db, engine.Meta{Rules: charter.Default().Source, Keyring: "dev:interop", Origin: "test"},
		engine.WithClock(func() time.Time { return now }, 0))
	if err != nil {
		t.Fatal(err)
	}
	codes := charter.Default().States.Codes.Codes()
	for i := 0; e.Len() < uint64(n); i++ {
		// Every State invited, then every invitation withdrawn an hour later, then invited again, ...
		code := board.StateCode(codes[i%len(codes)])
		var body board.Body = &board.Invite{State: code}
		if i/len(codes)%2 == 1 {
			body = &board.WithdrawInvitation{State: code}
		}
		if e.Len() < uint64(n/2) {
			_, err = e.SubmitDev(ctx, board.Act{At: at.Add(time.Duration(i/len(codes)) * time.Hour), By: board.Chairman, Body: body})
		} else {
			var sa engine.SignedAct
			if sa, err = e.SignDev(board.Act{At: now, By: board.Chairman, Body: body}); err == nil {
				_, err = e.Submit(ctx, sa)
			}
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	mux := http.NewServeMux()
	api.NewLog(e, slog.New(slog.NewTextHandler(io.Discard, nil))).Register(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return e, srv.URL + "/log/"
}

func TestTesseraClientReadsOurLog(t *testing.T) {
	ctx := context.Background()
	e, root := logOf(t, 600) // two full tiles and a partial one
	u, _ := url.Parse(root)
	f, err := client.NewHTTPFetcher(u, nil)
	if err != nil {
		t.Fatal(err)
	}
	key := e.LogKey()
	cp, _, _, err := client.FetchCheckpoint(ctx, f.ReadCheckpoint, key.Verifier, key.Verifier.Name())
	if err != nil {
		t.Fatalf("client.FetchCheckpoint: %v", err)
	}
	if cp.Size != e.Len() {
		t.Fatalf("checkpoint size %d, want %d", cp.Size, e.Len())
	}

	// Entry bundles hold our leaves, full and partial.
	for _, tile := range []uint64{0, 1, 2} {
		b, err := client.GetEntryBundle(ctx, f.ReadEntryBundle, tile, cp.Size)
		if err != nil {
			t.Fatalf("client.GetEntryBundle(%d): %v", tile, err)
		}
		want := min(cp.Size-tile*256, 256)
		if uint64(len(b.Entries)) != want {
			t.Errorf("bundle %d has %d entries, want %d", tile, len(b.Entries), want)
		}
		for j, leaf := range b.Entries {
			r, err := e.Receipt(ctx, tile*256+uint64(j))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(leaf, r.Leaf) {
				t.Fatalf("bundle %d entry %d differs from our leaf", tile, j)
			}
			if live := bytes.Contains(leaf, []byte(`"recorded_at":`)); live != (tile*256+uint64(j) >= cp.Size/2) {
				t.Errorf("bundle %d entry %d: recorded live %t, want the second half live", tile, j, live)
			}
		}
	}

	// Proofs built by Tessera from our hash tiles verify, and equal ours.
	pb, err := client.NewProofBuilder(ctx, cp.Size, f.ReadTile)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []uint64{0, 1, 255, 256, 300, cp.Size - 1} {
		p, err := pb.InclusionProof(ctx, i)
		if err != nil {
			t.Fatalf("InclusionProof(%d): %v", i, err)
		}
		r, err := e.Receipt(ctx, i)
		if err != nil {
			t.Fatal(err)
		}
		if err := proof.VerifyInclusion(rfc6962.DefaultHasher, i, cp.Size, r.LeafHash[:], p, cp.Hash); err != nil {
			t.Errorf("entry %d: Tessera's proof does not verify: %v", i, err)
		}
		if len(p) != len(r.Proof) {
			t.Errorf("entry %d: Tessera's proof has %d hashes, ours %d", i, len(p), len(r.Proof))
		}
		for k := range p {
			if k < len(r.Proof) && !bytes.Equal(p[k], r.Proof[k][:]) {
				t.Errorf("entry %d: proof hash %d differs", i, k)
			}
		}
	}
	for _, sizes := range [][2]uint64{{1, cp.Size}, {256, cp.Size}, {300, 513}} {
		p, err := pb.ConsistencyProof(ctx, sizes[0], sizes[1])
		if err != nil {
			t.Fatalf("ConsistencyProof%v: %v", sizes, err)
		}
		ours, err := e.ProveConsistency(sizes[0], sizes[1])
		if err != nil {
			t.Fatal(err)
		}
		if len(p) != len(ours) {
			t.Errorf("consistency %v: Tessera's proof has %d hashes, ours %d", sizes, len(p), len(ours))
			continue
		}
		for k := range p {
			if !bytes.Equal(p[k], ours[k][:]) {
				t.Errorf("consistency %v: proof hash %d differs", sizes, k)
			}
		}
	}
}
