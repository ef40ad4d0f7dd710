#!/bin/bash
# The benchmark of issue 17: a call from the shell. For a "before" jar and this tree's jar ("after"),
# each with a local echo session of one worker in a home and Azurite port of its own, measured in
# the same run: (a) the median wall time of `--use ID --send x`, whole process, RUNS runs each,
# alternating before/after, and its ratio to the median of `--version`; (b) the client's storage
# transactions per single send; (c) the first reply to a session left idle IDLE seconds, and an idle
# worker's transactions per second over that time; (d) the wall time of a bash loop of LOOP single
# sends. Report on stdout, progress on stderr. See docs/benchmark.md.
# Usage: bash src/test/sh/call-benchmark.sh [--before COMMIT|JAR] [--runs N] [--idle SECONDS] [--loop N]
#        (defaults: 953cc1d, the head before issue 17; 8; 300; 100; BEFORE=... works too)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$ROOT"
BEFORE=${BEFORE:-953cc1d} RUNS=8 IDLE=300 LOOP=100
while (($#)); do
  case $1 in
    --before) BEFORE=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --idle) IDLE=$2; shift 2 ;;
    --loop) LOOP=$2; shift 2 ;;
    *) echo "error: unknown argument $1; usage: $0 [--before COMMIT|JAR] [--runs N] [--idle SECONDS] [--loop N]" >&2; exit 2 ;;
  esac
done
for n in "$RUNS" "$IDLE" "$LOOP"; do
  [[ $n =~ ^[0-9]+$ && $n -ge 1 ]] || { echo "error: --runs, --idle and --loop take a whole number of at least 1, not '$n'" >&2; exit 2; }
done
AZURITE=${SESSIONJAR_AZURITE:-$(command -v azurite-queue || echo "${XDG_CACHE_HOME:-$HOME/.cache}/session-jar/azurite-3.37.0/node_modules/.bin/azurite-queue")}
[[ -x $AZURITE ]] || { echo "error: no azurite-queue: npm install -g azurite@3.37.0, or set SESSIONJAR_AZURITE" >&2; exit 5; }
export SESSIONJAR_AZURITE=$AZURITE
unset SESSIONJAR_CDS JAVA_TOOL_OPTIONS JDK_JAVA_OPTIONS   # the default path a user runs

WORK=$(mktemp -d -t sessionjar-calls.XXXXXX)
export XDG_CACHE_HOME=$WORK/cache   # where the jar keeps its class-data-sharing archive: this run's own
SIDES=(before after)
declare -A JAR HOME_OF PORT ID
cleanup() {
  for side in "${SIDES[@]}"; do
    # Deleting a home's last session stops its workers, its supervisor and its Azurite.
    for session in "$WORK/$side/home"/sessions/*; do
      [[ -d $session && -s ${JAR[$side]:-} ]] && SESSIONJAR_HOME=$WORK/$side/home SESSIONJAR_AZURITE_PORT=${PORT[$side]} \
        java -jar "${JAR[$side]}" --delete "local:$(basename "$session")" >/dev/null 2>&1 || true
    done
  done
  # Whatever else of this run is left (an archive build, an Azurite), found by its unique folder:
  # SIGINT first (Azurite hangs on SIGTERM), then SIGKILL.
  local left; left=$(pgrep -f -- "$WORK/" || true)
  if [[ -n $left ]]; then kill -INT $left 2>/dev/null || true; sleep 1; kill -KILL $left 2>/dev/null || true; fi
  if [[ -d $WORK/before-src ]]; then git worktree remove --force "$WORK/before-src" >/dev/null 2>&1 || true; fi
  git worktree prune >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "calls: building this tree" >&2
mvn -B -o -q -DskipTests package >&2
mkdir -p "$WORK/after" "$WORK/before"
cp target/session.jar "$WORK/after/session.jar"
if [[ -f $BEFORE ]]; then
  cp "$BEFORE" "$WORK/before/session.jar"
else
  echo "calls: building $BEFORE in a temporary worktree" >&2
  git worktree add --detach "$WORK/before-src" "$BEFORE" >/dev/null 2>&1
  (cd "$WORK/before-src" && mvn -B -o -q -DskipTests package >&2)
  cp "$WORK/before-src/target/session.jar" "$WORK/before/session.jar"
  git worktree remove --force "$WORK/before-src"
fi
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for side in "${SIDES[@]}"; do
  JAR[$side]=$WORK/$side/session.jar HOME_OF[$side]=$WORK/$side/home
  while PORT[$side]=$((20000 + RANDOM % 20000)); listening "${PORT[$side]}"; do :; done
done
# Runs side $1's jar with the rest as arguments, in its own home against its own Azurite.
jar() { local side=$1; shift; SESSIONJAR_HOME=${HOME_OF[$side]} SESSIONJAR_AZURITE_PORT=${PORT[$side]} java -jar "${JAR[$side]}" "$@"; }
now() { date +%s%N; }
ms() { echo $(( ($2 - $1) / 1000000 )); }
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
# The client's storage transactions of a send, from its summary line on stderr (file $1).
client_tx() {
  sed -nE 's/.*Storage transactions: .*\(client ([0-9.]+).*/\1/p; s/.*Storage transactions: ([0-9.]+) per round trip by this client.*/\1/p' "$1" | tail -1
}
worker_tx() { sed -nE 's/.*"total":([0-9]+).*/\1/p' "${HOME_OF[$1]}"/sessions/*/worker-1.stats.json; }

for side in "${SIDES[@]}"; do
  echo "calls: $side: creating a local echo session of one worker (Azurite on 127.0.0.1:${PORT[$side]})" >&2
  ID[$side]=$(jar "$side" --create --config EchoSessionConfig.json --local 2>"$WORK/$side/create.log") \
    || { cat "$WORK/$side/create.log" >&2; exit 5; }
  # Warm-up; the first --use of a jar that makes its own class-data-sharing archive starts its build.
  for _ in 1 2; do jar "$side" --use "${ID[$side]}" --send warm-up >/dev/null 2>&1; done
done
for _ in $(seq 600); do pgrep -f -- "Xshare:dump.*$WORK/" >/dev/null || break; sleep 0.2; done
for side in "${SIDES[@]}"; do jar "$side" --use "${ID[$side]}" --send warm-up >/dev/null 2>&1; done

echo "calls: (a, b) $RUNS runs of each, alternating" >&2
for run in $(seq "$RUNS"); do
  for side in "${SIDES[@]}"; do
    start=$(now); jar "$side" --use "${ID[$side]}" --send x >/dev/null 2>"$WORK/$side/send.err" || { cat "$WORK/$side/send.err" >&2; exit 1; }
    ms "$start" "$(now)" >>"$WORK/$side/send.ms"
    client_tx "$WORK/$side/send.err" >>"$WORK/$side/send.tx"
    start=$(now); jar "$side" --version >/dev/null 2>&1; ms "$start" "$(now)" >>"$WORK/$side/version.ms"
  done
done

echo "calls: (c) both sessions idle for $IDLE s" >&2
declare -A IDLE_TX FIRST_MS FIRST_RT
for side in "${SIDES[@]}"; do IDLE_TX[$side]=$(worker_tx "$side"); done
sleep "$IDLE"
for side in "${SIDES[@]}"; do IDLE_TX[$side]=$(awk -v a="${IDLE_TX[$side]}" -v b="$(worker_tx "$side")" -v s="$IDLE" 'BEGIN {printf "%.2f", (b - a) / s}'); done
for side in "${SIDES[@]}"; do
  start=$(now); jar "$side" --use "${ID[$side]}" --send x >/dev/null 2>"$WORK/$side/idle.err"
  FIRST_MS[$side]=$(ms "$start" "$(now)")
  FIRST_RT[$side]=$(sed -nE 's/.*round trips took ([0-9]+) ms \(p50\).*/\1/p' "$WORK/$side/idle.err" | tail -1)
done

echo "calls: (d) a bash loop of $LOOP single sends, each side" >&2
declare -A LOOP_S
for side in "${SIDES[@]}"; do
  start=$(now)
  for _ in $(seq "$LOOP"); do jar "$side" --use "${ID[$side]}" --send x >/dev/null 2>&1; done
  LOOP_S[$side]=$(awk -v t="$(ms "$start" "$(now)")" 'BEGIN {printf "%.1f", t / 1000}')
done

row() { printf '%-58s %12s %12s\n' "$@"; }
echo "session.jar calls from the shell (issue 17): before = $BEFORE, after = this tree; $RUNS runs each, alternating"
row "figure" "before" "after"
declare -A SEND VERSION
for side in "${SIDES[@]}"; do
  SEND[$side]=$(median <"$WORK/$side/send.ms") VERSION[$side]=$(median <"$WORK/$side/version.ms")
done
row "(a) --use ID --send x, median wall ms" "${SEND[before]}" "${SEND[after]}"
row "    --version, median wall ms" "${VERSION[before]}" "${VERSION[after]}"
row "    send / --version" "$(awk -v a="${SEND[before]}" -v b="${VERSION[before]}" 'BEGIN {printf "%.2fx", a / b}')" \
  "$(awk -v a="${SEND[after]}" -v b="${VERSION[after]}" 'BEGIN {printf "%.2fx", a / b}')"
row "(b) client storage transactions per single send (median)" "$(median <"$WORK/before/send.tx")" "$(median <"$WORK/after/send.tx")"
row "(c) first send after $IDLE s idle: wall ms" "${FIRST_MS[before]}" "${FIRST_MS[after]}"
row "    its round trip (send to reply), ms" "${FIRST_RT[before]:-n/a}" "${FIRST_RT[after]:-n/a}"
row "    an idle worker's transactions/s over the $IDLE s" "${IDLE_TX[before]}" "${IDLE_TX[after]}"
row "(d) bash loop of $LOOP single sends, total wall s" "${LOOP_S[before]}" "${LOOP_S[after]}"
echo "targets: (a) <= 500 ms and <= 2.5x --version; (b) <= 6; (c) round trip <= 1000 ms at <= 0.5 tx/s"
echo "machine: $(nproc) cores; load average (1, 5, 15 min) at the end: $(uptime | sed 's/.*load average: //')"
