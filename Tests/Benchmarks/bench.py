#!/usr/bin/env python3
"""Driver for `make bench`: generates realistic data, times each command several
times, and prints medians and ratios against the targets of the issue."""
import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def run(cmd, stdin=None, env=None):
    """Runs a shell command; returns (seconds, peak KB)."""
    wrapped = ["/usr/bin/time", "-f", "%M", "bash", "-c", cmd]
    start = time.perf_counter()
    p = subprocess.run(wrapped, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    elapsed = time.perf_counter() - start
    if p.returncode != 0:
        sys.exit(f"command failed ({p.returncode}): {cmd}\n{p.stderr.decode(errors='replace')[-2000:]}")
    peak = int(p.stderr.decode().strip().splitlines()[-1])
    return elapsed, peak


def direct(times, argv, env=None):
    """Median wall time of a command run directly (no shell or time(1) in between,
    which would cost more than the start-up being measured)."""
    samples = []
    for _ in range(times):
        start = time.perf_counter()
        subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=env)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def pty_to_prompt(times, argv, env):
    """Median time from launch until the prompt appears on a pseudo-terminal
    (readline, locale and history loaded, as a trainee sees it); then Ctrl-D."""
    import pty
    import select
    samples = []
    for _ in range(times):
        start = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:
            os.execve(argv[0], argv, env)
        seen = b""
        while b"gongkai> " not in seen:
            ready, _, _ = select.select([fd], [], [], 10)
            if not ready:
                sys.exit("no prompt on the pseudo-terminal within 10 s")
            seen += os.read(fd, 4096)
        samples.append(time.perf_counter() - start)
        os.write(fd, b"\x04")
        try:
            while os.read(fd, 4096):
                pass
        except OSError:
            pass
        os.waitpid(pid, 0)
        os.close(fd)
    return statistics.median(samples)


def median_of(times, cmd, before=None, **kw):
    samples, peaks = [], []
    for _ in range(times):
        if before:
            before()
        t, m = run(cmd, **kw)
        samples.append(t)
        peaks.append(m)
    return statistics.median(samples), max(peaks), samples


def ensure_data(gongkai, work, attempts):
    results = os.path.join(work, f"Results-{attempts}")
    marker = os.path.join(results, ".generated")
    if os.path.exists(marker):
        return results
    shutil.rmtree(results, ignore_errors=True)
    print(f"== generating {attempts:,} attempt records (once; reused by later runs)")
    subprocess.run([gongkai, "bench-generate", "--courses", os.path.join(ROOT, "Courses"), "--results", results,
                    "--attempts", str(attempts), "--units", "100"], check=True)
    open(marker, "w").close()
    return results


def big_course(work, questions):
    path = os.path.join(work, "big", "big-course.yaml")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write("id: big-course\ntitle: 大题库\nversion: 1\nquiz:\n  pass_percent: 80\n  draw: 20\nquestions:\n")
        for i in range(questions):
            kind = i % 4
            f.write(f"  - id: q{i}\n")
            if kind == 0:
                f.write(f"    type: single\n    prompt: 第{i}题：不能当场答复的，应当在多少个工作日内答复？\n"
                        f"    options: [10个工作日, 15个工作日, 20个工作日, 30个工作日]\n    answer: C\n")
            elif kind == 1:
                f.write(f"    type: multiple\n    prompt: 第{i}题：政府信息公开应当遵循哪些原则？\n"
                        f"    options: [公正, 公平, 保密优先, 便民]\n    answer: ABD\n")
            elif kind == 2:
                f.write(f"    type: truefalse\n    prompt: 第{i}题：依申请提供政府信息，一般不收取费用。\n    answer: true\n")
            else:
                f.write(f"    type: fill\n    prompt: 第{i}题：全国政府信息公开工作的主管部门是国务院____。\n"
                        f"    answer: [办公厅, 国务院办公厅]\n")
            f.write("    explanation: 见条例。\n    source: 条例第三十三条\n")
    return path


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--gongkai", required=True)
    parser.add_argument("--hello", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--attempts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    a = parser.parse_args()
    g = a.gongkai
    results = ensure_data(g, a.work, a.attempts)
    files = sum(len(fs) for _, _, fs in os.walk(os.path.join(results, "attempts")))
    size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(os.path.join(results, "attempts")) for f in fs)
    cache = os.path.join(results, ".cache")

    def drop_cache():
        shutil.rmtree(cache, ignore_errors=True)

    report = f"{g} report scores --courses {ROOT}/Courses --results {results} --format csv"
    print(f"== {files:,} records, {size / files / 1024:.1f} KiB each, {size / 2**20:.0f} MiB; {a.runs} runs each")
    cat_t, _, cat_s = median_of(a.runs, f"find {results}/attempts -name '*.json' -print0 | xargs -0 cat > /dev/null")
    # What any cache that notices an edited file must do at least: list and stat every record.
    stat_t, _, stat_s = median_of(a.runs, f"find {results}/attempts -name '*.json' -printf '%s %T@ %C@ %i\\n' > /dev/null")
    cold_t, cold_m, cold_s = median_of(a.runs, report + " > /dev/null", before=drop_cache)
    warm_t, warm_m, warm_s = median_of(a.runs, report + " > /dev/null")
    # The usual day at a provincial office: a few records came in since the last report.
    # One record touched before each run: it is read again and the cache rewritten.
    touched = next(os.path.join(d, f) for d, _, fs in sorted(os.walk(os.path.join(results, "attempts"))) for f in sorted(fs))
    edit_t, edit_m, edit_s = median_of(a.runs, report + " > /dev/null", before=lambda: os.utime(touched))
    # Item analysis reads every answer of every attempt. Its first run fills the cache with items.
    items = report.replace(" report scores ", " report items ")
    run(items + " > /dev/null")
    items_t, items_m, items_s = median_of(a.runs, items + " > /dev/null")
    print("   cold runs: " + " ".join(f"{x:.2f}" for x in cold_s) + " s; warm runs: " + " ".join(f"{x:.2f}" for x in warm_s) + " s")
    py_t, py_m, py_s = median_of(max(3, a.runs // 2), f"python3 {HERE}/python_scores.py {results} > /dev/null")

    empty = os.path.join(a.work, "Results-empty")
    os.makedirs(empty, exist_ok=True)
    # Start-up runs are a few milliseconds: the machine's own noise is of the same order,
    # so hello and gongkai are run alternately and each median is taken over the same period.
    # The course snapshot lives in a folder of the benchmark's own; the first run writes it.
    snapshot_env = dict(os.environ, XDG_CACHE_HOME=os.path.join(a.work, "xdg-cache"))
    shutil.rmtree(snapshot_env["XDG_CACHE_HOME"], ignore_errors=True)
    direct(1, [g, "--courses", f"{ROOT}/Courses", "--results", empty], env=snapshot_env)  # writes the snapshot
    hello_samples, start_samples = [], []
    for _ in range(60):
        hello_samples.append(direct(1, [a.hello]))
        start_samples.append(direct(1, [g, "--courses", f"{ROOT}/Courses", "--results", empty], env=snapshot_env))
    hello_t, start_t = statistics.median(hello_samples), statistics.median(start_samples)
    pty_env = dict(snapshot_env, TERM="xterm", NO_COLOR="1", XDG_DATA_HOME=os.path.join(a.work, "xdg-data"))
    start_pty_t = pty_to_prompt(30, [g, "--courses", f"{ROOT}/Courses", "--results", empty], pty_env)
    # The first start after a course file is edited: every YAML file is parsed and the snapshot written.
    parse_env = dict(os.environ, XDG_CACHE_HOME=os.path.join(a.work, "xdg-cache-fresh"))
    parse_samples = []
    for _ in range(50):
        shutil.rmtree(parse_env["XDG_CACHE_HOME"], ignore_errors=True)
        parse_samples.append(direct(1, [g, "--courses", f"{ROOT}/Courses", "--results", empty], env=parse_env))
    start_parse_t = statistics.median(parse_samples)
    _, start_m, _ = median_of(3, f"{g} --courses {ROOT}/Courses --results {empty} < /dev/null")
    course = big_course(a.work, 10_000)
    val_t, val_m, val_s = median_of(a.runs, f"{g} validate {course}")

    def spread(samples, floor=None):
        """The range over the runs (not the best one); with `floor`, as a range of ratios to its median."""
        if not samples:
            return ""
        low, high = min(samples), max(samples)
        if floor:
            return f"{low / floor:.2f}–{high / floor:.2f}×"
        shown = (lambda t: f"{t * 1000:.1f}") if high < 0.1 else (lambda t: f"{t:.2f}")
        return f"{shown(low)}–{shown(high)}" + (" ms" if high < 0.1 else " s")

    rows = [
        ("cat of every record (I/O floor)", cat_t, None, "", "", spread(cat_s)),
        ("report scores, cold (no cache)", cold_t, cold_m, f"{cold_t / cat_t:.2f}× cat ({spread(cold_s, cat_t)})", "≤ 1.5× cat", spread(cold_s)),
        ("find: list and stat every record", stat_t, None, f"{stat_t / cat_t:.2f}× cat", "", spread(stat_s)),
        ("report scores, warm (cache)", warm_t, warm_m, f"{warm_t / cat_t:.2f}× cat ({spread(warm_s, cat_t)}), {spread(warm_s, stat_t)} find", "≤ 0.2× cat", spread(warm_s)),
        ("  same, one record changed since", edit_t, edit_m, f"{edit_t / cat_t:.2f}× cat", "", spread(edit_s)),
        ("report items (item analysis), warm", items_t, items_m, f"{items_t / cat_t:.2f}× cat ({spread(items_s, cat_t)})", "", spread(items_s)),
        ("python json script, same figures", py_t, py_m, f"{py_t / cold_t:.1f}× slower than cold", "≥ 2× slower", spread(py_s)),
        ("hello world start-up", hello_t, None, "", "", spread(hello_samples)),
        ("gongkai start-up to first prompt", start_t, start_m, f"{start_t / hello_t:.2f}× hello", "≤ 3× hello", spread(start_samples)),
        ("  same, first start after an edit (parse)", start_parse_t, None, f"{start_parse_t / hello_t:.2f}× hello", "", spread(parse_samples)),
        ("  same, on a terminal (readline, history)", start_pty_t, None, f"{start_pty_t / hello_t:.2f}× hello", "", ""),
        ("validate 10,000-question course", val_t, val_m, "", "≤ 1 s", spread(val_s)),
    ]
    print()
    print(f"| {'measurement':<42} | {'median':>9} | {'range over runs':>17} | {'peak RSS':>9} | {'ratio':<40} | {'target':<12} |")
    print(f"|{'-' * 44}|{'-' * 11}|{'-' * 19}|{'-' * 11}|{'-' * 42}|{'-' * 14}|")
    for name, t, m, ratio, target, span in rows:
        mem = f"{m / 1024:.0f} MB" if m else ""
        shown = f"{t * 1000:.1f} ms" if t < 0.1 else f"{t:.2f} s"
        print(f"| {name:<42} | {shown:>9} | {span:>17} | {mem:>9} | {ratio:<40} | {target:<12} |")
    cpu = ""
    try:
        cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem_total = ""
    try:
        kb = int(next(l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal")))
        mem_total = f"{kb / 2**20:.0f} GiB"
    except (OSError, StopIteration):
        pass
    print(f"\nmachine: {os.cpu_count()} cores ({cpu}), {mem_total} memory, {platform.system()} {platform.release()}")
    checks = {
        "cold ≤ 1.5× cat": cold_t <= 1.5 * cat_t,
        "warm ≤ 0.2× cat": warm_t <= 0.2 * cat_t,
        "python ≥ 2× cold": py_t >= 2 * cold_t,
        "cold peak ≤ 150 MB": cold_m <= 150 * 1024,
        "start-up ≤ 3× hello": start_t <= 3 * hello_t,
        "validate ≤ 1 s": val_t <= 1.0,
    }
    print("targets: " + ", ".join(f"{k}: {'met' if v else 'MISSED'}" for k, v in checks.items()))
    with open(os.path.join(a.work, "bench.json"), "w") as f:
        json.dump({"rows": [{"name": r[0], "seconds": r[1], "peakKB": r[2]} for r in rows], "checks": checks}, f, indent=2)


if __name__ == "__main__":
    main()
