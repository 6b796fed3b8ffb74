#!/usr/bin/env python3
"""Province rows of `make bench` (issue 21): reports, regrade and the summary cache at
1,000,000 and 5,000,000 attempt records, and the 10k → 1M curve. Not part of CI.

Every figure is a range over several runs (min–max, median), taken under whatever load the
machine has; peak RSS is the largest of the runs (GNU time's %M). Data is made once with
`gongkai bench-generate` and reused. "Cold from disk" drops the page cache first
(`echo 3 > /proc/sys/vm/drop_caches`, root only: said when it could not be done), "cold" removes
the summary cache with the records still in memory, "warm" has both. `cat` of every record is
measured in the same run, cold and from memory, as the I/O floor.

    bench_province.py --gongkai BIN --work DIR [--sizes 1000000,5000000] [--spread 50] [--curve 10000,100000,1000000]
"""
import argparse
import fcntl
import os
import shutil
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
COURSES = os.path.join(ROOT, "Courses")


def generate(gongkai, folder, attempts, seed=1):
    marker = os.path.join(folder, ".generated")
    if os.path.exists(marker):
        return
    shutil.rmtree(folder, ignore_errors=True)
    print(f"== generating {attempts:,} attempt records in {folder} (once; reused by later runs)", flush=True)
    subprocess.run([gongkai, "bench-generate", "--courses", COURSES, "--results", folder, "--attempts", str(attempts),
                    "--units", "100", "--seed", str(seed)], check=True, stdout=subprocess.DEVNULL)
    open(marker, "w").close()


REUSE = []
LOCK = "/tmp/bench1m.lock"


def data(gongkai, work, attempts, spread):
    """The results folders holding `attempts` records: one, or `spread` of equal share.
    A data set already generated in a `--reuse` folder is used as it is."""
    if spread <= 1:
        for other in REUSE:
            folder = os.path.join(other, f"Results-{attempts}")
            if os.path.exists(os.path.join(folder, ".generated")) and not os.path.exists(os.path.join(work, f"Results-{attempts}", ".generated")):
                return [folder]
        folder = os.path.join(work, f"Results-{attempts}")
        generate(gongkai, folder, attempts)
        return [folder]
    folders = []
    for i in range(spread):
        folder = os.path.join(work, f"Results-{attempts}-of-{spread}", f"part{i:02d}")
        generate(gongkai, folder, attempts // spread, seed=i + 1)
        folders.append(folder)
    return folders


DROPPED = {"ok": None}


def drop_page_cache():
    """True when the kernel's page cache was dropped; the reason is kept when it could not be."""
    try:
        subprocess.run(["sync"], check=True)
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("3\n")
        DROPPED["ok"] = True
        return True
    except OSError as e:
        DROPPED["ok"] = False
        DROPPED["why"] = str(e)
        return False


LOCKED = {"on": False}


def timed(cmd, before=None):
    """(seconds, peak KB) of one run of a shell command, through GNU time; holding
    `LOCK` (as `flock LOCK` does) while `LOCKED` is on, the wait not counted."""
    if LOCKED["on"]:
        with open(LOCK, "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                return timed_unlocked(cmd, before)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
    return timed_unlocked(cmd, before)


def timed_unlocked(cmd, before=None):
    if before:
        before()
    p = subprocess.run(["/usr/bin/time", "-f", "%e %M", "bash", "-c", cmd], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if p.returncode not in (0,):
        sys.exit(f"command failed ({p.returncode}): {cmd}\n{p.stderr.decode(errors='replace')[-2000:]}")
    seconds, peak = p.stderr.decode().strip().splitlines()[-1].split()
    return float(seconds), int(peak)


def series(runs, cmd, before=None):
    samples = [timed(cmd, before) for _ in range(runs)]
    times = [s for s, _ in samples]
    return {"min": min(times), "max": max(times), "median": statistics.median(times), "peak": max(m for _, m in samples)}


def cache_size(folders):
    total = 0
    for folder in folders:
        d = os.path.join(folder, ".cache")
        for dirpath, _, files in os.walk(d):
            total += sum(os.path.getsize(os.path.join(dirpath, f)) for f in files)
    return total


def remove_caches(folders):
    for folder in folders:
        shutil.rmtree(os.path.join(folder, ".cache"), ignore_errors=True)


def fmt_time(r):
    if r is None:
        return ""
    if r["min"] == r["max"]:
        return f"{r['median']:.2f} s"
    return f"{r['min']:.2f}–{r['max']:.2f} s (median {r['median']:.2f})"


def fmt_mem(r):
    return f"{r['peak'] / 1024:.0f} MB" if r else ""


def append_row(gongkai, folder, kind, count, work):
    """A warm run after `count` new records: the cache must grow by an appended segment (its earlier
    bytes unchanged), not be rewritten. The records are made in a side folder, copied in, and removed
    again afterwards (the data set stays as generated)."""
    extra = os.path.join(work, f"extra-{count}")
    generate(gongkai, extra, count, seed=20211)
    cache = os.path.join(folder, ".cache", "attempt-summaries.bin")
    before = os.path.getsize(cache) if os.path.exists(cache) else 0
    with open(cache, "rb") as f:
        head = f.read()
    added = []
    for dirpath, _, files in os.walk(os.path.join(extra, "attempts")):
        for name in files:
            rel = os.path.relpath(os.path.join(dirpath, name), extra)
            target = os.path.join(folder, rel)
            if os.path.exists(target):
                continue
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copy2(os.path.join(dirpath, name), target)
            added.append(target)
    try:
        cmd = f"{gongkai} --courses {COURSES} report {kind} --results {folder} --format csv > /dev/null"
        r = timed(cmd)
        after = os.path.getsize(cache)
        with open(cache, "rb") as f:
            same = f.read(len(head)) == head
        return {"min": r[0], "max": r[0], "median": r[0], "peak": r[1]}, len(added), after - before, same
    finally:
        for path in added:
            os.remove(path)


def key_fix_courses(work):
    """A copy of the bundled courses with one answer key changed (`cr-public-interest`: B → A), as an
    office fixing a bad question would: about 9% of the generated attempts change."""
    courses = os.path.join(work, "courses-key-fix")
    shutil.rmtree(courses, ignore_errors=True)
    shutil.copytree(COURSES, courses)
    path = os.path.join(courses, "confidentiality-review.yaml")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    start = text.index("  - id: cr-public-interest")
    answer = text.index("    answer: B", start)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text[:answer] + "    answer: A" + text[answer + len("    answer: B"):])
    return courses


def regrade_rows(gongkai, folder, label, work, row, ratio):
    """`regrade` after a key fix, dry and real, on a hard-linked copy of the folder (the data set stays
    as generated; the copy and the superseding records are removed afterwards)."""
    courses = key_fix_courses(work)
    copy = os.path.join(work, "regrade-copy")
    shutil.rmtree(copy, ignore_errors=True)
    r = timed(f"cp -al {folder} {copy}")
    row(f"{label}: hard-linked copy for regrade (cp -al)", {"min": r[0], "max": r[0], "median": r[0], "peak": r[1]})
    try:
        base = f"{gongkai} --courses {courses} regrade --results {copy}"
        for name, cmd in [("regrade --dry-run after a key fix", f"{base} --dry-run"), ("regrade after a key fix (writes)", base),
                          ("regrade again (nothing left to change)", base)]:
            out = os.path.join(work, "regrade-listing.txt")
            r = series(1, f"{cmd} > {out}")
            with open(out, encoding="utf-8") as f:
                changes = sum(1 for line in f if " → " in line)
            row(f"{label}: {name}, {changes:,} changes listed", r, ratio(r))
    finally:
        shutil.rmtree(copy, ignore_errors=True)


def measure(gongkai, folders, runs, label, kinds, disk_kinds, cold_disk=True, regrade=True, append=0, work=None, key_fix=True):
    """Rows for one data set, each printed as soon as it is measured. Runs from a dropped
    page cache take minutes at this scale: they are made once each."""
    results_args = " ".join(f"--results {f}" for f in folders)
    attempts = " ".join(os.path.join(f, "attempts") for f in folders)
    base = f"{gongkai} --courses {COURSES}"
    rows = []
    disk_runs = 1
    cache = 0

    def row(name, r, ratio=""):
        rows.append((name, r, ratio))
        print(f"| {name:<58} | {fmt_time(r):<34} | {fmt_mem(r):>9} | {ratio:<12} |", flush=True)

    cat = f"find {attempts} -name '*.json' -print0 | xargs -0 cat > /dev/null"
    timed(cat)  # the records into memory
    cat_mem = series(runs, cat)
    row(f"{label}: cat of every record, from memory", cat_mem)
    floor = cat_mem["median"]

    def ratio(r):
        return f"{r['median'] / floor:.2f}× cat" if r else ""

    for kind in kinds:
        cmd = f"{base} report {kind} {results_args} --format csv > /dev/null"
        r = series(runs, cmd, before=lambda: remove_caches(folders))
        row(f"{label}: report {kind}, cold (records in memory)", r, ratio(r))
        timed(cmd)  # fills the cache
        r = series(runs, cmd)
        row(f"{label}: report {kind}, warm (cache)", r, ratio(r))
        cache = max(cache, cache_size(folders))  # before the next kind's cold runs remove it
        row(f"{label}: summary cache after {kind}: {cache_size(folders) / 2**20:.1f} MiB", None)
        if append and len(folders) == 1:
            r, added, grown, same = append_row(gongkai, folders[0], kind, append, work)
            row(f"{label}: report {kind} after {added:,} new records", r, ratio(r))
            row(f"{label}:   cache grew {grown:,} bytes, earlier bytes {'unchanged (appended)' if same else 'rewritten'}", None)
    if regrade and len(folders) == 1:
        cmd = f"{gongkai} --courses {COURSES} regrade --results {folders[0]} --dry-run > /dev/null"
        r = series(1, cmd)
        row(f"{label}: regrade --dry-run", r, ratio(r))
    row(f"{label}: summary cache size {cache / 2**20:.0f} MiB", None)
    if cold_disk:
        cat_disk = series(disk_runs, cat, before=drop_page_cache)
        row(f"{label}: cat of every record, cold from disk", cat_disk, f"{cat_disk['median'] / floor:.2f}× cat")
        for kind in kinds:
            if kind not in disk_kinds:
                continue
            cmd = f"{base} report {kind} {results_args} --format csv > /dev/null"
            r = series(disk_runs, cmd, before=lambda: (remove_caches(folders), drop_page_cache()))
            row(f"{label}: report {kind}, cold from disk", r, f"{r['median'] / cat_disk['median']:.2f}× cold cat")
    if regrade and len(folders) == 1:
        cmd = f"{gongkai} --courses {COURSES} regrade --results {folders[0]} > /dev/null"
        r = series(1, cmd)
        row(f"{label}: regrade (nothing to change)", r, ratio(r))
        if key_fix and work:
            regrade_rows(gongkai, folders[0], label, work, row, ratio)
    return rows, cache


def table(rows):
    print(f"| {'measurement':<58} | {'time (range over runs)':<34} | {'peak RSS':>9} | {'ratio':<12} |")
    print(f"|{'-' * 60}|{'-' * 36}|{'-' * 11}|{'-' * 14}|")
    for name, r, ratio in rows:
        print(f"| {name:<58} | {fmt_time(r):<34} | {fmt_mem(r):>9} | {ratio:<12} |", flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--gongkai", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--sizes", default="1000000,5000000")
    parser.add_argument("--spread", type=int, default=50)
    parser.add_argument("--curve", default="10000,100000,300000", help="sizes of the curve besides --sizes (whose rows it reuses)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--kinds", default="scores,items,completion,attendance")
    parser.add_argument("--disk-kinds", default="scores,items", help="kinds also measured cold from a dropped page cache")
    parser.add_argument("--no-cold-disk", action="store_true", help="no runs from a dropped page cache")
    parser.add_argument("--no-regrade", action="store_true")
    parser.add_argument("--no-key-fix", action="store_true", help="no regrade after a key fix (on a hard-linked copy)")
    parser.add_argument("--append", type=int, default=0, help="also time a warm run after this many new records (cache appended)")
    parser.add_argument("--reuse", default="", help="comma-separated folders whose Results-N data sets are used instead of generating")
    parser.add_argument("--curve-only", action="store_true", help="only the 10k → 1M curve")
    parser.add_argument("--curve-kinds", default="scores,items")
    a = parser.parse_args()
    REUSE.extend(f for f in a.reuse.split(",") if f)
    kinds = a.kinds.split(",")
    sizes = [int(s) for s in a.sizes.split(",") if s]
    curve = [int(s) for s in a.curve.split(",") if s]

    print("== province rows (issue 21)", flush=True)
    print(f"| {'measurement':<58} | {'time (range over runs)':<34} | {'peak RSS':>9} | {'ratio':<12} |", flush=True)
    rows = []
    for size in ([] if a.curve_only else sizes):
        for spread in [1] + ([a.spread] if a.spread > 1 else []):
            folders = data(a.gongkai, a.work, size, spread)
            label = f"{size:,}" + ("" if spread == 1 else f" in {spread} folders")
            r, cache = measure(a.gongkai, folders, a.runs, label, kinds, a.disk_kinds.split(","), cold_disk=not a.no_cold_disk,
                               regrade=not a.no_regrade, append=a.append, work=a.work, key_fix=not a.no_key_fix)
            rows += r

    curve_kinds = a.curve_kinds.split(",")
    print(f"\n== 10k → 1M curve: report {', '.join(curve_kinds)}, cold (records in memory) and warm", flush=True)
    curve_rows = []
    for size in curve:
        folders = data(a.gongkai, a.work, size, 1)
        base = f"{a.gongkai} --courses {COURSES} report"
        for kind in curve_kinds:
            cmd = f"{base} {kind} --results {folders[0]} --format csv > /dev/null"
            # One heavy run at a time on a shared machine: the 1M runs (and their cache removal) hold the lock.
            LOCKED["on"] = size >= 1_000_000
            cold = series(a.runs, cmd, before=lambda: remove_caches(folders))
            timed(cmd)
            warm = series(a.runs, cmd)
            curve_rows.append((f"{size:,} {kind} cold", cold, f"{cold['median'] / size * 1e6:.1f} µs/record"))
            curve_rows.append((f"{size:,} {kind} warm", warm, f"{warm['median'] / size * 1e6:.1f} µs/record"))
            print(curve_rows[-2], curve_rows[-1], flush=True)
    print()
    print("== province table")
    table(rows)
    print()
    table(curve_rows)
    if DROPPED["ok"] is False:
        print(f"\nThe page cache could not be dropped ({DROPPED['why']}): 'cold from disk' rows ran from memory.")
    elif DROPPED["ok"]:
        print("\nThe page cache was dropped before each 'cold from disk' run.")


if __name__ == "__main__":
    main()
