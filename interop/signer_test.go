package interop_test

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/record"
)

// The tests of this file hold peaceboard's act format to its specification, docs/signing.md, with
// a signer written from that page alone in another language (signer-node/sign.mjs: Node's
// WebCrypto, no dependencies): it must reproduce the test vectors byte for byte, as Go must, and a
// real server must take its acts.

// vectorsFile is the file of test vectors, as docs/signing.md describes it.
const vectorsFile = "../docs/signing-vectors.json"

// signingVectors is docs/signing-vectors.json.
type signingVectors struct {
	Vectors []struct {
		Name      string          `json:"name"`
		Act       json.RawMessage `json:"act"`       // the act object
		Canonical []byte          `json:"canonical"` // its canonical bytes (base64)
		Seed      []byte          `json:"seed"`      // the Ed25519 seed (base64)
		PublicKey []byte          `json:"public_key"`
		KeyID     string          `json:"key_id"`
		Signature []byte          `json:"signature"`
	} `json:"vectors"`
	Invalid []struct {
		Name      string          `json:"name"`
		Act       json.RawMessage `json:"act,omitempty"`       // an act object no signer may sign
		Canonical []byte          `json:"canonical,omitempty"` // or bytes no server may take
	} `json:"invalid"`
}

// nodeResult is what "sign.mjs vectors" reports of one vector.
type nodeResult struct {
	Name      string `json:"name"`
	Canonical []byte `json:"canonical"`
	PublicKey []byte `json:"public_key"`
	KeyID     string `json:"key_id"`
	Signature []byte `json:"signature"`
	Error     string `json:"error"`
	Invalid   bool   `json:"invalid"`
	Refused   bool   `json:"refused"`
}

// nodeBinary returns the path of node. Without it the tests that need it are skipped, except in
// CI (CI=true), whose run installs it (.ci/run): there a missing node is a failure, so that the
// other-language signer can never silently stop being tested.
func nodeBinary(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("node is not installed, and CI=true: .ci/run installs Debian's nodejs for this test (%v)", err)
		}
		t.Skipf("node is not installed (%v): the Node signer's tests are skipped; CI runs them", err)
	}
	return path
}

// runNode runs signer-node/sign.mjs and returns its standard output; an error carries its
// standard error.
func runNode(t *testing.T, node string, args ...string) ([]byte, error) {
	t.Helper()
	cmd := exec.Command(node, append([]string{filepath.Join("signer-node", "sign.mjs")}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return out, errors.New(strings.TrimSpace(stderr.String()))
	}
	return out, nil
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

// TestSignersAgreeOnVectors signs every test vector three ways, and compares bytes, key ids and
// signatures: the vector as published, Go (board and record, from the act object), and the Node
// signer written from docs/signing.md (WebCrypto Ed25519, from the act object and the seed).
// Every invalid vector is refused by both.
func TestSignersAgreeOnVectors(t *testing.T) {
	node := nodeBinary(t)
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
	out, err := runNode(t, node, "vectors", vectorsFile)
	if err != nil {
		t.Fatalf("sign.mjs vectors: %v", err)
	}
	var results []nodeResult
	if err := json.Unmarshal(out, &results); err != nil {
		t.Fatalf("sign.mjs vectors printed %q: %v", out, err)
	}
	if want := len(vs.Vectors) + len(vs.Invalid); len(results) != want {
		t.Fatalf("sign.mjs reported %d results for %d vectors", len(results), want)
	}

	kinds := map[board.Kind]bool{}
	for i, v := range vs.Vectors {
		n := results[i]
		if n.Name != v.Name || n.Invalid {
			t.Fatalf("result %d is %q (invalid %t), want vector %q", i, n.Name, n.Invalid, v.Name)
		}
		// Node, from the act object and the seed.
		if n.Error != "" {
			t.Errorf("%s: the Node signer failed: %s", v.Name, n.Error)
			continue
		}
		if !bytes.Equal(n.Canonical, v.Canonical) {
			t.Errorf("%s: Node's canonical bytes differ from the vector's\n node:   %s\n vector: %s", v.Name, n.Canonical, v.Canonical)
		}
		if !bytes.Equal(n.PublicKey, v.PublicKey) || n.KeyID != v.KeyID {
			t.Errorf("%s: Node's key is %x (id %s), the vector's %x (id %s)", v.Name, n.PublicKey, n.KeyID, v.PublicKey, v.KeyID)
		}
		if !bytes.Equal(n.Signature, v.Signature) {
			t.Errorf("%s: Node's signature differs from the vector's", v.Name)
		}

		// Go, from the act object and the seed.
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
		if !bytes.Equal(canonical, v.Canonical) {
			t.Errorf("%s: Go's canonical bytes differ from the vector's\n go:     %s\n vector: %s", v.Name, canonical, v.Canonical)
		}
		if _, err := board.ParseCanonical(v.Canonical); err != nil {
			t.Errorf("%s: Go refuses the vector's bytes: %v", v.Name, err)
		}
		priv := ed25519.NewKeyFromSeed(v.Seed)
		pub := priv.Public().(ed25519.PublicKey)
		if !bytes.Equal(pub, v.PublicKey) || string(board.KeyIDOf(pub)) != v.KeyID {
			t.Errorf("%s: Go's key is %x (id %s), the vector's %x (id %s)", v.Name, []byte(pub), board.KeyIDOf(pub), v.PublicKey, v.KeyID)
		}
		if sig := record.SignAct(priv, v.Canonical); !bytes.Equal(sig, v.Signature) {
			t.Errorf("%s: Go's signature differs from the vector's", v.Name)
		}
		if !record.VerifyAct(pub, v.Canonical, v.Signature) {
			t.Errorf("%s: Go does not verify the vector's signature", v.Name)
		}
	}
	for _, k := range board.Kinds() {
		if !kinds[k] {
			t.Errorf("no vector of the act kind %s", k)
		}
	}

	for i, v := range vs.Invalid {
		n := results[len(vs.Vectors)+i]
		if n.Name != v.Name || !n.Invalid {
			t.Fatalf("result %d is %q (invalid %t), want the invalid vector %q", len(vs.Vectors)+i, n.Name, n.Invalid, v.Name)
		}
		if !n.Refused {
			t.Errorf("invalid %s: the Node signer took it", v.Name)
		}
		if v.Canonical != nil {
			if _, err := board.ParseCanonical(v.Canonical); err == nil {
				t.Errorf("invalid %s: Go's ParseCanonical takes %q", v.Name, v.Canonical)
			}
		} else if act, err := actFromObject(v.Act); err == nil {
			if b, err := act.Canonical(); err == nil {
				t.Errorf("invalid %s: Go makes canonical bytes of it: %s", v.Name, b)
			}
		}
	}
}
