package record

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"
)

// Witness policies, in the Sigsum policy format: which witnesses a checkpoint of the log must be
// cosigned by before a reader trusts it. A policy is lines of
//
//	log HEXKEY [URL]
//	witness NAME HEXKEY [URL]
//	group NAME k|any|all MEMBER...
//	quorum NAME
//
// where HEXKEY is the hex of a 32-byte Ed25519 public key, a witness's NAME is its signed-note key
// name (its cosignatures carry it), a group's members are witnesses or groups defined on earlier
// lines, and the quorum names a witness or a group ("none": no cosignature is needed). "#" starts
// a comment that runs to the end of its line.

// A Witness is one witness of a policy: its note key name, its Ed25519 public key, and the URL
// prefix of its tlog-witness API (empty when the policy is only for checking cosignatures).
type Witness struct {
	Name string
	Key  ed25519.PublicKey
	URL  string
}

// VerifierKey returns the witness's cosigner verifier key text ("name+hash+base64").
func (w Witness) VerifierKey() string { return CosignerVerifierKey(w.Name, w.Key) }

// A Cosignature is a witness's valid cosignature of a checkpoint, and its time.
type Cosignature struct {
	Witness Witness
	Time    time.Time
}

// A Policy says which witnesses' cosignatures make a checkpoint trustworthy.
type Policy struct {
	logs      []ed25519.PublicKey
	witnesses []Witness
	nodes     map[string]*quorumNode // witnesses and groups, by name
	groups    []*quorumNode          // in the order they are defined
	quorum    *quorumNode            // nil: none
}

// A quorumNode is a witness (witness >= 0) or a group of k of its members.
type quorumNode struct {
	name    string
	witness int // index in Policy.witnesses, or -1 for a group
	k       int
	members []*quorumNode
}

// quorumNone is the predefined name of the empty quorum.
const quorumNone = "none"

// ParsePolicy reads a policy. An error names the line at fault.
func ParsePolicy(text []byte) (*Policy, error) {
	p := &Policy{nodes: map[string]*quorumNode{}}
	quorumLine := 0
	for i, line := range bytes.Split(text, []byte("\n")) {
		n := i + 1
		if c := bytes.IndexByte(line, '#'); c >= 0 {
			line = line[:c]
		}
		f := strings.Fields(string(line))
		if len(f) == 0 {
			continue
		}
		var err error
		switch f[0] {
		case "log":
			err = p.parseLog(f[1:])
		case "witness":
			err = p.parseWitness(f[1:])
		case "group":
			err = p.parseGroup(f[1:])
		case "quorum":
			if quorumLine != 0 {
				err = fmt.Errorf("a second quorum line (the first is line %d)", quorumLine)
				break
			}
			quorumLine = n
			err = p.parseQuorum(f[1:])
		default:
			err = fmt.Errorf("unknown keyword %q (want log, witness, group or quorum)", f[0])
		}
		if err != nil {
			return nil, fmt.Errorf("witness policy, line %d: %w", n, err)
		}
	}
	if quorumLine == 0 {
		return nil, errors.New(`witness policy: no quorum line (write "quorum none" if no cosignature is needed)`)
	}
	return p, nil
}

func (p *Policy) parseLog(f []string) error {
	if len(f) < 1 || len(f) > 2 {
		return errors.New("want: log HEXKEY [URL]")
	}
	key, err := parseHexKey(f[0])
	if err != nil {
		return err
	}
	if len(f) == 2 {
		if err := checkURL(f[1]); err != nil {
			return err
		}
	}
	p.logs = append(p.logs, key)
	return nil
}

func (p *Policy) parseWitness(f []string) error {
	if len(f) < 2 || len(f) > 3 {
		return errors.New("want: witness NAME HEXKEY [URL]")
	}
	w := Witness{Name: f[0]}
	if err := p.newName(w.Name); err != nil {
		return err
	}
	if !validKeyName(w.Name) {
		return fmt.Errorf("witness name %q is not a note key name", w.Name)
	}
	var err error
	if w.Key, err = parseHexKey(f[1]); err != nil {
		return err
	}
	for _, o := range p.witnesses {
		if o.Key.Equal(w.Key) {
			return fmt.Errorf("witness %s has the key of witness %s", w.Name, o.Name)
		}
	}
	if len(f) == 3 {
		if err := checkURL(f[2]); err != nil {
			return err
		}
		w.URL = strings.TrimSuffix(f[2], "/")
	}
	p.nodes[w.Name] = &quorumNode{name: w.Name, witness: len(p.witnesses)}
	p.witnesses = append(p.witnesses, w)
	return nil
}

func (p *Policy) parseGroup(f []string) error {
	if len(f) < 3 {
		return errors.New("want: group NAME k|any|all MEMBER...")
	}
	name, threshold, names := f[0], f[1], f[2:]
	if err := p.newName(name); err != nil {
		return err
	}
	g := &quorumNode{name: name, witness: -1}
	for _, m := range names {
		node, err := p.lookup(m)
		if err != nil {
			return err
		}
		if node == nil {
			return fmt.Errorf("group %s: %q cannot be a member", name, quorumNone)
		}
		if slices.Contains(g.members, node) {
			return fmt.Errorf("group %s lists %s twice", name, m)
		}
		g.members = append(g.members, node)
	}
	switch threshold {
	case "any":
		g.k = 1
	case "all":
		g.k = len(g.members)
	default:
		k, err := strconv.Atoi(threshold)
		if err != nil || strconv.Itoa(k) != threshold {
			return fmt.Errorf("group %s: threshold %q is not a number, any or all", name, threshold)
		}
		if k < 1 || k > len(g.members) {
			return fmt.Errorf("group %s: threshold %d out of range (1 to %d, its members)", name, k, len(g.members))
		}
		g.k = k
	}
	p.nodes[name] = g
	p.groups = append(p.groups, g)
	return nil
}

func (p *Policy) parseQuorum(f []string) error {
	if len(f) != 1 {
		return errors.New("want: quorum NAME")
	}
	node, err := p.lookup(f[0])
	p.quorum = node
	return err
}

// newName checks that name may name a new witness or group.
func (p *Policy) newName(name string) error {
	if name == quorumNone {
		return fmt.Errorf("%q is predefined (the empty quorum)", quorumNone)
	}
	if _, ok := p.nodes[name]; ok {
		return fmt.Errorf("%s is already defined", name)
	}
	return nil
}

// lookup returns the witness or group named name, nil for "none", or an error if no earlier line
// defines it.
func (p *Policy) lookup(name string) (*quorumNode, error) {
	if name == quorumNone {
		return nil, nil
	}
	node, ok := p.nodes[name]
	if !ok {
		return nil, fmt.Errorf("%s is not defined on an earlier line", name)
	}
	return node, nil
}

func parseHexKey(s string) (ed25519.PublicKey, error) {
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("key %q is not the hex of a 32-byte Ed25519 public key (64 hex digits)", s)
	}
	return ed25519.PublicKey(b), nil
}

func checkURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("URL %q is not an http:// or https:// URL", s)
	}
	return nil
}

// NewPolicy returns the flat policy "quorum of the witnesses": quorum cosignatures of distinct
// witnesses among them (0: none needed).
func NewPolicy(witnesses []Witness, quorum int) (*Policy, error) {
	p := &Policy{nodes: map[string]*quorumNode{}}
	for _, w := range witnesses {
		f := []string{w.Name, hex.EncodeToString(w.Key)}
		if w.URL != "" {
			f = append(f, w.URL)
		}
		if len(w.Key) != ed25519.PublicKeySize {
			return nil, fmt.Errorf("witness policy: witness %s: not an Ed25519 public key", w.Name)
		}
		if err := p.parseWitness(f); err != nil {
			return nil, fmt.Errorf("witness policy: %w", err)
		}
	}
	if quorum < 0 || quorum > len(witnesses) {
		return nil, fmt.Errorf("witness policy: quorum %d out of range (0 to %d, the witnesses)", quorum, len(witnesses))
	}
	if quorum > 0 {
		g := &quorumNode{name: "witnesses", witness: -1, k: quorum}
		for _, w := range p.witnesses {
			g.members = append(g.members, p.nodes[w.Name])
		}
		p.nodes[g.name] = g
		p.groups = append(p.groups, g)
		p.quorum = g
	}
	return p, nil
}

// String returns the policy in the policy format: its log lines, witness lines, group lines in
// the order they were defined, and its quorum line. ParsePolicy reads it back as the same
// policy.
func (p *Policy) String() string {
	var b strings.Builder
	for _, k := range p.logs {
		fmt.Fprintf(&b, "log %x\n", []byte(k))
	}
	for _, w := range p.witnesses {
		fmt.Fprintf(&b, "witness %s %x", w.Name, []byte(w.Key))
		if w.URL != "" {
			b.WriteString(" " + w.URL)
		}
		b.WriteByte('\n')
	}
	for _, g := range p.groups {
		fmt.Fprintf(&b, "group %s %d", g.name, g.k)
		for _, m := range g.members {
			b.WriteString(" " + m.name)
		}
		b.WriteByte('\n')
	}
	q := quorumNone
	if p.quorum != nil {
		q = p.quorum.name
	}
	fmt.Fprintf(&b, "quorum %s\n", q)
	return b.String()
}

// Witnesses returns the policy's witnesses, in the order it defines them.
func (p *Policy) Witnesses() []Witness { return slices.Clone(p.witnesses) }

// Verifiers returns a cosignature verifier for each witness, in the order of Witnesses.
func (p *Policy) Verifiers() []*CosignatureVerifier {
	vs := make([]*CosignatureVerifier, len(p.witnesses))
	for i, w := range p.witnesses {
		// The name and key were checked when the policy was made.
		vs[i], _ = NewCosignatureVerifier(w.Name, w.Key)
	}
	return vs
}

// NeedsCosignatures reports whether the quorum asks for any cosignature.
func (p *Policy) NeedsCosignatures() bool { return p.quorum != nil }

// CheckLogKey checks the log's verifier key text ("name+hash+base64") against the policy's log
// lines: a policy with none accepts any log.
func (p *Policy) CheckLogKey(vkey string) error {
	if len(p.logs) == 0 {
		return nil
	}
	parts := strings.SplitN(strings.TrimSpace(vkey), "+", 3)
	if len(parts) == 3 {
		if b, err := base64.StdEncoding.DecodeString(parts[2]); err == nil && len(b) == 1+ed25519.PublicKeySize {
			for _, k := range p.logs {
				if k.Equal(ed25519.PublicKey(b[1:])) {
					return nil
				}
			}
		}
	}
	return fmt.Errorf("witness policy: the log's key %s is not one of the policy's logs", vkey)
}

// Quorum reports, as an error naming what is missing, whether cosignatures of the witnesses
// named cosigned meet the policy's quorum.
func (p *Policy) Quorum(cosigned []string) error {
	if p.quorum == nil {
		return nil
	}
	have := map[int]bool{}
	for _, name := range cosigned {
		if n, ok := p.nodes[name]; ok && n.witness >= 0 {
			have[n.witness] = true
		}
	}
	if why := p.quorum.missing(have); why != "" {
		return fmt.Errorf("the witnesses' quorum is not met: %s", why)
	}
	return nil
}

// met reports whether the node is satisfied by the witnesses in have.
func (n *quorumNode) met(have map[int]bool) bool {
	if n.witness >= 0 {
		return have[n.witness]
	}
	c := 0
	for _, m := range n.members {
		if m.met(have) {
			c++
		}
	}
	return c >= n.k
}

// missing says why the node is not satisfied, or "" if it is.
func (n *quorumNode) missing(have map[int]bool) string {
	if n.met(have) {
		return ""
	}
	if n.witness >= 0 {
		return "no cosignature from witness " + n.name
	}
	var lacking []string
	c := 0
	for _, m := range n.members {
		if m.met(have) {
			c++
		} else {
			lacking = append(lacking, m.missing(have))
		}
	}
	return fmt.Sprintf("group %s has %d of the %d members it needs, %d more wanted (%s)", n.name, c, n.k, n.k-c, strings.Join(lacking, "; "))
}

// Check opens a signed checkpoint with the log's verifier and the policy's witnesses: it must be
// signed by the log (its origin the log's key name), every signature by a known key must be
// valid (lines by unknown keys are ignored), and the cosignatures must meet the quorum. It
// returns the checkpoint and the valid cosignatures, in the order of the witnesses; when only
// the quorum is not met, it returns them with the error.
func (p *Policy) Check(signed []byte, log note.Verifier) (Checkpoint, []Cosignature, error) {
	wv := p.Verifiers()
	vs := []note.Verifier{log}
	for _, v := range wv {
		vs = append(vs, v)
	}
	n, err := note.Open(signed, note.VerifierList(vs...))
	if err != nil {
		var unverified *note.UnverifiedNoteError
		if errors.As(err, &unverified) {
			return Checkpoint{}, nil, fmt.Errorf("checkpoint: not signed by the log's key %s", log.Name())
		}
		return Checkpoint{}, nil, fmt.Errorf("checkpoint: %w", err)
	}
	logSigned := false
	var cs []Cosignature
	var names []string
	for _, s := range n.Sigs {
		if s.Name == log.Name() && s.Hash == log.KeyHash() {
			logSigned = true
			continue
		}
		for i, v := range wv {
			if s.Name == v.Name() && s.Hash == v.KeyHash() {
				t, err := CosignatureTime(s)
				if err != nil {
					return Checkpoint{}, nil, fmt.Errorf("checkpoint: witness %s: %w", s.Name, err)
				}
				cs = append(cs, Cosignature{Witness: p.witnesses[i], Time: t})
				names = append(names, s.Name)
			}
		}
	}
	if !logSigned {
		return Checkpoint{}, nil, fmt.Errorf("checkpoint: not signed by the log's key %s", log.Name())
	}
	c, err := ParseCheckpoint(n.Text)
	if err != nil {
		return Checkpoint{}, nil, err
	}
	if c.Origin != log.Name() {
		return Checkpoint{}, nil, fmt.Errorf("checkpoint: origin %q is not the log's (%q)", c.Origin, log.Name())
	}
	slices.SortFunc(cs, func(a, b Cosignature) int {
		return slices.IndexFunc(p.witnesses, func(w Witness) bool { return w.Name == a.Witness.Name }) -
			slices.IndexFunc(p.witnesses, func(w Witness) bool { return w.Name == b.Witness.Name })
	})
	return c, cs, p.Quorum(names)
}
