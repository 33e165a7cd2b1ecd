package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/internal/api"
	"github.com/peaceboard/peaceboard/record"
)

// TestActFormatV2 (issue 18): POST /api/v1/acts takes acts in act format v2 (RFC 8785), text
// with <, >, & and U+2028 written as it is; it refuses with 400 (invalid) bytes that are not in
// RFC 8785 form, saying so, and acts in act format v1, given as bytes or signed over their v1
// bytes, saying that v1 is retired and where v2 is described. No refusal changes the record.
func TestActFormatV2(t *testing.T) {
	s := writeServer(t, api.Config{})
	ctx := context.Background()
	before := s.engine.Len()
	chairman := key(board.Chairman)
	kid := string(keyIDOf(chairman))
	refused := func(name string, sa apiv1.SignedAct, want ...string) {
		t.Helper()
		_, err := s.client.Submit(ctx, sa, "")
		e := problem(t, err, http.StatusBadRequest, board.Invalid)
		for _, w := range want {
			if !strings.Contains(e.Error(), w) {
				t.Errorf("%s: %v; want it to say %q", name, e, w)
			}
		}
	}

	act := board.Act{At: t0, By: board.Chairman, Body: &board.Invite{State: "ARM", Head: "Nikol Pashinyan <ARM> & co"}}
	v1, err := act.CanonicalV1()
	if err != nil {
		t.Fatal(err)
	}
	refused("v1 bytes", apiv1.SignedAct{Canonical: v1, KeyID: kid, Signature: record.SignAct(chairman, v1)},
		"act format v1 is retired for new acts", "docs/signing.md")
	var obj apiv1.ActObject
	if err := json.Unmarshal(v1, &obj); err != nil {
		t.Fatal(err)
	}
	refused("an object signed over its v1 bytes", apiv1.SignedAct{Act: &obj, KeyID: kid, Signature: record.SignAct(chairman, v1)},
		"act format v1 is retired for new acts", "docs/signing.md")

	v2, err := act.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, from, to, want string }{
		{"Go's HTML escaping", "<", `\u003c`, `not in RFC 8785 form: at byte 94: an unneeded escape \u003c`},
		{"whitespace", `,"by"`, `, "by"`, "not in RFC 8785 form: at byte 44: whitespace"},
		{"fields out of order", `"head":"Nikol Pashinyan <ARM> & co","state":"ARM"`, `"state":"ARM","head":"Nikol Pashinyan <ARM> & co"`, `members out of order: "head" after "state"`},
	} {
		bad := bytes.Replace(v2, []byte(c.from), []byte(c.to), 1)
		refused(c.name, apiv1.SignedAct{Canonical: bad, KeyID: kid, Signature: record.SignAct(chairman, bad)}, c.want)
	}
	if n := s.engine.Len(); n != before {
		t.Fatalf("the record has %d entries after the refusals, want %d", n, before)
	}

	r, err := s.client.Submit(ctx, apiv1.SignedAct{Canonical: v2, KeyID: kid, Signature: record.SignAct(chairman, v2)}, "")
	if err != nil {
		t.Fatalf("the act in act format v2: %v", err)
	}
	leaf, err := record.ParseLeaf(r.Leaf)
	if err != nil || !bytes.Equal(leaf.Act, v2) || !bytes.Contains(r.Leaf, []byte("<ARM> & co")) {
		t.Errorf("the leaf %s (%v) does not hold the signed bytes %s as they are", r.Leaf, err, v2)
	}
	text := board.Act{At: t0, By: "state:KAZ", Body: &board.Consent{Instrument: "signature", Place: "Zürich <am See> & 中文\u2028"}}
	canonical, err := text.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(canonical, []byte("\u2028")) {
		t.Fatalf("Canonical = %s: want U+2028 as it is", canonical)
	}
	if _, err := s.client.Submit(ctx, apiv1.SignedAct{Canonical: canonical, KeyID: string(keyIDOf(key("state:KAZ"))), Signature: record.SignAct(key("state:KAZ"), canonical)}, ""); err != nil {
		t.Fatalf("an act with <, >, &, non-ASCII and U+2028: %v", err)
	}
}
