package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
)

// readExportCSV reads a CSV export, skipping its provenance lines (comments starting with "#").
func readExportCSV(out string) ([][]string, error) {
	r := csv.NewReader(strings.NewReader(out))
	r.Comment = '#'
	return r.ReadAll()
}

// unmarshalItems decodes the items of a JSON export ({"source": ..., "items": [...]}) into v,
// and fails if the export states no source.
func unmarshalItems(b []byte, v any) error {
	var doc struct {
		Source map[string]any  `json:"source"`
		Items  json.RawMessage `json:"items"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return err
	}
	if len(doc.Source) == 0 {
		return fmt.Errorf("the export states no source")
	}
	return json.Unmarshal(doc.Items, v)
}
