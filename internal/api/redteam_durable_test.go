package api_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/api"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/sqlite"
)

// heldStore holds each Append while hold is set, until the test sends it the error it is to
// fail with (nil: it goes on), and counts what it has made durable.
type heldStore struct {
	engine.Store
	hold    atomic.Bool
	entered chan struct{} // receives when a held Append starts
	release chan error
	durable atomic.Uint64 // the record's size once the last successful Append returned
}

func (s *heldStore) Append(ctx context.Context, b engine.Batch) error {
	if s.hold.Load() {
		s.entered <- struct{}{}
		if err := <-s.release; err != nil {
			return err
		}
	}
	if err := s.Store.Append(ctx, b); err != nil {
		return err
	}
	s.durable.Store(b.Checkpoint.Size)
	return nil
}

// TestRedTeamReadersSeeOnlyDurableActs (issue 17, finding 8): the writer applied an act to the
// state before its commit landed, so readers saw acts still being committed and, when the commit
// failed, acts never recorded; the API's read cache, keyed on the committed length, then kept
// serving such an answer. Here readers read in a loop, through the engine (as of now, and as of
// the instant of the act that fails) and through the API (its cache included), while one commit
// is held and made to fail, then while another is held, with an act decided behind it, and
// lands: no reader ever sees the failed act, nor more acts than the store holds, and after the
// failure the API's answers do not show it.
func TestRedTeamReadersSeeOnlyDurableActs(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "api.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	store := &heldStore{Store: db, entered: make(chan struct{}, 1), release: make(chan error)}
	e, err := engine.Create(ctx, store, engine.Meta{Rules: charter.Default().Source, Keyring: "dev:" + ring.Seed, Origin: "test"})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	mux := http.NewServeMux()
	api.New(e, api.Config{Now: testNow, Log: log}).Register(mux) // as of now: one second, one cache key per record size
	srv := httptest.NewServer(mux)
	defer srv.Close()

	at := func(d int) time.Time { return time.Date(2027, 5, d, 12, 0, 0, 0, time.UTC) }
	submit := func(d int, code board.StateCode) error {
		_, err := e.SubmitDev(ctx, board.Act{At: at(d), By: board.Chairman, Body: &board.Invite{State: code}})
		return err
	}
	if err := submit(1, "KAZ"); err != nil {
		t.Fatal(err)
	}
	const failed = "MAR" // the act whose commit fails
	var (
		reads     atomic.Int64
		faults    = map[string]int{} // what readers saw that they must not have, and how often
		faultsMu  sync.Mutex
		stop      = make(chan struct{})
		readers   sync.WaitGroup
		landing   = map[board.StateCode]uint64{} // the size the store holds once each is durable
		landingMu sync.Mutex
	)
	// early reports an act a reader saw before the store held it.
	early := func(code board.StateCode) bool {
		landingMu.Lock()
		size, ok := landing[code]
		landingMu.Unlock()
		return ok && store.durable.Load() < size
	}
	fault := func(format string, args ...any) {
		faultsMu.Lock()
		defer faultsMu.Unlock()
		faults[fmt.Sprintf(format, args...)]++
	}
	check := func(how string, codes []board.StateCode, acts uint64) {
		reads.Add(1)
		for _, c := range codes {
			if c == failed {
				fault("%s: %s is listed, whose commit failed", how, c)
			} else if early(c) {
				fault("%s: %s is listed before its commit landed", how, c)
			}
		}
		if d := store.durable.Load(); acts > d {
			fault("%s: the state holds more acts than the store", how)
		}
	}
	for range 2 {
		readers.Go(func() { // through the engine
			for {
				select {
				case <-stop:
					return
				default:
				}
				for _, asOf := range []time.Time{testNow(), at(2)} {
					err := e.View(ctx, asOf, func(s *board.State, r *charter.Rules) error {
						var codes []board.StateCode
						for _, m := range s.Members(r, asOf) {
							codes = append(codes, m.State)
						}
						check("a view as of "+asOf.Format(time.DateOnly), codes, uint64(s.Acts))
						return nil
					})
					if err != nil {
						t.Error(err)
						return
					}
				}
			}
		})
		readers.Go(func() { // through the API
			for {
				select {
				case <-stop:
					return
				default:
				}
				for _, q := range []string{"", "?as_of=" + url.QueryEscape(at(2).Format(time.RFC3339))} {
					codes, err := listed(srv.URL + "/api/v1/members" + q)
					if err != nil {
						t.Error(err)
						return
					}
					check("GET /api/v1/members"+q, codes, 0)
				}
			}
		})
	}
	defer func() {
		close(stop)
		readers.Wait()
		for f, n := range faults {
			t.Errorf("%s (%d times)", f, n)
		}
		t.Logf("%d reads", reads.Load())
	}()

	// A commit held, then failed.
	landingMu.Lock()
	landing[failed] = e.Len() + 1
	landingMu.Unlock()
	store.hold.Store(true)
	answer := make(chan error, 1)
	go func() { answer <- submit(2, failed) }()
	<-store.entered
	time.Sleep(100 * time.Millisecond) // readers read meanwhile
	store.hold.Store(false)
	store.release <- errors.New("disk full")
	if err := <-answer; err == nil {
		t.Fatalf("%s acknowledged although its commit failed", failed)
	}
	time.Sleep(20 * time.Millisecond)
	for _, q := range []string{"", "?as_of=" + url.QueryEscape(at(2).Format(time.RFC3339))} {
		codes, err := listed(srv.URL + "/api/v1/members" + q)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(fmt.Sprint(codes), failed) {
			t.Errorf("after the failed commit, GET /api/v1/members%s lists %v: the cache kept an act never recorded", q, codes)
		}
	}

	// A commit held, with an act decided behind it, then both stored.
	n := e.Len()
	landingMu.Lock()
	landing["EGY"], landing["GHA"] = n+1, n+2
	landingMu.Unlock()
	store.hold.Store(true)
	answers := make(chan error, 2)
	go func() { answers <- submit(3, "EGY") }()
	<-store.entered
	go func() { answers <- submit(3, "GHA") }()
	time.Sleep(100 * time.Millisecond)
	store.hold.Store(false)
	store.release <- nil
	for range 2 {
		if err := <-answers; err != nil {
			t.Fatal(err)
		}
	}
	codes, err := listed(srv.URL + "/api/v1/members")
	if err != nil || !strings.Contains(fmt.Sprint(codes), "EGY") || !strings.Contains(fmt.Sprint(codes), "GHA") {
		t.Errorf("once both are stored, GET /api/v1/members = %v, %v; want EGY and GHA listed", codes, err)
	}
	if reads.Load() == 0 {
		t.Error("no reader read")
	}
}

// listed returns the codes of the States a GET of the member list at u lists.
func listed(u string) ([]board.StateCode, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	var page apiv1.Page[apiv1.Member]
	if err := json.NewDecoder(resp.Body).Decode(&page); err != nil {
		return nil, err
	}
	codes := make([]board.StateCode, len(page.Items))
	for i, it := range page.Items {
		codes[i] = board.StateCode(it.State)
	}
	return codes, nil
}
