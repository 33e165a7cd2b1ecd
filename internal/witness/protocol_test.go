package witness_test

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"golang.org/x/mod/sumdb/note"

	"github.com/peaceboard/peaceboard/internal/witness"
	"github.com/peaceboard/peaceboard/record"
)

// TestProtocol walks through every answer C2SP tlog-witness gives an add-checkpoint request, on
// a witness that audits and on one that does not.
func TestProtocol(t *testing.T) {
	for _, audit := range []bool{false, true} {
		t.Run(fmt.Sprintf("audit=%v", audit), func(t *testing.T) {
			e := newRecord(t, "KAZ", "MAR", "BHR", "QAT", "EGY", "TUR", "JOR", "ARE")
			log := fakeOf(t, e)
			db := filepath.Join(t.TempDir(), "witness.db")
			w := startWitness(t, db, audit, witness.Log{Verifier: log.key.Verifier, URL: log.URL})
			origin := log.key.Verifier.Name()

			// Unknown origin: 404.
			otherKey, err := record.ParseLogKey(mustKey(t, "example.org/other-log"))
			if err != nil {
				t.Fatal(err)
			}
			other := sign(t, otherKey, record.Checkpoint{Origin: "example.org/other-log", Size: 1})
			if r := w.add(t, record.AddCheckpoint{Checkpoint: other}); r.status != http.StatusNotFound {
				t.Errorf("unknown origin: %d %s; want 404", r.status, r.body)
			}
			// Signed by another key of the same name: 403; by the log's key, the signature
			// changed: 403.
			impostor, err := record.ParseLogKey(mustKey(t, origin))
			if err != nil {
				t.Fatal(err)
			}
			cp5, err := record.ParseCheckpoint(string(bytes.SplitN(log.checkpoint(t, 5), []byte("\n\n"), 2)[0]) + "\n")
			if err != nil {
				t.Fatal(err)
			}
			if r := w.add(t, record.AddCheckpoint{Checkpoint: sign(t, impostor, cp5)}); r.status != http.StatusForbidden {
				t.Errorf("signed by another key: %d %s; want 403", r.status, r.body)
			}
			bad := changeSignature(t, log.checkpoint(t, 5))
			if r := w.add(t, record.AddCheckpoint{Checkpoint: bad}); r.status != http.StatusForbidden {
				t.Errorf("signature changed: %d %s; want 403", r.status, r.body)
			}
			// Old size larger than the checkpoint's: 400; a body that is not a request: 400.
			if r := w.add(t, record.AddCheckpoint{OldSize: 6, Checkpoint: log.checkpoint(t, 5)}); r.status != http.StatusBadRequest {
				t.Errorf("old 6 > 5: %d %s; want 400", r.status, r.body)
			}
			if r := w.post(t, []byte("old 01\n\n")); r.status != http.StatusBadRequest {
				t.Errorf("old 01: %d %s; want 400", r.status, r.body)
			}

			// The first checkpoint: 200, a cosignature.
			w.mustCosign(t, log.request(t, 0, 5))
			// Old size not the latest cosigned: 409 with it.
			wantConflict(t, w.add(t, log.request(t, 0, 7)), "5")
			wantConflict(t, w.add(t, log.request(t, 3, 7)), "5")
			// A proof that does not verify: 422.
			req := log.request(t, 5, 7)
			req.Proof[0][0] ^= 1
			if r := w.add(t, req); r.status != http.StatusUnprocessableEntity {
				t.Errorf("bad proof: %d %s; want 422", r.status, r.body)
			}
			wantConflict(t, w.add(t, log.request(t, 0, 7)), "5")
			// The proof verifies: 200.
			w.mustCosign(t, log.request(t, 5, 7))
			// The same checkpoint again: cosigned again.
			w.mustCosign(t, log.request(t, 7, 7))
			// The same size with another root: 409.
			fork := sign(t, log.key, record.Checkpoint{Origin: origin, Size: 7, Hash: cp5.Hash})
			if r := w.add(t, record.AddCheckpoint{OldSize: 7, Checkpoint: fork}); r.status != http.StatusConflict || r.ctype == "text/x.tlog.size" {
				t.Errorf("same size, another root: %d (%s) %s; want 409", r.status, r.ctype, r.body)
			}

			// Restarted on the same database, the witness remembers.
			w.close()
			w2 := startWitness(t, db, audit, witness.Log{Verifier: log.key.Verifier, URL: log.URL})
			wantConflict(t, w2.add(t, log.request(t, 0, 8)), "7")
			w2.mustCosign(t, log.request(t, 7, 8))
		})
	}
}

// changeSignature flips a bit of the last signature of a signed note.
func changeSignature(t *testing.T, msg []byte) []byte {
	t.Helper()
	i := bytes.LastIndex(msg, []byte(" "))
	sig, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(msg[i+1:])))
	if err != nil {
		t.Fatal(err)
	}
	sig[len(sig)-1] ^= 1
	return append(bytes.Clone(msg[:i+1]), base64.StdEncoding.EncodeToString(sig)+"\n"...)
}

func mustKey(t *testing.T, origin string) string {
	t.Helper()
	skey, _, err := note.GenerateKey(nil, origin)
	if err != nil {
		t.Fatal(err)
	}
	return skey
}

// TestConcurrentRequestsDoNotRollBack: many requests at once from the same cosigned size, on
// two witnesses sharing one database (two processes): exactly one is cosigned, the others get
// 409 with its size, and the stored size never goes back.
func TestConcurrentRequestsDoNotRollBack(t *testing.T) {
	e := newRecord(t, "KAZ", "MAR", "BHR", "QAT", "EGY", "TUR", "JOR", "ARE", "SAU", "IDN", "PAK", "AZE")
	log := fakeOf(t, e)
	db := filepath.Join(t.TempDir(), "witness.db")
	l := witness.Log{Verifier: log.key.Verifier, URL: log.URL}
	ws := []*testWitness{startWitness(t, db, false, l), startWitness(t, db, false, l)}
	n := uint64(len(log.leaves))
	bodies := map[uint64][]byte{}
	for size := uint64(1); size <= n; size++ {
		for old := uint64(0); old < size; old++ {
			bodies[old<<8|size] = log.request(t, old, size).Marshal()
		}
	}
	stored := uint64(0)
	for round := 0; stored < n; round++ {
		var (
			mu   sync.Mutex
			won  []uint64
			wg   sync.WaitGroup
			errs []string
		)
		for size := stored + 1; size <= n; size++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := ws[size%2].post(t, bodies[stored<<8|size])
				mu.Lock()
				defer mu.Unlock()
				switch r.status {
				case http.StatusOK:
					won = append(won, size)
				case http.StatusConflict:
				default:
					errs = append(errs, fmt.Sprintf("%d: %d %s", size, r.status, r.body))
				}
			}()
		}
		wg.Wait()
		if len(errs) > 0 || len(won) != 1 {
			t.Fatalf("round %d from %d: cosigned %v (want exactly one), errors %v", round, stored, won, errs)
		}
		for _, w := range ws {
			wantConflict(t, w.add(t, log.request(t, 0, n)), fmt.Sprint(won[0]))
		}
		if won[0] <= stored {
			t.Fatalf("the stored size went from %d to %d", stored, won[0])
		}
		stored = won[0]
	}
}

// TestRedTeamWitnessSplitView: two logs under the same key and origin, the same first entries,
// then each its own (a log showing different views to different readers). The witness cosigns
// the first checkpoint it is given, and refuses the other of the same size, and any from it.
func TestRedTeamWitnessSplitView(t *testing.T) {
	a := newRecord(t, "KAZ", "MAR", "BHR")
	b := newRecord(t, "KAZ", "MAR", "BHR")
	if !bytes.Equal(a.Checkpoint().Note, b.Checkpoint().Note) {
		t.Fatal("the two records differ before they fork")
	}
	invite(t, a, "QAT")
	invite(t, b, "EGY")
	if a.Len() != b.Len() || bytes.Equal(a.Checkpoint().Note, b.Checkpoint().Note) {
		t.Fatal("the two records are not a fork")
	}
	fork := a.Len() - 1
	for _, audit := range []bool{false, true} {
		t.Run(fmt.Sprintf("audit=%v", audit), func(t *testing.T) {
			la, lb := fakeOf(t, a), fakeOf(t, b)
			w := startWitness(t, filepath.Join(t.TempDir(), "witness.db"), audit, witness.Log{Verifier: la.key.Verifier, URL: la.URL})
			w.mustCosign(t, la.request(t, 0, fork))
			w.mustCosign(t, la.request(t, fork, a.Len()))
			r := w.add(t, lb.request(t, a.Len(), b.Len()))
			if r.status != http.StatusConflict || !strings.Contains(r.body, "forked") {
				t.Errorf("the other view, same size: %d %s; want 409 (forked)", r.status, r.body)
			}
			wantConflict(t, w.add(t, lb.request(t, fork, b.Len())), fmt.Sprint(a.Len()))
		})
	}
}

// TestMalformedRequests: a body that is not an add-checkpoint request is a 400, never a
// cosignature or a failure of the witness.
func TestMalformedRequests(t *testing.T) {
	e := newRecord(t, "KAZ")
	log := fakeOf(t, e)
	w := startWitness(t, filepath.Join(t.TempDir(), "witness.db"), false, witness.Log{Verifier: log.key.Verifier, URL: log.URL})
	cp := string(log.checkpoint(t, 2))
	for _, body := range []string{
		"",
		"old 0\n",
		"old 0\n\n",
		"old -1\n\n" + cp,
		"old 0\nnot base64\n\n" + cp,
		"old 0\nAAAA\n\n" + cp, // a proof line that is not a hash
		"old 0\n" + strings.Repeat("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n", 64) + "\n" + cp,
		"old 0\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n" + cp, // a proof from 0
		"old 0\n\n" + strings.TrimSuffix(cp, "\n"),                     // no final newline
		"old 0\n\n" + strings.Replace(cp, "\n\n", "\n", 1),             // no signature block
		"old 0\n\n" + strings.Repeat("x", 70<<10),                      // too large
	} {
		if r := w.post(t, []byte(body)); r.status != http.StatusBadRequest {
			t.Errorf("body %.40q: %d %s; want 400", body, r.status, r.body)
		}
	}
}
