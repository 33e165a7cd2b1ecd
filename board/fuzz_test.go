package board_test

import (
	"bytes"
	"testing"

	"github.com/peaceboard/peaceboard/board"
)

// FuzzParseCanonical: decoding act bytes never panics, and whatever decodes is exactly the
// canonical encoding of the act it decodes to, so two different byte strings never carry the
// same signed act.
func FuzzParseCanonical(f *testing.F) {
	for _, body := range sampleBodies {
		b, err := board.Act{At: ts("2026-01-22T10:00:00Z"), By: sampleActor(body.Kind()), Body: body}.Canonical()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"at":"2026-01-22T10:00:00Z","by":"chairman","act":"resign","fields":{}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := board.ParseCanonical(data)
		if err != nil {
			return
		}
		again, err := a.Canonical()
		if err != nil || !bytes.Equal(again, data) {
			t.Fatalf("ParseCanonical accepted %q, which re-encodes as %q", data, again)
		}
	})
}
