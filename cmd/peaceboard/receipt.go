package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/record"
)

func (m *Main) receipt(ctx context.Context, args []string) error {
	if len(args) > 0 && args[0] == "check" {
		return m.receiptCheck(args[1:])
	}
	f := m.newFlags("receipt", "INDEX [--db PATH] [--witness-policy FILE]   |   receipt check FILE --key VKEY [--witness-policy FILE]")
	f.dbFlag()
	policyFile := f.String("witness-policy", "", "the witness policy `FILE` the server runs with: the receipt carries the checkpoint it publishes, with the witnesses' cosignatures kept in the database, when it covers the entry")
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"receipt takes an entry index (or: receipt check FILE --key VKEY)"}
	}
	i, err := strconv.ParseUint(pos[0], 10, 64)
	if err != nil {
		return usageError{fmt.Sprintf("entry index %q: want a whole number", pos[0])}
	}
	e, closeDB, err := openExisting(ctx, *f.db)
	if err != nil {
		return err
	}
	defer closeDB()
	if *policyFile != "" {
		if err := loadCosigned(ctx, e, *policyFile); err != nil {
			return err
		}
	}
	r, err := e.Receipt(ctx, i)
	if err != nil {
		return err
	}
	return writeJSON(m.Stdout, r)
}

func (m *Main) receiptCheck(args []string) error {
	f := m.newFlags("receipt check", "FILE --key VKEY [--witness-policy FILE]")
	key := f.String("key", "", "the log's verifier key (name+hash+base64), as published by the log")
	policyFile := f.String("witness-policy", "", "a witness policy `FILE` (Sigsum policy format): fail unless the receipt's checkpoint carries cosignatures that meet its quorum")
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *key == "" {
		return usageError{"receipt check takes a receipt file and --key"}
	}
	data, err := os.ReadFile(pos[0])
	if err != nil {
		return err
	}
	var r record.Receipt
	if err := json.Unmarshal(data, &r); err != nil {
		return fmt.Errorf("%s: not a receipt: %v", pos[0], err)
	}
	v, err := note.NewVerifier(strings.TrimSpace(*key))
	if err != nil {
		return fmt.Errorf("--key: %w", err)
	}
	cp, err := r.Check(v)
	if err != nil {
		if err := wrongKey(err, v, true); err != nil {
			return err
		}
		return err
	}
	leaf, _ := record.ParseLeaf(r.Leaf)
	act, err := board.ParseCanonical(leaf.Act)
	if err != nil {
		return fmt.Errorf("receipt: %w", err)
	}
	what := act.String()
	if leaf.Live() {
		what += ", recorded at " + leaf.Recorded.Format(time.RFC3339Nano)
	}
	fmt.Fprintf(m.Stdout, "entry %d (%s) is in the log %s of %d entries, root %x\n", r.Index, what, cp.Origin, cp.Size, cp.Hash[:])
	if *policyFile == "" {
		return nil
	}
	policy, err := readPolicy(*policyFile)
	if err != nil {
		return err
	}
	if err := policy.CheckLogKey(*key); err != nil {
		return err
	}
	return checkCosigned(m.Stdout, policy, []byte(r.Checkpoint), v)
}
