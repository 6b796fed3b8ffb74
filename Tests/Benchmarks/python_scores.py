#!/usr/bin/env python3
"""What a helpful colleague would write: load every attempt record with `json`
and compute the same figures as `gongkai report scores` (best score, attempts and
passed per person and module; mean of best and pass rate per unit and module;
per module), written as CSV. Used by `make bench` as the comparison."""
import csv
import json
import os
import sys
from collections import defaultdict


def main(results):
    people = {}
    superseded = set()
    records = []
    for folder, _, files in os.walk(os.path.join(results, "attempts")):
        for name in files:
            if not name.endswith(".json") or name.startswith("."):
                continue
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                r = json.load(f)
            if r.get("schema") != "gongkai.attempt/1":
                continue
            records.append((r["id"], r.get("supersedes"), r["trainee"]["unit"], r["trainee"]["name"],
                            r["course"]["id"], r.get("kind", "quiz"), r["score"]["percent"], r["passed"],
                            r["finishedAt"]))
            if r.get("supersedes"):
                superseded.add(r["supersedes"])
    seen = set()
    for rid, _, unit, name, course, kind, percent, passed, finished in records:
        if rid in seen or rid in superseded or kind != "quiz":
            continue
        seen.add(rid)
        key = (unit, name, course)
        p = people.get(key)
        if p is None:
            people[key] = [percent, 1, passed, finished]
        else:
            p[0] = max(p[0], percent)
            p[1] += 1
            p[2] = p[2] or passed
            p[3] = max(p[3], finished)
    units = defaultdict(lambda: defaultdict(list))
    courses = defaultdict(list)
    for (unit, name, course), (best, count, passed, _) in people.items():
        units[unit][course].append((best, passed))
        courses[course].append((best, passed, count))
    out = csv.writer(sys.stdout, lineterminator="\r\n")
    sys.stdout.write("\ufeff")
    out.writerow(["单位", "姓名", "课程", "最高分", "次数", "通过", "最近一次"])
    for (unit, name, course), (best, count, passed, last) in sorted(people.items()):
        out.writerow([unit, name, course, f"{best:g}%", count, "是" if passed else "否", last[:16].replace("T", " ")])
    summary = []
    for unit, per_course in sorted(units.items()):
        for course, rows in sorted(per_course.items()):
            summary.append((unit, course, len(rows), sum(b for b, _ in rows) / len(rows), sum(1 for _, p in rows if p) / len(rows)))
    for course, rows in sorted(courses.items()):
        summary.append(("*", course, len(rows), sum(b for b, _, _ in rows) / len(rows), sum(1 for _, p, _ in rows if p) / len(rows)))
    sys.stderr.write(f"{len(people)} person-course rows, {len(summary)} summary rows\n")


if __name__ == "__main__":
    main(sys.argv[1])
