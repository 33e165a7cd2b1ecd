package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/peaceboard/peaceboard/client"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/record"
)

func (m *Main) verify(ctx context.Context, args []string) error {
	f := m.newFlags("verify", "(--db PATH | --url URL) [--key VKEY] [--from-checkpoint FILE] [--clock-skew DURATION] [--witness-policy FILE] [--export FILE]")
	db := f.String("db", "", "verify this database file")
	url := f.String("url", "", "verify the log served at this URL, from its public tiles only")
	key := f.String("key", "", "the log's verifier key (name+hash+base64); default: the one the database or server states")
	older := f.String("from-checkpoint", "", "a signed checkpoint seen before: also prove the log still contains it")
	exportFile := f.String("export", "", "an open-data export: rebuild it from the record and compare it byte for byte (docs/open-data.md)")
	clockSkew := f.Duration("clock-skew", engine.DefaultClockSkew, "how far from its recorded instant the time an act recorded live may be (the server's --clock-skew)")
	policyFile := f.String("witness-policy", "", "a witness policy `FILE` (Sigsum policy format): fail unless the checkpoint's cosignatures meet its quorum")
	if pos, err := f.parse(args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError{"verify takes no arguments"}
	}
	if (*db == "") == (*url == "") {
		return usageError{"verify needs exactly one of --db and --url"}
	}
	if *clockSkew <= 0 {
		return usageError{"--clock-skew must be positive (like 5m)"}
	}
	if *exportFile != "" {
		return m.verifyExport(ctx, *exportFile, *db, *url, *key, *clockSkew)
	}
	var policy *record.Policy
	if *policyFile != "" {
		var err error
		if policy, err = readPolicy(*policyFile); err != nil {
			return err
		}
	}
	var (
		src    engine.LogSource
		stated string
		store  engine.Store
		seen   *seenCheckpoint
	)
	if *db != "" {
		if _, err := os.Stat(*db); err != nil && !isPostgres(*db) {
			return fmt.Errorf("no database at %s", *db)
		}
		var err error
		if store, err = openStore(ctx, *db); err != nil {
			return err
		}
		defer store.Close()
		meta, err := store.Meta(ctx)
		if err != nil {
			return err
		}
		src, stated = engine.StoreSource{Store: store}, meta.LogKey
	} else {
		log := &client.Log{URL: *url}
		k, err := log.Key(ctx)
		if err != nil && *key == "" {
			return fmt.Errorf("cannot fetch the log's key (give --key): %w", err)
		}
		seen = &seenCheckpoint{LogSource: log}
		src, stated = seen, k
	}
	vkey := *key
	if vkey == "" {
		vkey = stated
		fmt.Fprintf(m.Stderr, "using the log key the %s states: %s (pin it with --key)\n", sourceName(*db), vkey)
	}
	v, err := note.NewVerifier(strings.TrimSpace(vkey))
	if err != nil {
		return fmt.Errorf("--key: %w", err)
	}
	opts := engine.VerifyOptions{ClockSkew: *clockSkew}
	if *older != "" {
		if opts.Older, err = os.ReadFile(*older); err != nil {
			return err
		}
	}
	bar := newProgress(m.Stderr, "verifying", 0)
	opts.Progress = func(done, total uint64) { bar.update(int(done), int(total)) }
	res, err := engine.Verify(ctx, src, v, opts)
	bar.done()
	if err != nil {
		if err := wrongKey(err, v, *key != ""); err != nil {
			return err
		}
		if ve, ok := errors.AsType[*engine.VerifyError](err); ok {
			return fmt.Errorf("the record is not sound: %v", ve)
		}
		return err
	}
	fmt.Fprintf(m.Stdout, "verified %s: every signature, every act under the rules, and %s (origin %s, root %x)\n",
		count(int(res.Checkpoint.Size), "entry", "entries"), count(res.Checkpoints, "signed checkpoint", "signed checkpoints"), res.Checkpoint.Origin, res.Checkpoint.Hash[:])
	if len(res.Formats) > 0 {
		fmt.Fprintf(m.Stdout, "entries %s\n", formatRanges(res.Formats))
	}
	if *db != "" {
		// What the server serves from the database beside the log (see docs/operations.md).
		snapshot := "no snapshot of the state"
		switch {
		case res.Snapshot > 0:
			snapshot = fmt.Sprintf("the snapshot of the state after %d entries", res.Snapshot)
		case res.SnapshotUnused != "":
			snapshot = "no usable snapshot of the state (" + res.SnapshotUnused + ")"
		}
		fmt.Fprintf(m.Stdout, "and in the database: each entry's actor, kind and time, %d tree hashes, the rules, the log key, and %s\n",
			res.StoredHashes, snapshot)
	}
	if res.DevelopmentKeys > 0 {
		fmt.Fprintf(m.Stdout, "warning: %d keys are development keys derived from a public seed: their signatures prove nothing about who acted\n", res.DevelopmentKeys)
	}
	if policy == nil && res.WitnessPolicy != nil && seen != nil {
		// The record served at --url published its witness policy: apply it, and say so.
		if policy, err = recordPolicy(res.WitnessPolicy); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "applying the witness policy the record published on %s (%d of %d witnesses; give --witness-policy FILE to apply another)\n",
			res.WitnessPolicy.Since.UTC().Format(time.RFC3339), res.WitnessPolicy.Quorum, len(res.WitnessPolicy.Witnesses))
	}
	if policy == nil {
		if seen != nil {
			if n := cosignatureLines(seen.note); n > 0 {
				fmt.Fprintf(m.Stdout, "the checkpoint carries %s: check them with --witness-policy FILE\n", count(n, "witness's cosignature", "witnesses' cosignatures"))
			}
		}
		return nil
	}
	if err := policy.CheckLogKey(vkey); err != nil {
		return err
	}
	// The checkpoint verified (from a server), or the one a server of the database publishes.
	var signed []byte
	if seen != nil {
		signed = seen.note
	} else if signed, err = storedCosigned(ctx, store, policy, v, res.Checkpoint.Size); err != nil {
		return err
	}
	return checkCosigned(m.Stdout, policy, signed, v)
}

// seenCheckpoint is a log source that keeps the checkpoint it gave Verify, for its cosignatures
// to be checked.
type seenCheckpoint struct {
	engine.LogSource
	note []byte
}

func (s *seenCheckpoint) Checkpoint(ctx context.Context) ([]byte, error) {
	b, err := s.LogSource.Checkpoint(ctx)
	s.note = b
	return b, err
}

// formatRanges says which act format each range of entries uses (docs/signing.md): "0-250: act
// format v1; 251-260: act format v2".
func formatRanges(ranges []engine.FormatRange) string {
	parts := make([]string, len(ranges))
	for i, r := range ranges {
		parts[i] = fmt.Sprintf("%d-%d: %s", r.From, r.To, r.Format)
		if r.From == r.To {
			parts[i] = fmt.Sprintf("%d: %s", r.From, r.Format)
		}
	}
	return strings.Join(parts, "; ")
}

// wrongKey explains a checkpoint that the log key given did not sign, where the note package
// says only "note has no verifiable signatures": which key was given, by name and hash, and which
// keys did sign, so that a user who pinned another log's key, or an old one, sees it. pinned
// says the key came from --key rather than from the log itself. It returns nil for any other
// error.
func wrongKey(err error, v note.Verifier, pinned bool) error {
	unverified, ok := errors.AsType[*note.UnverifiedNoteError](err)
	if !ok {
		return nil
	}
	var signers []string
	for _, sig := range unverified.Note.UnverifiedSigs {
		signers = append(signers, fmt.Sprintf("%s (key hash %08x)", sig.Name, sig.Hash))
	}
	given := "the key given with --key"
	if !pinned {
		given = "the log key it states"
	}
	msg := fmt.Sprintf("the checkpoint is not signed by %s, %s (key hash %08x)", given, v.Name(), v.KeyHash())
	switch len(signers) {
	case 0:
		msg += ", and carries no signature"
	default:
		msg += "; it is signed by " + strings.Join(signers, ", ")
	}
	if pinned {
		msg += ": pin the log's own verifier key (its /log/key, or what keys log-new printed for it)"
	}
	return errors.New(msg)
}

func sourceName(db string) string {
	if db != "" {
		return "database"
	}
	return "server"
}
