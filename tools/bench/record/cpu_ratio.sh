#!/usr/bin/env bash
# CPU cost of recording (issue 5, acceptance 5): `mimic record` of a 640x480@30 FIFO camera
# for N seconds against the ffmpeg CLI doing the same encode (libx264 ultrafast/zerolatency,
# CRF 23, keyframe every second, crash-safe Matroska) from the same kind of FIFO, measured in
# the same run. Prints user+system CPU seconds of each and the ratio (target <= 1.1).
#   cpu_ratio.sh MIMIC [SECONDS]
set -euo pipefail
mimic=$1; seconds=${2:-30}
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
feed() {  # a real-time camera into FIFO $1, slightly longer than the recording
    rm -f "$1"; mkfifo "$1"
    ffmpeg -v error -y -re -f lavfi -i testsrc2=s=640x480:r=30 -t $((seconds + 3)) \
        -f nut -c:v rawvideo -pix_fmt yuv420p "$1" 2>/dev/null &
}
cpu() { awk '{ printf "%.2f", $1 + $2 }' "$1"; }

feed "$dir/a.fifo"
/usr/bin/time -f "%U %S" -o "$dir/mimic.time" "$mimic" record --camera "$dir/a.fifo" \
    --mic none --seconds "$seconds" --out "$dir/mimic.mkv" >/dev/null
wait
feed "$dir/b.fifo"
/usr/bin/time -f "%U %S" -o "$dir/ffmpeg.time" ffmpeg -v error -y -i "$dir/b.fifo" -t "$seconds" \
    -c:v libx264 -preset ultrafast -tune zerolatency -crf 23 -g 30 -x264-params scenecut=0 \
    -flush_packets 1 -cluster_time_limit 300 -f matroska "$dir/ffmpeg.mkv"
wait
m=$(cpu "$dir/mimic.time"); f=$(cpu "$dir/ffmpeg.time")
echo "mimic record: ${m} s CPU for ${seconds} s ($(ffprobe -v error -count_frames -select_streams v -show_entries stream=nb_read_frames -of csv=p=0 "$dir/mimic.mkv") frames)"
echo "ffmpeg CLI:   ${f} s CPU for ${seconds} s ($(ffprobe -v error -count_frames -select_streams v -show_entries stream=nb_read_frames -of csv=p=0 "$dir/ffmpeg.mkv") frames)"
awk -v m="$m" -v f="$f" 'BEGIN { printf "ratio mimic/ffmpeg: %.2f (target <= 1.1)\n", m / f }'
