#!/usr/bin/env bash
# Figure (issue 11): "practice recording starts within 100 ms of the turn cue". Runs a
# headless session of N trials on a FIFO camera (an ffmpeg testsrc2 writer at 30 fps, as a
# webcam delivers frames) and prints, per trial, how long after the turn cue the recording's
# first frame came (the runner logs it at MIMIC_LOG=info), then the worst, beside the load.
#
#   tools/bench/session/cue_to_recording.sh [BUILD_DIR] [TRIALS]
set -euo pipefail
build=${1:-build/dev}
trials=${2:-5}
mimic="$build/src/app/mimic"
work=$(mktemp -d)
trap 'kill -9 ${writer:-0} 2>/dev/null || true; rm -rf "$work"' EXIT
ffmpeg -v error -f lavfi -i testsrc2=s=320x240:r=30 -f lavfi -i sine -t 1 -c:v libx264 \
    -c:a aac -shortest "$work/model.mp4"
cat > "$work/manifest.json" <<JSON
{"version": 1, "clips": [{"file": "$work/model.mp4", "title": "Model", "model_kind": "peer",
  "behaviour": {"name": "greeting", "domain": "communication", "definition": "Says hello."}}]}
JSON
export SDL_AUDIODRIVER=dummy
"$mimic" --data-dir "$work/data" demo install --manifest "$work/manifest.json" >/dev/null
mkfifo "$work/camera.fifo"
ffmpeg -v error -re -f lavfi -i testsrc2=s=640x480:r=30 -t 600 -f nut -c:v rawvideo \
    -pix_fmt yuv420p "$work/camera.fifo" >/dev/null 2>&1 &
writer=$!
MIMIC_LOG=info "$mimic" --data-dir "$work/data" session --headless --child demo \
    --behaviour greeting --camera "$work/camera.fifo" --mic none --trials "$trials" \
    --practice-seconds 1 2>"$work/log" >/dev/null
grep -o "first frame [0-9]* ms after the turn cue" "$work/log" |
    awk -v load="$(cut -d' ' -f1 /proc/loadavg)" '
        { ms = $3; print "trial " NR ": " ms " ms"; if (ms > worst) worst = ms }
        END { printf "worst %d ms of %d trials (limit 100 ms), load average %s\n", worst, NR, load
              exit (worst > 100) }'
