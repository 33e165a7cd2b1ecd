package client

import (
	"context"
	"net/http"

	"github.com/peaceboard/peaceboard/apiv1"
)

// Search returns one page of what matches text (GET /search): names, then acts, as of q.AsOf,
// from q.Cursor, with q.Limit items at most; lang ("en", "fr" or "" for en) is the language of
// States' names in titles.
func (c *Client) Search(ctx context.Context, text, lang string, q Query) (apiv1.Page[apiv1.SearchItem], error) {
	v := q.values()
	v.Set("q", text)
	if lang != "" {
		v.Set("lang", lang)
	}
	var out apiv1.Page[apiv1.SearchItem]
	_, err := c.do(ctx, http.MethodGet, "/search", v, nil, nil, http.StatusOK, &out)
	return out, err
}
