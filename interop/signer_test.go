package interop_test

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/record"
)

// The tests of this file and of signer_live_test.go hold peaceboard's act format to its
// specification, docs/signing.md, with signers written from that page alone in other languages
// (signer-node/sign.mjs: Node's WebCrypto, no dependencies; signer-python/sign.py: the
// cryptography package): they must reproduce the test vectors byte for byte, as Go must, and a
// real server must take their acts.

// vectorsFile is the file of test vectors, as docs/signing.md describes it.
const vectorsFile = "../docs/signing-vectors.json"

// A vector is one test vector of docs/signing-vectors.json (docs/signing.md §7).
type vector struct {
	Name            string          `json:"name"`
	Act             json.RawMessage `json:"act"`       // valid vectors: the act object, members in any order
	Reason          string          `json:"reason"`    // invalid vectors: why a server refuses it
	Canonical       string          `json:"canonical"` // the bytes as a UTF-8 string
	CanonicalBase64 []byte          `json:"canonical_base64"`
	SHA256          string          `json:"sha256"` // hex
	Seed            string          `json:"seed"`   // the Ed25519 seed, hex
	PublicKey       []byte          `json:"public_key"`
	KeyID           string          `json:"key_id"`
	Signature       []byte          `json:"signature"`
}

// signingVectors is docs/signing-vectors.json.
type signingVectors struct {
	Context string   `json:"context"`
	Vectors []vector `json:"vectors"`
	Invalid []vector `json:"invalid"`
}

// signerResult is what a signer's "vectors" mode reports of one vector.
type signerResult struct {
	Name      string `json:"name"`
	Canonical []byte `json:"canonical"`
	PublicKey []byte `json:"public_key"`
	KeyID     string `json:"key_id"`
	Signature []byte `json:"signature"`
	Error     string `json:"error"`
	Invalid   bool   `json:"invalid"`
	Refused   bool   `json:"refused"`
}

// A signer is a program written from docs/signing.md alone, in another language. Each takes the
// same arguments: vectors FILE | sign ... | post --server URL --key KEYFILE --act JSON [--at now].
type signer struct {
	name string
	argv []string // the command that runs it, before its arguments
}

// run runs the signer and returns its standard output; an error carries its standard error.
func (s signer) run(args ...string) ([]byte, error) {
	cmd := exec.Command(s.argv[0], append(slices.Clone(s.argv[1:]), args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return out, fmt.Errorf("%s: %v: %s", s.name, err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}

// missing skips the test when a signer's language is not installed, except in CI (CI=true),
// whose run installs it (.ci/run): there it is a failure, so that a signer can never silently
// stop being tested.
func missing(t *testing.T, what string, err error) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not installed, and CI=true: .ci/run installs it for these tests (%v)", what, err)
	}
	t.Skipf("%s is not installed (%v): skipped here; CI runs it", what, err)
}

// nodeSigner is signer-node/sign.mjs, on Node 18 or later (WebCrypto Ed25519, no dependencies).
func nodeSigner(t *testing.T) signer {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		missing(t, "node", err)
	}
	return signer{name: "Node", argv: []string{node, filepath.Join("signer-node", "sign.mjs")}}
}

// pythonSigner is signer-python/sign.py, on Python 3 with the cryptography package.
func pythonSigner(t *testing.T) signer {
	t.Helper()
	python, err := exec.LookPath("python3")
	if err == nil {
		if out, perr := exec.Command(python, "-c", "import cryptography").CombinedOutput(); perr != nil {
			err = fmt.Errorf("%v: %s", perr, bytes.TrimSpace(out))
		}
	}
	if err != nil {
		missing(t, "python3 with the cryptography package (Debian: python3-cryptography)", err)
	}
	return signer{name: "Python", argv: []string{python, filepath.Join("signer-python", "sign.py")}}
}

// actFromObject reads an act object as POST /api/v1/acts reads one given as "act" (its fields
// decoded strictly into the kind's body), so that Go makes the canonical bytes from the object
// itself, not from the vector's bytes.
func actFromObject(raw json.RawMessage) (board.Act, error) {
	var o apiv1.ActObject
	d := json.NewDecoder(bytes.NewReader(raw))
	d.DisallowUnknownFields()
	if err := d.Decode(&o); err != nil {
		return board.Act{}, err
	}
	body, ok := board.NewBody(board.Kind(o.Act))
	if !ok {
		return board.Act{}, errors.New("unknown kind " + o.Act)
	}
	d = json.NewDecoder(bytes.NewReader(o.Fields))
	d.DisallowUnknownFields()
	if err := d.Decode(body); err != nil {
		return board.Act{}, err
	}
	at, err := time.Parse(time.RFC3339Nano, o.At)
	if err != nil {
		return board.Act{}, err
	}
	by, err := board.ParseActor(o.By)
	if err != nil {
		return board.Act{}, err
	}
	return board.Act{At: at.UTC(), By: by, Body: body}, nil
}

// readVectors reads docs/signing-vectors.json.
func readVectors(t *testing.T) signingVectors {
	t.Helper()
	data, err := os.ReadFile(vectorsFile)
	if err != nil {
		t.Fatal(err)
	}
	var vs signingVectors
	if err := json.Unmarshal(data, &vs); err != nil {
		t.Fatalf("%s: %v", vectorsFile, err)
	}
	if len(vs.Vectors) == 0 || len(vs.Invalid) == 0 {
		t.Fatalf("%s has %d vectors and %d invalid ones: want some of each", vectorsFile, len(vs.Vectors), len(vs.Invalid))
	}
	if vs.Context != "peaceboard act v2\n" {
		t.Errorf("%s: context %q, want the one docs/signing.md §3 gives", vectorsFile, vs.Context)
	}
	// Each vector says the same thing in each of its forms.
	for _, v := range slices.Concat(vs.Vectors, vs.Invalid) {
		sum := sha256.Sum256(v.CanonicalBase64)
		if v.Canonical != string(v.CanonicalBase64) || v.SHA256 != hex.EncodeToString(sum[:]) {
			t.Errorf("%s: canonical, canonical_base64 and sha256 disagree", v.Name)
		}
	}
	return vs
}

// seedOf decodes a vector's seed.
func seedOf(t *testing.T, v vector) []byte {
	t.Helper()
	seed, err := hex.DecodeString(v.Seed)
	if err != nil || len(seed) != ed25519.SeedSize {
		t.Fatalf("%s: seed %q is not 32 bytes in hex", v.Name, v.Seed)
	}
	return seed
}

// TestSignersAgreeOnVectors signs every test vector in three languages and compares bytes, key
// ids and signatures with the vector's: Go (board and record, from the act object), and the
// signers written from docs/signing.md alone, in Node (WebCrypto Ed25519) and in Python, each
// from the act object and the seed. Every invalid vector is refused by all of them.
func TestSignersAgreeOnVectors(t *testing.T) {
	vs := readVectors(t)
	t.Run("Go", func(t *testing.T) { goSignsVectors(t, vs) })
	t.Run("Node", func(t *testing.T) { signsVectors(t, nodeSigner(t), vs) })
	t.Run("Python", func(t *testing.T) { signsVectors(t, pythonSigner(t), vs) })
}

// goSignsVectors makes every vector's bytes, key and signature with the Go implementation, and
// expects every invalid vector refused.
func goSignsVectors(t *testing.T, vs signingVectors) {
	kinds := map[board.Kind]bool{}
	for _, v := range vs.Vectors {
		act, err := actFromObject(v.Act)
		if err != nil {
			t.Errorf("%s: Go cannot read the act object: %v", v.Name, err)
			continue
		}
		kinds[act.Body.Kind()] = true
		canonical, err := act.Canonical()
		if err != nil {
			t.Errorf("%s: Go refuses the act: %v", v.Name, err)
			continue
		}
		if !bytes.Equal(canonical, v.CanonicalBase64) {
			t.Errorf("%s: Go's canonical bytes differ from the vector's\n go:     %s\n vector: %s", v.Name, canonical, v.CanonicalBase64)
		}
		if again, err := board.ParseCanonical(v.CanonicalBase64); err != nil {
			t.Errorf("%s: Go refuses the vector's bytes: %v", v.Name, err)
		} else if b, _ := again.Canonical(); !bytes.Equal(b, v.CanonicalBase64) {
			t.Errorf("%s: Go reads the vector's bytes as another act: %s", v.Name, b)
		}
		priv := ed25519.NewKeyFromSeed(seedOf(t, v))
		pub := priv.Public().(ed25519.PublicKey)
		if !bytes.Equal(pub, v.PublicKey) || string(board.KeyIDOf(pub)) != v.KeyID {
			t.Errorf("%s: Go's key is %x (id %s), the vector's %x (id %s)", v.Name, []byte(pub), board.KeyIDOf(pub), v.PublicKey, v.KeyID)
		}
		if sig := record.SignAct(priv, canonical); !bytes.Equal(sig, v.Signature) {
			t.Errorf("%s: Go's signature differs from the vector's", v.Name)
		}
		if !record.VerifyAct(pub, v.CanonicalBase64, v.Signature) {
			t.Errorf("%s: Go does not verify the vector's signature", v.Name)
		}
	}
	for _, k := range board.Kinds() {
		if !kinds[k] {
			t.Errorf("no vector of the act kind %s", k)
		}
	}
	// Invalid vectors are signed, so only the form of their bytes refuses them: Go's
	// ParseCanonical does, but for act format v1, which it still reads for the records that hold
	// it and which the server refuses for a new act by its form (FormatOf).
	for _, v := range vs.Invalid {
		_, err := board.ParseCanonical(v.CanonicalBase64)
		if err == nil && board.FormatOf(v.CanonicalBase64) == board.ActFormatV2 {
			t.Errorf("invalid %s (%s): Go's ParseCanonical takes it as act format v2: %s", v.Name, v.Reason, v.CanonicalBase64)
		}
	}
}

// signsVectors has a signer recompute every vector from its act object and seed, and expects the
// vector's bytes, key and signature exactly, and every invalid vector refused.
func signsVectors(t *testing.T, s signer, vs signingVectors) {
	out, err := s.run("vectors", vectorsFile)
	if err != nil {
		t.Fatal(err)
	}
	var results []signerResult
	if err := json.Unmarshal(out, &results); err != nil {
		t.Fatalf("%s printed %q: %v", s.name, out, err)
	}
	if want := len(vs.Vectors) + len(vs.Invalid); len(results) != want {
		t.Fatalf("%s reported %d results for %d vectors", s.name, len(results), want)
	}
	for i, v := range vs.Vectors {
		r := results[i]
		switch {
		case r.Name != v.Name || r.Invalid:
			t.Fatalf("result %d is %q (invalid %t), want the vector %q", i, r.Name, r.Invalid, v.Name)
		case r.Error != "":
			t.Errorf("%s: %s fails: %s", v.Name, s.name, r.Error)
			continue
		}
		if !bytes.Equal(r.Canonical, v.CanonicalBase64) {
			t.Errorf("%s: %s's canonical bytes differ from the vector's\n %s: %s\n vector: %s", v.Name, s.name, s.name, r.Canonical, v.CanonicalBase64)
		}
		if !bytes.Equal(r.PublicKey, v.PublicKey) || r.KeyID != v.KeyID {
			t.Errorf("%s: %s's key is %x (id %s), the vector's %x (id %s)", v.Name, s.name, r.PublicKey, r.KeyID, v.PublicKey, v.KeyID)
		}
		if !bytes.Equal(r.Signature, v.Signature) {
			t.Errorf("%s: %s's signature differs from the vector's", v.Name, s.name)
		}
	}
	for i, v := range vs.Invalid {
		r := results[len(vs.Vectors)+i]
		if r.Name != v.Name || !r.Invalid {
			t.Fatalf("result %d is %q (invalid %t), want the invalid vector %q", len(vs.Vectors)+i, r.Name, r.Invalid, v.Name)
		}
		if !r.Refused {
			t.Errorf("invalid %s (%s): %s takes it", v.Name, v.Reason, s.name)
		}
	}
}

// signedExample is the example docs/signing.md §2 gives: an act's canonical bytes, their
// SHA-256, and their signature by a key given by its seed.
type signedExample struct {
	canonical, sha256, seed, keyID, signature string
}

// pageExample reads the example of docs/signing.md §2.
func pageExample(t *testing.T) signedExample {
	t.Helper()
	page, err := os.ReadFile("../docs/signing.md")
	if err != nil {
		t.Fatal(err)
	}
	var ex signedExample
	for line := range strings.SplitSeq(string(page), "\n") {
		if rest, ok := strings.CutPrefix(line, `    {"act":"`); ok && ex.canonical == "" {
			ex.canonical = `{"act":"` + rest
		}
	}
	// The page's sentence, wherever its lines break: "Its SHA-256 is `...`; signed with the key
	// whose seed is `...` (key id `...`), its signature is `...`."
	m := regexp.MustCompile("Its SHA-256 is `([0-9a-f]{64})`;\\s+signed\\s+with\\s+the\\s+key\\s+whose\\s+seed\\s+is\\s+`([0-9a-f]{64})`\\s+\\(key\\s+id\\s+`([0-9a-f]{16})`\\),\\s+its\\s+signature\\s+is\\s+`([A-Za-z0-9+/=]+)`").
		FindStringSubmatch(string(page))
	if ex.canonical == "" || m == nil {
		t.Fatal("docs/signing.md §2 has no signed example (an indented line starting {\"act\":\", then its SHA-256, seed, key id and signature)")
	}
	ex.sha256, ex.seed, ex.keyID, ex.signature = m[1], m[2], m[3], m[4]
	return ex
}

// keyFile writes a key file as "peaceboard keys new" does, for a seed.
func keyFile(t *testing.T, seed []byte) string {
	t.Helper()
	f := filepath.Join(t.TempDir(), "test.key")
	if err := os.WriteFile(f, []byte("peaceboard ed25519 private key v1\n"+base64.StdEncoding.EncodeToString(seed)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return f
}

// signedBody is a signer's body for POST /api/v1/acts.
type signedBody struct {
	Canonical []byte `json:"canonical"`
	KeyID     string `json:"key_id"`
	Signature []byte `json:"signature"`
}

// sign has a signer sign an act object with a key file.
func (s signer) sign(t *testing.T, key, act string) (signedBody, error) {
	t.Helper()
	out, err := s.run("sign", "--key", key, "--act", act)
	if err != nil {
		return signedBody{}, err
	}
	var body signedBody
	if err := json.Unmarshal(out, &body); err != nil {
		t.Fatalf("%s printed %q: %v", s.name, out, err)
	}
	return body, nil
}

// TestSignersFollowSigningPage holds each signer to docs/signing.md: its signed example (the
// bytes, their SHA-256, the key id and the signature the page gives, from the act with its
// members shuffled), and acts chosen for what the page specifies, with the bytes RFC 8785 gives
// written out here by hand: member order at every depth, the escapes (only what JSON requires;
// <, >, &, U+2028, non-ASCII and emoji as themselves), integers, an empty required list, times
// with and without a fraction. Each signature must verify, with Go's crypto/ed25519, over
// "peaceboard act v2\n" and the bytes, and with record.VerifyAct; Go must read the bytes as
// canonical; and the key id must be the page's. Acts the page forbids are refused.
func TestSignersFollowSigningPage(t *testing.T) {
	example := pageExample(t)
	exampleSeed, err := hex.DecodeString(example.seed)
	if err != nil {
		t.Fatal(err)
	}
	valid := []struct{ name, act, want string }{
		{"members sorted at every depth, integers",
			`{"by":"executive:ex-1","act":"set-controls","at":"2026-03-01T09:30:00.25Z","fields":{"thresholds":[{"approvals":2,"above":"USD 0.00"},{"approvals":10,"above":"USD 1000000.00"}]}}`,
			`{"act":"set-controls","at":"2026-03-01T09:30:00.25Z","by":"executive:ex-1","fields":{"thresholds":[{"above":"USD 0.00","approvals":2},{"above":"USD 1000000.00","approvals":10}]}}`},
		{"escapes only where JSON requires them",
			`{"act":"comment","at":"2026-12-07T10:15:30.123456789Z","by":"state:FRA","fields":{"proposal":"P-1","text":"\"Paix\" \\ <b>&amp; é, 日本, \u2028, 😀\nligne\ttab /"}}`,
			"{\"act\":\"comment\",\"at\":\"2026-12-07T10:15:30.123456789Z\",\"by\":\"state:FRA\",\"fields\":{\"proposal\":\"P-1\",\"text\":\"\\\"Paix\\\" \\\\ <b>&amp; é, 日本, \u2028, 😀\\nligne\\ttab /\"}}"},
		{"a kind without fields", `{"act":"decline","at":"2026-02-17T00:00:00Z","by":"state:AUT","fields":{}}`,
			`{"act":"decline","at":"2026-02-17T00:00:00Z","by":"state:AUT","fields":{}}`},
		{"an empty required list", `{"act":"set-agenda","at":"2026-02-17T00:00:00Z","by":"chairman","fields":{"proposals":[],"meeting":"m-1"}}`,
			`{"act":"set-agenda","at":"2026-02-17T00:00:00Z","by":"chairman","fields":{"meeting":"m-1","proposals":[]}}`},
	}
	invalid := []struct{ name, act string }{
		{"text not in NFC (e and a combining grave accent)", `{"act":"comment","at":"2026-01-19T00:00:00Z","by":"state:FRA","fields":{"proposal":"P-1","text":"Gene\u0300ve"}}`},
		{"a control character", `{"act":"comment","at":"2026-01-19T00:00:00Z","by":"state:FRA","fields":{"proposal":"P-1","text":"bell\u0007"}}`},
		{"a C1 control character", `{"act":"comment","at":"2026-01-19T00:00:00Z","by":"state:FRA","fields":{"proposal":"P-1","text":"next\u0085line"}}`},
		{"a lone surrogate", `{"act":"comment","at":"2026-01-19T00:00:00Z","by":"state:FRA","fields":{"proposal":"P-1","text":"\ud83d"}}`},
		{"a fraction in a number", `{"act":"set-controls","at":"2026-01-19T00:00:00Z","by":"executive:ex-1","fields":{"thresholds":[{"above":"USD 0.00","approvals":2.5}]}}`},
		{"an integer beyond 2^53 - 1", `{"act":"set-controls","at":"2026-01-19T00:00:00Z","by":"executive:ex-1","fields":{"thresholds":[{"above":"USD 0.00","approvals":9007199254740993}]}}`},
		{"null", `{"act":"consent","at":"2026-01-19T00:00:00Z","by":"state:KAZ","fields":{"instrument":"signature","place":null}}`},
		{"an optional field written empty", `{"act":"consent","at":"2026-01-19T00:00:00Z","by":"state:KAZ","fields":{"instrument":"signature","place":""}}`},
		{"an optional flag written false", `{"act":"invite","at":"2026-01-19T00:00:00Z","by":"chairman","fields":{"state":"KAZ","founding":false}}`},
		{"a zero fraction of a second", `{"act":"decline","at":"2026-01-19T00:00:00.000Z","by":"state:AUT","fields":{}}`},
		{"a trailing zero in the fraction", `{"act":"decline","at":"2026-01-19T00:00:00.50Z","by":"state:AUT","fields":{}}`},
		{"a time not in UTC", `{"act":"decline","at":"2026-01-19T01:00:00+01:00","by":"state:AUT","fields":{}}`},
		{"no fields", `{"act":"decline","at":"2026-01-19T00:00:00Z","by":"state:AUT"}`},
		{"a member the act object has not", `{"act":"decline","at":"2026-01-19T00:00:00Z","by":"state:AUT","fields":{},"note":"x"}`},
	}

	// A key of this test's own: the signers must derive the public key and its id from the seed.
	seed := sha256.Sum256([]byte("peaceboard interop: signers from docs/signing.md"))
	priv := ed25519.NewKeyFromSeed(seed[:])
	pub := priv.Public().(ed25519.PublicKey)
	sum := sha256.Sum256(pub)
	wantKeyID := hex.EncodeToString(sum[:8])
	key := keyFile(t, seed[:])

	for name, s := range map[string]func(*testing.T) signer{"Node": nodeSigner, "Python": pythonSigner} {
		t.Run(name, func(t *testing.T) {
			s := s(t)
			// The page's signed example, from its act with the members in another order.
			var object map[string]any
			if err := json.Unmarshal([]byte(example.canonical), &object); err != nil {
				t.Fatalf("the page's example is not JSON: %v", err)
			}
			shuffled := fmt.Sprintf(`{"fields":%s,"by":%q,"at":%q,"act":%q}`,
				mustJSON(t, object["fields"]), object["by"], object["at"], object["act"])
			body, err := s.sign(t, keyFile(t, exampleSeed), shuffled)
			if err != nil {
				t.Fatalf("the page's example: %v", err)
			}
			sum := sha256.Sum256(body.Canonical)
			if string(body.Canonical) != example.canonical || hex.EncodeToString(sum[:]) != example.sha256 ||
				body.KeyID != example.keyID || base64.StdEncoding.EncodeToString(body.Signature) != example.signature {
				t.Errorf("the page's example: %s signs\n %s\n key id %s, signature %s\nthe page gives\n %s\n SHA-256 %s, key id %s, signature %s",
					s.name, body.Canonical, body.KeyID, base64.StdEncoding.EncodeToString(body.Signature),
					example.canonical, example.sha256, example.keyID, example.signature)
			}

			for _, c := range valid {
				body, err := s.sign(t, key, c.act)
				if err != nil {
					t.Errorf("%s: %v", c.name, err)
					continue
				}
				if string(body.Canonical) != c.want {
					t.Errorf("%s: %s makes\n %s\nwant\n %s", c.name, s.name, body.Canonical, c.want)
				}
				if body.KeyID != wantKeyID {
					t.Errorf("%s: %s names the key %s, want %s", c.name, s.name, body.KeyID, wantKeyID)
				}
				if !ed25519.Verify(pub, append([]byte("peaceboard act v2\n"), body.Canonical...), body.Signature) {
					t.Errorf("%s: %s's signature does not verify over \"peaceboard act v2\\n\" and the bytes", c.name, s.name)
				}
				// Go reads the same bytes as canonical, and verifies the signature as a server does.
				if _, err := board.ParseCanonical(body.Canonical); err != nil {
					t.Errorf("%s: Go's ParseCanonical refuses %s's bytes: %v", c.name, s.name, err)
				}
				if !record.VerifyAct(pub, body.Canonical, body.Signature) {
					t.Errorf("%s: Go's record.VerifyAct refuses %s's signature", c.name, s.name)
				}
			}
			for _, c := range invalid {
				if body, err := s.sign(t, key, c.act); err == nil {
					t.Errorf("%s: %s signs it: %s", c.name, s.name, body.Canonical)
				}
			}
		})
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
