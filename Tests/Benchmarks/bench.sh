#!/usr/bin/env bash
# `make bench`: measures report, start-up and validation speed on generated
# data, side by side with what people would use instead. Not part of CI.
set -euo pipefail
cd "$(dirname "$0")/../.."
WORK="${GONGKAI_BENCH_DIR:-/tmp/gongkai-bench}"
mkdir -p "$WORK"

echo "== building gongkai (release, static Swift runtime)"
swift build -c release --static-swift-stdlib >/dev/null
BIN="$(swift build -c release --static-swift-stdlib --show-bin-path)/gongkai"

echo "== building hello-world the same way"
HELLO="$WORK/hello"
mkdir -p "$HELLO/Sources/hello"
cat > "$HELLO/Package.swift" <<'SWIFT'
// swift-tools-version: 6.0
import PackageDescription
let package = Package(name: "hello", targets: [.executableTarget(name: "hello")])
SWIFT
echo 'print("hello")' > "$HELLO/Sources/hello/main.swift"
(cd "$HELLO" && swift build -c release --static-swift-stdlib >/dev/null)
HELLO_BIN="$(cd "$HELLO" && swift build -c release --static-swift-stdlib --show-bin-path)/hello"

python3 Tests/Benchmarks/bench_shell.py --gongkai "$BIN" --work "$WORK" --sizes "${GONGKAI_BENCH_SHELL_SIZES:-0,10000,100000,1000000,own}"
[ "${GONGKAI_BENCH_PROVINCE:-1}" = 0 ] || python3 Tests/Benchmarks/bench_province.py --gongkai "$BIN" --work "$WORK"
exec python3 Tests/Benchmarks/bench.py --gongkai "$BIN" --hello "$HELLO_BIN" --work "$WORK" "$@"
