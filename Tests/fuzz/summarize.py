#!/usr/bin/env python3
"""Read schemathesis 4.x NDJSON reports (st run --report ndjson) and summarize them.

  summarize.py findings REPORT.ndjson...   deduplicated failures (operation, check, first line of the message),
                                           each with one reproducing request and the response; 5xx and network
                                           errors (a crash or hang shows up as these) first; last line:
                                           "TALLY <operations tested> <findings> <5xx> <network errors>"
  summarize.py operations REPORT.ndjson... per operation: status codes by generation mode (positive = valid per
                                           the document, negative = deliberately invalid), failed checks, and the
                                           commonest messages of valid-per-document requests the server refused
                                           (where the API is stricter than the document), slowest response

Credentials in the reports are already "[Filtered]" by schemathesis. Exit code is always 0; scripts/fuzz decides.
"""
import base64
import collections
import json
import shlex
import sys


def text(blob):
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


def scenarios(paths):
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                try:
                    event = json.loads(line)
                except ValueError:
                    continue  # a report cut short by a timeout ends mid-line
                if "ScenarioFinished" in event:
                    yield event["ScenarioFinished"]["recorder"]
                elif "NonFatalError" in event:
                    yield {"label": event["NonFatalError"].get("label", "?"), "error": event["NonFatalError"]}


def curl(request):
    parts = ["curl", "-sS", "-X", request["method"]]
    for name, values in request.get("headers", {}).items():
        if name in ("User-Agent", "Accept-Encoding", "Accept", "Connection", "Content-Length", "X-Schemathesis-TestCaseId"):
            continue
        for v in values if isinstance(values, list) else [values]:
            if name == "Authorization":
                v = "<credential>"
            parts += ["-H", f"{name}: {v}"]
    body = text(request.get("body"))
    if body:
        parts += ["--data-binary", body[:3000]]
    parts.append(request["uri"])
    return " ".join(shlex.quote(p) for p in parts)


def findings(paths):
    tested = set()
    seen = {}
    errors = {}
    for rec in scenarios(paths):
        label = rec["label"]
        if "error" in rec:
            err = rec["error"]
            value = err.get("value") or {}
            key = (label, value.get("type") or "error")
            errors.setdefault(key, str(value.get("message") or err)[:1500])
            continue
        if label != "Stateful tests":
            tested.add(label)
        for cid, checks in rec.get("checks", {}).items():
            for check in checks:
                if check.get("status") != "failure":
                    continue
                failure = check["failure_info"]["failure"]
                message = failure.get("message", "").strip().splitlines()
                key = (failure.get("operation", label), check["name"], failure.get("code", ""),
                       failure.get("title", ""), message[0] if message else "")
                if key in seen:
                    seen[key]["count"] += 1
                    continue
                interaction = rec.get("interactions", {}).get(cid) or {}
                response = interaction.get("response") or {}
                seen[key] = {"count": 1,
                             "curl": curl(interaction["request"]) if "request" in interaction else "?",
                             "status": response.get("status_code"),
                             "body": text(response.get("content"))[:600]}
        for cid, interaction in rec.get("interactions", {}).items():
            if interaction.get("response") is None and "request" in interaction:
                key = (label, "network error")
                errors.setdefault(key, curl(interaction["request"]))
    ordered = sorted(seen.items(), key=lambda kv: (kv[0][1] != "not_a_server_error", kv[0][0], kv[0][1]))
    server_errors = sum(1 for k in seen if k[1] == "not_a_server_error")
    for (key, detail) in errors.items():
        print(f"!! NETWORK/ENGINE ERROR {key[0]}: {key[1]}\n   {detail}\n")
    for (op, check, code, title, first), d in ordered:
        print(f"-- {op}  [{check} {code} {title}] x{d['count']}\n   {first}\n   reproduce: {d['curl']}\n"
              f"   got: {d['status']} {d['body']}\n")
    print(f"TALLY {len(tested)} {len(seen)} {server_errors} {len(errors)}")


def operations(paths):
    ops = collections.defaultdict(lambda: {"n": 0, "status": collections.defaultdict(collections.Counter),
                                           "failed": collections.Counter(), "refused": collections.Counter(),
                                           "slowest": 0.0})
    for rec in scenarios(paths):
        if "error" in rec:
            continue
        op = ops[rec["label"]]
        for cid, interaction in rec.get("interactions", {}).items():
            response = interaction.get("response")
            if response is None:
                continue
            case = rec.get("cases", {}).get(cid, {}).get("value", {})
            mode = case.get("meta", {}).get("generation", {}).get("mode", "positive")
            code = response["status_code"]
            op["n"] += 1
            op["status"][mode][code] += 1
            op["slowest"] = max(op["slowest"], response.get("elapsed", 0.0))
            if mode == "positive" and code in (400, 409, 413, 415, 422):
                body = text(response.get("content"))
                try:
                    message = json.loads(body)["error"]["message"]
                except Exception:
                    message = body[:120]
                op["refused"][f"{code} {message[:150]}"] += 1
        for checks in rec.get("checks", {}).values():
            for check in checks:
                if check.get("status") == "failure":
                    op["failed"][check["name"]] += 1
    for label in sorted(ops):
        op = ops[label]
        pos = dict(sorted(op["status"]["positive"].items()))
        neg = dict(sorted(op["status"]["negative"].items()))
        print(f"{label}: {op['n']} requests; positive {pos}; negative {neg}; slowest {op['slowest']:.3f}s")
        if op["failed"]:
            print(f"    failed checks: {dict(op['failed'])}")
        for message, n in op["refused"].most_common(3):
            print(f"    valid per document but refused x{n}: {message}")


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] not in ("findings", "operations"):
        sys.exit(__doc__)
    {"findings": findings, "operations": operations}[sys.argv[1]](sys.argv[2:])
