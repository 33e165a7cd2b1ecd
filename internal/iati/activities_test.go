package iati_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/iati"
)

// TestNoRefNoFile: without organization.iati_ref there is no identifier to build on, and the
// export writes nothing rather than make one up (identifiers, once published, must not change).
func TestNoRefNoFile(t *testing.T) {
	r := *charter.Default()
	r.Organization.IATIRef = ""
	var buf bytes.Buffer
	err := iati.WriteActivities(&buf, board.NewState(r.Organization.Chairman), &r, time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC), nil)
	if !errors.Is(err, iati.ErrNoRef) {
		t.Errorf("err = %v, want ErrNoRef", err)
	}
	if buf.Len() != 0 {
		t.Errorf("wrote %d bytes without a ref", buf.Len())
	}
}

// TestIdentifiers: activity identifiers are the organisation's identifier, a hyphen, and the
// fund's or programme's own, so that they start with the reporting-org's ref as IATI requires.
func TestIdentifiers(t *testing.T) {
	r := &charter.Rules{Organization: charter.Organization{IATIRef: "XI-IATI-T"}}
	for got, want := range map[string]string{
		iati.FundID(r, "general"):          "XI-IATI-T-FUND-general",
		iati.ProgrammeID(r, "gaza-rubble"): "XI-IATI-T-PROG-gaza-rubble",
	} {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}
