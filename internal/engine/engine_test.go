package engine_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/sqlite"
	"github.com/peaceboard/peaceboard/record"
)

func day(d int) time.Time { return time.Date(2026, 1, d, 12, 0, 0, 0, time.UTC) }

func open(t *testing.T, path string) (*engine.Engine, *sqlite.DB) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	e, err := engine.Open(ctx, db)
	if board.ErrorKindOf(err) == board.NotFound {
		e, err = engine.Create(ctx, db, engine.Meta{Rules: charter.Default().Source, Keyring: "dev:test", Origin: "test"})
	}
	if err != nil {
		t.Fatal(err)
	}
	return e, db
}

// submit signs an act with the development keyring (registering the actor's key first if
// needed) and submits it.
func submit(t *testing.T, e *engine.Engine, at time.Time, by board.ActorID, body board.Body) (record.Entry, error) {
	t.Helper()
	r, err := e.SubmitDev(context.Background(), board.Act{At: at, By: by, Body: body})
	return r.Entry, err
}

func mustSubmit(t *testing.T, e *engine.Engine, at time.Time, by board.ActorID, body board.Body) record.Entry {
	t.Helper()
	en, err := submit(t, e, at, by, body)
	if err != nil {
		t.Fatalf("%s by %s: %v", body.Kind(), by, err)
	}
	return en
}

func status(t *testing.T, e *engine.Engine, code board.StateCode, at time.Time) board.Status {
	t.Helper()
	var got board.Status
	if err := e.View(context.Background(), at, func(s *board.State, r *charter.Rules) error {
		v, _ := s.Member(r, code, at)
		got = v.Status
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return got
}

func TestEngineRebuildsStateOnOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pb.db")
	e, db := open(t, path)
	for i, code := range []board.StateCode{"KAZ", "MAR", "BHR"} {
		mustSubmit(t, e, day(19+i), board.Chairman, &board.Invite{State: code})
	}
	for i, code := range []board.StateCode{"KAZ", "MAR", "BHR"} {
		en := mustSubmit(t, e, day(22).Add(time.Duration(i)*time.Minute), board.StateActor(code), &board.Consent{Instrument: "signature"})
		// Entries 0-4: establish, the Chairman's key, three invitations; then each State's key
		// registration precedes its consent.
		if want := uint64(6 + 2*i); en.Index != want {
			t.Errorf("entry index = %d, want %d", en.Index, want)
		}
	}
	db.Close()

	e2, _ := open(t, path)
	if e2.Len() != 11 {
		t.Errorf("reopened record has %d entries, want 11", e2.Len())
	}
	if got := status(t, e2, "KAZ", day(23)); got != board.StatusMember {
		t.Errorf("KAZ after reopening = %q, want member", got)
	}
	// As of a date before the last act, the state is rebuilt from the record up to that date.
	if got := status(t, e2, "KAZ", day(21)); got != board.StatusInvited {
		t.Errorf("KAZ as of 21 January = %q, want invited", got)
	}
	if got := status(t, e2, "BHR", day(20)); got != "" {
		t.Errorf("BHR as of 20 January = %q, want not yet invited", got)
	}
	// The next act continues the record.
	if en := mustSubmit(t, e2, day(23), board.Chairman, &board.Invite{State: "FRA"}); en.Index != 11 {
		t.Errorf("next index after reopening = %d, want 11", en.Index)
	}
}

func TestEngineRefusedActChangesNothing(t *testing.T) {
	e, _ := open(t, filepath.Join(t.TempDir(), "pb.db"))
	mustSubmit(t, e, day(19), board.Chairman, &board.Invite{State: "FRA"})
	mustSubmit(t, e, day(20), board.StateActor("FRA"), &board.Decline{})
	_, err := submit(t, e, day(21), board.StateActor("FRA"), &board.Consent{Instrument: "signature"})
	if board.ErrorRule(err) != "R2" {
		t.Fatalf("consent after decline: err = %v, want an R2 refusal", err)
	}
	n := e.Len()
	if _, err := submit(t, e, day(21), board.StateActor("FRA"), &board.Consent{Instrument: "signature"}); err == nil {
		t.Fatal("second consent after decline accepted")
	}
	if e.Len() != n {
		t.Errorf("record has %d entries after a refusal, want %d", e.Len(), n)
	}
	if got := status(t, e, "FRA", day(22)); got != board.StatusDeclined {
		t.Errorf("FRA = %q, want declined", got)
	}
}

func TestEngineChecksSignatures(t *testing.T) {
	e, _ := open(t, filepath.Join(t.TempDir(), "pb.db"))
	// Register the Chairman's and KAZ's development keys.
	mustSubmit(t, e, day(18), board.Chairman, &board.Invite{State: "KAZ"})
	mustSubmit(t, e, day(18), board.StateActor("KAZ"), &board.Decline{})
	act := board.Act{At: day(19), By: board.Chairman, Body: &board.Invite{State: "MAR"}}
	good, err := e.SignDev(act)
	if err != nil {
		t.Fatal(err)
	}
	other, err := e.SignDev(board.Act{At: day(19), By: board.StateActor("KAZ"), Body: &board.Invite{State: "MAR"}})
	if err != nil {
		t.Fatal(err)
	}
	unregistered, err := e.SignDev(board.Act{At: day(19), By: board.Secretariat, Body: &board.Invite{State: "MAR"}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		sa   engine.SignedAct
	}{
		{"flipped signature bit", func() engine.SignedAct {
			sa := good
			sa.Signature = append([]byte(nil), good.Signature...)
			sa.Signature[0] ^= 1
			return sa
		}()},
		{"another actor's key", engine.SignedAct{Act: act, KeyID: other.KeyID, Signature: other.Signature}},
		{"signature of another act", engine.SignedAct{Act: board.Act{At: day(19), By: board.Chairman, Body: &board.Invite{State: "BHR"}}, KeyID: good.KeyID, Signature: good.Signature}},
		{"no signature", engine.SignedAct{Act: act, KeyID: good.KeyID}},
		{"a key never registered for the actor", engine.SignedAct{Act: board.Act{At: day(19), By: "state:MAR", Body: &board.Decline{}}, KeyID: unregistered.KeyID, Signature: unregistered.Signature}},
	}
	n := e.Len()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.Submit(context.Background(), tt.sa)
			if board.ErrorKindOf(err) != board.Unauthorized {
				t.Errorf("err = %v, want unauthorized", err)
			}
		})
	}
	if e.Len() != n {
		t.Fatalf("record has %d entries after bad signatures, want %d", e.Len(), n)
	}
	if _, err := e.Submit(context.Background(), good); err != nil {
		t.Errorf("good signature: %v", err)
	}
}

// TestEngineRefusesActFormatV1: a new act signed over its bytes in act format v1 (as clients
// signed before act format v2) is refused as invalid, saying that v1 is retired and where act
// format v2 is described, not that its signature is wrong; the same act signed in v2 is taken,
// and the record is in act format v2.
func TestEngineRefusesActFormatV1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pb.db")
	e, _ := open(t, path)
	mustSubmit(t, e, day(18), board.Chairman, &board.Invite{State: "KAZ"})
	act := board.Act{At: day(19), By: board.Chairman, Body: &board.Invite{State: "MAR", Head: "Mohammed VI & <co>"}}
	good, err := e.SignDev(act)
	if err != nil {
		t.Fatal(err)
	}
	v1, err := act.CanonicalV1()
	if err != nil {
		t.Fatal(err)
	}
	sa := good
	sa.Signature = record.SignAct(record.DevKeyring{Seed: "test"}.Key(string(board.Chairman)), v1)
	if !record.VerifyAct(record.DevKeyring{Seed: "test"}.PublicKey(string(board.Chairman)), v1, sa.Signature) {
		t.Fatal("the v1 signature does not verify over the v1 bytes")
	}
	n := e.Len()
	_, err = e.Submit(context.Background(), sa)
	if board.ErrorKindOf(err) != board.Invalid || !strings.Contains(err.Error(), "act format v1 is retired for new acts") || !strings.Contains(err.Error(), "docs/signing.md") {
		t.Errorf("an act signed in act format v1: err = %v, want invalid, saying v1 is retired and pointing to docs/signing.md", err)
	}
	if e.Len() != n {
		t.Fatalf("the record has %d entries after the refusal, want %d", e.Len(), n)
	}
	en, err := e.Submit(context.Background(), good)
	if err != nil {
		t.Fatalf("the act signed in act format v2: %v", err)
	}
	if board.FormatOf(en.Entry.Act) != board.ActFormatV2 {
		t.Errorf("the entry's act %s is not in act format v2", en.Entry.Act)
	}
	e.Close()
	res, err := verifyDB(t, path)
	if err != nil {
		t.Fatal(err)
	}
	if want := []engine.FormatRange{{From: 0, To: uint64(n), Format: board.ActFormatV2}}; !slices.Equal(res.Formats, want) {
		t.Errorf("verify: formats %v, want %v", res.Formats, want)
	}
}

func TestEngineRevokedKey(t *testing.T) {
	e, _ := open(t, filepath.Join(t.TempDir(), "pb.db"))
	mustSubmit(t, e, day(18), board.Chairman, &board.Invite{State: "KAZ"})
	sa, err := e.SignDev(board.Act{At: day(20), By: board.Chairman, Body: &board.Invite{State: "MAR"}})
	if err != nil {
		t.Fatal(err)
	}
	// The Chairman's key is rotated: the last key of the Chairman is never revoked alone.
	next := base64.StdEncoding.EncodeToString(record.DevKeyring{Seed: "next"}.PublicKey(string(board.Chairman)))
	mustSubmit(t, e, day(19), board.Secretariat, &board.RegisterKey{Actor: board.Chairman, Key: next, Replaces: sa.KeyID})
	if _, err := e.Submit(context.Background(), sa); board.ErrorKindOf(err) != board.Unauthorized {
		t.Errorf("act signed with a revoked key: err = %v, want unauthorized", err)
	}
}

func TestEngineStoresActAndEventsCanonically(t *testing.T) {
	ctx := context.Background()
	e, db := open(t, filepath.Join(t.TempDir(), "pb.db"))
	en := mustSubmit(t, e, day(19), board.Chairman, &board.Invite{State: "KAZ", Head: "Kassym-Jomart Tokayev", Founding: true})
	var stored []record.Entry
	if err := db.Entries(ctx, 0, func(x record.Entry) error { stored = append(stored, x); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(stored) != 3 {
		t.Fatalf("stored %d entries, want 3 (establish, the Chairman's key, the invitation)", len(stored))
	}
	got := stored[2]
	act, err := board.ParseCanonical(got.Act)
	if err != nil {
		t.Fatalf("stored act bytes: %v", err)
	}
	if act.By != board.Chairman || act.Body.(*board.Invite).State != "KAZ" || !act.At.Equal(day(19)) {
		t.Errorf("stored act = %v", act)
	}
	if string(got.Events) != string(en.Events) || string(got.Signature) != string(en.Signature) {
		t.Errorf("stored entry differs from the receipt's")
	}
	events, err := board.DecodeEvents(got.Events)
	if err != nil || len(events) != 1 {
		t.Fatalf("events = %v, %v", events, err)
	}
	if inv, ok := events[0].(*board.Invited); !ok || inv.State != "KAZ" || !inv.Founding {
		t.Errorf("event = %#v, want invited KAZ founding", events[0])
	}
}

// TestEngineRecordsAnActOnce: the same signed act submitted again (a client retrying after a
// lost answer, or a replay of an act copied from the public record) is refused, naming the entry
// that holds it: in a later group, in the same group, and after the database is opened again.
func TestEngineRecordsAnActOnce(t *testing.T) {
	path, e, db := founded(t)
	ctx := context.Background()
	accredit := func(person string) engine.SignedAct {
		sa, err := e.SignDev(board.Act{At: day(24), By: "state:KAZ", Body: &board.Accredit{Person: person, Role: "head"}})
		if err != nil {
			t.Fatal(err)
		}
		return sa
	}
	first := accredit("Nurlan")
	r, err := e.Submit(ctx, first)
	if err != nil {
		t.Fatal(err)
	}
	wantDuplicate := func(err error, of uint64) {
		t.Helper()
		if board.ErrorKindOf(err) != board.Conflict || !strings.Contains(err.Error(), fmt.Sprintf("as entry %d", of)) {
			t.Errorf("the same act again: %v; want a conflict naming entry %d", err, of)
		}
	}
	_, err = e.Submit(ctx, first)
	wantDuplicate(err, r.Entry.Index)

	second := accredit("Aigerim") // submitted twice at once: one is recorded
	errs := make(chan error, 2)
	idx := make(chan uint64, 2)
	for range 2 {
		go func() {
			r, err := e.Submit(ctx, second)
			if err == nil {
				idx <- r.Entry.Index
			}
			errs <- err
		}()
	}
	var failed []error
	for range 2 {
		if err := <-errs; err != nil {
			failed = append(failed, err)
		}
	}
	if len(failed) != 1 {
		t.Fatalf("the same act submitted twice at once: errors %v; want exactly one", failed)
	}
	wantDuplicate(failed[0], <-idx)

	n := e.Len()
	e.Close()
	db.Close()
	e2, _ := open(t, path)
	_, err = e2.Submit(ctx, first)
	wantDuplicate(err, r.Entry.Index)
	if e2.Len() != n {
		t.Errorf("%d entries after the refusals; want %d", e2.Len(), n)
	}
}

// TestSubmitChecksLimits: the engine refuses an act past a field's limit (board.CheckLimits)
// before anything else, its signature included, whatever submits it (the API, the CLI, a
// replay), and records nothing; an act at the limit is taken.
func TestSubmitChecksLimits(t *testing.T) {
	e, _ := open(t, filepath.Join(t.TempDir(), "pb.db"))
	mustSubmit(t, e, day(19), board.Chairman, &board.Invite{State: "FRA"})
	n := e.Len()
	long := &board.Invite{State: "DEU", Head: strings.Repeat("a", board.LimitName+1)}
	if _, err := submit(t, e, day(20), board.Chairman, long); board.ErrorKindOf(err) != board.Invalid || !strings.Contains(err.Error(), "head") {
		t.Errorf("an invitation with a head past the limit: err = %v, want invalid, naming head", err)
	}
	unsigned := engine.SignedAct{Act: board.Act{At: day(20), By: board.Chairman, Body: long}, KeyID: "0000000000000000", Signature: make([]byte, 64)}
	if _, err := e.Submit(context.Background(), unsigned); board.ErrorKindOf(err) != board.Invalid {
		t.Errorf("the same act with a bad signature: err = %v, want invalid (the limit is checked first)", err)
	}
	if e.Len() != n {
		t.Errorf("record has %d entries after the refusals, want %d", e.Len(), n)
	}
	mustSubmit(t, e, day(20), board.Chairman, &board.Invite{State: "DEU", Head: strings.Repeat("a", board.LimitName)})
}

// TestActHead: the time, actor and kind that a store's columns are read from are the signed
// act's, in both act formats; bytes that do not begin as an act does are not read.
func TestActHead(t *testing.T) {
	act := board.Act{At: day(19).Add(500 * time.Millisecond), By: "state:KAZ", Body: &board.Consent{Instrument: "signature", Place: `"at":"x"`}}
	v2, _ := act.Canonical()
	v1, _ := act.CanonicalV1()
	for _, b := range [][]byte{v2, v1} {
		at, by, kind, ok := engine.ActHead(b)
		if !ok || string(at) != "2026-01-19T12:00:00.5Z" || string(by) != "state:KAZ" || string(kind) != "consent" {
			t.Errorf("ActHead(%s) = %s, %s, %s, %t", b, at, by, kind, ok)
		}
	}
	for _, b := range []string{
		`{"by":"state:KAZ","at":"2026-01-19T12:00:00Z","act":"consent","fields":{}}`,
		`{"act":"consent","by":"state:KAZ","at":"2026-01-19T12:00:00Z","fields":{}}`,
		`{"act":"consent","at":"2026-01-19T12:00:00Z","by":"state:KAZ"}`,
		`{"act":"con\"sent","at":"2026-01-19T12:00:00Z","by":"state:KAZ","fields":{}}`,
	} {
		if at, by, kind, ok := engine.ActHead([]byte(b)); ok {
			t.Errorf("ActHead(%s) = %s, %s, %s; want not read", b, at, by, kind)
		}
	}
}
