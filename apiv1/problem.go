package apiv1

// Problem is an error answer (RFC 9457, application/problem+json). Type is the URL of the
// problem type, under Prefix+"/problems/", which describes Kind in words. Rule names the charter
// rule that refused an act ("R7"), when one did; RequestID is the id under which the server
// logged the request.
type Problem struct {
	Type      string `json:"type"`
	Title     string `json:"title"`
	Status    int    `json:"status"`
	Detail    string `json:"detail"`
	Kind      string `json:"kind"`
	Rule      string `json:"rule,omitempty"`
	Instance  string `json:"instance,omitempty"`
	RequestID string `json:"request_id,omitempty"`
}
