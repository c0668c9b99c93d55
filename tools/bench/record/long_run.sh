#!/usr/bin/env bash
# Issue 5, acceptance 1: 60 s from a real-time FIFO camera (640x480@30) with SDL's disk driver
# as the microphone. Prints mimic's report and ffprobe's figures side by side.
#   long_run.sh MIMIC [SECONDS]
set -euo pipefail
mimic=$1; seconds=${2:-60}
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
mkfifo "$dir/cam.fifo"
ffmpeg -v error -f lavfi -i sine=f=440:r=48000 -t $((seconds + 5)) -f f32le "$dir/mic.f32"
ffmpeg -v error -y -re -f lavfi -i testsrc2=s=640x480:r=30 -t $((seconds + 3)) \
    -f nut -c:v rawvideo -pix_fmt yuv420p "$dir/cam.fifo" 2>/dev/null &
SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILEIN="$dir/mic.f32" "$mimic" record --camera "$dir/cam.fifo" \
    --seconds "$seconds" --out "$dir/out.mkv" 2>&1 | grep -v CRITICAL
wait
echo "ffprobe: video frames $(ffprobe -v error -count_frames -select_streams v -show_entries stream=nb_read_frames -of csv=p=0 "$dir/out.mkv")," \
     "audio ends at $(ffprobe -v error -select_streams a -show_entries packet=pts_time,duration_time -of csv=p=0 "$dir/out.mkv" | tail -1 | awk -F, '{printf "%.3f s", $1 + $2}')," \
     "format duration $(ffprobe -v error -show_entries format=duration -of csv=p=0 "$dir/out.mkv") s"
