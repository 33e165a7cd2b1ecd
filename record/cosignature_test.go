package record_test

import (
	"crypto/ed25519"
	"strings"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/record"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

func TestCosignature(t *testing.T) {
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
	wkey, err := record.NewCosignerKey("witness.example.org/w1")
	if err != nil {
		t.Fatal(err)
	}
	w, err := record.ParseCosignerKey(wkey)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	w.Now = func() time.Time { return at }
	n, err := note.Open(signed, note.VerifierList(lk.Verifier))
	if err != nil {
		t.Fatal(err)
	}
	cosigned, err := note.Sign(n, w) // keeps the log's signature, adds the witness's
	if err != nil {
		t.Fatal(err)
	}
	v, err := record.ParseCosignerVerifierKey(w.VerifierKey())
	if err != nil {
		t.Fatal(err)
	}
	got, err := note.Open(cosigned, note.VerifierList(lk.Verifier, v))
	if err != nil {
		t.Fatalf("open cosigned checkpoint: %v\n%s", err, cosigned)
	}
	if len(got.Sigs) != 2 {
		t.Fatalf("%d verified signatures, want 2:\n%s", len(got.Sigs), cosigned)
	}
	when, err := record.CosignatureTime(got.Sigs[1])
	if err != nil || !when.Equal(at) {
		t.Errorf("cosignature time = %v, %v; want %v", when, err, at)
	}
	// Another checkpoint's text does not verify under the cosignature.
	other := strings.Replace(string(cosigned), "\n7\n", "\n8\n", 1)
	if _, err := note.Open([]byte(other), note.VerifierList(v)); err == nil {
		t.Error("a cosignature verified over a changed checkpoint")
	}
	// A different key under the same name is a different key ID: its line is ignored, so the
	// note has no signature the verifier knows.
	_, priv, _ := ed25519.GenerateKey(nil)
	impostor, _ := record.NewCosigner("witness.example.org/w1", priv)
	forged, _ := note.Sign(&note.Note{Text: cp.Body()}, impostor)
	if _, err := note.Open(forged, note.VerifierList(v)); err == nil {
		t.Error("an impostor's cosignature verified")
	}
	// The cosigner refuses to sign what is not a checkpoint.
	if _, err := note.Sign(&note.Note{Text: "hello\n"}, w); err == nil {
		t.Error("cosigned a note that is not a checkpoint")
	}
}

// The example of C2SP tlog-cosignature v1.0.0: its cosignature line carries the timestamp of its
// signed message ("time 1679315147").
func TestCosignatureTimeOfSpecExample(t *testing.T) {
	s := note.Signature{Name: "witness.example.com/w1", Base64: "jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA=="}
	got, err := record.CosignatureTime(s)
	if err != nil {
		t.Fatal(err)
	}
	if got.Unix() != 1679315147 {
		t.Errorf("time %d, want 1679315147", got.Unix())
	}
}

func TestCosignerKeys(t *testing.T) {
	for _, bad := range []string{"", "PRIVATE+KEY+a+00000000+AAAA", "name+deadbeef+AQID"} {
		if _, err := record.ParseCosignerKey(bad); err == nil {
			t.Errorf("ParseCosignerKey(%q) accepted", bad)
		}
		if _, err := record.ParseCosignerVerifierKey(bad); err == nil {
			t.Errorf("ParseCosignerVerifierKey(%q) accepted", bad)
		}
	}
	// A log key (type 0x01) is not a cosigner key.
	skey, _ := record.NewLogKey("example.org/log")
	if _, err := record.ParseCosignerKey(skey); err == nil {
		t.Error("a log key was taken for a cosigner key")
	}
	w, _ := record.NewCosignerKey("w.example")
	c, _ := record.ParseCosignerKey(w)
	vk := c.VerifierKey()
	tampered := strings.Replace(vk, "w.example", "x.example", 1)
	if _, err := record.ParseCosignerVerifierKey(tampered); err == nil {
		t.Error("a verifier key with a renamed cosigner was accepted")
	}
}
