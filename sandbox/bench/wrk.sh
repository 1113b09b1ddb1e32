#!/usr/bin/env bash
# Measures the sandbox's keep-alive throughput with wrk (apt-get install wrk).
# Usage: sandbox/bench/wrk.sh [DURATION_S] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/../.."
DUR="${1:-10}"
CONNS="${2:-64}"
PORT=18099
SECRET="demo-secret-0123456789abcdef0123456789ab"
cargo build --release -q -p justclick-sandbox --bin justclick-sandbox
target/release/justclick-sandbox --port "$PORT" >/dev/null &
PID=$!
trap 'kill -TERM "$PID" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break
  sleep 0.1
done
md5() { printf '%s' "$1" | md5sum | cut -d' ' -f1; }

echo "== GetAllGroups (no params), $CONNS connections, ${DUR}s"
JC_BODY="hash=$(md5 "::demo::$SECRET")" \
  wrk -t2 -c"$CONNS" -d"${DUR}s" -s sandbox/bench/post.lua "http://127.0.0.1:$PORT/api/GetAllGroups"

Q='lead_email=user%40example.com&rass_name=super'
echo "== DeleteSubscribe (signed params, state change), $CONNS connections, ${DUR}s"
JC_BODY="$Q&hash=$(md5 "$Q::demo::$SECRET")" \
  wrk -t2 -c"$CONNS" -d"${DUR}s" -s sandbox/bench/post.lua "http://127.0.0.1:$PORT/api/DeleteSubscribe"
