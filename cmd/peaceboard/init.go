package main

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"fmt"
	"path/filepath"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/record"
)

func (m *Main) init(ctx context.Context, args []string) error {
	f := m.newFlags("init", "[--db PATH] [--rules FILE] [--log-key FILE --secretariat-key FILE]")
	f.dbFlag()
	rulesFile := f.String("rules", "", "rules file (default: the embedded Board of Peace charter)")
	logKeyFile := f.String("log-key", "", "the log's private key file (keys log-new); with --secretariat-key, makes a production record")
	secKeyFile := f.String("secretariat-key", "", "the secretariat's private key file (keys new), which signs the record's first act")
	if pos, err := f.parse(args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError{"init takes no arguments"}
	}
	rules := charter.Default()
	if *rulesFile != "" {
		var err error
		if rules, err = loadRules(*rulesFile, "."); err != nil {
			return err
		}
	}
	if (*logKeyFile == "") != (*secKeyFile == "") {
		return usageError{"init takes both --log-key and --secretariat-key (a production record), or neither (a development record)"}
	}
	if *logKeyFile == "" {
		_, closeDB, err := createNew(ctx, *f.db, engine.Meta{
			Rules:   rules.Source,
			Keyring: "dev:" + filepath.Base(*f.db),
			Origin:  "init",
		})
		if err != nil {
			return err
		}
		defer closeDB()
		fmt.Fprintf(m.Stdout, "created %s under rules %q version %s (a development record: its keys come from a public seed; not for production)\n",
			*f.db, rules.ID, rules.Version)
		return nil
	}
	logKey, err := readLogKey(*logKeyFile)
	if err != nil {
		return err
	}
	sec, err := readActorKey(*secKeyFile)
	if err != nil {
		return err
	}
	e, closeDB, err := createNew(ctx, *f.db, engine.Meta{Rules: rules.Source, Origin: "init"}, engine.WithLogKey(logKey))
	if err != nil {
		return err
	}
	defer closeDB()
	pub := sec.Public().(ed25519.PublicKey)
	act := board.Act{At: m.Now().UTC(), By: board.Secretariat, Body: &board.Establish{Rules: rules.Source, Key: base64.StdEncoding.EncodeToString(pub)}}
	canonical, err := act.Canonical()
	if err != nil {
		return err
	}
	r, err := e.Submit(ctx, engine.SignedAct{Act: act, KeyID: board.KeyIDOf(pub), Signature: record.SignAct(sec, canonical)})
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "created %s under rules %q version %s; the record is established (entry %d), signed by the secretariat's key %s\nlog verifier key: %s\n",
		*f.db, rules.ID, rules.Version, r.Entry.Index, board.KeyIDOf(pub), logKey.VerifierKey)
	return nil
}
