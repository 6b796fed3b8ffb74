#!/usr/bin/env python3
"""Shell latency against the number of records (issue 17): each command a trainee
types, run in a piped session (`login`, the command, `quit`), at 0, 10,000,
100,000 (and, with --sizes, 1,000,000) attempt records made by
`gongkai bench-generate`. The trainee is one of the generated people (about
four own attempts); the unit view reads that person's unit (1% of all records).
Not part of `make test`. Run from `bench.sh`, or alone:

    python3 Tests/Benchmarks/bench_shell.py --gongkai .build/release/gongkai --work /tmp/gongkai-bench

Records made earlier can be reused (`--results-for 1000000=/data/Results-1000000`, repeatable): the
script works on a hard-linked copy under --work (records are never rewritten in place, so the copy
costs directory entries only), so the runs' own attempts, autosaves and index never land in the
original folder. Each row is the range (min–max) over --runs runs and the largest peak RSS. The
"slow folder" rows run the same sessions with GONGKAI_SIMULATED_FS_LATENCY_MS (a bench aid of the
executable: it waits that long before every listing, stat and open of Results/, as on a network share).
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


def label_of(size):
    return "only the trainee's own records" if size < 0 else f"{size:,} records"


def timed(cmd_input, argv, env):
    """Runs a piped shell session under time(1); returns (seconds, peak KB, output, [(microseconds, line)])."""
    start = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%M"] + argv, input=cmd_input.encode(), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, env=env)
    elapsed = time.perf_counter() - start
    if p.returncode != 0:
        sys.exit(f"session failed ({p.returncode}): {argv}\n{p.stderr.decode(errors='replace')[-2000:]}")
    err = p.stderr.decode(errors="replace").splitlines()
    peak = int(err[-1].strip())
    lines = []
    for entry in err:
        if entry.startswith("gongkai-timing\t"):
            _, us, line = entry.split("\t", 2)
            lines.append((int(us), line))
    return elapsed, peak, p.stdout.decode(errors="replace"), lines


# What each line typed is, for the per-command table (the list).
COMMANDS = ["login", "courses", "quiz start", "answering (each answer)",
            "submit and result screen", "history", "review", "unit", "audit", "resume"]


def command_of(line, session):
    if line == "y" and "submit" in session:
        return "submit and result screen"
    if line.startswith("login "):
        return "login"
    if line.startswith("quiz "):
        return "quiz start"
    if line.startswith("review "):
        return "review"
    if line == "skip":
        return "answering (each answer)"
    if line in ("courses", "history", "unit", "audit", "resume"):
        return line
    return None


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


def results_for(gongkai, work, size, existing=None):
    results = os.path.join(work, f"ShellResults-{size}")
    marker = os.path.join(results, ".generated")
    source = existing.get(size) if existing else None
    if source:
        marker = os.path.join(results, ".linked-from")
        if os.path.exists(marker) and open(marker).read() == os.path.realpath(source):
            return results
        shutil.rmtree(results, ignore_errors=True)
        print(f"== linking {source} into {results} (once)", flush=True)
        os.makedirs(results)
        subprocess.run(["cp", "-al", os.path.join(source, "attempts"), os.path.join(results, "attempts")], check=True)
        open(marker, "w").write(os.path.realpath(source))
        return results
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


def own_records_only(larger, work):
    """A folder holding only the records of the trainee the runs on `larger` used (read from the person
    view the shell left in `larger`'s index): the baseline that "does not grow with other people's
    records" is measured against."""
    views = glob.glob(os.path.join(larger, ".cache", "attempt-index", "views", "people", "*", "*.txt"))
    if not views:
        sys.exit("no person view in " + larger)
    view = max(views, key=os.path.getmtime)
    results = os.path.join(work, "ShellResults-own")
    shutil.rmtree(results, ignore_errors=True)
    for line in open(view, encoding="utf-8").read().splitlines():
        if line.startswith("R\t"):
            _, folder, name = line.split("\t", 2)
            os.makedirs(os.path.join(results, "attempts", folder), exist_ok=True)
            shutil.copy2(os.path.join(larger, "attempts", folder, name), os.path.join(results, "attempts", folder, name))
    # Folders younger than the index's settling time are listed again each time: let them settle.
    time.sleep(4)
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
    parser.add_argument("--sizes", default="0,10000,100000", help="record counts, comma-separated; \"own\" after one: only the trainee's own records of it")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--results-for", action="append", metavar="SIZE=DIR",
                        default=[item for item in os.environ.get("GONGKAI_BENCH_SHELL_RESULTS", "").split(",") if item],
                        help="reuse the records of DIR (through a hard-linked copy) for that size; "
                             "default from GONGKAI_BENCH_SHELL_RESULTS (SIZE=DIR,SIZE=DIR)")
    parser.add_argument("--slow-sizes", default="100000,1000000",
                        help="sizes also measured on a simulated slow folder ('' for none)")
    parser.add_argument("--latency-ms", default="1")
    a = parser.parse_args()
    existing = {int(k): v for k, v in (item.split("=", 1) for item in a.results_for)}
    os.makedirs(a.work, exist_ok=True)
    courses = courses_with_bench_units(a.work)
    env = dict(os.environ, XDG_CACHE_HOME=os.path.join(a.work, "xdg-cache-shell"), NO_COLOR="1")
    course = "request-handling"
    # "own": only the records of the trainee used at the size before it (see own_records_only).
    OWN = -1
    sizes = [OWN if s == "own" else int(s) for s in a.sizes.split(",")]
    slow_sizes = {int(s) for s in a.slow_sizes.split(",") if s}
    slow_env = dict(env, GONGKAI_SIMULATED_FS_LATENCY_MS=a.latency_ms)
    env["GONGKAI_TIMING"] = "1"
    slow_env["GONGKAI_TIMING"] = "1"
    table = {}      # (size, session label) -> ((min s, max s), peak KB)
    commands = {}   # (size, prefix, command) -> ([ms samples], peak KB)
    previous = None
    for size in sizes:
        if size == OWN:
            results = own_records_only(previous, a.work)
        else:
            results = results_for(a.gongkai, a.work, size, existing)
            name, unit = someone(results)
        previous = results
        argv = [a.gongkai, "--courses", courses, "--results", results, "--lang", "en"]
        login = f'login "{name}" --unit {unit} --session 2020-07-08-training\n'
        # A quiz answered with skips (15 drawn) and submitted with Enter: the start, every answer, the result screen.
        submit = f"quiz {course}\n" + "skip\n" * 15 + "\ny\n"
        sessions = [
            ("login", login),
            ("login, courses", login + "courses\n"),
            ("login, quiz start (then paused)", login + f"quiz {course}\nquit\n"),
            ("login, quiz, submit, result", login + submit),
            ("login, history", login + "history\n"),
            ("login, review", login + f"review {course}\nquit\n"),
            ("login, unit", login + "unit\n"),
            ("login, audit (view)", login + "audit\nquit\n"),
            ("login, quiz, 2 answers, pause, resume", login + f"quiz {course}\nskip\nskip\nquit\nresume\nquit\n"),
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
        clean()
        build_t, build_m, _, build_lines = timed(login + "courses\nunit\nquit\n", argv, env)
        table[(size, "first session after the index is deleted")] = ((build_t, build_t), build_m)
        print(f"   {label_of(size)} first session (index built): {build_t:.2f} s, {build_m / 1024:.0f} MB; "
              + ", ".join(f"{line or '(enter)'} {us / 1000:.0f} ms" for us, line in build_lines), flush=True)
        runs = [("", env)] + ([(f"slow folder ({a.latency_ms} ms per call): ", slow_env)] if size in slow_sizes else [])
        for prefix, run_env in runs:
            for label, text in sessions:
                samples, peaks = [], []
                for _ in range(a.runs):
                    clean()
                    t, m, out, lines = timed(text + "quit\ny\n", argv, run_env)
                    samples.append(t)
                    peaks.append(m)
                    for us, line in lines:
                        command = command_of(line, label)
                        if command:
                            entry = commands.setdefault((size, prefix, command), ([], 0))
                            entry[0].append(us / 1000)
                            commands[(size, prefix, command)] = (entry[0], max(entry[1], m))
                table[(size, prefix + label)] = ((min(samples), max(samples)), max(peaks))
                print(f"   {label_of(size)} {prefix}{label}: {min(samples) * 1000:.0f}–{max(samples) * 1000:.0f} ms, {max(peaks) / 1024:.0f} MB", flush=True)
        clean()
        print(f"== {label_of(size)}: trainee {name}@{unit}", flush=True)

    print()
    print("Each command, from the line read to the next prompt (GONGKAI_TIMING=1), min–max over every run; peak RSS of its sessions:")
    print()
    print("| command | " + " | ".join(label_of(s) for s in sizes) + " |")
    print("|---|" + "---|" * len(sizes))
    prefixes = [""] + ([f"slow folder ({a.latency_ms} ms per call): "] if slow_sizes else [])
    for prefix in prefixes:
        for command in COMMANDS:
            cells = []
            for size in sizes:
                samples, peak = commands.get((size, prefix, command), (None, None))
                cells.append("—" if not samples else f"{min(samples):.1f}–{max(samples):.1f} ms, {peak / 1024:.0f} MB")
            if any(c != "—" for c in cells):
                print(f"| {prefix}{command} | " + " | ".join(cells) + " |")
    print()
    labels = []
    for (_, label) in table:
        if label not in labels:
            labels.append(label)
    print("Whole piped sessions (start, the lines, quit), min–max over the runs:")
    print()
    print("| shell session (piped, release build) | " + " | ".join(label_of(s) for s in sizes) + " |")
    print("|---|" + "---|" * len(sizes))
    for label in labels:
        cells = []
        for size in sizes:
            t, m = table.get((size, label), (None, None))
            if t is None:
                cells.append("—")
            elif t[1] >= 1:
                cells.append(f"{t[1]:.1f} s, {m / 1024:.0f} MB")
            else:
                cells.append(f"{t[0] * 1000:.0f}–{t[1] * 1000:.0f} ms, {m / 1024:.0f} MB")
        print(f"| {label} | " + " | ".join(cells) + " |")
    print()
    for base, size in [(sizes[0], size) for size in sizes[1:] if size != OWN] + [(OWN, size) for size in sizes if OWN in sizes and size > 0]:
        worst = []
        for command in COMMANDS:
            here, _ = commands.get((size, "", command), (None, None))
            empty, _ = commands.get((base, "", command), (None, None))
            if here and empty:
                worst.append((max(here), statistics.median(here) / statistics.median(empty), command))
        if worst:
            slowest = max(worst)
            ratio = max(worst, key=lambda w: w[1])
            print(f"{label_of(size)}: slowest command {slowest[2]} {slowest[0]:.1f} ms; "
                  f"largest median ratio to {label_of(base)}: {ratio[2]} {ratio[1]:.2f}×")
    with open(os.path.join(a.work, "bench_shell.json"), "w") as f:
        json.dump({"sessions": [{"records": s, "session": l, "seconds": list(t), "peakKB": m} for (s, l), (t, m) in table.items()],
                   "commands": [{"records": s, "slow": bool(p), "command": c, "milliseconds": v, "peakKB": m}
                                for (s, p, c), (v, m) in commands.items()]}, f, indent=2)


if __name__ == "__main__":
    main()
