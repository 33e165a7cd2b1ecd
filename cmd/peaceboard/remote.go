package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/client"
)

// Reading from a server: "members|status|decisions|treasury --server URL" read the server's
// JSON API instead of a database, and print the same wire types the same way: the output is
// the same as with --db on the server's database.

// serverFlag adds --server to a read command.
func (f *flags) serverFlag() {
	f.server = f.String("server", "", "read from the peaceboard server at this URL (its JSON API) instead of a database")
}

// read runs a read command that takes no arguments: with --server, it calls remote with a
// client of the server and the instant --as-of asks for; otherwise it calls local with the
// database's state as of that instant.
func (f *flags) read(ctx context.Context, args []string, local func(*board.State, *charter.Rules, time.Time) error,
	remote func(*client.Client, client.Query) error) error {
	if pos, err := f.parse(args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError{fmt.Sprintf("%s takes no arguments", f.Name())}
	}
	if f.server == nil || *f.server == "" {
		return f.view(ctx, args, local)
	}
	q, err := f.query()
	if err != nil {
		return err
	}
	dbSet := false
	f.Visit(func(fl *flag.Flag) { dbSet = dbSet || fl.Name == "db" })
	if dbSet {
		return usageError{"give --db or --server, not both"}
	}
	return remote(client.New(*f.server), q)
}

// query returns the API query for --as-of: the date as given, which the server reads as the end
// of that day as the CLI does; without --as-of, this machine's now, as a read of a database
// would take.
func (f *flags) query() (client.Query, error) {
	t, err := f.instant()
	if err != nil {
		return client.Query{}, err
	}
	if *f.asOf != "" {
		return client.Query{AsOf: *f.asOf}, nil
	}
	return client.Query{AsOf: t.Format(time.RFC3339Nano)}, nil
}
