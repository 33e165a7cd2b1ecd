package main

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/record"
)

// init establishes a record: its first act (establish), which adopts the rules and registers the
// secretariat's first key, is made here, on the server's machine, and never over the network
// (the API refuses every act while the record is empty). It works on a new database, or on one
// that holds an empty record (serve makes one when it starts on nothing).
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
		e, closeDB, err := openEmpty(ctx, *f.db, engine.Meta{Rules: rules.Source, Keyring: "dev:" + filepath.Base(*f.db), Origin: "init"}, *rulesFile != "")
		if err != nil {
			return err
		}
		defer closeDB()
		ring, _ := e.DevKeyring()
		act := board.Act{At: m.Now().UTC(), By: board.Secretariat, Body: &board.Establish{
			Rules: e.Meta().Rules, Key: base64.StdEncoding.EncodeToString(ring.PublicKey(string(board.Secretariat))), Development: true,
		}}
		sa, err := e.SignDev(act)
		if err != nil {
			return err
		}
		if _, err := e.Submit(ctx, sa); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "established %s under rules %q version %s: a development record (its keys come from a public seed; not for production); "+
			"an actor's key: peaceboard keys dev ACTOR --db %s --out FILE\n", dbName(*f.db), e.Rules().ID, e.Rules().Version, dbName(*f.db))
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
	e, closeDB, err := openEmpty(ctx, *f.db, engine.Meta{Rules: rules.Source, Origin: "init"}, *rulesFile != "", engine.WithLogKey(logKey))
	if err != nil {
		return err
	}
	defer closeDB()
	pub := sec.Public().(ed25519.PublicKey)
	act := board.Act{At: m.Now().UTC(), By: board.Secretariat, Body: &board.Establish{Rules: e.Meta().Rules, Key: base64.StdEncoding.EncodeToString(pub)}}
	canonical, err := act.Canonical()
	if err != nil {
		return err
	}
	r, err := e.Submit(ctx, engine.SignedAct{Act: act, KeyID: board.KeyIDOf(pub), Signature: record.SignAct(sec, canonical)})
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "created %s under rules %q version %s; the record is established (entry %d), signed by the secretariat's key %s\nlog verifier key: %s\n",
		dbName(*f.db), e.Rules().ID, e.Rules().Version, r.Entry.Index, board.KeyIDOf(pub), logKey.VerifierKey)
	return nil
}

// openEmpty opens the database at path to establish its record: a new database, created with
// meta, or one that holds an empty record of the same kind (development or production: meta's
// Keyring), which keeps its own rules unless rulesGiven names others.
func openEmpty(ctx context.Context, path string, meta engine.Meta, rulesGiven bool, opts ...engine.Option) (*engine.Engine, func() error, error) {
	var (
		e       *engine.Engine
		closeDB func() error
		created bool
		err     error
	)
	if _, serr := os.Stat(path); serr == nil && !isPostgres(path) {
		e, closeDB, err = openExisting(ctx, path, opts...) // an SQLite file: never made anew
	} else {
		e, closeDB, created, err = openOrCreate(ctx, path, meta, opts...)
	}
	if err != nil {
		return nil, nil, err
	}
	name, have := dbName(path), e.Meta()
	switch dev := meta.Keyring != ""; {
	case created:
		return e, closeDB, nil
	case e.Len() > 0:
		err = fmt.Errorf("%s already holds a record; init creates new databases only", name)
	case have.Keyring != "" && !dev:
		err = fmt.Errorf("%s holds an empty development record (serve makes one when it starts on nothing); a production record needs a new database", name)
	case have.Keyring == "" && dev:
		err = fmt.Errorf("%s holds an empty production record; establish it with --log-key and --secretariat-key", name)
	case rulesGiven && have.Rules != meta.Rules:
		err = fmt.Errorf("%s was made under rules %q version %s: leave out --rules to establish it under them, or init a new database", name, e.Rules().ID, e.Rules().Version)
	}
	if err != nil {
		closeDB()
		return nil, nil, err
	}
	return e, closeDB, nil
}
