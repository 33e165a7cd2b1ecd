package board

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// The witness policy: the witnesses (C2SP tlog-witness) whose cosignatures (C2SP
// tlog-cosignature) a checkpoint of the log needs, and how many of them. The secretariat
// publishes it as an act of the record, in its upkeep of the record as for register-key: no
// charter rule governs it (rule ""). Each act replaces the policy before it: the latest wins.

func init() {
	register[*SetWitnessPolicy]("", ActorSecretariat)

	registerEvent[*WitnessPolicySet]()
}

// SetWitnessPolicy names the witnesses of the log and the quorum of them a checkpoint needs.
type SetWitnessPolicy struct {
	Witnesses []PolicyWitness `json:"witnesses"`
	Quorum    int             `json:"quorum"`
}

// A PolicyWitness is one witness of the policy: its signed-note key name, its Ed25519 public key
// (32 bytes, as 64 lowercase hexadecimal digits), and where it answers, if the policy says.
type PolicyWitness struct {
	Name string `json:"name"`
	Key  string `json:"key"`
	URL  string `json:"url,omitempty"`
}

func (*SetWitnessPolicy) Kind() Kind { return "set-witness-policy" }

// WitnessPolicySet records a new witness policy.
type WitnessPolicySet struct {
	Witnesses []PolicyWitness `json:"witnesses"`
	Quorum    int             `json:"quorum"`
}

func (*WitnessPolicySet) EventName() string { return "witness-policy-set" }

// WitnessPolicy is the witness policy in force: the witnesses, the quorum of them a checkpoint
// needs, and the recorded instant of the act that set it.
type WitnessPolicy struct {
	Witnesses []PolicyWitness
	Quorum    int
	Since     time.Time
}

// The bounds of a witness policy.
const (
	MaxWitnesses       = 64  // the most witnesses a policy names
	MaxWitnessNameSize = 256 // the most bytes of a witness's key name
	witnessKeyHexLen   = 64  // a 32-byte Ed25519 public key in hexadecimal
)

// SetWitnessPolicy: the secretariat, keeping the record, names its witnesses (1 to 64, each name
// and key once) and a quorum of 1 to the number of witnesses. The catalogue refuses anyone else.
func (b *SetWitnessPolicy) decide(d *decider) ([]Event, error) {
	if err := b.check(); err != nil {
		return nil, err
	}
	return []Event{&WitnessPolicySet{Witnesses: slices.Clone(b.Witnesses), Quorum: b.Quorum}}, nil
}

func (b *SetWitnessPolicy) check() error {
	n := len(b.Witnesses)
	if n == 0 || n > MaxWitnesses {
		return Errorf(Invalid, "witnesses: %d given; a policy names 1 to %d witnesses", n, MaxWitnesses)
	}
	names := make(map[string]int, n)
	keys := make(map[string]int, n)
	for i, w := range b.Witnesses {
		if err := CheckWitnessName(w.Name); err != nil {
			return Errorf(Invalid, "witnesses[%d].name: %v", i, err)
		}
		if err := CheckWitnessKey(w.Key); err != nil {
			return Errorf(Invalid, "witnesses[%d].key: %v", i, err)
		}
		if w.URL != "" {
			if err := CheckWitnessURL(w.URL); err != nil {
				return Errorf(Invalid, "witnesses[%d].url: %v", i, err)
			}
		}
		if j, dup := names[w.Name]; dup {
			return Errorf(Invalid, "witnesses[%d].name %q is also witnesses[%d]'s: each witness is named once", i, w.Name, j)
		}
		if j, dup := keys[w.Key]; dup {
			return Errorf(Invalid, "witnesses[%d].key is also witnesses[%d]'s: each witness has its own key", i, j)
		}
		names[w.Name], keys[w.Key] = i, i
	}
	if b.Quorum < 1 || b.Quorum > n {
		return Errorf(Invalid, "quorum = %d: want 1 to %d, the number of witnesses named", b.Quorum, n)
	}
	return nil
}

// CheckWitnessName refuses (Invalid) a name that is not a signed note's key name: empty, not
// UTF-8, with a space (Unicode's) or a "+", or longer than 256 bytes.
func CheckWitnessName(name string) error {
	switch {
	case name == "":
		return Errorf(Invalid, "empty; want the witness's key name, like witness.example.org")
	case len(name) > MaxWitnessNameSize:
		return Errorf(Invalid, "%d bytes, more than the %d a key name may have", len(name), MaxWitnessNameSize)
	case !utf8.ValidString(name):
		return Errorf(Invalid, "not UTF-8")
	case strings.ContainsFunc(name, unicode.IsSpace), strings.Contains(name, "+"):
		return Errorf(Invalid, "%q: a key name has no spaces and no \"+\"", name)
	}
	return nil
}

// CheckWitnessKey refuses (Invalid) a key that is not an Ed25519 public key's 32 bytes in 64
// lowercase hexadecimal digits.
func CheckWitnessKey(key string) error {
	ok := len(key) == witnessKeyHexLen
	for i := 0; ok && i < len(key); i++ {
		c := key[i]
		ok = '0' <= c && c <= '9' || 'a' <= c && c <= 'f'
	}
	if !ok {
		return Errorf(Invalid, "want the Ed25519 public key's 32 bytes in %d lowercase hexadecimal digits (%d bytes given)", witnessKeyHexLen, len(key))
	}
	return nil
}

// CheckWitnessURL refuses (Invalid) a URL that is not absolute, with the scheme https or http
// written in lower case and a host, in printable ASCII (other characters percent-encoded).
func CheckWitnessURL(s string) error {
	bad := func(why string) error {
		return Errorf(Invalid, "%s: want an absolute https:// or http:// URL, %s", quoteShort(s), why)
	}
	if !strings.HasPrefix(s, "https://") && !strings.HasPrefix(s, "http://") {
		return bad("beginning so")
	}
	for i := range len(s) {
		if s[i] <= ' ' || s[i] > '~' {
			return bad("in printable ASCII without spaces (percent-encode the rest)")
		}
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.Hostname() == "" {
		return bad("with a host")
	}
	return nil
}

// quoteShort quotes s for a message, cut to 80 bytes.
func quoteShort(s string) string {
	if len(s) > 80 {
		return fmt.Sprintf("%q…", s[:80])
	}
	return fmt.Sprintf("%q", s)
}

func (e *WitnessPolicySet) apply(s *State, at time.Time) {
	s.WitnessPolicy = &WitnessPolicy{Witnesses: slices.Clone(e.Witnesses), Quorum: e.Quorum, Since: at}
}
