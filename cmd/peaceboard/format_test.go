package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/client"
	"github.com/peaceboard/peaceboard/record"
)

// TestRecordInActFormatV1 (issue 18): a record made before act format v2 (testdata/acts-v1.db,
// by commit 5c25e91: acts in act format v1, recorded at their own time and live, with text
// holding <, >, &, accents, CJK, line feeds and U+2028) verifies as it was and says it is in act
// format v1; served, its entries read and their receipts check. It takes new acts in act format
// v2 only (through the Go client and "act --server"), refusing one signed in v1, and the mixed
// record verifies, from the database and from the server's tiles, saying which entries use
// which format.
func TestRecordInActFormatV1(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "pb.db")
	data, err := os.ReadFile("testdata/acts-v1.db")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(db, data, 0o600); err != nil {
		t.Fatal(err)
	}
	// The root that verify printed at commit 5c25e91 for this record.
	const oldRoot = "13 entries, root 12229966dd5b7e3cc62f66626e680d2b3c48aa90657517e2d8d9c492e62ce7f1"
	if got := verifiedBy(t, db); got != oldRoot {
		t.Errorf("verified %s, want %s", got, oldRoot)
	}
	if out, _ := run(t, "verify", "--db", db); !strings.Contains(out, "\nentries 0-12: act format v1\n") {
		t.Errorf("verify = %q; want it to say entries 0-12: act format v1", out)
	}

	now := time.Date(2026, 12, 8, 10, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	server, _ := startServe(t, clock, db)
	c := client.New(server)
	ctx := context.Background()
	if st, err := c.Status(ctx, client.Query{}); err != nil || st.Entries != 13 || st.InForce {
		t.Errorf("status: %+v, %v; want 13 entries, the charter not in force (two consents)", st, err)
	}
	// The search index, which the record predates, is made when it opens: its acts are found.
	if p, err := c.Search(ctx, "ubersetzungen 中文", "", client.Query{}); err != nil || len(p.Items) != 1 || p.Items[0].Index == nil || *p.Items[0].Index != 9 {
		t.Errorf("search of the old record: %+v, %v; want entry 9", p.Items, err)
	}
	ring := record.DevKeyring{Seed: "acts-v1.yaml"}
	logKey := ring.LogKey().VerifierKey
	texts := map[uint64]string{ // entries whose text needs care, and some of it
		9:  "Übersetzungen: 中文 on request; a < b > c & d.",
		10: "\tIndented, then U+2028:\u2028end.",
		12: "Zusage für 2026 <Ü> & 中文\nzweite Zeile",
	}
	for i := range uint64(13) {
		en, err := c.Entry(ctx, i)
		if err != nil {
			t.Fatalf("entry %d: %v", i, err)
		}
		act, err := board.ParseCanonical(en.Act)
		if err != nil || board.FormatOf(en.Act) != board.ActFormatV1 {
			t.Fatalf("entry %d: %s (%v): want an act in act format v1", i, en.Act, err)
		}
		if want, ok := texts[i]; ok && !actHolds(t, act, want) {
			t.Errorf("entry %d reads %+v; want text holding %q", i, act.Body, want)
		}
		rc, err := c.Receipt(ctx, i)
		if err != nil {
			t.Fatalf("receipt %d: %v", i, err)
		}
		if i >= 9 {
			checkReceipt(t, rc, logKey)
		}
	}

	// New acts are in act format v2, by the Go client and by the CLI.
	sa, err := client.Sign(board.Act{At: now.Add(-time.Minute), By: board.Chairman,
		Body: &board.Directive{ID: "format-v2", Title: "Act format v2 <RFC 8785> & “JCS”", Text: "Première ligne.\n中文 & <tags>\u2028fin."}}, ring.Key("chairman"))
	if err != nil {
		t.Fatal(err)
	}
	if board.FormatOf(sa.Canonical) != board.ActFormatV2 {
		t.Fatalf("client.Sign made %s, not act format v2", sa.Canonical)
	}
	r, err := c.Submit(ctx, sa, "")
	if err != nil {
		t.Fatalf("a v2 act on the v1 record: %v", err)
	}
	checkReceipt(t, r, logKey)
	hunKey := filepath.Join(dir, "hun.key")
	if _, err := run(t, "keys", "dev", "state:HUN", "--db", db, "--out", hunKey); err != nil {
		t.Fatal(err)
	}
	out, err := runAt(t, clock, "act", "--server", server, "--key", hunKey, "--as", "state:HUN", "pledge", "amount=USD 10.00", "note=Zweite Zusage <Ü> & 中文")
	if err != nil {
		t.Fatalf("act --server: %v", err)
	}
	var r2 record.Receipt
	if err := json.Unmarshal([]byte(out), &r2); err != nil {
		t.Fatalf("act printed %q: %v", out, err)
	}
	if leaf, err := record.ParseLeaf(r2.Leaf); err != nil || board.FormatOf(leaf.Act) != board.ActFormatV2 || !bytes.Contains(leaf.Act, []byte("<Ü> & 中文")) {
		t.Errorf("the CLI's act is recorded as %s (%v); want act format v2, its text as it is", leaf.Act, err)
	}

	// An act signed in act format v1 is refused, and changes nothing.
	v1act := board.Act{At: now, By: board.Chairman, Body: &board.Directive{ID: "format-v1", Title: "Too late"}}
	v1, err := v1act.CanonicalV1()
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Submit(ctx, apiv1.SignedAct{Canonical: v1, KeyID: sa.KeyID, Signature: record.SignAct(ring.Key("chairman"), v1)}, "")
	if err == nil || !strings.Contains(err.Error(), "act format v1 is retired for new acts") || !strings.Contains(err.Error(), "HTTP 400") {
		t.Errorf("an act in act format v1: %v; want 400, v1 retired", err)
	}

	for _, args := range [][]string{{"verify", "--db", db}, {"verify", "--url", server}} {
		out, err := run(t, args...)
		if err != nil || !strings.HasPrefix(out, "verified 15 entries") || !strings.Contains(out, "\nentries 0-12: act format v1; 13-14: act format v2\n") {
			t.Errorf("%v = %q, %v; want 15 entries, 0-12 in act format v1 and 13-14 in v2", args, out, err)
		}
	}
}

// actHolds reports whether one of the act's text fields holds s.
func actHolds(t *testing.T, act board.Act, s string) bool {
	t.Helper()
	b, err := json.Marshal(act.Body)
	if err != nil {
		t.Fatal(err)
	}
	var fields map[string]any
	if err := json.Unmarshal(b, &fields); err != nil {
		t.Fatal(err)
	}
	for _, v := range fields {
		if text, ok := v.(string); ok && strings.Contains(text, s) {
			return true
		}
	}
	return false
}

// checkReceipt checks a receipt offline, as "receipt check FILE --key" does.
func checkReceipt(t *testing.T, r record.Receipt, key string) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "receipt.json")
	if b, err := json.Marshal(r); err != nil || os.WriteFile(file, b, 0o600) != nil {
		t.Fatal(err)
	}
	if out, err := run(t, "receipt", "check", file, "--key", key); err != nil {
		t.Errorf("receipt check of entry %d = %q, %v", r.Index, out, err)
	}
}
