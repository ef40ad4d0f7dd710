#!/bin/bash
# Issue 17's local latency and cost figures, for two builds side by side (e.g. main's jar and this
# one's): a local echo session of one worker each, in homes and on ports of the script's own; ROUNDS
# times, both idle IDLE s (the back-off is at its longest, Queues__QueryInterval 3 s, after 30 s),
# then one `--use ID --send x` to each, whose round trip and client transactions are printed; last, an
# idle worker's storage transactions/s over 180 s, from its stats file. Medians on the last lines.
# Usage: bash src/test/sh/idle-wake.sh BEFORE.jar AFTER.jar [ROUNDS] [IDLE]   (5 rounds, 65 s)
set -euo pipefail
[[ $# -ge 2 && -f $1 && -f $2 ]] || { echo "usage: $0 BEFORE.jar AFTER.jar [ROUNDS] [IDLE]" >&2; exit 2; }
JARS=("$(realpath "$1")" "$(realpath "$2")") NAMES=(before after)
ROUNDS=${3:-5} IDLE=${4:-65}
WORK=$(mktemp -d -t sessionjar-wake.XXXXXX)
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
declare -a PORTS IDS
for i in 0 1; do
  while PORTS[$i]=$((20000 + RANDOM % 20000)); listening "${PORTS[$i]}"; do :; done
done
jar() { SESSIONJAR_HOME=$WORK/home-$1 SESSIONJAR_AZURITE_PORT=${PORTS[$1]} java -jar "${JARS[$1]}" "${@:2}"; }
cleanup() {
  for i in 0 1; do
    [[ -n ${IDS[$i]:-} ]] && jar "$i" --delete "${IDS[$i]}" >/dev/null 2>&1 || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
echo '{"Service": "echo", "NodeCount": 1}' > "$WORK/echo.json"
for i in 0 1; do
  IDS[$i]=$(jar "$i" --create --config "$WORK/echo.json" --local 2>/dev/null)
done
total() { python3 -c "import json,sys; print(sum(json.load(open(f))['transactions']['total'] for f in sys.argv[1:]))" "$@"; }
declare -a RTT0 RTT1 TX0 TX1
for round in $(seq 1 "$ROUNDS"); do
  sleep "$IDLE"
  for i in 0 1; do
    out=$(jar "$i" --use "${IDS[$i]}" --send x --output json 2>"$WORK/err")
    rtt=$(grep -o 'round trips took [0-9]* ms' "$WORK/err" | grep -o '[0-9]*' | head -1)
    tx=$(python3 -c "import json,sys; print(json.loads(sys.argv[1])['send']['transactions']['client'])" "$out")
    echo "round $round ${NAMES[$i]}: first reply after ${IDLE} s idle in ${rtt} ms, client transactions ${tx}"
    if [[ $i == 0 ]]; then RTT0+=("$rtt"); TX0+=("$tx"); else RTT1+=("$rtt"); TX1+=("$tx"); fi
  done
done
sleep 60
b0=$(total "$WORK"/home-0/sessions/*/worker-*.stats.json); a0=$(total "$WORK"/home-1/sessions/*/worker-*.stats.json)
sleep 180
b1=$(total "$WORK"/home-0/sessions/*/worker-*.stats.json); a1=$(total "$WORK"/home-1/sessions/*/worker-*.stats.json)
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print (NR % 2 ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2)}'; }
echo "median first reply after ${IDLE} s idle: before $(median "${RTT0[@]}") ms, after $(median "${RTT1[@]}") ms"
echo "median client transactions of a single send: before $(median "${TX0[@]}"), after $(median "${TX1[@]}")"
echo "idle worker (180 s, after 60 s idle): before $(python3 -c "print(round(($b1-$b0)/180,3))")/s, after $(python3 -c "print(round(($a1-$a0)/180,3))")/s"
