package board

import (
	"cmp"
	"maps"
	"slices"
)

func (m *Meeting) copy() *Meeting {
	c := *m
	c.Agenda = slices.Clone(m.Agenda)
	c.Recommendations, c.Reports = slices.Clone(m.Recommendations), slices.Clone(m.Reports)
	return &c
}

// MeetingList returns every meeting convened, by date then id. The meetings are copies.
func (s *State) MeetingList() []*Meeting {
	list := slices.SortedFunc(maps.Values(s.Meetings), func(a, b *Meeting) int {
		return cmp.Or(a.Date.Compare(b.Date), cmp.Compare(a.ID, b.ID))
	})
	for i, m := range list {
		list[i] = m.copy()
	}
	return list
}
