package main

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/cosigners"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/record"
)

// The log's side of witnessing in the commands: serve --witness-policy runs the witness client
// (internal/cosigners); verify and receipt check --witness-policy check a checkpoint's
// cosignatures against a policy.

// readPolicy reads a witness policy file (the Sigsum policy format, record.ParsePolicy).
func readPolicy(path string) (*record.Policy, error) {
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	p, err := record.ParsePolicy(text)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return p, nil
}

// recordPolicy returns the witness policy a record published (set-witness-policy) as a
// record.Policy: its witnesses, k of which must cosign.
func recordPolicy(p *board.WitnessPolicy) (*record.Policy, error) {
	ws := make([]record.Witness, len(p.Witnesses))
	for i, w := range p.Witnesses {
		key, err := hex.DecodeString(w.Key)
		if err != nil || len(key) != ed25519.PublicKeySize {
			return nil, fmt.Errorf("the record's witness policy: witness %s: not an Ed25519 key", w.Name)
		}
		ws[i] = record.Witness{Name: w.Name, Key: ed25519.PublicKey(key), URL: w.URL}
	}
	policy, err := record.NewPolicy(ws, p.Quorum)
	if err != nil {
		return nil, fmt.Errorf("the record's witness policy: %w", err)
	}
	return policy, nil
}

// publishedPolicy returns the witness policy the record published, for serve to apply without
// --witness-policy: nil if the record published none, or if a witness it names has no URL to
// send checkpoints to (then serve says so, and sends none).
func publishedPolicy(ctx context.Context, e *engine.Engine, log *slog.Logger) (*record.Policy, error) {
	var published *board.WitnessPolicy
	// As of any instant after the record's last act: the latest state.
	latest := time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
	err := e.View(ctx, latest, func(s *board.State, _ *charter.Rules) error {
		published = s.WitnessPolicy
		return nil
	})
	if err != nil || published == nil {
		return nil, err
	}
	for _, w := range published.Witnesses {
		if w.URL == "" {
			log.Warn("the record's witness policy names a witness without a URL: checkpoints are not sent to witnesses (give --witness-policy FILE)", "witness", w.Name)
			return nil, nil
		}
	}
	policy, err := recordPolicy(published)
	if err == nil {
		log.Info("applying the witness policy the record published", "set", published.Since.UTC().Format(time.RFC3339), "quorum", published.Quorum)
	}
	return policy, err
}

// startCosigners runs the witness client of policy over e until the returned stop is called: it
// first publishes the cosignatures kept in the database, then sends each new checkpoint to the
// witnesses. Stop waits until the client has saved what it collected.
func startCosigners(ctx context.Context, e *engine.Engine, policy *record.Policy, log *slog.Logger) (*cosigners.Client, func(), error) {
	for _, w := range policy.Witnesses() {
		if w.URL == "" {
			return nil, nil, fmt.Errorf("witness policy: witness %s has no URL to send checkpoints to", w.Name)
		}
	}
	meta := e.Meta()
	if err := policy.CheckLogKey(meta.LogKey); err != nil {
		return nil, nil, err
	}
	v, err := note.NewVerifier(meta.LogKey)
	if err != nil {
		return nil, nil, fmt.Errorf("the log's key: %w", err)
	}
	opts := cosigners.Options{Logger: log}
	if e.Replicated() {
		opts.Active = e.Writer // one process asks the witnesses; the others publish what it stores
	}
	c, err := cosigners.New(e, v, policy, opts)
	if err != nil {
		return nil, nil, err
	}
	if err := c.Load(ctx); err != nil {
		return nil, nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { c.Run(ctx) })
	var names []string
	for _, w := range policy.Witnesses() {
		names = append(names, w.Name)
	}
	log.Info("sending checkpoints to witnesses", "witnesses", strings.Join(names, " "))
	return c, func() { cancel(); wg.Wait() }, nil
}

// loadCosigned makes e publish what a server of its database publishes under the witness policy
// in file: its checkpoint cosigned with the cosignatures kept in the database.
func loadCosigned(ctx context.Context, e *engine.Engine, file string) error {
	policy, err := readPolicy(file)
	if err != nil {
		return err
	}
	v, err := note.NewVerifier(e.Meta().LogKey)
	if err != nil {
		return fmt.Errorf("the log's key: %w", err)
	}
	c, err := cosigners.New(e, v, policy, cosigners.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return err
	}
	return c.Load(ctx)
}

// checkCosigned checks a signed checkpoint against a witness policy, and says who cosigned it
// and when. It fails unless the cosignatures meet the policy's quorum.
func checkCosigned(w io.Writer, policy *record.Policy, signed []byte, logKey note.Verifier) error {
	cp, cs, err := policy.Check(signed, logKey)
	if len(cs) > 0 || err == nil {
		fmt.Fprintf(w, "the checkpoint of %s is cosigned by %s\n", count(int(cp.Size), "entry", "entries"), cosignersText(cs))
	}
	if err != nil {
		return fmt.Errorf("witness policy: %w", err)
	}
	if policy.NeedsCosignatures() {
		fmt.Fprintf(w, "the witness policy's quorum is met\n")
	}
	return nil
}

// cosignersText names the witnesses of cs with the times they cosigned, or says there are none.
func cosignersText(cs []record.Cosignature) string {
	if len(cs) == 0 {
		return "no witness of the policy"
	}
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = fmt.Sprintf("%s (%s)", c.Witness.Name, c.Time.UTC().Format(time.RFC3339))
	}
	return strings.Join(parts, ", ")
}

// storedCosigned returns the checkpoint a server of the database would publish under policy:
// the largest stored checkpoint whose stored cosignatures meet its quorum, with them; or, if
// none does, the latest checkpoint (of size latest) with the cosignatures stored of it.
func storedCosigned(ctx context.Context, store engine.Store, policy *record.Policy, logKey note.Verifier, latest uint64) ([]byte, error) {
	lines := map[uint64][]string{}
	if err := store.Cosignatures(ctx, func(c engine.StoredCosignature) error {
		lines[c.Size] = append(lines[c.Size], c.Line)
		return nil
	}); err != nil {
		return nil, err
	}
	sizes := slices.Sorted(maps.Keys(lines))
	slices.Reverse(sizes)
	for _, size := range sizes {
		var signed []byte
		if err := store.Checkpoints(ctx, size, func(c engine.SignedCheckpoint) error {
			if c.Size == size {
				signed = c.Note
			}
			return errStop
		}); err != nil && !errors.Is(err, errStop) {
			return nil, err
		}
		if signed == nil {
			continue
		}
		note := append(signed, strings.Join(lines[size], "")...)
		if _, _, err := policy.Check(note, logKey); err == nil {
			return note, nil
		}
	}
	var out []byte
	if err := store.Checkpoints(ctx, latest, func(c engine.SignedCheckpoint) error {
		out = append(c.Note, strings.Join(lines[c.Size], "")...)
		return errStop
	}); err != nil && !errors.Is(err, errStop) {
		return nil, err
	}
	return out, nil
}

// cosignatureLines counts a signed note's signature lines beyond the first, the log's: those a
// witness policy would check.
func cosignatureLines(signed []byte) int {
	_, sigs, ok := strings.Cut(string(signed), "\n\n")
	if !ok {
		return 0
	}
	return max(strings.Count(sigs, "— ")-1, 0)
}

// errStop ends a store's read early.
var errStop = errors.New("stop")
