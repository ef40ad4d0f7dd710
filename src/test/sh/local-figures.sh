#!/bin/bash
# Local-session figures: wall time of `--use ID --send x` (median of 10), and --count 20000 at NodeCount 1 and 2.
# Usage: mvn -B -q package -DskipTests && bash src/test/sh/local-figures.sh   (COUNT=N to change 20000)
set -e
JAR=${JAR:-$(cd "$(dirname "$0")/../../.." && pwd)/target/session.jar}
export SESSIONJAR_HOME=$(mktemp -d) SESSIONJAR_AZURITE_PORT=${SESSIONJAR_AZURITE_PORT:-10199}
cd "$SESSIONJAR_HOME"
echo '{"NodeCount": 1}' > one.json; echo '{"NodeCount": 2}' > two.json
id=$(java -jar $JAR --create --config one.json --local 2>/dev/null)
java -jar $JAR --use $id --send warm --count 200 2>/dev/null
for i in $(seq 10); do
  s=$(date +%s%N); java -jar $JAR --use $id --send x 2>/dev/null; e=$(date +%s%N); echo $(( (e - s) / 1000000 ))
done | sort -n | tee walls.txt | awk '{a[NR]=$1} END {print "use --send x wall ms: median", (a[5]+a[6])/2, "min", a[1], "max", a[NR]}'
for nodes in one two; do
  java -jar $JAR --update $id --config $nodes.json 2>/dev/null
  java -jar $JAR --use $id --send x --count ${COUNT:-20000} 2>&1 | grep Throughput | sed "s/^/$nodes node(s): /"
done
java -jar $JAR --delete $id 2>/dev/null
