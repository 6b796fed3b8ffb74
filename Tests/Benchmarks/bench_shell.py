#!/usr/bin/env python3
"""Shell latency against the number of records (issue 17): each command a trainee
types, run in a piped session (`login`, the command, `quit`), at 0, 10,000,
100,000 (and, with --sizes, 1,000,000) attempt records made by
`gongkai bench-generate`. The trainee is one of the generated people (about
four own attempts); the unit view reads that person's unit (1% of all records).
Not part of `make test`. Run from `bench.sh`, or alone:

    python3 Tests/Benchmarks/bench_shell.py --gongkai .build/release/gongkai --work /tmp/gongkai-bench
"""
import argparse
import glob
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
UNITS = 100


def timed(cmd_input, argv, env):
    """Runs a piped shell session under time(1); returns (seconds, peak KB, output)."""
    start = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%M"] + argv, input=cmd_input.encode(), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, env=env)
    elapsed = time.perf_counter() - start
    if p.returncode != 0:
        sys.exit(f"session failed ({p.returncode}): {argv}\n{p.stderr.decode(errors='replace')[-2000:]}")
    peak = int(p.stderr.decode().strip().splitlines()[-1])
    return elapsed, peak, p.stdout.decode(errors="replace")


def courses_with_bench_units(work):
    """The project's courses, with a roster that lists the generated units u000…u099."""
    folder = os.path.join(work, "shell-courses")
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(os.path.join(ROOT, "Courses"), folder)
    roster = os.path.join(folder, "roster.yaml")
    lines = open(roster, encoding="utf-8").read().splitlines()
    at = lines.index("units:") + 1
    extra = [f"  - {{id: u{n:03d}, name: 测试单位{n:03d}, kind: township, expected: 3}}" for n in range(UNITS)]
    open(roster, "w", encoding="utf-8").write("\n".join(lines[:at] + extra + lines[at:]) + "\n")
    return folder


def results_for(gongkai, work, size):
    results = os.path.join(work, f"ShellResults-{size}")
    marker = os.path.join(results, ".generated")
    if os.path.exists(marker):
        return results
    shutil.rmtree(results, ignore_errors=True)
    os.makedirs(results)
    if size:
        print(f"== generating {size:,} attempt records (once; reused by later runs)", flush=True)
        subprocess.run([gongkai, "bench-generate", "--courses", os.path.join(ROOT, "Courses"), "--results", results,
                        "--attempts", str(size), "--units", str(UNITS)], check=True, stdout=subprocess.DEVNULL)
    open(marker, "w").close()
    return results


def someone(results):
    """A generated trainee of unit u000 (name, unit), or a newcomer on an empty folder."""
    for path in sorted(glob.glob(os.path.join(results, "attempts", "*", "*", "*.json")))[:20000]:
        record = json.load(open(path, encoding="utf-8"))
        if record["trainee"]["unit"] == "u000":
            return record["trainee"]["name"], "u000"
    return "新学员", "u000"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--gongkai", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--sizes", default="0,10000,100000")
    parser.add_argument("--runs", type=int, default=5)
    a = parser.parse_args()
    os.makedirs(a.work, exist_ok=True)
    courses = courses_with_bench_units(a.work)
    env = dict(os.environ, XDG_CACHE_HOME=os.path.join(a.work, "xdg-cache-shell"), NO_COLOR="1")
    course = "request-handling"
    sizes = [int(s) for s in a.sizes.split(",")]
    table = {}
    for size in sizes:
        results = results_for(a.gongkai, a.work, size)
        name, unit = someone(results)
        argv = [a.gongkai, "--courses", courses, "--results", results, "--lang", "en"]
        login = f'login "{name}" --unit {unit} --session 2020-07-08-training\n'
        # A quiz answered with skips (15 drawn) and submitted with Enter: the start, every answer, the result screen.
        submit = f"quiz {course}\n" + "skip\n" * 15 + "\n"
        sessions = [
            ("login", login),
            ("login, courses", login + "courses\n"),
            ("login, quiz start (then paused)", login + f"quiz {course}\nquit\n"),
            ("login, quiz, submit, result", login + submit),
            ("login, history", login + "history\n"),
            ("login, review", login + f"review {course}\nquit\n"),
            ("login, unit", login + "unit\n"),
            ("login, audit (view)", login + "audit\nquit\n"),
            ("login, resume", login + "resume\n"),
            ("login, courses, history, unit", login + "courses\nhistory\nunit\n"),
        ]

        def clean():
            # Each run starts from the same records: no autosave, none of the attempts the runs submitted
            # (generated records are all of 2020; the runs' own are of this month).
            shutil.rmtree(os.path.join(results, "progress"), ignore_errors=True)
            for folder in glob.glob(os.path.join(results, "attempts", "*", "*")):
                if not os.path.basename(folder).startswith("2020-"):
                    shutil.rmtree(folder, ignore_errors=True)

        # The first session builds the index (once per results folder); its time is shown apart.
        shutil.rmtree(os.path.join(results, ".cache"), ignore_errors=True)
        build_t, build_m, _ = timed(login + "courses\nunit\nquit\n", argv, env)
        table[(size, "first session after the index is deleted")] = (build_t, build_m)
        for label, text in sessions:
            samples, peaks = [], []
            for _ in range(a.runs):
                clean()
                t, m, out = timed(text + "quit\ny\n", argv, env)
                samples.append(t)
                peaks.append(m)
            table[(size, label)] = (statistics.median(samples), max(peaks))
        clean()
        print(f"== {size:,} records: trainee {name}@{unit}", flush=True)

    labels = []
    for (_, label) in table:
        if label not in labels:
            labels.append(label)
    print()
    print("| shell session (piped, release build) | " + " | ".join(f"{s:,} records" for s in sizes) + " |")
    print("|---|" + "---|" * len(sizes))
    for label in labels:
        cells = []
        for size in sizes:
            t, m = table.get((size, label), (None, None))
            cells.append("—" if t is None else f"{t * 1000:.0f} ms, {m / 1024:.0f} MB")
        print(f"| {label} | " + " | ".join(cells) + " |")
    worst = {size: max(t for (s, l), (t, _) in table.items() if s == size and not l.startswith("first")) for size in sizes}
    base = worst[sizes[0]]
    print("\nslowest session per size: " + ", ".join(f"{s:,}: {worst[s] * 1000:.0f} ms ({worst[s] / base:.1f}× empty)" for s in sizes))
    with open(os.path.join(a.work, "bench_shell.json"), "w") as f:
        json.dump([{"records": s, "session": l, "seconds": t, "peakKB": m} for (s, l), (t, m) in table.items()], f, indent=2)


if __name__ == "__main__":
    main()
