package board_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
)

// The witness policy's act and event join the samples that the canonical-bytes and event
// round-trip tests walk (act_test.go), each with every field set.
func init() {
	ws := []board.PolicyWitness{
		{Name: "witness.example.org/w1", Key: witnessKey("w1"), URL: "https://witness.example.org/w1"},
		{Name: "witness.example.net", Key: witnessKey("w2")},
	}
	sampleBodies = append(sampleBodies, &board.SetWitnessPolicy{Witnesses: ws, Quorum: 1})
	sampleEvents = append(sampleEvents, &board.WitnessPolicySet{Witnesses: ws, Quorum: 2})
}

// witnessKey returns a 32-byte key in hex, as a witness policy carries it, derived from name.
func witnessKey(name string) string {
	sum := sha256.Sum256([]byte("witness " + name))
	return hex.EncodeToString(sum[:])
}

// witnesses returns n distinct witnesses.
func witnesses(n int) []board.PolicyWitness {
	out := make([]board.PolicyWitness, n)
	for i := range out {
		out[i] = board.PolicyWitness{Name: fmt.Sprintf("witness-%d.example.org", i), Key: witnessKey(fmt.Sprint(i))}
	}
	return out
}

// TestWitnessPolicyBounds: set-witness-policy, the secretariat's upkeep of the record (rule "",
// as register-key), at the bounds of what it takes: 1 to 64 witnesses, each name and key once,
// names that are signed-note key names, keys of 64 lowercase hex digits, absolute http(s) URLs,
// and a quorum from 1 to the number of witnesses.
func TestWitnessPolicyBounds(t *testing.T) {
	at := ts("2026-03-01T10:00:00Z")
	with := func(edit func(ws []board.PolicyWitness)) []board.PolicyWitness {
		ws := witnesses(3)
		edit(ws)
		return ws
	}
	for _, c := range []struct {
		name   string
		policy board.SetWitnessPolicy
		ok     bool
		msg    string // in the refusal
	}{
		{"quorum n", board.SetWitnessPolicy{Witnesses: witnesses(3), Quorum: 3}, true, ""},
		{"quorum 1", board.SetWitnessPolicy{Witnesses: witnesses(3), Quorum: 1}, true, ""},
		{"quorum 0", board.SetWitnessPolicy{Witnesses: witnesses(3), Quorum: 0}, false, "quorum = 0: want 1 to 3"},
		{"quorum n+1", board.SetWitnessPolicy{Witnesses: witnesses(3), Quorum: 4}, false, "quorum = 4: want 1 to 3"},
		{"a negative quorum", board.SetWitnessPolicy{Witnesses: witnesses(3), Quorum: -1}, false, "quorum = -1"},
		{"no witness", board.SetWitnessPolicy{Quorum: 1}, false, "witnesses: 0 given"},
		{"one witness", board.SetWitnessPolicy{Witnesses: witnesses(1), Quorum: 1}, true, ""},
		{"64 witnesses", board.SetWitnessPolicy{Witnesses: witnesses(64), Quorum: 43}, true, ""},
		{"65 witnesses", board.SetWitnessPolicy{Witnesses: witnesses(65), Quorum: 43}, false, "witnesses: 65 given; a policy names 1 to 64"},
		{"a duplicate name", board.SetWitnessPolicy{Witnesses: with(func(ws []board.PolicyWitness) { ws[2].Name = ws[0].Name }), Quorum: 2}, false, "witnesses[2].name \"witness-0.example.org\" is also witnesses[0]'s"},
		{"a duplicate key", board.SetWitnessPolicy{Witnesses: with(func(ws []board.PolicyWitness) { ws[1].Key = ws[0].Key }), Quorum: 2}, false, "witnesses[1].key is also witnesses[0]'s"},
		{"a key of 63 digits", board.SetWitnessPolicy{Witnesses: with(func(ws []board.PolicyWitness) { ws[1].Key = ws[1].Key[:63] }), Quorum: 2}, false, "witnesses[1].key: want the Ed25519 public key's 32 bytes in 64 lowercase hexadecimal digits (63 bytes given)"},
		{"a key of 65 digits", board.SetWitnessPolicy{Witnesses: with(func(ws []board.PolicyWitness) { ws[1].Key += "0" }), Quorum: 2}, false, "(65 bytes given)"},
		{"a key in capitals", board.SetWitnessPolicy{Witnesses: with(func(ws []board.PolicyWitness) { ws[1].Key = strings.ToUpper(ws[1].Key) }), Quorum: 2}, false, "witnesses[1].key: want"},
		{"a key not in hex", board.SetWitnessPolicy{Witnesses: with(func(ws []board.PolicyWitness) { ws[1].Key = "g" + ws[1].Key[1:] }), Quorum: 2}, false, "witnesses[1].key: want"},
		{"a key in base64", board.SetWitnessPolicy{Witnesses: with(func(ws []board.PolicyWitness) { ws[1].Key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=" }), Quorum: 2}, false, "witnesses[1].key: want"},
		{"no key", board.SetWitnessPolicy{Witnesses: with(func(ws []board.PolicyWitness) { ws[1].Key = "" }), Quorum: 2}, false, "witnesses[1].key: want"},
		{"a name with a space", board.SetWitnessPolicy{Witnesses: with(func(ws []board.PolicyWitness) { ws[0].Name = "witness one" }), Quorum: 2}, false, "witnesses[0].name: \"witness one\": a key name has no spaces and no \"+\""},
		{"a name with a no-break space", board.SetWitnessPolicy{Witnesses: with(func(ws []board.PolicyWitness) { ws[0].Name = "witness\u00a0one" }), Quorum: 2}, false, "no spaces"},
		{"a name with a +", board.SetWitnessPolicy{Witnesses: with(func(ws []board.PolicyWitness) { ws[0].Name = "witness+1" }), Quorum: 2}, false, "witnesses[0].name: \"witness+1\": a key name has no spaces"},
		{"an empty name", board.SetWitnessPolicy{Witnesses: with(func(ws []board.PolicyWitness) { ws[0].Name = "" }), Quorum: 2}, false, "witnesses[0].name: empty"},
		{"a name of 256 bytes", board.SetWitnessPolicy{Witnesses: with(func(ws []board.PolicyWitness) { ws[0].Name = strings.Repeat("é", 128) }), Quorum: 2}, true, ""},
		{"a name of 257 bytes", board.SetWitnessPolicy{Witnesses: with(func(ws []board.PolicyWitness) { ws[0].Name = strings.Repeat("a", 257) }), Quorum: 2}, false, "witnesses[0].name: 257 bytes, more than the 256"},
		{"a name with a colon and a slash", board.SetWitnessPolicy{Witnesses: with(func(ws []board.PolicyWitness) { ws[0].Name = "sigsum.org/v1/witness:1" }), Quorum: 2}, true, ""},
		{"an https URL", board.SetWitnessPolicy{Witnesses: with(func(ws []board.PolicyWitness) { ws[0].URL = "https://w.example.org:8443/api/" }), Quorum: 2}, true, ""},
		{"an http URL", board.SetWitnessPolicy{Witnesses: with(func(ws []board.PolicyWitness) { ws[0].URL = "http://192.0.2.7" }), Quorum: 2}, true, ""},
		{"a relative URL", board.SetWitnessPolicy{Witnesses: with(func(ws []board.PolicyWitness) { ws[0].URL = "/add-checkpoint" }), Quorum: 2}, false, "witnesses[0].url: \"/add-checkpoint\": want an absolute https:// or http:// URL"},
		{"another scheme", board.SetWitnessPolicy{Witnesses: with(func(ws []board.PolicyWitness) { ws[0].URL = "ftp://w.example.org" }), Quorum: 2}, false, "witnesses[0].url"},
		{"a scheme in capitals", board.SetWitnessPolicy{Witnesses: with(func(ws []board.PolicyWitness) { ws[0].URL = "HTTPS://w.example.org" }), Quorum: 2}, false, "witnesses[0].url"},
		{"a URL without a host", board.SetWitnessPolicy{Witnesses: with(func(ws []board.PolicyWitness) { ws[0].URL = "https:///path" }), Quorum: 2}, false, "with a host"},
		{"a URL with a space", board.SetWitnessPolicy{Witnesses: with(func(ws []board.PolicyWitness) { ws[0].URL = "https://w.example.org/a b" }), Quorum: 2}, false, "without spaces"},
		{"a URL that does not parse", board.SetWitnessPolicy{Witnesses: with(func(ws []board.PolicyWitness) { ws[0].URL = "https://[::1" }), Quorum: 2}, false, "with a host"},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(nil)
			err := w.do(t, at, board.Secretariat, &c.policy)
			if c.ok {
				if err != nil {
					t.Fatalf("refused: %v; want accepted", err)
				}
				p, err := w.state.WitnessPolicyAt(at)
				if err != nil || p.Quorum != c.policy.Quorum || !reflect.DeepEqual(p.Witnesses, c.policy.Witnesses) || !p.Since.Equal(at) {
					t.Errorf("policy %+v, %v; want %+v since %s", p, err, c.policy, at)
				}
				return
			}
			wantRefusal(t, err, board.Invalid, "")
			if !strings.Contains(err.Error(), c.msg) {
				t.Errorf("refusal %q; want it to say %q", err, c.msg)
			}
			if w.state.WitnessPolicy != nil {
				t.Errorf("refused, yet the state holds a policy: %+v", w.state.WitnessPolicy)
			}
		})
	}
}

// TestWitnessPolicyOnlyBySecretariat: the secretariat keeps the record and alone publishes its
// witness policy; a State, the Chairman and the others are forbidden (rule "", as register-key).
func TestWitnessPolicyOnlyBySecretariat(t *testing.T) {
	if got := board.AllowedActors("set-witness-policy"); !reflect.DeepEqual(got, []board.ActorKind{board.ActorSecretariat}) {
		t.Errorf("set-witness-policy may be made by %v; want the secretariat alone", got)
	}
	d, _ := board.Describe("set-witness-policy")
	r, _ := board.Describe("register-key")
	if d.Rule != r.Rule || d.Rule != "" {
		t.Errorf("set-witness-policy's rule is %q; want register-key's, %q (the record's upkeep)", d.Rule, r.Rule)
	}
	w := founded(t, nil, 3)
	at := eif.Add(time.Hour)
	for _, by := range []board.ActorID{"state:" + board.ActorID(states[0]), board.Chairman, "executive:rubio", board.ChiefExecutive, "org:fifa"} {
		err := w.do(t, at, by, &board.SetWitnessPolicy{Witnesses: witnesses(2), Quorum: 1})
		wantRefusal(t, err, board.Forbidden, "")
	}
	if w.state.WitnessPolicy != nil {
		t.Errorf("the state holds a policy after forbidden acts: %+v", w.state.WitnessPolicy)
	}
}

// TestWitnessPolicyLatestWins: each act replaces the policy before it; as of an instant, the
// policy is the one set last by then, and before the first there is none (NotFound).
func TestWitnessPolicyLatestWins(t *testing.T) {
	w := newWorld(nil)
	t1, t2 := ts("2026-03-01T10:00:00Z"), ts("2026-04-01T10:00:00Z")
	first := &board.SetWitnessPolicy{Witnesses: witnesses(3), Quorum: 2}
	second := &board.SetWitnessPolicy{Witnesses: witnesses(5)[3:], Quorum: 1}
	w.must(t, t1, board.Secretariat, first)
	w.must(t, t2, board.Secretariat, second)
	for _, c := range []struct {
		at   time.Time
		want *board.SetWitnessPolicy
		set  time.Time
	}{
		{t1.Add(-time.Second), nil, time.Time{}},
		{t1, first, t1},
		{t2.Add(-time.Second), first, t1},
		{t2, second, t2},
		{t2.AddDate(1, 0, 0), second, t2},
	} {
		p, err := w.asOf(c.at).WitnessPolicyAt(c.at)
		if c.want == nil {
			wantRefusal(t, err, board.NotFound, "")
			continue
		}
		if err != nil || p.Quorum != c.want.Quorum || !reflect.DeepEqual(p.Witnesses, c.want.Witnesses) || !p.Since.Equal(c.set) {
			t.Errorf("as of %s: %+v, %v; want %+v since %s", c.at, p, err, c.want, c.set)
		}
	}
	// The view is a copy: changing it changes nothing in the state.
	p, _ := w.state.WitnessPolicyAt(t2)
	p.Witnesses[0].Name = "changed"
	if w.state.WitnessPolicy.Witnesses[0].Name == "changed" {
		t.Error("WitnessPolicyAt shares its witnesses with the state")
	}
}

// TestWitnessPolicyLimits: CheckLimits, which runs before anything else, lets a witness's name
// reach its own limit (256 bytes, more than a person's name's 200) and refuses one byte more,
// naming the field by its path; a URL has its own limit.
func TestWitnessPolicyLimits(t *testing.T) {
	at := ts("2026-03-01T10:00:00Z")
	for _, c := range []struct {
		name string
		edit func(ws []board.PolicyWitness)
		msg  string
	}{
		{"a name of 256 bytes", func(ws []board.PolicyWitness) { ws[0].Name = strings.Repeat("a", 256) }, ""},
		{"a name of 257 bytes", func(ws []board.PolicyWitness) { ws[0].Name = strings.Repeat("a", 257) }, "witnesses.name: 257 bytes, more than the 256 allowed"},
		{"a URL at its limit", func(ws []board.PolicyWitness) { ws[0].URL = "https://a/" + strings.Repeat("a", board.LimitURL-10) }, ""},
		{"a URL past its limit", func(ws []board.PolicyWitness) { ws[0].URL = "https://a/" + strings.Repeat("a", board.LimitURL-9) }, "witnesses.url: 2049 bytes"},
		{"a key past its limit", func(ws []board.PolicyWitness) { ws[0].Key = strings.Repeat("a", board.LimitKey+1) }, "witnesses.key: 257 bytes"},
	} {
		ws := witnesses(2)
		c.edit(ws)
		err := board.CheckLimits(board.Act{At: at, By: board.Secretariat, Body: &board.SetWitnessPolicy{Witnesses: ws, Quorum: 1}})
		switch {
		case c.msg == "" && err != nil:
			t.Errorf("%s: %v; want within the limits", c.name, err)
		case c.msg != "" && (err == nil || !strings.Contains(err.Error(), c.msg)):
			t.Errorf("%s: %v; want %q", c.name, err, c.msg)
		}
	}
}

// TestWitnessPolicyDescribed: the catalogue describes a witness's key as hex (not register-key's
// base64), its URL as a URL and its name with the pattern of a key name, and bounds the list at
// 64; each pattern accepts what Decide accepts, and refuses some of what it refuses.
func TestWitnessPolicyDescribed(t *testing.T) {
	d, ok := board.Describe("set-witness-policy")
	if !ok || len(d.Fields) != 2 || d.Fields[0].Name != "witnesses" || d.Fields[1].Name != "quorum" || d.Fields[1].Type != board.TypeInteger {
		t.Fatalf("set-witness-policy described as %+v", d)
	}
	list := d.Fields[0]
	if list.Type != board.TypeArray || list.MaxItems != board.MaxWitnesses || list.Items == nil || len(list.Items.Fields) != 3 {
		t.Fatalf("witnesses described as %+v; want a list of at most 64 objects of 3 fields", list)
	}
	byName := map[string]board.FieldDescription{}
	for _, f := range list.Items.Fields {
		byName[f.Name] = f
	}
	name, key, url := byName["name"], byName["key"], byName["url"]
	if name.Pattern != board.PatternKeyName || name.MaxLength != board.MaxWitnessNameSize || name.Optional {
		t.Errorf("witnesses.name described as %+v", name)
	}
	if key.Format != board.FormatHexKey || key.Pattern != board.PatternHexKey || key.Optional {
		t.Errorf("witnesses.key described as %+v", key)
	}
	if url.Format != board.FormatURL || url.Pattern != board.PatternURL || !url.Optional {
		t.Errorf("witnesses.url described as %+v", url)
	}
	if r, _ := board.Describe("register-key"); r.Fields[1].Format != board.FormatPublicKey {
		t.Errorf("register-key's key is now described as %+v", r.Fields[1])
	}
	for _, c := range []struct {
		pattern, value string
		match          bool
	}{
		{board.PatternKeyName, "sigsum.org/v1/witness:1", true},
		{board.PatternKeyName, "a b", false},
		{board.PatternKeyName, "a+b", false},
		{board.PatternKeyName, "", false},
		{board.PatternHexKey, witnessKey("x"), true},
		{board.PatternHexKey, strings.ToUpper(witnessKey("x")), false},
		{board.PatternURL, "https://w.example.org:8443/api/", true},
		{board.PatternURL, "http://192.0.2.7", true},
		{board.PatternURL, "ftp://w.example.org", false},
		{board.PatternURL, "https://w.example.org/a b", false},
	} {
		if got := matches(c.pattern, c.value); got != c.match {
			t.Errorf("%s matches %q: %v, want %v", c.pattern, c.value, got, c.match)
		}
	}
}

// matches reports whether value matches the regular expression pattern.
func matches(pattern, value string) bool { return regexp.MustCompile(pattern).MatchString(value) }

// TestWitnessPolicySnapshot: the snapshot (version 9) carries the witness policy; a state
// restored from it holds the same policy, and the next act replaces it as it would have.
func TestWitnessPolicySnapshot(t *testing.T) {
	w := newWorld(nil)
	at := ts("2026-03-01T10:00:00Z")
	w.must(t, at, board.Secretariat, &board.SetWitnessPolicy{Witnesses: witnesses(4), Quorum: 3})
	data, err := w.state.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	got, err := restore(data)
	if err != nil {
		t.Fatal(err)
	}
	sameState(t, got, w.state)
	if got.WitnessPolicy == nil || got.WitnessPolicy.Quorum != 3 || len(got.WitnessPolicy.Witnesses) != 4 || !got.WitnessPolicy.Since.Equal(at) {
		t.Fatalf("restored policy %+v", got.WitnessPolicy)
	}
	w.state = got
	w.must(t, at.Add(time.Hour), board.Secretariat, &board.SetWitnessPolicy{Witnesses: witnesses(1), Quorum: 1})
	if p := w.state.WitnessPolicy; p.Quorum != 1 || len(p.Witnesses) != 1 {
		t.Errorf("after a new act on the restored state: %+v", p)
	}
}
