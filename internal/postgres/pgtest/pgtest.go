// Package pgtest gives each test a new PostgreSQL database on the server that
// $PEACEBOARD_TEST_POSTGRES names (a connection string for a role that may create databases).
// Without it, tests that need PostgreSQL are skipped, except under CI (CI=true), where they fail:
// CI must never pass without having run them.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Env is the variable that names the test server.
const Env = "PEACEBOARD_TEST_POSTGRES"

// DSN creates a new, empty database for the test and returns its connection string. The
// database is dropped when the test ends, with any connection still open to it.
func DSN(t testing.TB) string {
	t.Helper()
	return create(t, "")
}

// Copy creates a new database for the test, a copy of the one dsn names (CREATE DATABASE
// TEMPLATE: no one may be connected to that one), and returns its connection string. It is
// dropped when the test ends, as DSN's are.
func Copy(t testing.TB, dsn string) string {
	t.Helper()
	return create(t, databaseOf(dsn))
}

// create creates a database for the test, a copy of template if it is not "".
func create(t testing.TB, template string) string {
	t.Helper()
	server := os.Getenv(Env)
	if server == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("$%s is not set: CI must run the PostgreSQL tests (.ci/run starts a server)", Env)
		}
		t.Skipf("$%s is not set: no PostgreSQL server to test against", Env)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin, err := pgx.Connect(ctx, server)
	if err != nil {
		t.Fatalf("connect to $%s: %v", Env, err)
	}
	defer admin.Close(context.Background())
	var b [6]byte
	rand.Read(b[:])
	name := "peaceboard_test_" + hex.EncodeToString(b[:])
	q := `CREATE DATABASE ` + pgx.Identifier{name}.Sanitize()
	if template != "" {
		q += ` TEMPLATE ` + pgx.Identifier{template}.Sanitize()
	}
	if _, err := admin.Exec(ctx, q); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		admin, err := pgx.Connect(ctx, server)
		if err != nil {
			t.Errorf("drop database %s: %v", name, err)
			return
		}
		defer admin.Close(context.Background())
		if _, err := admin.Exec(ctx, `DROP DATABASE `+pgx.Identifier{name}.Sanitize()+` WITH (FORCE)`); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	return withDatabase(server, name)
}

// databaseOf returns the name of the database a connection string that withDatabase made names.
func databaseOf(dsn string) string {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		if u, err := url.Parse(dsn); err == nil {
			return strings.TrimPrefix(u.Path, "/")
		}
	}
	_, name, _ := strings.Cut(dsn[strings.LastIndex(dsn, " dbname="):], "=")
	return name
}

// withDatabase returns the connection string dsn with its database replaced by name.
func withDatabase(dsn, name string) string {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		if u, err := url.Parse(dsn); err == nil {
			u.Path = "/" + name
			return u.String()
		}
	}
	return dsn + " dbname=" + name
}
