package record_test

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/peaceboard/peaceboard/record"
)

func testKey(t *testing.T) *record.LogKey {
	t.Helper()
	skey, err := record.NewLogKey("example.org/log")
	if err != nil {
		t.Fatal(err)
	}
	k, err := record.ParseLogKey(skey)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestCheckpointOpensWithNoteLibrary(t *testing.T) {
	k := testKey(t)
	cp := record.Checkpoint{Origin: "example.org/log", Size: 42, Hash: tlog.RecordHash([]byte("x"))}
	msg, err := cp.Sign(k.Signer)
	if err != nil {
		t.Fatal(err)
	}
	// Open it with golang.org/x/mod/sumdb/note directly, from the published verifier key text.
	v, err := note.NewVerifier(k.VerifierKey)
	if err != nil {
		t.Fatal(err)
	}
	n, err := note.Open(msg, note.VerifierList(v))
	if err != nil {
		t.Fatalf("note.Open: %v", err)
	}
	if want := "example.org/log\n42\n" + base64.StdEncoding.EncodeToString(cp.Hash[:]) + "\n"; n.Text != want {
		t.Errorf("note text %q, want %q (C2SP tlog-checkpoint)", n.Text, want)
	}
	got, err := record.OpenCheckpoint(msg, v)
	if err != nil || got != cp {
		t.Errorf("OpenCheckpoint = %+v, %v; want %+v", got, err, cp)
	}
	// A checkpoint whose origin is not the key's name is refused.
	if _, err := (record.Checkpoint{Origin: "other", Size: 1}).Sign(k.Signer); err == nil {
		t.Error("signed a checkpoint for another origin")
	}
	// Any change to the signed text is refused.
	forged := bytes.Replace(msg, []byte("\n42\n"), []byte("\n43\n"), 1)
	if _, err := record.OpenCheckpoint(forged, v); err == nil {
		t.Error("opened a checkpoint whose size was changed")
	}
	other := testKey(t)
	if _, err := record.OpenCheckpoint(msg, other.Verifier); err == nil {
		t.Error("opened a checkpoint with another key of the same name")
	}
}

func TestParseCheckpoint(t *testing.T) {
	h := "K5XlXnV5W8zGBQYD0xGKKSuQSR4nQcNuOC0RgSNH9zw="
	tests := []struct {
		text string
		ok   bool
	}{
		{"o\n1\n" + h + "\n", true},
		{"o\n1\n" + h + "\nextension line\n", true},
		{"\n1\n" + h + "\n", false},
		{"o\n01\n" + h + "\n", false},
		{"o\n-1\n" + h + "\n", false},
		{"o\n1\n" + h[:10] + "\n", false},
		{"o\n1\n" + h, false},
	}
	for _, tt := range tests {
		if _, err := record.ParseCheckpoint(tt.text); (err == nil) != tt.ok {
			t.Errorf("ParseCheckpoint(%q): err = %v, want ok = %v", tt.text, err, tt.ok)
		}
	}
}

func TestTilePaths(t *testing.T) {
	tests := []struct {
		path string
		want record.TilePath
	}{
		{"tile/0/000", record.TilePath{Level: 0, N: 0, W: 256}},
		{"tile/1/x001/x234/067", record.TilePath{Level: 1, N: 1234067, W: 256}},
		{"tile/0/x001/x234/067.p/8", record.TilePath{Level: 0, N: 1234067, W: 8}},
		{"tile/entries/000.p/7", record.TilePath{Entries: true, N: 0, W: 7}},
		{"tile/entries/x001/002", record.TilePath{Entries: true, N: 1002, W: 256}},
	}
	for _, tt := range tests {
		got, err := record.ParseTilePath(tt.path)
		if err != nil || got != tt.want {
			t.Errorf("ParseTilePath(%q) = %+v, %v; want %+v", tt.path, got, err, tt.want)
		}
		if s := tt.want.String(); s != tt.path {
			t.Errorf("%+v.String() = %q, want %q", tt.want, s, tt.path)
		}
	}
	for _, bad := range []string{"tile/0/1", "tile/0/x001", "tile/0/001/002", "tile/0/000.p/0", "tile/0/000.p/256",
		"tile/0/000.p/08", "tile/-1/000", "tile/entries/000.p/", "tile/x/000", "tile/0/x000/001", "log/0/000"} {
		if p, err := record.ParseTilePath(bad); err == nil {
			t.Errorf("ParseTilePath(%q) = %+v, want an error", bad, p)
		}
	}
}

func TestBundleRoundTrip(t *testing.T) {
	leaves := [][]byte{[]byte("a"), {}, bytes.Repeat([]byte("z"), 1000)}
	var bundle []byte
	for _, l := range leaves {
		var err error
		if bundle, err = record.AppendBundleEntry(bundle, l); err != nil {
			t.Fatal(err)
		}
	}
	got, err := record.SplitBundle(bundle)
	if err != nil || len(got) != len(leaves) {
		t.Fatalf("SplitBundle = %d leaves, %v", len(got), err)
	}
	for i := range leaves {
		if !bytes.Equal(got[i], leaves[i]) {
			t.Errorf("leaf %d = %q, want %q", i, got[i], leaves[i])
		}
	}
	if _, err := record.SplitBundle(bundle[:len(bundle)-1]); err == nil {
		t.Error("a truncated bundle split without error")
	}
	if _, err := record.AppendBundleEntry(nil, make([]byte, 1<<16)); err == nil {
		t.Error("a 64 KiB leaf was framed")
	}
}

func TestLeafRoundTrip(t *testing.T) {
	l := record.Leaf{Act: []byte(`{"at":"2026-01-22T00:00:00Z","by":"chairman","act":"resign","fields":{}}`), KeyID: "0011", Signature: []byte{1, 2, 3}, Events: sha256.Sum256([]byte("[]"))}
	b := l.Bytes()
	got, err := record.ParseLeaf(b)
	if err != nil || !bytes.Equal(got.Bytes(), b) {
		t.Fatalf("ParseLeaf = %+v, %v", got, err)
	}
	for _, bad := range [][]byte{
		append(append([]byte{}, b...), ' '),
		bytes.Replace(b, []byte(`"key_id"`), []byte(` "key_id"`), 1),
		bytes.Replace(b, []byte(`"events_sha256":"`), []byte(`"events_sha256":"00`), 1),
		bytes.Replace(b, []byte(`"by":"chairman"`), []byte(`"by": "chairman"`), 1), // an act not compact
		bytes.Replace(b, []byte(`"resign"`), []byte(`"res<ign"`), 1),               // nor HTML-escaped
	} {
		if _, err := record.ParseLeaf(bad); err == nil {
			t.Errorf("ParseLeaf(%s) accepted non-canonical bytes", bad)
		}
	}
}

// TestLeafOfActFormatV2: a leaf embeds an act in act format v2 (RFC 8785: <, >, & and U+2028 as
// they are) as it is, and reads back; v2 bytes that are not compact are refused, and v1 bytes
// keep their one form (HTML escaped).
func TestLeafOfActFormatV2(t *testing.T) {
	act := "{\"act\":\"comment\",\"at\":\"2026-01-22T00:00:00Z\",\"by\":\"state:KAZ\",\"fields\":{\"proposal\":\"p\",\"text\":\"a<b> & \u2028 é \\\"q\\\" \\\\ 中文\\n\"}}"
	l := record.Leaf{Act: []byte(act), KeyID: "0011", Signature: []byte{1, 2, 3}, Events: sha256.Sum256([]byte("[]"))}
	for _, live := range []bool{false, true} {
		if live {
			l.Recorded = time.Date(2026, 1, 22, 0, 0, 1, 500, time.UTC)
		}
		b := l.Bytes()
		if !json.Valid(b) || !bytes.Contains(b, []byte(act)) {
			t.Fatalf("Bytes() = %s: want JSON holding the act as it is", b)
		}
		got, err := record.ParseLeaf(b)
		if err != nil || !bytes.Equal(got.Act, l.Act) || !bytes.Equal(got.Bytes(), b) {
			t.Fatalf("ParseLeaf(%s) = %+v, %v", b, got, err)
		}
	}
	b := string(l.Bytes())
	for _, bad := range []string{
		strings.Replace(b, `"by":"state:KAZ"`, `"by": "state:KAZ"`, 1),                                                        // not compact
		strings.Replace(b, `"fields":{`, "\"fields\":\n{", 1),                                                                 // nor here
		strings.Replace(b, `{"act":"comment","at":`, `{"at":`, 1),                                                             // a v1 act with & unescaped
		strings.Replace(b, `{"act":"comment","at":"2026-01-22T00:00:00Z"`, `{"at":"2026-01-22T00:00:00Z","act":"comment"`, 1), // likewise
	} {
		if _, err := record.ParseLeaf([]byte(bad)); err == nil {
			t.Errorf("ParseLeaf(%s) accepted non-canonical bytes", bad)
		}
	}
}

// TestActSignatureContext: an act's signature is over "peaceboard act v2\n" and its bytes, or,
// for bytes in act format v1, "peaceboard act v1\n": the bytes' first member says which, and
// a signature in one context is not one in the other.
func TestActSignatureContext(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(nil)
	for _, c := range []struct{ act, context string }{
		{`{"act":"resign","at":"2026-01-22T00:00:00Z","by":"chairman","fields":{}}`, "peaceboard act v2\n"},
		{`{"at":"2026-01-22T00:00:00Z","by":"chairman","act":"resign","fields":{}}`, "peaceboard act v1\n"},
	} {
		act := []byte(c.act)
		sig := record.SignAct(priv, act)
		if !ed25519.Verify(pub, append([]byte(c.context), act...), sig) {
			t.Errorf("SignAct(%s) is not the signature of %q and the bytes", act, c.context)
		}
		k, _ := record.NewVerifyingKey(pub)
		if !record.VerifyAct(pub, act, sig) || !k.VerifyAct(act, sig) {
			t.Errorf("VerifyAct(%s) refuses SignAct's signature", act)
		}
		other := "peaceboard act v1\n"
		if c.context == other {
			other = "peaceboard act v2\n"
		}
		if forged := ed25519.Sign(priv, append([]byte(other), act...)); record.VerifyAct(pub, act, forged) || k.VerifyAct(act, forged) {
			t.Errorf("VerifyAct(%s) accepts a signature in the context %q", act, other)
		}
	}
}

// A leaf of an act recorded live carries its recorded instant after the events' digest; the
// first form (an act recorded at its own time) is unchanged, so that the leaves of records made
// before the record's clock still read, and mean what they meant.
func TestLeafForms(t *testing.T) {
	act := []byte(`{"at":"2026-01-22T00:00:00Z","by":"chairman","act":"resign","fields":{}}`)
	history := record.Leaf{Act: act, KeyID: "0011", Signature: []byte{1, 2, 3}, Events: sha256.Sum256([]byte("[]"))}
	// The bytes that the record wrote before the record's clock, for this leaf.
	const before = `{"act":{"at":"2026-01-22T00:00:00Z","by":"chairman","act":"resign","fields":{}},"key_id":"0011","signature":"AQID","events_sha256":"4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945"}`
	if got := string(history.Bytes()); got != before {
		t.Errorf("history leaf = %s\nwant %s", got, before)
	}
	live := history
	live.Recorded = time.Date(2026, 1, 22, 0, 0, 1, 500, time.UTC)
	want := strings.TrimSuffix(before, "}") + `,"recorded_at":"2026-01-22T00:00:01.0000005Z"}`
	if got := string(live.Bytes()); got != want {
		t.Errorf("live leaf = %s\nwant %s", got, want)
	}
	for _, c := range []struct {
		name string
		leaf record.Leaf
		live bool
	}{{"history", history, false}, {"live", live, true}} {
		got, err := record.ParseLeaf(c.leaf.Bytes())
		if err != nil {
			t.Fatalf("%s: ParseLeaf: %v", c.name, err)
		}
		if got.Live() != c.live || !got.Recorded.Equal(c.leaf.Recorded) || !bytes.Equal(got.Bytes(), c.leaf.Bytes()) {
			t.Errorf("%s: ParseLeaf = %+v (live %t), want %+v", c.name, got, got.Live(), c.leaf)
		}
	}
	en := record.Entry{At: live.Recorded, Act: act, KeyID: "0011", Signature: []byte{1, 2, 3}, Events: []byte("[]")}
	if got := en.Leaf(); got.Live() {
		t.Errorf("the leaf of an entry recorded at its own time carries %s", got.Recorded)
	}
	en.Live = true
	if got := en.Leaf(); !bytes.Equal(got.Bytes(), live.Bytes()) {
		t.Errorf("the leaf of a live entry = %s, want %s", got.Bytes(), live.Bytes())
	}
	b := string(live.Bytes())
	for _, bad := range []string{
		strings.Replace(b, "01.0000005Z", "01.00000050Z", 1),     // trailing zero
		strings.Replace(b, "01.0000005Z", "01.0000005+00:00", 1), // not UTC's Z
		strings.Replace(b, "2026-01-22T00:00:01.0000005Z", "0001-01-01T00:00:00Z", 1),
		strings.Replace(b, "2026-01-22T00:00:01.0000005Z", "", 1),
		strings.Replace(b, "2026-01-22T00:00:01.0000005Z", "yesterday", 1),
		strings.Replace(b, `,"recorded_at"`, `,"recorded_at":"2026-01-22T00:00:02Z","recorded_at"`, 1),
		strings.Replace(before, `{"act"`, `{"recorded_at":"2026-01-22T00:00:01.0000005Z","act"`, 1), // out of order
	} {
		if _, err := record.ParseLeaf([]byte(bad)); err == nil {
			t.Errorf("ParseLeaf(%s) accepted non-canonical bytes", bad)
		}
	}
}

// Leaf.Bytes writes what encoding/json would, for canonical acts in act format v1 (compact,
// HTML escaped) and any key id: names of keys that need escaping included. (An act in act
// format v2 is copied as it is, unescaped: TestLeafOfActFormatV2.)
func TestLeafBytesAreEncodingJSONs(t *testing.T) {
	type wire struct {
		Act       json.RawMessage `json:"act"`
		KeyID     string          `json:"key_id"`
		Signature string          `json:"signature"`
		Events    string          `json:"events_sha256"`
		Recorded  string          `json:"recorded_at,omitempty"`
	}
	acts := []string{
		`{"at":"2026-01-22T00:00:00Z","by":"chairman","act":"resign","fields":{}}`,
		`{"at":"2026-01-22T00:00:00Z","by":"state:KAZ","act":"comment","fields":{"text":"a\u003cb\u003e \u0026 \u2028 é \"q\" \\"}}`,
	}
	keys := []string{"", "0011", "k-1_x.y", `a"b`, `a\b`, "a<b", "a>b", "a&b", "é", "\u2028", "\x01", "\x7f", "\xff"}
	for _, act := range acts {
		for _, key := range keys {
			l := record.Leaf{Act: []byte(act), KeyID: key, Signature: []byte(key + "sig"), Events: sha256.Sum256([]byte(key))}
			want, err := json.Marshal(wire{json.RawMessage(act), key, base64.StdEncoding.EncodeToString(l.Signature), hex.EncodeToString(l.Events[:]), ""})
			if err != nil {
				t.Fatal(err)
			}
			if got := l.Bytes(); !bytes.Equal(got, want) {
				t.Errorf("Bytes() = %s\nencoding/json: %s", got, want)
			}
			if _, err := record.ParseLeaf(want); err != nil && utf8.ValidString(key) {
				t.Errorf("ParseLeaf(%s): %v", want, err)
			}
		}
	}
}

func TestDevLogKeyIsStableAndMarked(t *testing.T) {
	a, b := record.DevKeyring{Seed: "s"}.LogKey(), record.DevKeyring{Seed: "s"}.LogKey()
	if a.VerifierKey != b.VerifierKey || !strings.HasPrefix(a.Signer.Name(), "dev.peaceboard.invalid/") {
		t.Errorf("dev log keys %q, %q: want equal and under dev.peaceboard.invalid", a.VerifierKey, b.VerifierKey)
	}
	if c := (record.DevKeyring{Seed: "t"}).LogKey(); c.VerifierKey == a.VerifierKey {
		t.Error("two seeds gave the same log key")
	}
	ring := record.DevKeyring{Seed: "s"}
	pub := ring.PublicKey("chairman")
	if len(pub) != ed25519.PublicKeySize || !pub.Equal(ring.Key("chairman").Public()) {
		t.Errorf("dev key %x: want the public half of Key's", pub)
	}
}

// FuzzOpenCheckpoint: decoding a signed checkpoint never panics, and nothing but the signed
// text ever opens.
func FuzzOpenCheckpoint(f *testing.F) {
	k, _ := record.ParseLogKey(mustKey())
	cp := record.Checkpoint{Origin: "example.org/log", Size: 7, Hash: tlog.RecordHash([]byte("y"))}
	msg, _ := cp.Sign(k.Signer)
	f.Add(msg)
	f.Add([]byte("example.org/log\n7\nAAAA\n\n— example.org/log AAAA\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := record.OpenCheckpoint(data, k.Verifier)
		if err != nil {
			return
		}
		if got != cp {
			t.Fatalf("forged checkpoint opened: %+v", got)
		}
	})
}

// FuzzParseLeaf: decoding leaf bytes never panics, and only canonical bytes decode.
func FuzzParseLeaf(f *testing.F) {
	l := record.Leaf{Act: []byte(`{"at":"2026-01-22T00:00:00Z","by":"chairman","act":"resign","fields":{}}`), KeyID: "0011", Signature: []byte{1, 2, 3}}
	f.Add(l.Bytes())
	l.Recorded = time.Date(2026, 1, 22, 0, 0, 1, 5, time.UTC)
	f.Add(l.Bytes())
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := record.ParseLeaf(data)
		if err != nil {
			return
		}
		if !bytes.Equal(got.Bytes(), data) {
			t.Fatalf("ParseLeaf accepted non-canonical bytes %q", data)
		}
	})
}

var fuzzKey string

func mustKey() string {
	if fuzzKey == "" {
		fuzzKey, _ = record.NewLogKey("example.org/log")
	}
	return fuzzKey
}

// FuzzSignedLeaf: no change to a signed leaf's bytes both decodes and verifies, unless it is the
// same signed act.
func FuzzSignedLeaf(f *testing.F) {
	pub, priv, _ := ed25519.GenerateKey(nil)
	act := []byte(`{"at":"2026-01-22T00:00:00Z","by":"chairman","act":"invite","fields":{"state":"KAZ"}}`)
	orig := record.Leaf{Act: act, KeyID: "k", Signature: record.SignAct(priv, act)}
	f.Add(orig.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := record.ParseLeaf(data)
		if err != nil || !record.VerifyAct(pub, l.Act, l.Signature) {
			return
		}
		if !bytes.Equal(l.Act, act) {
			t.Fatalf("a forged act verified: %q", l.Act)
		}
	})
}

func BenchmarkLeafBytes(b *testing.B) {
	act := `{"at":"2026-03-11T01:00:00Z","by":"state:KAZ","act":"receive","fields":{"id":"r-123456","contributor":"state:KAZ","form":"cash","fund":"gaza","amount":{"currency":"USD","minor":"125000000"},"value_date":"2026-03-11"}}`
	l := record.Leaf{Act: []byte(act), KeyID: "3f9a1c0b2e7d4a55", Signature: make([]byte, 64), Events: sha256.Sum256([]byte(act))}
	for b.Loop() {
		l.Bytes()
	}
}

func BenchmarkLeafBytesLive(b *testing.B) {
	act := `{"at":"2026-03-11T01:00:00Z","by":"state:KAZ","act":"receive","fields":{"id":"r-123456","contributor":"state:KAZ","form":"cash","fund":"gaza","amount":{"currency":"USD","minor":"125000000"},"value_date":"2026-03-11"}}`
	l := record.Leaf{Act: []byte(act), KeyID: "3f9a1c0b2e7d4a55", Signature: make([]byte, 64), Events: sha256.Sum256([]byte(act)),
		Recorded: time.Date(2026, 3, 11, 1, 0, 0, 123456789, time.UTC)}
	for b.Loop() {
		l.Bytes()
	}
}
