#!/bin/bash
# Prints the folder of the node image of the current recipe (build-image.sh, beside this file),
# building it first if this machine has none: ${XDG_CACHE_HOME:-~/.cache}/session-jar/vm/<the first
# 16 hex digits of the recipe's SHA-256>/. A changed recipe builds a new image and removes the old.
# One build at a time (flock): NodeVmIT calls this, and .ci/run calls it early, in the background, so
# that the build overlaps the other tests and the test finds the image made, or waits for it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/session-jar/vm"
hash="$(sha256sum "$here/build-image.sh" | cut -c1-16)"
mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9
if [ ! -f "$cache/$hash/ready" ]; then
  find "$cache" -mindepth 1 -maxdepth 1 -type d -exec rm -rf {} +
  echo "node-image: building $cache/$hash (minutes; cached afterwards), log in $cache/build.log" >&2
  start=$SECONDS
  if ! nice -n 10 bash "$here/build-image.sh" "$cache/$hash.building" >"$cache/build.log" 2>&1; then
    tail -n 40 "$cache/build.log" >&2
    echo "node-image: the build failed; its log: $cache/build.log" >&2
    exit 1
  fi
  mv "$cache/$hash.building" "$cache/$hash"
  echo "built in $(( SECONDS - start )) s" >"$cache/$hash/ready"
  echo "node-image: built in $(( SECONDS - start )) s" >&2
fi
echo "$cache/$hash"
