package api_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/peaceboard/peaceboard/internal/api"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestOpenAPIGolden fails when the OpenAPI document, made from the route table and the wire
// types, changes without testdata/openapi.json being rewritten (go test -update): every change
// of the API's shapes shows in review. ./check lints the golden file with Redocly.
func TestOpenAPIGolden(t *testing.T) {
	got, err := api.OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	if !json.Valid(got) {
		t.Fatal("OpenAPI() is not valid JSON")
	}
	golden := filepath.Join("testdata", "openapi.json")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/api -run TestOpenAPIGolden -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the OpenAPI document differs from %s: the wire types or the routes changed. If that is intended, run\n\tgo test ./internal/api -run TestOpenAPIGolden -update\nand review the diff", golden)
	}
}
