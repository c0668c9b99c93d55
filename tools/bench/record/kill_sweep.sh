#!/usr/bin/env bash
# Issue 5, acceptance 3: `mimic record` killed with SIGKILL t seconds after it started
# (t = 3..20 by default); prints how much of the .partial plays against t, and the start-up
# (process start to the first recorded frame), then checks that recovery keeps the file.
#   kill_sweep.sh MIMIC [T...]
set -euo pipefail
mimic=$1; shift; times=${*:-3 5 8 12 16 20}
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/data/recordings"
for t in $times; do
    out="$dir/data/recordings/k$t.mkv"
    start=$(date +%s.%N)
    "$mimic" record --camera synthetic --mic none --seconds 60 --out "$out" >/dev/null 2>&1 &
    pid=$!
    sleep "$t"; kill -9 $pid; wait $pid 2>/dev/null || true
    frames=$(ffprobe -v error -count_frames -select_streams v -show_entries stream=nb_read_frames -of csv=p=0 "$out.partial")
    awk -v t="$t" -v n="$frames" 'BEGIN { printf "t=%2d s: .partial plays %.2f s (%d frames); lost vs t: %.2f s\n", t, n/30, n, t - n/30 }'
done
# Start-up: process start to the .partial's header, measured once.
out="$dir/startup.mkv"; s=$(date +%s%N)
"$mimic" record --camera synthetic --mic none --seconds 60 --out "$dir/data/recordings/startup.mkv" >/dev/null 2>&1 &
pid=$!
until [ -s "$dir/data/recordings/startup.mkv.partial" ]; do sleep 0.005; done
e=$(date +%s%N); kill -9 $pid; wait $pid 2>/dev/null || true
echo "start-up (process start to the file's header): $(( (e - s) / 1000000 )) ms"
rm -f "$dir/data/recordings/startup.mkv.partial"
"$mimic" child add --data-dir "$dir/data" sweep >/dev/null  # creates the database
"$mimic" recover --data-dir "$dir/data" || true
ls "$dir/data/recordings"
