#!/usr/bin/env python3
"""Summarize a schemathesis 4.x NDJSON report (--report ndjson).

Prints, per operation: how many requests, the status codes seen split by generation mode
(positive = data valid per the schema, negative = deliberately invalid), the failed checks,
the most common error messages of positive-mode requests the server rejected (where the API
is stricter than the document), the slowest response, and any 5xx.

  summarize.py REPORT.ndjson [--json OUT.json]

Exit code 0; the caller decides what is a failure (schemathesis' own exit code does that).
"""
import base64
import collections
import json
import sys


def decode(blob):
    if not blob:
        return ""
    if isinstance(blob, dict) and "$base64" in blob:
        try:
            return base64.b64decode(blob["$base64"]).decode("utf-8", "replace")
        except Exception:
            return "<undecodable>"
    if isinstance(blob, dict) and "string" in blob:
        return blob["string"]
    return str(blob)


def main():
    path = sys.argv[1]
    out_json = sys.argv[sys.argv.index("--json") + 1] if "--json" in sys.argv else None
    ops = collections.defaultdict(lambda: {
        "requests": 0,
        "status": {"positive": collections.Counter(), "negative": collections.Counter()},
        "failed_checks": collections.Counter(),
        "positive_rejections": collections.Counter(),
        "server_errors": [],
        "slowest": (0.0, None),
    })
    with open(path, encoding="utf-8") as f:
        for line in f:
            event = json.loads(line)
            finished = event.get("ScenarioFinished")
            if not finished:
                continue
            rec = finished["recorder"]
            label = rec["label"]
            for cid, inter in rec.get("interactions", {}).items():
                op = ops[label]
                case = rec["cases"].get(cid, {}).get("value", {})
                mode = case.get("meta", {}).get("generation", {}).get("mode", "positive")
                resp = inter.get("response")
                if resp is None:
                    continue
                op["requests"] += 1
                code = resp["status_code"]
                op["status"].setdefault(mode, collections.Counter())[code] += 1
                if resp.get("elapsed", 0) > op["slowest"][0]:
                    op["slowest"] = (resp["elapsed"], cid)
                body = decode(resp.get("content"))
                if code >= 500:
                    op["server_errors"].append({
                        "case": cid, "status": code,
                        "request": {"method": inter["request"]["method"], "uri": inter["request"]["uri"],
                                    "body": decode(inter["request"].get("body"))[:2000]},
                        "response": body[:500]})
                if mode == "positive" and 400 <= code < 500 and code not in (401, 404):
                    try:
                        msg = json.loads(body)["error"]["message"]
                    except Exception:
                        msg = body[:120]
                    op["positive_rejections"][f"{code} {msg}"] += 1
            for cid, checks in rec.get("checks", {}).items():
                for c in checks:
                    if c.get("status") == "failure":
                        ops[label]["failed_checks"][c["name"]] += 1
    summary = {}
    for label in sorted(ops):
        op = ops[label]
        summary[label] = {
            "requests": op["requests"],
            "status_positive": dict(sorted(op["status"]["positive"].items())),
            "status_negative": dict(sorted(op["status"]["negative"].items())),
            "failed_checks": dict(op["failed_checks"]),
            "positive_rejections_top": op["positive_rejections"].most_common(4),
            "slowest_seconds": round(op["slowest"][0], 3),
            "server_errors": op["server_errors"][:5],
        }
    for label, s in summary.items():
        print(f"{label}: {s['requests']} req; positive {s['status_positive']} negative {s['status_negative']};"
              f" slowest {s['slowest_seconds']}s")
        if s["failed_checks"]:
            print(f"    FAILED CHECKS {s['failed_checks']}")
        for msg, n in s["positive_rejections_top"]:
            print(f"    valid-per-schema but rejected x{n}: {msg[:160]}")
        for e in s["server_errors"]:
            print(f"    5xx {e['status']} {e['request']['method']} {e['request']['uri']} body={e['request']['body'][:300]!r}"
                  f" -> {e['response'][:200]!r}")
    if out_json:
        with open(out_json, "w", encoding="utf-8") as f:
            json.dump(summary, f, indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main()
