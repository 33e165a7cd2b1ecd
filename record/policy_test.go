package record_test

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/peaceboard/peaceboard/record"
)

// testWitness is a witness of the tests: its cosigner, and its key in hex for policy lines.
type testWitness struct {
	c   *record.Cosigner
	hex string
}

func newTestWitness(t *testing.T, name string, seed byte) testWitness {
	t.Helper()
	c, err := record.NewCosigner(name, ed25519.NewKeyFromSeed(append(make([]byte, 31), seed)))
	if err != nil {
		t.Fatal(err)
	}
	return testWitness{c: c, hex: hex.EncodeToString(c.Public())}
}

func TestParsePolicy(t *testing.T) {
	ws := map[string]testWitness{}
	for i, n := range []string{"x1", "x2", "x3", "y1", "y2"} {
		ws[n] = newTestWitness(t, "witness.example/"+n, byte(i+1))
	}
	k := func(n string) string { return ws[n].hex }
	nested := fmt.Sprintf(`# two levels of groups
log %s https://log.example
witness witness.example/x1 %s https://x1.example/witness/
witness witness.example/x2 %s   # no URL
witness witness.example/x3 %s
group X 2 witness.example/x1 witness.example/x2 witness.example/x3

witness witness.example/y1 %s
witness witness.example/y2 %s
group Y any witness.example/y1 witness.example/y2
group XY all X Y
quorum XY
`, strings.Repeat("ab", 32), k("x1"), k("x2"), k("x3"), k("y1"), k("y2"))
	p, err := record.ParsePolicy([]byte(nested))
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Witnesses(); len(got) != 5 || got[0].URL != "https://x1.example/witness" || got[1].URL != "" || got[4].Name != "witness.example/y2" {
		t.Errorf("witnesses: %+v", got)
	}
	if vs := p.Verifiers(); len(vs) != 5 || vs[3].Name() != "witness.example/y1" || vs[3].KeyHash() != ws["y1"].c.KeyHash() {
		t.Errorf("verifiers: %v", vs)
	}
	for _, tc := range []struct {
		cosigned []string
		want     string // "" when the quorum is met, else part of the error
	}{
		{[]string{"x1", "x2", "y1"}, ""},
		{[]string{"x1", "x3", "y2"}, ""},
		{[]string{"x1", "x2", "x3", "y1", "y2"}, ""},
		{[]string{"x1", "x2"}, "group Y has 0 of the 1 members it needs"},
		{[]string{"x1", "y1"}, "group X has 1 of the 2 members it needs, 1 more wanted"},
		{[]string{"y1", "y2"}, "group XY has 1 of the 2"},
		{nil, "group XY has 0 of the 2"},
		{[]string{"x1", "x1", "y1"}, "group X has 1 of the 2"}, // one witness counts once
	} {
		var names []string
		for _, n := range tc.cosigned {
			names = append(names, "witness.example/"+n)
		}
		err := p.Quorum(names)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("Quorum(%v): %v", tc.cosigned, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("Quorum(%v) = %v, want an error with %q", tc.cosigned, err, tc.want)
		}
	}

	back, err := record.ParsePolicy([]byte(p.String()))
	if err != nil || back.String() != p.String() || !strings.Contains(p.String(), "group X 2 witness.example/x1 witness.example/x2 witness.example/x3\n") ||
		!strings.HasSuffix(p.String(), "group XY 2 X Y\nquorum XY\n") {
		t.Errorf("String does not read back (%v):\n%s", err, p.String())
	}
	flat := fmt.Sprintf("witness a %s\nwitness b %s\nwitness c %s\ngroup g 2 a b c\nquorum g\n", k("x1"), k("x2"), k("x3"))
	p, err = record.ParsePolicy([]byte(flat))
	if err != nil {
		t.Fatal(err)
	}
	if p.Quorum([]string{"a"}) == nil || p.Quorum([]string{"c", "a"}) != nil {
		t.Errorf("2 of 3: a alone or a and c misjudged")
	}
	if p, err := record.ParsePolicy([]byte("quorum none\n")); err != nil || p.Quorum(nil) != nil || p.NeedsCosignatures() {
		t.Errorf("quorum none: %v", err)
	}
	if p, err := record.ParsePolicy([]byte(fmt.Sprintf("witness a %s\nquorum a", k("x1")))); err != nil || p.Quorum(nil) == nil || p.Quorum([]string{"a"}) != nil {
		t.Errorf("quorum of one witness: %v", err)
	}

	for _, tc := range []struct{ policy, want string }{
		{"", "no quorum line"},
		{"# only a comment\n", "no quorum line"},
		{"quorum none\nquorum none\n", "line 2: a second quorum line (the first is line 1)"},
		{"quorum\n", "line 1: want: quorum NAME"},
		{"quorum a b\n", "line 1: want: quorum NAME"},
		{"quorum a\n", "line 1: a is not defined on an earlier line"},
		{"quorum a\nwitness a " + k("x1") + "\n", "line 1: a is not defined"},
		{"verifier a " + k("x1") + "\nquorum none\n", `line 1: unknown keyword "verifier"`},
		{"witness a\n", "line 1: want: witness NAME HEXKEY [URL]"},
		{"witness a " + k("x1") + " https://a.example extra\n", "line 1: want: witness NAME HEXKEY [URL]"},
		{"witness a 1234\n", "line 1: key \"1234\" is not the hex"},
		{"witness a " + strings.Repeat("zz", 32) + "\n", "is not the hex"},
		{"witness a " + k("x1") + " ftp://a.example\n", `URL "ftp://a.example" is not an http`},
		{"witness a " + k("x1") + " https://\n", "is not an http"},
		{"witness a+b " + k("x1") + "\n", "not a note key name"},
		{"witness none " + k("x1") + "\n", `"none" is predefined`},
		{"witness a " + k("x1") + "\nwitness a " + k("x2") + "\n", "line 2: a is already defined"},
		{"witness a " + k("x1") + "\nwitness b " + k("x1") + "\n", "line 2: witness b has the key of witness a"},
		{"witness a " + k("x1") + "\ngroup a any a\n", "line 2: a is already defined"},
		{"witness a " + k("x1") + "\ngroup g any\n", "line 2: want: group NAME k|any|all MEMBER..."},
		{"witness a " + k("x1") + "\ngroup g 2 a\n", "line 2: group g: threshold 2 out of range (1 to 1"},
		{"witness a " + k("x1") + "\ngroup g 0 a\n", "threshold 0 out of range"},
		{"witness a " + k("x1") + "\ngroup g -1 a\n", "threshold -1 out of range"},
		{"witness a " + k("x1") + "\ngroup g 01 a\n", `threshold "01" is not a number`},
		{"witness a " + k("x1") + "\ngroup g most a\n", `threshold "most" is not a number`},
		{"witness a " + k("x1") + "\ngroup g any a b\n", "line 2: b is not defined on an earlier line"},
		{"witness a " + k("x1") + "\ngroup g any a a\n", "group g lists a twice"},
		{"witness a " + k("x1") + "\ngroup g any a none\n", `"none" cannot be a member`},
		{"log 00\nquorum none\n", "line 1: key \"00\" is not the hex"},
		{"log\n", "want: log HEXKEY [URL]"},
		{"log " + k("x1") + " notaurl\nquorum none\n", "is not an http"},
	} {
		_, err := record.ParsePolicy([]byte(tc.policy))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParsePolicy(%q) = %v, want an error with %q", tc.policy, err, tc.want)
		}
	}
}

func TestNewPolicy(t *testing.T) {
	a, b := newTestWitness(t, "a.example/w", 1), newTestWitness(t, "b.example/w", 2)
	ws := []record.Witness{{Name: "a.example/w", Key: a.c.Public(), URL: "https://a.example"}, {Name: "b.example/w", Key: b.c.Public()}}
	p, err := record.NewPolicy(ws, 1)
	if err != nil {
		t.Fatal(err)
	}
	if p.Quorum(nil) == nil || p.Quorum([]string{"b.example/w"}) != nil {
		t.Error("1 of 2 misjudged")
	}
	if want := fmt.Sprintf("witness a.example/w %s https://a.example\nwitness b.example/w %s\ngroup witnesses 1 a.example/w b.example/w\nquorum witnesses\n", a.hex, b.hex); p.String() != want {
		t.Errorf("String:\n%s\nwant:\n%s", p, want)
	}
	if p, err := record.NewPolicy(ws, 0); err != nil || p.NeedsCosignatures() || !strings.HasSuffix(p.String(), "quorum none\n") {
		t.Errorf("quorum 0: %v", err)
	}
	for _, q := range []int{-1, 3} {
		if _, err := record.NewPolicy(ws, q); err == nil {
			t.Errorf("quorum %d accepted", q)
		}
	}
	if _, err := record.NewPolicy([]record.Witness{ws[0], ws[0]}, 1); err == nil {
		t.Error("a witness twice accepted")
	}
	if _, err := record.NewPolicy([]record.Witness{{Name: "c", Key: []byte{1}}}, 1); err == nil {
		t.Error("a short key accepted")
	}
}

func TestPolicyCheck(t *testing.T) {
	skey, err := record.NewLogKey("example.org/log")
	if err != nil {
		t.Fatal(err)
	}
	lk, err := record.ParseLogKey(skey)
	if err != nil {
		t.Fatal(err)
	}
	cp := record.Checkpoint{Origin: "example.org/log", Size: 7, Hash: tlog.Hash{1, 2, 3}}
	signed, err := cp.Sign(lk.Signer)
	if err != nil {
		t.Fatal(err)
	}
	a, b, c := newTestWitness(t, "a.example/w", 1), newTestWitness(t, "b.example/w", 2), newTestWitness(t, "c.example/w", 3)
	at := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	for i, w := range []testWitness{a, b, c} {
		w.c.Now = func() time.Time { return at.Add(time.Duration(i) * time.Second) }
	}
	policy := fmt.Sprintf("log %s\nwitness a.example/w %s\nwitness b.example/w %s\ngroup g all a.example/w b.example/w\nquorum g\n",
		hex.EncodeToString(logPublic(t, lk.VerifierKey)), a.hex, b.hex)
	p, err := record.ParsePolicy([]byte(policy))
	if err != nil {
		t.Fatal(err)
	}
	if err := p.CheckLogKey(lk.VerifierKey); err != nil {
		t.Error(err)
	}
	other, _ := record.NewLogKey("example.org/log")
	otherKey, _ := record.ParseLogKey(other)
	if err := p.CheckLogKey(otherKey.VerifierKey); err == nil {
		t.Error("another log's key accepted")
	}

	cosign := func(note []byte, ws ...testWitness) []byte {
		for _, w := range ws {
			note = appendCosignature(t, note, w.c)
		}
		return note
	}
	both := cosign(signed, a, c, b) // c is unknown to the policy: ignored
	got, cs, err := p.Check(both, lk.Verifier)
	if err != nil {
		t.Fatal(err)
	}
	if got != cp || len(cs) != 2 || cs[0].Witness.Name != "a.example/w" || !cs[0].Time.Equal(at) || cs[1].Witness.Name != "b.example/w" || !cs[1].Time.Equal(at.Add(time.Second)) {
		t.Errorf("Check = %+v, %+v", got, cs)
	}

	_, cs, err = p.Check(cosign(signed, a), lk.Verifier)
	if err == nil || !strings.Contains(err.Error(), "no cosignature from witness b.example/w") || len(cs) != 1 {
		t.Errorf("one of two: %v, %v", cs, err)
	}
	if _, _, err := p.Check(signed, lk.Verifier); err == nil {
		t.Error("no cosignature accepted")
	}
	// A known witness's bad signature is an error, not an absent one.
	bad := corruptSignature(t, both, "b.example/w")
	if _, _, err := p.Check(bad, lk.Verifier); err == nil || strings.Contains(err.Error(), "quorum") {
		t.Errorf("a bad cosignature: %v", err)
	}
	// Cosignatures without the log's signature.
	n, err := note.Open(both, note.VerifierList(lk.Verifier))
	if err != nil {
		t.Fatal(err)
	}
	unsigned := cosign([]byte(n.Text+"\n"), a, b)
	if _, _, err := p.Check(unsigned, lk.Verifier); err == nil || !strings.Contains(err.Error(), "not signed by the log") {
		t.Errorf("without the log's signature: %v", err)
	}
	if _, _, err := p.Check(cosign(signed, a, b), otherKey.Verifier); err == nil {
		t.Error("opened with another log's key")
	}
}

// appendCosignature adds w's cosignature of the signed checkpoint to it, as a log does with a
// witness's answer.
func appendCosignature(t *testing.T, signed []byte, w *record.Cosigner) []byte {
	t.Helper()
	text, _, ok := strings.Cut(string(signed), "\n\n")
	if !ok {
		t.Fatalf("not a note: %q", signed)
	}
	cosigned, err := note.Sign(&note.Note{Text: text + "\n"}, w)
	if err != nil {
		t.Fatal(err)
	}
	_, line, _ := strings.Cut(string(cosigned), "\n\n")
	return append(append([]byte(nil), signed...), line...)
}

func logPublic(t *testing.T, vkey string) ed25519.PublicKey {
	t.Helper()
	parts := strings.SplitN(vkey, "+", 3)
	b, err := base64.StdEncoding.DecodeString(parts[2])
	if err != nil || len(b) != 33 {
		t.Fatalf("log key %q", vkey)
	}
	return b[1:]
}

// corruptSignature flips a bit of the signature of the line by key name in a signed note,
// keeping its key hash.
func corruptSignature(t *testing.T, signed []byte, name string) []byte {
	t.Helper()
	lines := strings.SplitAfter(string(signed), "\n")
	for i, l := range lines {
		if sig, ok := strings.CutPrefix(l, "— "+name+" "); ok {
			b, err := base64.StdEncoding.DecodeString(strings.TrimSuffix(sig, "\n"))
			if err != nil {
				t.Fatal(err)
			}
			b[len(b)-1] ^= 1
			lines[i] = "— " + name + " " + base64.StdEncoding.EncodeToString(b) + "\n"
			return []byte(strings.Join(lines, ""))
		}
	}
	t.Fatalf("no signature by %s", name)
	return nil
}
