#!/bin/bash
# The benchmark of issue 5: the raw ceiling (the SDK alone) and session.jar end to end (1 and 2
# nodes, unpacked and --pack 32), interleaved, REPS times, against an Azurite of its own; the
# report (medians, ratios, targets) on stdout, progress on stderr. See docs/benchmark.md.
# Usage: bash src/test/sh/benchmark.sh [N] [REPS] [--idle] [-- extra client args]   (N=20000, REPS=3)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$ROOT"
N=20000 REPS=3
[[ ${1:-} =~ ^[0-9]+$ ]] && { N=$1; shift; }
[[ ${1:-} =~ ^[0-9]+$ ]] && { REPS=$1; shift; }

echo "bench: building" >&2
mvn -B -q -DskipTests package >&2   # -DskipTests compiles the tests too: the benchmark's classes
if [[ ! -s target/bench.classpath || pom.xml -nt target/bench.classpath ]]; then
  mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >&2
fi

AZURITE=${SESSIONJAR_AZURITE:-$(command -v azurite-queue || echo "${XDG_CACHE_HOME:-$HOME/.cache}/session-jar/azurite-3.37.0/node_modules/.bin/azurite-queue")}
[[ -x $AZURITE ]] || { echo "error: no azurite-queue: npm install -g azurite@3.37.0, or set SESSIONJAR_AZURITE" >&2; exit 5; }

# A home, an Azurite and a port of the benchmark's own: the user's sessions are never touched.
WORK=$(mktemp -d -t sessionjar-bench.XXXXXX)
export SESSIONJAR_HOME=$WORK/home SESSIONJAR_AZURITE=$AZURITE
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
while PORT=$((20000 + RANDOM % 20000)); listening "$PORT"; do :; done
export SESSIONJAR_AZURITE_PORT=$PORT
AZURITE_PID=
cleanup() {
  # Sessions a failed or interrupted run left behind: their workers are detached processes.
  for session in "$SESSIONJAR_HOME"/sessions/*; do
    [[ -d $session ]] && java -jar target/session.jar --delete "local:$(basename "$session")" >/dev/null 2>&1 || true
  done
  if [[ -n $AZURITE_PID ]]; then kill "$AZURITE_PID" 2>/dev/null || true; wait "$AZURITE_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$WORK/azurite"
# The home's own account key, made as session.jar makes it (64 random bytes, user-only file): session.jar
# refuses an Azurite that does not take it. The key goes in Azurite's environment, never its arguments.
(umask 077 && mkdir -p "$SESSIONJAR_HOME" && head -c 64 /dev/urandom | base64 -w0 >"$SESSIONJAR_HOME/azurite-account.key")
AZURITE_ACCOUNTS="devstoreaccount1:$(cat "$SESSIONJAR_HOME/azurite-account.key")" "$AZURITE" --queueHost 127.0.0.1 --queuePort "$PORT" --location "$WORK/azurite" --disableTelemetry --silent \
  --skipApiVersionCheck >"$WORK/azurite.log" 2>&1 &
AZURITE_PID=$!
for _ in $(seq 300); do listening "$PORT" && break; sleep 0.1; done
listening "$PORT" || { echo "error: Azurite did not start: $(tail -1 "$WORK/azurite.log")" >&2; exit 5; }

echo "bench: Azurite on 127.0.0.1:$PORT, N=$N, REPS=$REPS" >&2
load() { uptime | sed 's/.*load average: //'; }
before=$(load)
# Tuned as session.jar's own client is (C1, serial GC): the raw ceiling runs in this JVM, and the
# CPU that C2 and G1 would take is CPU Azurite needs on the same machine.
java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  -Dsessionjar.jar="$ROOT/target/session.jar" com.sessionjar.bench.Benchmark "$N" "$REPS" "$@"
echo "machine: $(nproc) cores; load average (1, 5, 15 min) before: $before; after: $(load)"
