#!/usr/bin/env python3
"""Measures a running "peaceboard serve" as issue 23's targets ask (bench/growth.sh calls it).

Usage: scale.py BASE_URL PID STATE FIRST LAST

In this order, on a server that has just started (its first request is the State page):
  1. the first State page after start: GET /members/STATE, in milliseconds;
  2. as-of reads at random instants between FIRST and LAST (RFC 3339): 300 GETs, one client,
     each of another endpoint of the API and another second (none answered by a cache), p50
     and p99 in milliseconds;
  3. every page of the portal (each list, a State, a decision, the treasury, the record, the
     timeline, the feed, a search), as of now and as of a random instant, then the server's
     resident memory (VmRSS) and its peak (VmHWM), in MB.
Prints one JSON object.
"""
import datetime, http.client, json, random, sys, time, urllib.parse

base, pid, state, first, last = sys.argv[1:6]
u = urllib.parse.urlsplit(base)
conn = http.client.HTTPConnection(u.hostname, u.port, timeout=600)


def get(path):
    t0 = time.perf_counter()
    conn.request("GET", path)
    r = conn.getresponse()
    body = r.read()
    dt = (time.perf_counter() - t0) * 1000
    if r.status != 200:
        sys.exit(f"GET {path}: {r.status} {body[:300]!r}")
    return dt, body


def rss():
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("VmRSS", "VmHWM"):
                out[k] = round(int(v.split()[0]) / 1024)
    return out


def parse(s):
    return datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))


res = {}
res["first_state_page_ms"], _ = get(f"/members/{urllib.parse.quote(state)}")
res["rss_after_first_state_page_mb"] = rss()["VmRSS"]

t0, t1 = parse(first), parse(last)
span = (t1 - t0).total_seconds()
rng = random.Random(23)
endpoints = ["/api/v1/status", "/api/v1/members", "/api/v1/decisions", "/api/v1/treasury",
             "/api/v1/compliance", "/api/v1/invitations", "/api/v1/funds", "/api/v1/disbursements"]
lat, by = [], {}
for i in range(300):
    at = t0 + datetime.timedelta(seconds=int(rng.random() * span))
    q = urllib.parse.quote(at.strftime("%Y-%m-%dT%H:%M:%SZ"))
    dt, _ = get(f"{endpoints[i % len(endpoints)]}?as_of={q}")
    lat.append(dt)
    by.setdefault(endpoints[i % len(endpoints)], []).append(dt)
lat.sort()
res["asof_reads"] = len(lat)
res["asof_p50_ms"] = round(lat[len(lat) // 2], 1)
res["asof_p99_ms"] = round(lat[len(lat) * 99 // 100], 1)
res["asof_max_ms"] = round(lat[-1], 1)
res["asof_by_endpoint_p50_max_ms"] = {k: [round(sorted(v)[len(v) // 2], 1), round(max(v), 1)] for k, v in by.items()}

_, body = get("/api/v1/decisions?limit=1")
items = json.loads(body)
items = items.get("items", items) if isinstance(items, dict) else items
decision = items[0]["id"] if items else None
pages = ["/", "/members", f"/members/{state}", "/invitations", "/decisions", "/executive",
         "/treasury", "/record", "/timeline", "/feed.atom", "/search?q=report", "/data"]
if decision:
    pages.append(f"/decisions/{urllib.parse.quote(decision)}")
tour = {}
mid = (t0 + datetime.timedelta(seconds=span / 2)).strftime("%Y-%m-%d")
for p in pages:
    sep = "&" if "?" in p else "?"
    for path in (p, f"{p}{sep}as_of={mid}"):
        dt, _ = get(path)
        tour[path] = round(dt, 1)
res["pages_ms"] = tour
res["rss_after_every_page_mb"] = rss()["VmRSS"]
res["peak_rss_mb"] = rss()["VmHWM"]
print(json.dumps(res))
