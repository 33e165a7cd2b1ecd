package board

// CheckClosed is checkClosed, for the tests of the closed sets.
var CheckClosed = checkClosed

// DescribedFields returns the paths of the fields kindTexts has a sentence for, for kind k.
func DescribedFields(k Kind) []string {
	var out []string
	for path := range kindTexts[k].fields {
		out = append(out, path)
	}
	return out
}
