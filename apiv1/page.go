package apiv1

// Page is one page of a list: its items, and the cursor of the next page, null on the last. A
// client asks for the next page with ?cursor=NEXT_CURSOR and the same filters and as_of.
type Page[T any] struct {
	Items      []T     `json:"items"`
	NextCursor *string `json:"next_cursor"`
}
