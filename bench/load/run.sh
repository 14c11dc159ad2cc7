#!/usr/bin/env bash
# Issue #5 point 10, issue 15 point 10: the live `/` and `/api/v2/summary.json` of a page with a few hundred incidents, against the
# static export of the same page served by nginx, on loopback, with wrk. Results: docs/benchmarks.md.
#
#   bench/load/run.sh                       as root (installs nginx and wrk with apt-get when missing)
#   DURATION=60s ROUNDS=3 bench/load/run.sh
#   BEFORE=/tmp/before bench/load/run.sh    also measures the StatusHub checked out and built (dotnet build -c Release
#                                           src/StatusHub) there, in the same rotation: before and after a change
#   BEFORE=. BEFORE_NAME=workstation-gc BEFORE_ENV=DOTNET_gcServer=0 bench/load/run.sh    this build with other settings
#   FLOOR=1 bench/load/run.sh               also measures bare Kestrel serving the export's bytes from memory, no
#                                           middleware (bench/StatusHub.Benchmarks KestrelFloor): the least any ASP.NET
#                                           Core app costs here, so the gap splits into the server's and StatusHub's own
#
# Both servers answer Accept-Encoding: gzip with bytes compressed ahead of time (StatusHub once per change, nginx from
# the .gz files written here), so neither compresses per request. Everything shares this machine's cores with wrk.
set -euo pipefail
TIMEFORMAT='%U %S'

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
HUB_PORT=${HUB_PORT:-5081}
NGINX_PORT=${NGINX_PORT:-8081}
INCIDENTS=${INCIDENTS:-300}
UNRESOLVED=${UNRESOLVED:-5}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
WARMUP=${WARMUP:-10s}
DURATION=${DURATION:-30s}
ROUNDS=${ROUNDS:-2}
ENCODING=${ENCODING:-gzip}
MAX_LOAD=${MAX_LOAD:-1.5}
WAIT_MINUTES=${WAIT_MINUTES:-30}
PATHS=(/ /api/v2/summary.json)
BEFORE=${BEFORE:-}
BEFORE_NAME=${BEFORE_NAME:-before}
BEFORE_ENV=${BEFORE_ENV:-}
BEFORE_PORT=${BEFORE_PORT:-$((HUB_PORT + 2))}
FLOOR=${FLOOR:-}
FLOOR_PORT=${FLOOR_PORT:-$((HUB_PORT + 4))}

install_missing() {
    local missing=()
    for tool in nginx wrk curl; do
        command -v "$tool" >/dev/null || missing+=("$tool")
    done
    if ((${#missing[@]})); then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
    fi
}

load1() { cut -d' ' -f1 /proc/loadavg; }

# CPU ticks: the whole machine's busy time, and what this script, its wrk runs, StatusHub and nginx used themselves.
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }
ticks_of() {
    for pid in "$@"; do cat "/proc/$pid/stat" 2>/dev/null; done | sed 's/^.*) //' | awk '{ sum += $12 + $13 + $14 + $15 } END { print sum + 0 }'
}
our_ticks() {
    ticks_of $$ $(pgrep -g "$hub") ${before:+$(pgrep -g "$before")} ${floor:+$(pgrep -g "$floor")} $(cat "$work/nginx.pid") $(pgrep -P "$(cat "$work/nginx.pid")")
}
# One server's own CPU ticks: nginx's master and workers, or a StatusHub's process group.
server_ticks() {
    case $1 in
        nginx) ticks_of $(cat "$work/nginx.pid") $(pgrep -P "$(cat "$work/nginx.pid")") ;;
        "$BEFORE_NAME") ticks_of $(pgrep -g "$before") ;;
        kestrel-floor) ticks_of $(pgrep -g "$floor") ;;
        *) ticks_of $(pgrep -g "$hub") ;;
    esac
}

wait_for_quiet() {
    local waited=0
    while awk -v l="$(load1)" -v max="$MAX_LOAD" 'BEGIN { exit !(l > max) }' && ((waited < WAIT_MINUTES)); do
        echo "load average $(load1) > $MAX_LOAD: waiting for a quiet minute ($waited/$WAIT_MINUTES min)" >&2
        sleep 60
        waited=$((waited + 1))
    done
}

work=$(mktemp -d /tmp/statushub-load.XXXXXX)
# nginx's workers run as nobody when started by root.
chmod 755 "$work"
hub=
before=
floor=
cleanup() {
    [[ -n $hub ]] && kill -- "-$hub" 2>/dev/null || true
    [[ -n $floor ]] && kill -- "-$floor" 2>/dev/null || true
    [[ -n $before ]] && kill -- "-$before" 2>/dev/null || true
    [[ -f $work/nginx.pid ]] && nginx -p "$work/" -c "$work/nginx.conf" -s stop 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

install_missing
cd "$repo"
dotnet build -c Release bench/StatusHub.Benchmarks -v quiet -nologo >&2
dotnet run --no-build -c Release --project bench/StatusHub.Benchmarks -- seed "$work/data" "$INCIDENTS" "$UNRESOLVED" >&2
dotnet run --no-build -c Release --project src/StatusHub -- export "$work/site" --Storage:DataDirectory "$work/data" --Logging:LogLevel:Default Warning >&2
find "$work/site" -type f \( -name '*.html' -o -name '*.json' -o -name '*.css' -o -name '*.js' -o -name '*.svg' \) -exec gzip -k -n -6 {} +

sed "s/127\.0\.0\.1:8081/127.0.0.1:$NGINX_PORT/" "$here/nginx.conf" >"$work/nginx.conf"
nginx -p "$work/" -c "$work/nginx.conf"

# Its own process group, so that stopping `dotnet run` stops the app it started as well.
ASPNETCORE_ENVIRONMENT=Production setsid dotnet run --no-build -c Release --project src/StatusHub -- \
    --urls "http://127.0.0.1:$HUB_PORT" --Storage:DataDirectory "$work/data" --Logging:LogLevel:Default Warning \
    >"$work/statushub.log" 2>&1 &
hub=$!
servers=("statushub $HUB_PORT")
if [[ -n $BEFORE ]]; then
    cp -r "$work/data" "$work/data-before"
    # shellcheck disable=SC2086 # BEFORE_ENV is a list of NAME=value words.
    (cd "$BEFORE" && ASPNETCORE_ENVIRONMENT=Production exec env $BEFORE_ENV setsid dotnet run --no-build -c Release --project src/StatusHub -- \
        --urls "http://127.0.0.1:$BEFORE_PORT" --Storage:DataDirectory "$work/data-before" --Logging:LogLevel:Default Warning \
        >"$work/before.log" 2>&1) &
    before=$!
    servers+=("$BEFORE_NAME $BEFORE_PORT")
fi
if [[ -n $FLOOR ]]; then
    setsid dotnet run --no-build -c Release --project bench/StatusHub.Benchmarks -- floor "$work/site" "http://127.0.0.1:$FLOOR_PORT" \
        >"$work/floor.log" 2>&1 &
    floor=$!
    servers+=("kestrel-floor $FLOOR_PORT")
fi
for server in "${servers[@]}"; do
    set -- $server
    for _ in $(seq 120); do
        curl -fso /dev/null "http://127.0.0.1:$2/" && break
        sleep 0.5
    done
    curl -fso /dev/null "http://127.0.0.1:$2/" || { echo "$1 did not answer within a minute:" >&2; cat "$work/statushub.log" "$work/before.log" "$work/floor.log" 2>/dev/null >&2; exit 1; }
done

echo "Same bytes? Each path fetched with Accept-Encoding: $ENCODING (status, Content-Encoding, bytes on the wire, bytes unpacked):"
for path in "${PATHS[@]}"; do
    for server in "${servers[@]}" "nginx $NGINX_PORT"; do
        set -- $server
        headers=$(curl -s -D - -o "$work/body" -H "Accept-Encoding: $ENCODING" "http://127.0.0.1:$2$path")
        printf '  %-9s %-22s %s %s %s %s\n' "$1" "$path" "$(head -1 <<<"$headers" | cut -d' ' -f2)" \
            "$(grep -i '^content-encoding:' <<<"$headers" | tr -d '\r' | cut -d' ' -f2 || echo identity)" \
            "$(stat -c %s "$work/body")" "$( (gzip -dc "$work/body" 2>/dev/null || cat "$work/body") | wc -c)"
    done
done

wait_for_quiet
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --timeout 5s -H 'Accept-Encoding: $ENCODING' (after a $WARMUP warm-up each)"
echo
echo "| round | server | path | req/s | p50 ms | p99 ms | max ms | errors | requests | server CPU µs/req | wrk CPU µs/req | others' CPU % |"
echo "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
results=$work/results
logged_before=$(wc -l <"$work/statushub.log")
for round in $(seq "$ROUNDS"); do
    for path in "${PATHS[@]}"; do
        for server in "nginx $NGINX_PORT" "${servers[@]}"; do
            set -- $server
            url="http://127.0.0.1:$2$path"
            wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -H "Accept-Encoding: $ENCODING" "$url" >/dev/null
            started=$(date +%s.%N) busy=$(busy_ticks) ours=$(our_ticks) own=$(server_ticks "$1")
            # wrk's own user and system seconds, from bash's time keyword.
            { time wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 5s -H "Accept-Encoding: $ENCODING" -s "$here/report.lua" "$url" >"$work/wrk"; } 2>"$work/wrk-time"
            own=$(($(server_ticks "$1") - own))
            # What other processes took from the cores meanwhile, in % of one core (ticks are 1/100 s).
            others=$(awk -v b="$(($(busy_ticks) - busy - $(our_ticks) + ours))" -v s="$started" -v e="$(date +%s.%N)" 'BEGIN { printf "%.0f", b / (e - s) }')
            read -r rps p50 p99 max errors requests < <(sed -n 's/^RESULT //p' "$work/wrk")
            # CPU per request: what the server (or wrk) spent in all, in microseconds, over the requests answered.
            cpu=$(awk -v t="$own" -v n="$requests" 'BEGIN { printf "%.1f", n ? t * 10000 / n : 0 }')
            wrk_cpu=$(awk -v n="$requests" '{ printf "%.1f", n ? ($1 + $2) * 1000000 / n : 0 }' "$work/wrk-time")
            echo "| $round | $1 | \`$path\` | $rps | $p50 | $p99 | $max | $errors | $requests | $cpu | $wrk_cpu | $others |"
            echo "$1 $path $rps $p99 $cpu" >>"$results"
        done
    done
done

echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| path | server | req/s (mean) | ratio to nginx | p99 ms (mean) | p99 ratio to nginx | server CPU µs/req (mean) | goal (req/s ≥ 0.85 ×, p99 ≤ 2 × nginx's) |"
echo "|---|---|---:|---:|---:|---:|---:|---|"
for path in "${PATHS[@]}"; do
    awk -v path="$path" '$2 == path { if (!($1 in n)) order[++names] = $1; n[$1]++; rps[$1] += $3; p99[$1] += $4; cpu[$1] += $5 }
        END { base = rps["nginx"] / n["nginx"]; tail = p99["nginx"] / n["nginx"]
              for (i = 1; i <= names; i++) {
                  s = order[i]; r = (rps[s] / n[s]) / base; t = (p99[s] / n[s]) / tail
                  printf "| `%s` | %s | %.0f | %.2f | %.2f | %.2f | %.1f | %s |\n", path, s, rps[s] / n[s], r, p99[s] / n[s], t, cpu[s] / n[s],
                      s == "nginx" ? "" : (r >= 0.85 && t <= 2) ? "met" : "missed" } }' "$results"
done
if [[ $(wc -l <"$work/statushub.log") -gt $logged_before ]]; then
    echo
    echo "StatusHub logged during the measurement (Warning and above):"
    tail -n +"$((logged_before + 1))" "$work/statushub.log" | sed 's/^/  /' | tail -20
fi
