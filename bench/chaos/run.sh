#!/usr/bin/env bash
# Issue 15 point 9, the chaos run: readers on / and /api/v2/summary.json throughout, while one update fans out to the
# email subscribers and 2 Telegram chats, with the SMTP relay answering 451 and the Bot API 429 for a while, then a
# kill -9 of the app mid fan-out and a restart on the same data folder. The orchestrator is `--chaos` in
# bench/StatusHub.Benchmarks (ChaosRun.cs); the app runs as its own process from the Release build. Results:
# docs/benchmarks.md and README's benchmark section.
#
#   bench/chaos/run.sh                    full size: 10,000 subscribers, 200 readers, 451 for 60 s, 429 for 30 s (a few minutes)
#   SIZE=tiny bench/chaos/run.sh          300 subscribers, 20 readers, 451 for 5 s, 429 for 3 s: a check, under a minute
#   OUT=chaos.md PORT=5461 bench/chaos/run.sh
#
# The report (Markdown) goes to standard output and to $OUT (default: a new file under /tmp, named at the end); progress
# goes to standard error. Exits 1 when a check fails: a recipient without an email, a Telegram chat without its post,
# Telegram's limits passed or its retry_after not honoured. Duplicates are reported against issue 15 point 5's bound
# (at most 16), not failed.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
SIZE=${SIZE:-full}
OUT=${OUT:-$(mktemp --suffix=.md /tmp/statushub-chaos.XXXXXX)}
PORT=${PORT:-}

cd "$repo"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build -c Release bench/StatusHub.Benchmarks -v quiet -nologo >&2

# Its own process group, so that stopping this script stops the app the orchestrator started as well.
setsid dotnet run --no-build -c Release --project bench/StatusHub.Benchmarks -- --chaos --size "$SIZE" --out "$OUT" ${PORT:+--port "$PORT"} &
run=$!
trap 'kill -- "-$run" 2>/dev/null || true' EXIT
set +e
wait "$run"
status=$?
set -e
echo "chaos run ($SIZE) exited $status; report in $OUT" >&2
exit "$status"
