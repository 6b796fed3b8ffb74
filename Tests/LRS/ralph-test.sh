#!/usr/bin/env bash
# gongkai's xAPI push against a real LRS: Ralph (ralph-malph on PyPI) with its
# file-system backend, on 127.0.0.1 only. Run by `make lrs-test` (part of `make test`).
#
#   Tests/LRS/ralph-test.sh [GONGKAI_BINARY]
#
# Installs Ralph into .build-lrs/venv (gitignored) the first time, then: a generated
# training day; a push killed midway and resumed (every statement exactly once); the
# statements read back through GET /xAPI/statements and compared with the export and
# the records; a second push (nothing new); wrong credentials (401, exit 1); an LRS
# that is not there (exit 1); a regrade whose new records void the old statements.
# Ralph is stopped whatever happens.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
GONGKAI="$(cd "$ROOT" && realpath "${1:-.build/debug/gongkai}")"
VENV="${GONGKAI_LRS_VENV:-$ROOT/.build-lrs/venv}"
HERE="$ROOT/Tests/LRS"
export no_proxy="127.0.0.1,localhost" NO_PROXY="127.0.0.1,localhost"

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "  ok: $*"; }
bad() { failed=$((failed + 1)); echo "  FAIL: $*"; }

# Ralph, installed by the project's own files.
if [ ! -x "$VENV/bin/ralph" ] || ! "$VENV/bin/python" -c "import ralph.backends.lrs.fs, uvicorn, requests, bcrypt" 2>/dev/null; then
    echo "installing Ralph into $VENV"
    if ! python3 -m venv "$VENV" 2>/dev/null; then
        apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
        python3 -m venv "$VENV"
    fi
    "$VENV/bin/pip" install -q --disable-pip-version-check 'ralph-malph[cli,lrs]' requests
fi
PY="$VENV/bin/python"

WORK="$(mktemp -d /tmp/gongkai-lrs.XXXXXX)"
RALPH_PID=""
PUSH_PID=""
cleanup() {
    [ -n "$PUSH_PID" ] && kill -9 "$PUSH_PID" 2>/dev/null || true
    if [ -n "$RALPH_PID" ]; then
        kill "$RALPH_PID" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$RALPH_PID" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$RALPH_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

# A county of six units whose roster names its home page.
HOME_PAGE="https://www.jingtai.gov.cn/gongkai"
mkdir -p "$WORK/Courses/checklists" "$WORK/data"
cp "$ROOT"/Courses/*.yaml "$WORK/Courses/"
cp "$ROOT"/Courses/checklists/*.yaml "$WORK/Courses/checklists/"
cat > "$WORK/Courses/roster.yaml" <<YAML
units:
  - {id: xiquan, name: 喜泉镇, kind: township, expected: 3}
  - {id: luyang, name: 芦阳镇, kind: township, expected: 3}
  - {id: sitan, name: 寺滩乡, kind: township, expected: 2}
  - {id: zhengfuban, name: 县政府办公室, kind: department, expected: 3}
  - {id: caizheng, name: 县财政局, kind: department, expected: 2}
  - {id: minzheng, name: 县民政局, kind: department, expected: 2}
sessions:
  - id: 2020-07-08-training
    title: 政务公开业务培训
    date: 2020-07-08
    courses: [column-maintenance, request-handling, confidentiality-review]
    checklist: column-self-audit
xapi:
  home_page: $HOME_PAGE
YAML
export GONGKAI_COURSES="$WORK/Courses" GONGKAI_RESULTS="$WORK/Results" GONGKAI_LANG=en XDG_CACHE_HOME="$WORK/cache"
"$GONGKAI" validate "$WORK/Courses" >/dev/null
"$GONGKAI" demo-generate --results "$WORK/Results" --seed 11 >/dev/null
"$GONGKAI" export xapi --out "$WORK/statements.jsonl" >/dev/null
TOTAL=$(wc -l < "$WORK/statements.jsonl")
echo "generated a training day: $TOTAL statements"

# Users file: bcrypt hashes, as Ralph's own `ralph auth` writes them.
export GONGKAI_LRS_USER=gongkai GONGKAI_LRS_PASSWORD="county-$RANDOM-secret"
"$PY" - "$WORK/auth.json" <<'PYTHON'
import bcrypt, json, os, sys
users = [{"username": os.environ["GONGKAI_LRS_USER"],
          "hash": bcrypt.hashpw(os.environ["GONGKAI_LRS_PASSWORD"].encode(), bcrypt.gensalt(4)).decode(),
          "scopes": ["all"], "agent": {"account": {"homePage": "http://127.0.0.1", "name": "gongkai-test"}}}]
json.dump(users, open(sys.argv[1], "w"))
PYTHON
PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
LRS="http://127.0.0.1:$PORT/xAPI/"
RALPH_AUTH_FILE="$WORK/auth.json" "$PY" "$HERE/ralph_server.py" "$WORK/data" "$PORT" > "$WORK/ralph.log" 2>&1 &
RALPH_PID=$!
for _ in $(seq 150); do
    "$PY" -c "import requests, sys; sys.exit(requests.get('http://127.0.0.1:$PORT/__heartbeat__', timeout=1).status_code != 200)" 2>/dev/null && break
    kill -0 "$RALPH_PID" 2>/dev/null || { cat "$WORK/ralph.log"; echo "Ralph did not start"; exit 1; }
    sleep 0.2
done
echo "Ralph $("$PY" -c 'import importlib.metadata as m; print(m.version("ralph-malph"))') on $LRS"

# 1. A push killed midway, then run again: every statement exactly once.
"$GONGKAI" push --lrs "$LRS" --batch 5 > "$WORK/push1.out" 2> "$WORK/push1.err" &
PUSH_PID=$!
TARGET=$((TOTAL / 3))
for _ in $(seq 600); do
    DONE=$(grep -o 'sent [0-9]*' "$WORK/push1.err" | tail -1 | grep -o '[0-9]*' || echo 0)
    [ "${DONE:-0}" -ge "$TARGET" ] && break
    kill -0 "$PUSH_PID" 2>/dev/null || break
    sleep 0.05
done
kill -9 "$PUSH_PID" 2>/dev/null && KILLED=yes || KILLED=no
wait "$PUSH_PID" 2>/dev/null || true
PUSH_PID=""
PARTIAL=$("$PY" "$HERE/check_lrs.py" count "$LRS")
if [ "$KILLED" = yes ] && [ "$PARTIAL" -gt 0 ] && [ "$PARTIAL" -lt "$TOTAL" ]; then
    ok "push killed after $PARTIAL of $TOTAL statements"
else
    bad "push was not killed midway (killed=$KILLED, $PARTIAL of $TOTAL in the LRS)"
fi
if "$GONGKAI" push --lrs "$LRS" > "$WORK/push2.out" 2> "$WORK/push2.err"; then
    ok "resumed: $(cat "$WORK/push2.out")"
else
    bad "resumed push failed: $(cat "$WORK/push2.err")"
fi

# 2. Read back through the xAPI API: counts and fields against the export and the records.
if "$PY" "$HERE/check_lrs.py" verify "$LRS" "$WORK/statements.jsonl" "$WORK/Results" "$HOME_PAGE"; then
    ok "statements read back match the records, each exactly once"
else
    bad "statements read back do not match"
fi

# 3. Pushing again sends nothing new.
"$GONGKAI" push --lrs "$LRS" > "$WORK/push3.out" 2> "$WORK/push3.err" || true
AFTER=$("$PY" "$HERE/check_lrs.py" count "$LRS")
if grep -q ": 0 stored now, $TOTAL it already had" "$WORK/push3.out" && [ "$AFTER" -eq "$TOTAL" ]; then
    ok "second push: nothing new ($AFTER statements)"
else
    bad "second push changed something: $(cat "$WORK/push3.out" "$WORK/push3.err"), $AFTER statements"
fi

# 4. Wrong credentials: 401, a clear message, exit 1, nothing stored.
set +e
GONGKAI_LRS_PASSWORD=wrong "$GONGKAI" push --lrs "$LRS" > /dev/null 2> "$WORK/push4.err"
STATUS=$?
set -e
if [ "$STATUS" -eq 1 ] && grep -q "HTTP 401" "$WORK/push4.err"; then
    ok "wrong password: exit 1, $(head -1 "$WORK/push4.err")"
else
    bad "wrong password: exit $STATUS, $(cat "$WORK/push4.err")"
fi

# 5. Credentials from a file; an LRS that is not there: exit 1 after retries.
printf '%s:%s\n' "$GONGKAI_LRS_USER" "$GONGKAI_LRS_PASSWORD" > "$WORK/credentials"
chmod 600 "$WORK/credentials"
CLOSED=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
set +e
env -u GONGKAI_LRS_USER -u GONGKAI_LRS_PASSWORD GONGKAI_LRS_CREDENTIALS="$WORK/credentials" \
    "$GONGKAI" push --lrs "http://127.0.0.1:$CLOSED/xAPI/" --session 2020-07-08-training > /dev/null 2> "$WORK/push5.err"
STATUS=$?
set -e
if [ "$STATUS" -eq 1 ] && grep -q "cannot reach the LRS" "$WORK/push5.err"; then
    ok "unreachable LRS: exit 1, $(head -1 "$WORK/push5.err")"
else
    bad "unreachable LRS: exit $STATUS, $(cat "$WORK/push5.err")"
fi
set +e
env -u GONGKAI_LRS_USER -u GONGKAI_LRS_PASSWORD GONGKAI_LRS_CREDENTIALS="$WORK/credentials" \
    "$GONGKAI" push --lrs "$LRS" > "$WORK/push6.out" 2> "$WORK/push6.err"
STATUS=$?
set -e
if [ "$STATUS" -eq 0 ] && grep -q ": 0 stored now" "$WORK/push6.out"; then
    ok "credentials from GONGKAI_LRS_CREDENTIALS"
else
    bad "credentials file: exit $STATUS, $(cat "$WORK/push6.out" "$WORK/push6.err")"
fi

# 6. A key corrected and the attempts regraded: the new records void the old statements.
sed -i -e '0,/^    answer: false$/s//    answer: true/' -e 's/^version: 1$/version: 2/' "$WORK/Courses/request-handling.yaml"
"$GONGKAI" regrade > /dev/null
REGRADED=$(grep -rl '"supersedes"' "$WORK/Results/attempts" | wc -l)
"$GONGKAI" export xapi --out "$WORK/statements.jsonl" > /dev/null
if [ "$REGRADED" -gt 0 ] && "$GONGKAI" push --lrs "$LRS" > "$WORK/push7.out" 2> "$WORK/push7.err" \
    && "$PY" "$HERE/check_lrs.py" verify "$LRS" "$WORK/statements.jsonl" "$WORK/Results" "$HOME_PAGE"; then
    ok "$REGRADED regraded attempts pushed, each voiding the statements of the attempt it replaces"
else
    bad "regrade: $REGRADED regraded, $(cat "$WORK/push7.out" "$WORK/push7.err")"
fi

echo "lrs: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
