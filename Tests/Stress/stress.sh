#!/usr/bin/env bash
# make stress — issue 6, "proof that nothing is lost and nothing leaks".
#
# Runs the reliability checks at full size and prints a table of figures.
# Exits non-zero when any promise is broken. Not part of CI (`make test` runs
# the same checks small). About 5–10 minutes on 2 cores after the build.
#
# The checks are Swift tests that read their sizes from the environment:
#   1 crash        EndToEndTests/CrashTests            SIGKILL during ≥ 200 quizzes and audits
#   2 concurrency  EndToEndTests/ConcurrencyTests      8 shells × 250 attempts into one Results/
#   3 disk faults  EndToEndTests/DiskFaultMountTests   256 KiB tmpfs and read-only bind mount (root)
#                  GongkaiShellTests/DiskFaultTests    the MemoryFileSystem seam
#   4 fuzzing      GongkaiCoreTests/FuzzTests          10,000 mutated course files, own process
#   5 bad input    BadInputTests, BadInputTerminalTests
#   6 bad records  EndToEndTests/BadRecordTests
#   7 names        GongkaiCoreTests/NameSafetyTests
#   8 secrecy      GongkaiShellTests/SecrecyTests
#   9 integrity    (tampered files counted by the crash run)
#
# Environment: GONGKAI_STRESS_SCRATCH (build folder, default .build-stress),
# GONGKAI_STRESS_SEED, GONGKAI_STRESS_CRASH_SCENARIOS (400), GONGKAI_FUZZ_CASES (10000).

set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
SWIFT=${SWIFT:-swift}
SCRATCH=${GONGKAI_STRESS_SCRATCH:-.build-stress}
OUT="$ROOT/$SCRATCH/stress-out"
rm -rf "$OUT"
mkdir -p "$OUT"
FIGURES="$OUT/figures.txt"
: >"$FIGURES"
export GONGKAI_STRESS=1 GONGKAI_STRESS_FIGURES="$FIGURES" NO_COLOR=1
export GONGKAI_STRESS_SEED=${GONGKAI_STRESS_SEED:-20200708}
SCENARIOS=${GONGKAI_STRESS_CRASH_SCENARIOS:-400}
FUZZ_CASES=${GONGKAI_FUZZ_CASES:-10000}
PROCESSES=${GONGKAI_STRESS_CONC_PROCESSES:-8}
ATTEMPTS=${GONGKAI_STRESS_CONC_ATTEMPTS:-250}
STARTED=$(date +%s)

figure() { printf '%s %s\n' "$1" "$2" >>"$FIGURES"; }
say() { printf '\n== %s\n' "$*"; }

say "building (debug, with tests) in $SCRATCH"
if ! "$SWIFT" build --build-tests --scratch-path "$SCRATCH" >"$OUT/build.log" 2>&1; then
    tail -40 "$OUT/build.log"
    echo "stress: the build failed (log: $OUT/build.log)" >&2
    exit 2
fi
figure build.seconds $(($(date +%s) - STARTED))
# The test bundle is run directly (not through `swift test`), so that `timeout`
# reaches the process that runs the tests.
XCTEST="$ROOT/$SCRATCH/debug/gongkaiPackageTests.xctest"
[ -x "$XCTEST" ] || { echo "stress: $XCTEST not found" >&2; exit 2; }

# run NAME TIMEOUT FILTER [VAR=VALUE ...]: one `swift test` process; its exit status becomes suite.NAME.exit.
run() {
    local name=$1 limit=$2 filter=$3
    shift 3
    local t0 rc
    t0=$(date +%s)
    say "$name ($filter)"
    env "$@" timeout --kill-after=30 "$limit" "$XCTEST" --testing-library swift-testing --filter "$filter" >"$OUT/$name.log" 2>&1
    rc=$?
    grep -E '^\[stress\]' "$OUT/$name.log" | tail -3
    grep -E '^(✘|✔) Test .*(passed|failed) after' "$OUT/$name.log" | sed 's/^/  /' | cut -c1-220
    grep -E 'recorded an issue' "$OUT/$name.log" | head -6 | cut -c1-300 | sed 's/^/    /'
    [ "$rc" = 124 ] && echo "  (timed out after $limit s)"
    figure "suite.$name.exit" "$rc"
    figure "suite.$name.seconds" $(($(date +%s) - t0))
}

run crash 1200 'CrashTests' GONGKAI_STRESS_CRASH_SCENARIOS="$SCENARIOS" GONGKAI_STRESS_CRASH_MAX_KILLS=3
run retention 300 'AnswerRetentionTests'
run concurrency 1200 'ConcurrencyTests' GONGKAI_STRESS_CONC_PROCESSES="$PROCESSES" GONGKAI_STRESS_CONC_ATTEMPTS="$ATTEMPTS"
run diskmount 600 'DiskFaultMountTests'
run diskseam 300 'DiskFaultTests'

# Fuzzing in its own process: a crash ends the process, not the script. The test
# keeps the case it is running in a trace file and removes it when it finishes;
# a trace left behind names the case that crashed (or hung). Fuzzing goes on after it.
say "fuzzing $FUZZ_CASES mutated course files"
TRACE="$OUT/fuzz-current-case.txt"
start=0
crashes=0
segment=0
fuzz_t0=$(date +%s)
fuzz_segment() { # FROM TO: runs cases FROM..<TO; sets rc
    segment=$((segment + 1))
    rm -f "$TRACE"
    GONGKAI_FUZZ_START=$1 GONGKAI_FUZZ_CASES=$2 GONGKAI_FUZZ_TRACE="$TRACE" timeout --kill-after=10 900 \
        "$XCTEST" --testing-library swift-testing --filter 'FuzzTests/mutatedCourseFiles' >"$OUT/fuzz-$segment.log" 2>&1
    rc=$?
}
while [ "$start" -lt "$FUZZ_CASES" ]; do
    fuzz_segment "$start" "$FUZZ_CASES"
    if [ -f "$TRACE" ]; then
        crashed=$(head -1 "$TRACE" | awk '{print $2}')
        crashes=$((crashes + 1))
        cp "$TRACE" "$OUT/fuzz-crash-case-$crashed.txt"
        echo "  case $crashed crashed or hung the validator (exit $rc): $(head -1 "$TRACE")"
        echo "  input kept in $OUT/fuzz-crash-case-$crashed.txt"
        # The cases before it passed in that process; run them again for their figures.
        [ "$crashed" -gt "$start" ] && fuzz_segment "$start" "$crashed"
        start=$((crashed + 1))
    else
        grep -E 'recorded an issue' "$OUT/fuzz-$segment.log" | head -5 | cut -c1-400 | sed 's/^/    /'
        figure suite.fuzz.exit "$rc"
        break
    fi
done
figure fuzz.cases_attempted "$FUZZ_CASES"
figure fuzz.crashes "$crashes"
figure suite.fuzz.seconds $(($(date +%s) - fuzz_t0))
grep -h -E '^FIGURE fuzz' "$OUT"/fuzz-*.log | tail -6 | sed 's/^FIGURE /  /'

run badinput 900 'BadInputTests|BadInputTerminalTests' GONGKAI_STRESS_PTY_LINE=20000
run badrecords 300 'BadRecordTests'
run names 300 'NameSafetyTests'
run secrecy 300 'SecrecyTests'
# Issue 13: the adversarial probe's attacks (output paths, FIFOs, ulimit -n/-v, one reading of a record, terminals, start-up, resume).
run hardening 600 'HardeningCommandTests|HardeningStartupTests|HardeningSmallTests|HardeningResumeTests|HardeningHistoryTests|HardeningSealTests|RecordSealTests|HardeningFileTests|SignInRaceTests|RecordReadingTests|TerminalTextTests'

figure total.seconds $(($(date +%s) - STARTED))

# ── Summary ────────────────────────────────────────────────────────────────
# Figures: the last value of each name, except fuzz.* which add up over segments.
awk '
    { name = $1; value = $2
      if (name ~ /^fuzz\./ && name != "fuzz.cases_attempted" && name != "fuzz.crashes" && value ~ /^-?[0-9]+$/) { sum[name] += value; v[name] = sum[name] }
      else v[name] = value
      if (!(name in seen)) { seen[name] = 1; order[++n] = name } }
    END { for (i = 1; i <= n; i++) print order[i], v[order[i]] }
' "$FIGURES" >"$OUT/figures-final.txt"

get() { awk -v k="$1" '$1 == k { print $2 }' "$OUT/figures-final.txt"; }
num() { local v; v=$(get "$1"); [[ "$v" =~ ^-?[0-9]+$ ]] && echo "$v" || echo -1; }

broken=0
rows=()
# row PROMISE STATUS TEXT
row() { rows+=("$(printf '%-3s %-7s %s' "$1" "$2" "$3")"); [ "$2" = BROKEN ] && broken=$((broken + 1)); }
check() { # PROMISE TEXT CONDITION...
    local promise=$1 text=$2
    shift 2
    if "$@"; then row "$promise" ok "$text"; else row "$promise" BROKEN "$text"; fi
}
eq() { [ "$1" = "$2" ]; }
ge() { [ "$1" -ge "$2" ] 2>/dev/null; }

check 1 "kills: $(num crash.kills) SIGKILLs over $(num crash.scenarios) scripted quizzes and audits ($(num crash.terminal_runs) terminal runs, $(num crash.pipe_runs) pipe runs; $(num crash.kills_before_an_answer) before an answer, $(num crash.kills_mid_session) mid-session, $(num crash.kills_after_finishing) after finishing)" \
    eval '[ "$(num crash.scenarios)" -ge "$SCENARIOS" ] && [ "$(num crash.kills)" -ge "$SCENARIOS" ]'
check 1 "unreadable files in Results/ after the kills: $(num crash.unreadable_files) of $(num crash.json_files) *.json" eq "$(num crash.unreadable_files)" 0
check 1 "answers lost: $(num crash.lost_answers) distinct, $(num crash.acked_answers_checked) checks of acknowledged answers (quiz and other: $(num crash.lost_answers_other); audit rectification action/owner typed before the deadline: $(num crash.lost_answers_audit_rectification))" eq "$(num crash.lost_answers)" 0
check 1 "reports read every record: scores counts $(num crash.report_scores_attempts) of $(num crash.attempt_files) attempt files, attendance $(num crash.report_attendance_signed_in); --strict exit $(num crash.report_strict_exit), skipped $(num crash.report_skipped)" \
    eval '[ "$(num crash.report_scores_attempts)" = "$(num crash.attempt_files)" ] && [ "$(num crash.report_strict_exit)" = 0 ] && [ "$(num crash.report_skipped)" = 0 ]'
check 1 "records stored twice after resuming an autosave left next to a saved record: $(num crash.duplicate_records); driver errors: $(num crash.driver_errors)" \
    eval '[ "$(num crash.duplicate_records)" = 0 ] && [ "$(num crash.driver_errors)" = 0 ]'
row 1 info "saved records whose autosave was left behind by a kill (then resumed, as a trainee would): $(num crash.stale_progress_after_save)"
row 1 info "temporary files left by killed writers (hidden *.tmp, never read): $(num crash.leftover_temp_files)"
check 1 "crash suite ($(get suite.crash.seconds) s)" eq "$(num suite.crash.exit)" 0
check 1 "every quiz answer and audit field is in the autosave when the next prompt shows (AnswerRetentionTests)" eq "$(num suite.retention.exit)" 0
check 2 "concurrency: $(num concurrency.processes) processes × $(num concurrency.attempts_each) attempts → $(num concurrency.valid_attempts) valid attempt records ($(num concurrency.distinct_ids) distinct ids, $(num concurrency.attempt_files) files), report scores counts $(num concurrency.report_attempts); unreadable $(num concurrency.unreadable_files), temp left $(num concurrency.leftover_temp_files), quizzing took $(num concurrency.quiz_seconds) s" \
    eval '[ "$(num concurrency.valid_attempts)" = $((PROCESSES * ATTEMPTS)) ] && [ "$(num concurrency.report_attempts)" = $((PROCESSES * ATTEMPTS)) ] && [ "$(num concurrency.distinct_ids)" = $((PROCESSES * ATTEMPTS)) ] && [ "$(num suite.concurrency.exit)" = 0 ]'
check 3 "real mounts: tmpfs $(get disk.tmpfs), read-only bind mount $(get disk.readonly_bind); tmpfs filled by records after $(num disk.tmpfs_filled_by_records.attempts_before_full) attempts; temp files left: full mid-quiz $(num disk.tmpfs_full_midway.temp_files_left), filled by records $(num disk.tmpfs_filled_by_records.temp_files_left), read-only $(num disk.readonly_midway.temp_files_left); answers kept when the disk filled mid-quiz: $(num disk.tmpfs_full_midway.answers_kept)/7" \
    eq "$(num suite.diskmount.exit)" 0
check 3 "MemoryFileSystem seam: read-only at start and after sign-in, full during autosaves and at submit, audit save failing, save PATH (DiskFaultTests)" eq "$(num suite.diskseam.exit)" 0
check 4 "fuzzing: $(num fuzz.cases_attempted) mutated course files, $(num fuzz.crashes) crashes, $(num fuzz.bad_locations) diagnostics without a real location (of $(num fuzz.diagnostics)); $(num fuzz.still_valid) mutants still valid; $(num fuzz.lines_past_editor_end) diagnostics past the last \\n-line (files with NEL/LS/PS)" \
    eval '[ "$(num fuzz.cases_attempted)" -ge "$FUZZ_CASES" ] && [ "$(num fuzz.crashes)" = 0 ] && [ "$(num fuzz.bad_locations)" = 0 ] && [ "$(num suite.fuzz.exit)" = 0 ]'
check 5 "bad input: $(num badinput.pipe_refused_lines) refused lines through the pipe, a PTY paste, a $(get badinput.megabyte_command_seconds) s reply to a 1 MiB command line ($(num badinput.megabyte_command_reply_bytes) bytes back)" eq "$(num suite.badinput.exit)" 0
check 6 "bad records: $(num badrecords.warnings) warnings, records read from outside Results/: $(num badrecords.outside_read) through file symlinks, $(num badrecords.symlinked_folder_records_read) through a symlinked attempts/attendance/audits folder" eq "$(num suite.badrecords.exit)" 0
check 7 "names with /, .., NUL, newlines, 250+ characters and emoji" eq "$(num suite.names.exit)" 0
check 8 "secrecy: same text before submission whichever key is right; no completion at answer prompts; review only from submitted attempts; autosave without points" eq "$(num suite.secrecy.exit)" 0
check 9 "integrity: tampered records after the kills: $(num crash.tampered_files) files, $(num crash.report_tampered) flagged by the report" \
    eval '[ "$(num crash.tampered_files)" = 0 ] && [ "$(num crash.report_tampered)" = 0 ]'
check 10 "adversarial probe (issue 13): --out at symlink/FIFO/device, FIFOs among records and caches, ulimit -n 4/7 and -v, duplicate keys and out-of-range figures (differential fuzz), hostile names, no courses, resume after a crash at submit" eq "$(num suite.hardening.exit)" 0
row - time "total $(num total.seconds) s (build $(num build.seconds) s, crash $(num suite.crash.seconds) s, concurrency $(num suite.concurrency.seconds) s, fuzz $(num suite.fuzz.seconds) s)"

printf '\n%s\n' "── make stress: figures ────────────────────────────────────────────────"
printf '%s\n' "#   status  figure"
for r in "${rows[@]}"; do printf '%s\n' "$r"; done
printf '%s\n' "────────────────────────────────────────────────────────────────────────"
echo "logs and all figures: $OUT"
if [ "$broken" -gt 0 ]; then
    echo "stress: $broken promise check(s) BROKEN" >&2
    exit 1
fi
echo "stress: every promise held"
