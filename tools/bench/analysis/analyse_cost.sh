#!/usr/bin/env bash
# Cost of `mimic analyse` and of a de-identified export (issue 15, build 4): a 60 s 640x480
# 30 fps recording with a real face (scikit-image's astronaut, Debian's python3-skimage) moving
# on a test pattern and a sound track, analysed, and exported with its faces blurred and its
# voice shifted, each on one core (taskset -c 0). Prints the CPU times as a share of the
# recording's length (the targets: at most 0.5 and 1.0) and, as a reference run in the same
# script, the CPU time of `ffmpeg` decoding the same file.
# Usage: tools/bench/analysis/analyse_cost.sh MIMIC [SECONDS] [DEIDENTIFY_FILE]
#   DEIDENTIFY_FILE: the bench tool built beside mimic (default: found from MIMIC's build tree)
set -euo pipefail
mimic=$(realpath "${1:?usage: analyse_cost.sh MIMIC [SECONDS] [DEIDENTIFY_FILE]}")
seconds=${2:-60}
deidentify=${3:-}
if [[ -z "$deidentify" ]]; then  # the build tree mimic is in: build/X/src/app/mimic
    deidentify=$(dirname "$mimic")/../../tools/bench/analysis/deidentify_file
fi
[[ -x "$deidentify" ]] || { echo "needs the deidentify_file bench tool (give its path)" >&2; exit 2; }
face=/usr/lib/python3/dist-packages/skimage/data/astronaut.png
[[ -f "$face" ]] || { echo "needs $face (python3-skimage)" >&2; exit 2; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
ffmpeg -v error -nostdin -f lavfi -i "testsrc2=s=640x480:r=30:d=$seconds" -loop 1 -i "$face" \
    -f lavfi -i "sine=f=300:r=48000:d=$seconds" -filter_complex \
    "[1:v]crop=220:250:140:10,scale=200:228[f];[0:v][f]overlay=x=80+100*sin(t):y=60[v]" \
    -map '[v]' -map 2:a -t "$seconds" -c:v libx264 -pix_fmt yuv420p -c:a aac -y "$dir/rec.mkv"

cpu() {  # user+sys seconds of the command, on core 0
    /usr/bin/time -f "%U %S" -o "$dir/time" taskset -c 0 "$@" >/dev/null 2>&1
    awk '{ printf "%.2f", $1 + $2 }' "$dir/time"
}
best() {  # the least of three runs
    local b=
    for _ in 1 2 3; do
        local t; t=$(cpu "$@")
        if [[ -z "$b" ]] || awk -v t="$t" -v b="$b" 'BEGIN { exit !(t < b) }'; then b=$t; fi
    done
    echo "$b"
}
analyse=$(best "$mimic" analyse "$dir/rec.mkv" --json)
blurred() { rm -f "$dir/out.mp4"; "$deidentify" "$dir/rec.mkv" "$dir/out.mp4" --voice-shift; }
export -f blurred; export deidentify dir
export_cpu=$(best bash -c blurred)
decode=$(best ffmpeg -v error -nostdin -threads 1 -i "$dir/rec.mkv" -f null -)
awk -v a="$analyse" -v e="$export_cpu" -v d="$decode" -v s="$seconds" 'BEGIN {
    printf "mimic analyse: %.2f s CPU for %d s of recording: %.3fx real time (limit 0.5)\n", a, s, a / s
    printf "blurred export (faces blurred, voice shifted): %.2f s CPU: %.3fx real time (limit 1.0)\n", e, e / s
    printf "ffmpeg decode (reference, same file): %.2f s CPU: analysis %.2fx, export %.2fx the decode\n", d, a / d, e / d
    if (a / s <= 0.5 && e / s <= 1.0) print "PASS"; else { print "FAIL"; exit 1 }
}'
