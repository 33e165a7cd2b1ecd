package peaceboard_test

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/record"
)

var update = flag.Bool("update", false, "rewrite docs/signing-vectors.json")

// vectorsFile holds the test vectors of act format v2 that docs/signing.md describes.
const vectorsFile = "docs/signing-vectors.json"

// The shape of docs/signing-vectors.json (docs/signing.md, "Test vectors"). Signers in other
// languages read it: fields may be added, never renamed or removed.
type signingVectors struct {
	Comment string          `json:"comment"`
	Context string          `json:"context"` // the signed message's prefix
	Vectors []signingVector `json:"vectors"`
	Invalid []signingVector `json:"invalid"`
}

type signingVector struct {
	Name            string          `json:"name"`
	Act             json.RawMessage `json:"act,omitempty"`    // the act as a client builds it (valid vectors)
	Reason          string          `json:"reason,omitempty"` // why a server refuses the bytes (invalid vectors)
	Canonical       string          `json:"canonical"`        // the bytes, as a UTF-8 string
	CanonicalBase64 string          `json:"canonical_base64"`
	SHA256          string          `json:"sha256"` // of the bytes, hex
	Seed            string          `json:"seed"`   // the Ed25519 private key's 32-byte seed, hex
	PublicKey       string          `json:"public_key"`
	KeyID           string          `json:"key_id"`
	Signature       string          `json:"signature"`
}

// validVectors are acts as a client builds them: at least one of every kind, every field of
// each kind set in one of them, and the text that a signer must get right.
var validVectors = []struct{ name, act string }{
	{"accredit", `{"act":"accredit","at":"2026-02-03T09:00:00Z","by":"chairman","fields":{"person":"Pablo Quirno","role":"alternate","state":"ARG"}}`},
	{"allocate", `{"act":"allocate","at":"2026-03-02T15:00:00Z","by":"executive:kushner","fields":{"fund":"gaza-reconstruction","programme":"gaza-water","amount":"USD 25000000.00"}}`},
	{"appoint-executive", `{"act":"appoint-executive","at":"2026-01-24T10:00:00Z","by":"chairman","fields":{"id":"rubio","person":"Marco Rubio"}}`},
	{"approve", `{"act":"approve","at":"2026-02-20T18:00:00Z","by":"chairman","fields":{"proposal":"budget-2026","reason":"Adopted by the Board; approved."}}`},
	{"approve-agenda", `{"act":"approve-agenda","at":"2026-02-10T09:00:00Z","by":"chairman","fields":{"meeting":"washington-2026-02"}}`},
	{"approve-disbursement", `{"act":"approve-disbursement","at":"2026-03-10T11:00:00Z","by":"chief-executive","fields":{"disbursement":"d-2026-001"}}`},
	{"casting-vote", `{"act":"casting-vote","at":"2026-02-20T17:30:00Z","by":"chairman","fields":{"proposal":"gaza-housing","choice":"yes"}}`},
	{"close-vote", `{"act":"close-vote","at":"2026-02-20T17:00:00Z","by":"secretariat","fields":{"proposal":"budget-2026"}}`},
	{"comment", `{"act":"comment","at":"2026-02-05T14:20:00Z","by":"state:HUN","fields":{"proposal":"budget-2026","text":"Hungary supports the budget, subject to a quarterly report."}}`},
	{"consent", `{"act":"consent","at":"2026-01-22T09:30:00Z","by":"state:KAZ","fields":{"instrument":"signature","place":"Davos"}}`},
	{"convene", `{"act":"convene","at":"2026-01-30T12:00:00Z","by":"chairman","fields":{"id":"washington-2026-02","kind":"voting","date":"2026-02-19T00:00:00Z","place":"Washington, D.C."}}`},
	{"create-programme", `{"act":"create-programme","at":"2026-02-25T10:00:00Z","by":"chairman","fields":{"id":"gaza-water","name":"Gaza water and sanitation","area":"Water","subsidiary":"gaza-executive-board","budget":"USD 250000000.00"}}`},
	{"create-programme-sectors-countries-dates", `{"act":"create-programme","at":"2026-02-25T10:05:00Z","by":"chairman","fields":{"id":"gaza-shelter","name":"Gaza shelter","subsidiary":"gaza-executive-board","budget":"EUR 40000000.00","sectors":[{"code":"73010","percentage":70},{"code":"16040","percentage":30}],"countries":[{"code":"PS","percentage":90},{"code":"EG","percentage":10}],"start":"2026-04-01T00:00:00Z","end":"2028-03-31T00:00:00Z"}}`},
	{"create-subsidiary", `{"act":"create-subsidiary","at":"2026-01-24T11:00:00Z","by":"chairman","fields":{"id":"gaza-executive-board","name":"Gaza Executive Board","mandate":"Reconstruction of Gaza","members":["Nickolay Mladenov","Ali Shaath"]}}`},
	{"decline", `{"act":"decline","at":"2026-01-21T16:00:00Z","by":"state:NOR","fields":{}}`},
	{"designate-successor", `{"act":"designate-successor","at":"2026-01-25T10:00:00Z","by":"chairman","fields":{"person":"J. D. Vance"}}`},
	{"directive", `{"act":"directive","at":"2026-02-19T14:00:00Z","by":"chairman","fields":{"id":"working-languages","title":"Working languages","text":"English and French are the working languages."}}`},
	{"disburse", `{"act":"disburse","at":"2026-03-09T10:00:00Z","by":"secretariat","fields":{"id":"d-2026-001","programme":"gaza-water","payee":"UNICEF State of Palestine","amount":"USD 5000000.00","purpose":"Water trucking, March 2026","account":"main"}}`},
	{"dissolve", `{"act":"dissolve","at":"2027-06-30T12:00:00Z","by":"chairman","fields":{"reason":"The mandate is fulfilled."}}`},
	{"dissolve-subsidiary", `{"act":"dissolve-subsidiary","at":"2026-12-31T12:00:00Z","by":"chairman","fields":{"id":"gaza-executive-board"}}`},
	{"establish", `{"act":"establish","at":"2026-01-19T00:00:00Z","by":"secretariat","fields":{"rules":"# Board of Peace\nid = \"board-of-peace\"\n","key":"KEY:establish","development":true}}`},
	{"find-incapacity", `{"act":"find-incapacity","at":"2026-06-01T09:00:00Z","by":"executive:rubio","fields":{}}`},
	{"invite", `{"act":"invite","at":"2026-01-19T00:00:00Z","by":"chairman","fields":{"state":"KAZ","head":"Kassym-Jomart Tokayev","founding":true}}`},
	{"modify-subsidiary", `{"act":"modify-subsidiary","at":"2026-03-15T10:00:00Z","by":"chairman","fields":{"id":"gaza-executive-board","name":"Gaza Executive Board","mandate":"Reconstruction and governance of Gaza","members":["Ali Shaath"]}}`},
	{"open-account", `{"act":"open-account","at":"2026-02-02T10:00:00Z","by":"executive:kushner","fields":{"id":"escrow-usd","institution":"Banque de France","currency":"USD"}}`},
	{"open-fund", `{"act":"open-fund","at":"2026-02-02T10:05:00Z","by":"executive:kushner","fields":{"id":"humanitarian","name":"Humanitarian fund","purpose":"Emergency relief"}}`},
	{"open-vote", `{"act":"open-vote","at":"2026-02-19T15:00:00Z","by":"secretariat","fields":{"proposal":"budget-2026"}}`},
	{"pledge", `{"act":"pledge","at":"2026-02-19T16:00:00Z","by":"secretariat","fields":{"id":"p-qat-1","contributor":"state:QAT","amount":"USD 1000000000.00","fund":"gaza-reconstruction","due":"2026-12-31T00:00:00Z","note":"Announced at the inaugural meeting"}}`},
	{"propose", `{"act":"propose","at":"2026-02-04T10:00:00Z","by":"executive:kushner","fields":{"id":"budget-2026","kind":"budget","title":"Budget 2026","text":"Operating budget of the Board for 2026."}}`},
	{"propose-removal", `{"act":"propose-removal","at":"2026-04-01T10:00:00Z","by":"chairman","fields":{"id":"removal-1","state":"KAZ","reason":"Persistent breach of Article 2"}}`},
	{"receive", `{"act":"receive","at":"2026-03-11T09:00:00Z","by":"secretariat","fields":{"id":"r-2026-014","contributor":"state:KAZ","amount":"EUR 10000000.00","value_date":"2026-03-11T00:00:00Z","form":"cash","account":"main","fund":"general","usd_rate":"1.0850","note":"First instalment"}}`},
	{"recommend", `{"act":"recommend","at":"2026-05-20T10:00:00Z","by":"state:EGY","fields":{"meeting":"cairo-2026-05","text":"Egypt recommends a border crossing working group."}}`},
	{"register-key", `{"act":"register-key","at":"2026-01-20T08:00:00Z","by":"secretariat","fields":{"actor":"state:ARM","key":"KEY:register-key new key","development":true}}`},
	{"register-key-rotation", `{"act":"register-key","at":"2026-06-01T08:00:00Z","by":"state:ARM","fields":{"actor":"state:ARM","key":"KEY:register-key-rotation new key","replaces":"KEYID:register-key new key"}}`},
	{"remove-executive", `{"act":"remove-executive","at":"2026-09-01T10:00:00Z","by":"chairman","fields":{"id":"rubio"}}`},
	{"renew-executive", `{"act":"renew-executive","at":"2027-01-24T10:00:00Z","by":"chairman","fields":{"id":"rubio"}}`},
	{"renew-term", `{"act":"renew-term","at":"2028-12-01T10:00:00Z","by":"chairman","fields":{"state":"KAZ"}}`},
	{"report", `{"act":"report","at":"2026-05-21T10:00:00Z","by":"executive:kushner","fields":{"meeting":"cairo-2026-05","text":"Report of the Executive Board to the reporting meeting."}}`},
	{"report-mandate", `{"act":"report-mandate","at":"2026-06-30T10:00:00Z","by":"secretariat","fields":{"mandate":"UNSC resolution 2803 (2025)","text":"Six-month report to the Security Council."}}`},
	{"report-progress", `{"act":"report-progress","at":"2026-04-30T10:00:00Z","by":"chief-executive","fields":{"programme":"gaza-water","text":"40 water trucks in service."}}`},
	{"resign", `{"act":"resign","at":"2029-01-20T12:00:00Z","by":"chairman","fields":{}}`},
	{"reverse", `{"act":"reverse","at":"2026-03-12T10:00:00Z","by":"secretariat","fields":{"entry":"r-2026-014","reason":"Recorded twice"}}`},
	{"revoke-key", `{"act":"revoke-key","at":"2026-06-02T08:00:00Z","by":"secretariat","fields":{"actor":"state:ARM","key_id":"KEYID:register-key new key"}}`},
	{"set-agenda", `{"act":"set-agenda","at":"2026-02-09T10:00:00Z","by":"executive:kushner","fields":{"meeting":"washington-2026-02","proposals":["budget-2026","gaza-housing"]}}`},
	{"set-controls", `{"act":"set-controls","at":"2026-02-02T11:00:00Z","by":"executive:kushner","fields":{"thresholds":[{"approvals":1,"above":"USD 0.00"},{"approvals":2,"above":"USD 10000000.00"}]}}`},
	{"set-rate", `{"act":"set-rate","at":"2026-03-10T16:00:00Z","by":"secretariat","fields":{"date":"2026-03-10T00:00:00Z","currency":"EUR","usd_rate":"1.0850","source":"ECB euro reference rate"}}`},
	{"set-witness-policy", `{"act":"set-witness-policy","at":"2026-06-03T09:00:00Z","by":"secretariat","fields":{"witnesses":[{"name":"witness.example.org","key":"3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29","url":"https://witness.example.org/"},{"name":"sigsum.org/v1/witness/2","key":"d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"}],"quorum":1}}`},
	{"veto-removal", `{"act":"veto-removal","at":"2026-04-02T10:00:00Z","by":"state:HUN","fields":{"removal":"removal-1"}}`},
	{"vote", `{"act":"vote","at":"2026-02-19T15:30:00Z","by":"state:KAZ","fields":{"proposal":"budget-2026","choice":"yes"}}`},
	{"withdraw", `{"act":"withdraw","at":"2026-11-30T10:00:00Z","by":"state:HUN","fields":{}}`},
	{"withdraw-invitation", `{"act":"withdraw-invitation","at":"2026-01-28T10:00:00Z","by":"chairman","fields":{"state":"CAN"}}`},
	{"withhold-approval", `{"act":"withhold-approval","at":"2026-02-20T18:00:00Z","by":"chairman","fields":{"proposal":"gaza-housing","reason":"Costs to be reviewed"}}`},

	// What a signer must get right, beyond sorting members.
	{"members-in-any-order", `{"fields":{"place":"Davos","instrument":"signature"},"by":"state:ARM","at":"2026-01-22T09:31:00Z","act":"consent"}`},
	{"optional-fields-left-out", `{"act":"invite","at":"2026-01-19T00:00:00Z","by":"chairman","fields":{"state":"ARM"}}`},
	{"text-html-characters", `{"act":"comment","at":"2026-02-05T14:21:00Z","by":"state:KAZ","fields":{"proposal":"budget-2026","text":"<b>Gaza</b> & \"reconstruction\" > 'relief' \\ 5 < 6"}}`},
	{"text-accents", `{"act":"directive","at":"2026-02-19T14:05:00Z","by":"chairman","fields":{"id":"langues","title":"Élection du Président","text":"Règles: ç, é, ü, ß, ø, ñ, Ł."}}`},
	{"text-cjk-emoji", `{"act":"comment","at":"2026-02-05T14:22:00Z","by":"state:KAZ","fields":{"proposal":"budget-2026","text":"和平委员会 · 평화 · 🕊️ peace 😀"}}`},
	{"text-nfc-precomposed", `{"act":"invite","at":"2026-01-19T00:00:00Z","by":"chairman","fields":{"state":"HUN","head":"Viktor Orbán"}}`},
	{"text-multiline", `{"act":"report","at":"2026-05-21T10:05:00Z","by":"executive:kushner","fields":{"meeting":"cairo-2026-05","text":"First paragraph.\nSecond paragraph:\n\t- an indented item\n"}}`},
	{"text-u2028", "{\"act\":\"comment\",\"at\":\"2026-02-05T14:23:00Z\",\"by\":\"state:KAZ\",\"fields\":{\"proposal\":\"budget-2026\",\"text\":\"line\u2028separator and paragraph\u2029separator\"}}"},
	{"time-fraction", `{"act":"vote","at":"2026-02-19T15:30:00.25Z","by":"state:HUN","fields":{"proposal":"budget-2026","choice":"abstain"}}`},
	{"time-nanoseconds", `{"act":"vote","at":"2026-02-19T15:30:01.123456789Z","by":"state:ARM","fields":{"proposal":"budget-2026","choice":"no"}}`},
	{"vote-explained", `{"act":"vote","at":"2026-02-19T15:31:00Z","by":"state:HUN","fields":{"proposal":"budget-2026","choice":"no","explanation":"Hungary votes against: the budget's <reserve> & its audit come later.\nNous y reviendrons."}}`},
}

// invalidVectors are bytes a server refuses (400) even when they are signed, with the reason.
var invalidVectors = []struct{ name, canonical, reason string }{
	{"text-not-nfc", "{\"act\":\"invite\",\"at\":\"2026-01-19T00:00:00Z\",\"by\":\"chairman\",\"fields\":{\"head\":\"Viktor Orbe\u0301n\",\"state\":\"HUN\"}}",
		"text not in Unicode NFC: e followed by U+0301 COMBINING ACUTE ACCENT, where NFC has the precomposed é (U+00E9); normalize before signing"},
	{"html-escaped", `{"act":"comment","at":"2026-02-05T14:21:00Z","by":"state:KAZ","fields":{"proposal":"budget-2026","text":"a \u003c b \u0026 c"}}`,
		`an unneeded escape: RFC 8785 writes <, > and & as themselves (Go's encoding/json escapes them)`},
	{"u2028-escaped", `{"act":"comment","at":"2026-02-05T14:23:00Z","by":"state:KAZ","fields":{"proposal":"budget-2026","text":"line\u2028separator"}}`,
		"an unneeded escape: RFC 8785 writes U+2028 as its UTF-8 bytes (JavaScript's JSON.stringify does; some encoders escape it)"},
	{"members-out-of-order", `{"act":"invite","at":"2026-01-19T00:00:00Z","by":"chairman","fields":{"state":"KAZ","head":"Kassym-Jomart Tokayev","founding":true}}`,
		"members out of order: fields are sorted by name too"},
	{"whitespace", `{"act": "resign", "at": "2029-01-20T12:00:00Z", "by": "chairman", "fields": {}}`,
		"whitespace between tokens"},
	{"optional-field-written-empty", `{"act":"consent","at":"2026-01-22T09:30:00Z","by":"state:KAZ","fields":{"instrument":"signature","place":""}}`,
		"an optional field whose value is empty is left out, not written empty"},
	{"time-trailing-zeros", `{"act":"vote","at":"2026-02-19T15:30:00.250Z","by":"state:HUN","fields":{"choice":"abstain","proposal":"budget-2026"}}`,
		"a fraction of a second with a trailing zero (write .25Z)"},
	{"time-not-utc", `{"act":"vote","at":"2026-02-19T16:30:00+01:00","by":"state:HUN","fields":{"choice":"abstain","proposal":"budget-2026"}}`,
		"a time not in UTC (write 2026-02-19T15:30:00Z)"},
	{"number-with-fraction", `{"act":"set-controls","at":"2026-02-02T11:00:00Z","by":"executive:kushner","fields":{"thresholds":[{"above":"USD 0.00","approvals":1.0}]}}`,
		"a number with a fraction: counts are integers, amounts strings"},
	{"carriage-return", `{"act":"comment","at":"2026-02-05T14:21:00Z","by":"state:KAZ","fields":{"proposal":"budget-2026","text":"line\r\nbreak"}}`,
		"a control character other than line feed and tab in text"},
	{"act-format-v1", `{"at":"2026-01-19T00:00:00Z","by":"chairman","act":"invite","fields":{"state":"KAZ","head":"Kassym-Jomart Tokayev","founding":true}}`,
		"act format v1 (Go's encoding/json order: at, by, act, fields): retired for new acts; sign act format v2"},
}

// vectorKey derives a vector's Ed25519 key from its name, so that anyone can check it.
func vectorKey(name string) ed25519.PrivateKey {
	seed := sha256.Sum256([]byte("peaceboard test vector " + name))
	return ed25519.NewKeyFromSeed(seed[:])
}

// keyPlaceholders replaces KEY:NAME and KEYID:NAME in an act by the public key (base64) and key
// id of the vector key of NAME, so that the keys vectors register are real keys.
func keyPlaceholders(act string) string {
	for _, prefix := range []string{"KEYID:", "KEY:"} {
		for {
			i := strings.Index(act, `"`+prefix)
			if i < 0 {
				break
			}
			j := strings.IndexByte(act[i+1:], '"') + i + 1
			pub := vectorKey(act[i+1+len(prefix) : j]).Public().(ed25519.PublicKey)
			v := base64.StdEncoding.EncodeToString(pub)
			if prefix == "KEYID:" {
				v = string(board.KeyIDOf(pub))
			}
			act = act[:i+1] + v + act[j:]
		}
	}
	return act
}

// makeVector signs canonical with name's vector key, in context (for an invalid vector in act
// format v1 too: the server refuses it whatever its signature).
func makeVector(name string, canonical []byte, context string) signingVector {
	key := vectorKey(name)
	pub := key.Public().(ed25519.PublicKey)
	sum := sha256.Sum256(canonical)
	return signingVector{
		Name:            name,
		Canonical:       string(canonical),
		CanonicalBase64: base64.StdEncoding.EncodeToString(canonical),
		SHA256:          hex.EncodeToString(sum[:]),
		Seed:            hex.EncodeToString(key.Seed()),
		PublicKey:       base64.StdEncoding.EncodeToString(pub),
		KeyID:           string(board.KeyIDOf(pub)),
		Signature:       base64.StdEncoding.EncodeToString(ed25519.Sign(key, append([]byte(context), canonical...))),
	}
}

// actOf builds the act a client's object describes, as the API does with its "act" member.
func actOf(t *testing.T, object string) board.Act {
	t.Helper()
	var o struct {
		Act    board.Kind      `json:"act"`
		At     string          `json:"at"`
		By     board.ActorID   `json:"by"`
		Fields json.RawMessage `json:"fields"`
	}
	d := json.NewDecoder(strings.NewReader(object))
	d.DisallowUnknownFields()
	if err := d.Decode(&o); err != nil {
		t.Fatalf("%s: %v", object, err)
	}
	body, ok := board.NewBody(o.Act)
	if !ok {
		t.Fatalf("%s: unknown kind", object)
	}
	d = json.NewDecoder(bytes.NewReader(o.Fields))
	d.DisallowUnknownFields()
	if err := d.Decode(body); err != nil {
		t.Fatalf("%s: %v", object, err)
	}
	at, err := time.Parse(time.RFC3339Nano, o.At)
	if err != nil {
		t.Fatalf("%s: %v", object, err)
	}
	return board.Act{At: at, By: o.By, Body: body}
}

// TestSigningVectors: docs/signing-vectors.json is what the code signs, for an act of every kind
// and every field, and text a signer must get right; its invalid vectors are refused. Each
// signature is checked against the message docs/signing.md gives, with crypto/ed25519, and the
// key id against its definition. "go test . -run TestSigningVectors -update" rewrites the file.
func TestSigningVectors(t *testing.T) {
	const context = "peaceboard act v2\n"
	file := signingVectors{
		Comment: "Test vectors of peaceboard's act format v2 (docs/signing.md). For each vector: the act as a client builds it, " +
			"its canonical bytes (RFC 8785) as a string and in base64, their SHA-256, an Ed25519 key (the seed is SHA-256 of " +
			"\"peaceboard test vector \" and the name), its key id, and the signature of the context followed by the bytes. " +
			"Invalid vectors are signed bytes that a server refuses, with the reason. Generated by TestSigningVectors.",
		Context: context,
	}
	fields := map[board.Kind]map[string]bool{}
	for _, v := range validVectors {
		object := keyPlaceholders(v.act)
		act := actOf(t, object)
		canonical, err := act.Canonical()
		if err != nil {
			t.Fatalf("%s: %v", v.name, err)
		}
		if a, err := board.ParseCanonical(canonical); err != nil || board.FormatOf(canonical) != board.ActFormatV2 {
			t.Fatalf("%s: ParseCanonical(%s): %v", v.name, canonical, err)
		} else if again, _ := a.Canonical(); !bytes.Equal(again, canonical) {
			t.Fatalf("%s: %s reads back as %s", v.name, canonical, again)
		}
		vec := makeVector(v.name, canonical, context)
		vec.Act = json.RawMessage(object)
		checkSignature(t, vec, context)
		if sig := base64.StdEncoding.EncodeToString(record.SignAct(vectorKey(v.name), canonical)); sig != vec.Signature {
			t.Errorf("%s: record.SignAct signs %s, want %s", v.name, sig, vec.Signature)
		}
		file.Vectors = append(file.Vectors, vec)
		var f map[string]json.RawMessage
		if err := json.Unmarshal([]byte(object), &struct {
			Fields *map[string]json.RawMessage `json:"fields"`
		}{&f}); err != nil {
			t.Fatal(err)
		}
		if fields[act.Body.Kind()] == nil {
			fields[act.Body.Kind()] = map[string]bool{}
		}
		for name := range f {
			fields[act.Body.Kind()][name] = true
		}
	}
	for _, k := range board.Kinds() {
		if got, want := slices.Sorted(maps.Keys(fields[k])), board.FieldNames(k); !slices.Equal(got, want) {
			t.Errorf("the vectors of %s set the fields %v, want every field %v", k, got, want)
		}
	}
	for _, v := range invalidVectors {
		canonical := []byte(v.canonical)
		_, err := board.ParseCanonical(canonical)
		if err == nil && board.FormatOf(canonical) != board.ActFormatV1 {
			t.Errorf("invalid vector %s: ParseCanonical(%s) accepted it", v.name, canonical)
		}
		vec := makeVector(v.name, canonical, context)
		vec.Reason = v.reason
		checkSignature(t, vec, context)
		file.Invalid = append(file.Invalid, vec)
	}

	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(file); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(vectorsFile, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(vectorsFile)
	if err != nil {
		t.Fatalf("%v (run go test . -run TestSigningVectors -update)", err)
	}
	if !bytes.Equal(got, buf.Bytes()) {
		t.Errorf("%s is stale: run go test . -run TestSigningVectors -update, and keep the file's shape (signers read it)", vectorsFile)
	}
}

// checkSignature checks a vector as a signer in another language would: the key from the seed,
// the key id from the key, the signature over the context and the bytes.
func checkSignature(t *testing.T, v signingVector, context string) {
	t.Helper()
	seed, _ := hex.DecodeString(v.Seed)
	key := ed25519.NewKeyFromSeed(seed)
	pub := key.Public().(ed25519.PublicKey)
	canonical, _ := base64.StdEncoding.DecodeString(v.CanonicalBase64)
	sig, _ := base64.StdEncoding.DecodeString(v.Signature)
	sum := sha256.Sum256(pub)
	switch {
	case string(canonical) != v.Canonical:
		t.Errorf("%s: canonical_base64 is not canonical", v.Name)
	case base64.StdEncoding.EncodeToString(pub) != v.PublicKey:
		t.Errorf("%s: the public key is not the seed's", v.Name)
	case v.KeyID != hex.EncodeToString(sum[:8]):
		t.Errorf("%s: key id %s, want the hex of the first 8 bytes of SHA-256 of the key", v.Name, v.KeyID)
	case !ed25519.Verify(pub, append([]byte(context), canonical...), sig):
		t.Errorf("%s: the signature is not of %q and the bytes", v.Name, context)
	case fmt.Sprintf("%x", sha256.Sum256(canonical)) != v.SHA256:
		t.Errorf("%s: sha256 is not of the bytes", v.Name)
	}
}
