"""Reads statements back from an LRS through the xAPI API and checks them
against gongkai's records and its export. Used by ralph-test.sh.

  check_lrs.py count URL                          print how many statements the LRS holds
  check_lrs.py verify URL EXPORT.jsonl RESULTS HOME_PAGE
                                                  every exported statement exactly once, fields intact,
                                                  and the statements agree with the records

Credentials: GONGKAI_LRS_USER / GONGKAI_LRS_PASSWORD. Exits 1 on the first mismatch.
"""

import datetime
import glob
import json
import os
import sys
import urllib.parse
from decimal import Decimal

import requests

ADL = "http://adlnet.gov/expapi/verbs/"
EXT = "https://gongkai.invalid/xapi/extensions/"


def fail(message):
    print(f"check_lrs: FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def fetch_all(url):
    """Every statement, following `more` links page by page."""
    auth = (os.environ["GONGKAI_LRS_USER"], os.environ["GONGKAI_LRS_PASSWORD"])
    headers = {"X-Experience-API-Version": "1.0.3"}
    base = url.rstrip("/")
    origin = "{0.scheme}://{0.netloc}".format(urllib.parse.urlsplit(base))
    next_url = base + "/statements?limit=500"
    statements, pages = [], 0
    while next_url:
        response = requests.get(next_url, auth=auth, headers=headers, timeout=30)
        if response.status_code != 200:
            fail(f"GET {next_url}: HTTP {response.status_code} {response.text[:300]}")
        body = response.json()
        statements += body["statements"]
        pages += 1
        more = body.get("more") or ""
        next_url = (more if more.startswith("http") else origin + more) if more and body["statements"] else None
        if pages > 10000:
            fail("paging does not end")
    return statements, pages


def number(value):
    return Decimal(str(value)) if value is not None else None


def duration_seconds(text):
    """ISO 8601 durations as xAPI allows them (PT900S, PT15M, P0DT0H15M0S)."""
    text = text.upper()
    assert text.startswith("P"), text
    seconds, amount = Decimal(0), ""
    units = {"D": 86400, "H": 3600, "M": 60, "S": 1}
    in_time = False
    for ch in text[1:]:
        if ch == "T":
            in_time = True
        elif ch.isdigit() or ch == ".":
            amount += ch
        else:
            if ch == "M" and not in_time:
                fail(f"months in a duration: {text}")
            seconds += Decimal(amount or "0") * units[ch]
            amount = ""
    return seconds


def instant(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def same_statement(sent, stored):
    """The fields gongkai sent, as the LRS gives them back (it adds stored and authority,
    may rewrite numbers and durations in another valid form)."""
    sid = sent["id"]
    for key in ("actor", "verb", "object"):
        if sent[key] != stored.get(key):
            fail(f"{sid}: {key} differs:\n sent   {sent[key]}\n stored {stored.get(key)}")
    if instant(sent["timestamp"]) != instant(stored["timestamp"]):
        fail(f"{sid}: timestamp {sent['timestamp']} came back as {stored['timestamp']}")
    if sent["context"] != stored.get("context"):
        fail(f"{sid}: context differs")
    sent_result, stored_result = sent.get("result"), stored.get("result")
    if (sent_result is None) != (stored_result is None):
        fail(f"{sid}: result present in one only")
    if sent_result:
        for key in ("success", "completion", "response", "extensions"):
            if sent_result.get(key) != stored_result.get(key):
                fail(f"{sid}: result.{key} {sent_result.get(key)!r} came back as {stored_result.get(key)!r}")
        for key in ("scaled", "raw", "min", "max"):
            a = number(sent_result.get("score", {}).get(key))
            b = number(stored_result.get("score", {}).get(key))
            if a != b and not (a is not None and b is not None and abs(a - b) < Decimal("1e-9")):
                fail(f"{sid}: result.score.{key} {a} came back as {b}")
        if "duration" in sent_result and duration_seconds(sent_result["duration"]) != duration_seconds(stored_result["duration"]):
            fail(f"{sid}: duration {sent_result['duration']} came back as {stored_result['duration']}")


def load_records(results, kind):
    records = []
    for path in glob.glob(os.path.join(results, kind, "**", "*.json"), recursive=True):
        with open(path, encoding="utf-8") as f:
            records.append(json.load(f))
    return records


def verify(url, export_path, results, home_page):
    with open(export_path, encoding="utf-8") as f:
        exported = [json.loads(line) for line in f if line.strip()]
    stored, pages = fetch_all(url)
    ids = [s["id"] for s in stored]
    if len(ids) != len(set(ids)):
        fail(f"{len(ids) - len(set(ids))} statements stored twice")
    by_id = {s["id"]: s for s in stored}
    if set(by_id) != {s["id"] for s in exported}:
        missing = {s["id"] for s in exported} - set(by_id)
        extra = set(by_id) - {s["id"] for s in exported}
        fail(f"LRS and export differ: {len(missing)} missing, {len(extra)} unexpected")
    # Ralph's POST checks little beyond actor, verb and object: check every statement
    # against its strict xAPI 1.0.3 model too.
    from ralph.models.xapi.base.statements import BaseXapiStatement
    for sent in exported:
        try:
            BaseXapiStatement.model_validate(sent)
        except Exception as error:  # pydantic's ValidationError
            fail(f"{sent['id']} is not a valid xAPI statement: {error}")
        same_statement(sent, by_id[sent["id"]])

    # The statements against the records themselves, not only against the export.
    def by_record(verb):
        found = {}
        for s in stored:
            if s["verb"]["id"] == ADL + verb:
                found.setdefault(s["context"]["extensions"][EXT + "record-id"], []).append(s)
        return found

    attempts = load_records(results, "attempts")
    signins = load_records(results, "attendance")
    audits = load_records(results, "audits")
    per_attempt = [1 + len(a["items"]) + (1 if a.get("kind", "quiz") == "quiz" else 0) + 1 for a in attempts]
    # A regraded attempt also voids every statement of the attempt it supersedes (as many).
    expected_count = sum(n * (2 if a.get("supersedes") else 1) for n, a in zip(per_attempt, attempts))
    expected_count += len(signins) + len(audits)
    if expected_count != len(stored):
        fail(f"records call for {expected_count} statements, the LRS holds {len(stored)}")
    attempted, answered = by_record("attempted"), by_record("answered")
    passed, failed, completed = by_record("passed"), by_record("failed"), by_record("completed")
    for a in attempts:
        rid = a["id"]
        actor = {"objectType": "Agent", "name": a["trainee"]["name"],
                 "account": {"homePage": home_page, "name": f"{a['trainee']['unit']}/{a['trainee']['name']}"}}
        verdicts = passed.get(rid, []) + failed.get(rid, [])
        if len(attempted.get(rid, [])) != 1 or len(verdicts) != 1 or len(completed.get(rid, [])) != 1:
            fail(f"attempt {rid}: expected one attempted, one passed-or-failed and one completed")
        if len(answered.get(rid, [])) != len(a["items"]):
            fail(f"attempt {rid}: {len(a['items'])} items but {len(answered.get(rid, []))} answered statements")
        verdict = verdicts[0]
        if verdict["actor"] != actor:
            fail(f"attempt {rid}: actor {verdict['actor']} is not {actor}")
        if (verdict["verb"]["id"] == ADL + "passed") != a["passed"] or verdict["result"]["success"] != a["passed"]:
            fail(f"attempt {rid}: passed is {a['passed']} but the statement says {verdict['verb']['id']}")
        score = verdict["result"]["score"]
        if number(score["raw"]) != number(a["score"]["points"]) or number(score["max"]) != number(a["score"]["max"]):
            fail(f"attempt {rid}: score {score} is not {a['score']}")
        expected_scaled = Decimal(str(a["score"]["points"])) / Decimal(str(a["score"]["max"]))
        if abs(number(score["scaled"]) - expected_scaled) > Decimal("1e-9"):
            fail(f"attempt {rid}: scaled {score['scaled']} is not {expected_scaled}")
        took = instant(a["finishedAt"]) - instant(a["startedAt"])
        if duration_seconds(verdict["result"]["duration"]) != Decimal(int(took.total_seconds())):
            fail(f"attempt {rid}: duration {verdict['result']['duration']} is not {took}")
        courses = [c["id"] for c in verdict["context"]["contextActivities"]["parent"]]
        if courses != [f"{home_page}/courses/{a['course']['id']}"]:
            fail(f"attempt {rid}: course context {courses}")
        grouping = [g["id"] for g in verdict["context"]["contextActivities"]["grouping"]]
        if f"{home_page}/units/{a['trainee']['unit']}" not in grouping:
            fail(f"attempt {rid}: unit missing from {grouping}")
        for item in a["items"]:
            matches = [s for s in answered[rid] if s["object"]["id"].endswith("/questions/" + item["question"])]
            if len(matches) != 1:
                fail(f"attempt {rid}: question {item['question']} answered {len(matches)} times")
            result = matches[0]["result"]
            if number(result["score"]["raw"]) != number(item["points"]) or result["success"] != (item["max"] > 0 and item["points"] >= item["max"] - 1e-9):
                fail(f"attempt {rid}: question {item['question']} result {result} vs record {item}")
    voided = by_record("voided")
    regraded = [a for a in attempts if a.get("supersedes")]
    for a in regraded:
        old_ids = {st["id"] for st in stored if st["verb"]["id"] != ADL + "voided"
                   and st["context"]["extensions"][EXT + "record-id"] == a["supersedes"]}
        targets = {st["object"]["id"] for st in voided.get(a["id"], []) if st["object"]["objectType"] == "StatementRef"}
        if not old_ids or targets != old_ids:
            fail(f"regraded attempt {a['id']}: voids {len(targets)} statements, the attempt it supersedes has {len(old_ids)}")
    attended = by_record("attended")
    for s in signins:
        if len(attended.get(s["id"], [])) != 1:
            fail(f"sign-in {s['id']}: not exactly one attended statement")
    registrations = {st["context"].get("registration") for st in stored if "registration" in st["context"]}
    sessions = {r.get("session") for r in attempts + signins + audits if r.get("session")}
    if len(registrations) != len(sessions):
        fail(f"{len(sessions)} sessions but {len(registrations)} registrations")
    audit_statements = {}
    for st in stored:
        if st["object"].get("definition", {}).get("type", "").endswith("/activity-types/checklist"):
            audit_statements.setdefault(st["context"]["extensions"][EXT + "record-id"], []).append(st)
    for r in audits:
        found = audit_statements.get(r["id"], [])
        if len(found) != 1:
            fail(f"audit revision {r['id']}: {len(found)} statements")
        ext = found[0]["result"]["extensions"]
        open_items = [e["item"] for e in r["items"] if e.get("status") == "fail" and e.get("rectification") and not e["rectification"].get("done")]
        if [o["item"] for o in ext[EXT + "open-rectifications"]] != open_items:
            fail(f"audit revision {r['id']}: open rectifications {ext[EXT + 'open-rectifications']} vs {open_items}")
        if len(ext[EXT + "audit-items"]) != len(r["items"]):
            fail(f"audit revision {r['id']}: item results missing")
    print(f"check_lrs: {len(stored)} statements read back in {pages} pages match the export and "
          f"{len(attempts)} attempts ({len(regraded)} regraded), {len(signins)} sign-ins, {len(audits)} self-audit revisions")


if __name__ == "__main__":
    if sys.argv[1] == "count":
        print(len(fetch_all(sys.argv[2])[0]))
    elif sys.argv[1] == "verify":
        verify(*sys.argv[2:6])
    else:
        fail(f"unknown command {sys.argv[1]}")
