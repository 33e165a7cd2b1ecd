package api

import (
	"sync"
	"testing"
)

// TestAnswerComputedOnce: requests for an answer being computed wait for it and serve it; it is
// kept only when the computation says so; a failed computation leaves the next request to
// compute its own.
func TestAnswerComputedOnce(t *testing.T) {
	var c answerCache
	_, ok, first, mine := c.begin("k")
	if ok || !mine {
		t.Fatalf("first begin: ok %t, mine %t; want a computation of its own", ok, mine)
	}
	var wg sync.WaitGroup
	for range 8 {
		_, ok, running, mine := c.begin("k")
		if ok || mine || running != first {
			t.Fatalf("begin while computing: ok %t, mine %t, the same computation %t; want to wait for it", ok, mine, running == first)
		}
		wg.Go(func() {
			<-running.done
			if !running.ok || string(running.answer.body) != "answer" {
				t.Errorf("a waiting request got %q (ok %t), want the answer", running.answer.body, running.ok)
			}
		})
	}
	c.end("k", first, cached{body: []byte("answer")}, true, false)
	wg.Wait()
	if _, ok, _, mine := c.begin("k"); ok || !mine {
		t.Errorf("after an answer not kept: ok %t, mine %t; want a new computation", ok, mine)
	}
	_, _, second, _ := c.begin("j")
	c.end("j", second, cached{}, false, false)
	if second.ok {
		t.Error("a failed computation is served to the requests waiting for it")
	}
	_, _, third, _ := c.begin("i")
	c.end("i", third, cached{body: []byte("kept")}, true, true)
	if a, ok, _, mine := c.begin("i"); !ok || mine || string(a.body) != "kept" {
		t.Errorf("after an answer kept: %q, ok %t, mine %t; want it served", a.body, ok, mine)
	}
}
