#!/usr/bin/env bash
# Figure (issue 11): "practice recording starts within 100 ms of the 'your turn' cue; the
# offset is stored with the trial". Runs SESSIONS headless sessions of TRIALS trials each on a
# FIFO camera (an ffmpeg testsrc2 writer at 30 fps, as a webcam delivers frames; a fresh
# writer per session, since a FIFO's writer ends with its reader) and reads the figure back
# from the store: for every trial with a complete recording,
#
#   offset = trials.practice_start_ms - trials.attempt_offset_ms
#
# practice_start_ms is when the practice began after the first "your turn" cue, and
# attempt_offset_ms where that moment lies in the recording (after its first frame), so their
# difference is the time from the cue to the recording's first frame (steady clock, ms).
# The recording's own time 0 is the cue, so the first picture's timestamp in the file
# (ffprobe) is a second reading of the same figure; the two must agree within 2 ms. It prints
# one line per trial, the median and the maximum beside the load average, and a last line
# PASS or FAIL against the 100 ms limit (exit status 0 or 1; 2 when the bench itself failed).
#
#   tools/bench/session/cue_to_recording.sh [BUILD_DIR] [SESSIONS] [TRIALS]
#
# BUILD_DIR defaults to build/release (a Release build: `cmake --preset release`).
set -euo pipefail
build=${1:-build/release}
sessions=${2:-5}
trials=${3:-3}
limit_ms=100
mimic="$build/src/app/mimic"
[[ -x "$mimic" ]] || { echo "cue_to_recording.sh: no mimic at $mimic (build it first)"; exit 2; }
work=$(mktemp -d)
writer=
# An ffmpeg blocked opening a FIFO ignores SIGTERM: writers are ended with SIGKILL.
trap '[[ -n $writer ]] && kill -9 $writer 2>/dev/null; rm -rf "$work"' EXIT
ffmpeg -v error -nostdin -f lavfi -i testsrc2=s=320x240:r=30 -f lavfi -i sine -t 1 \
    -c:v libx264 -c:a aac -shortest "$work/model.mp4"
cat > "$work/manifest.json" <<JSON
{"version": 1, "clips": [{"file": "$work/model.mp4", "title": "Model", "model_kind": "peer",
  "behaviour": {"name": "greeting", "domain": "communication", "definition": "Says hello."}}]}
JSON
export SDL_AUDIODRIVER=dummy
data="$work/data"
"$mimic" --data-dir "$data" demo install --manifest "$work/manifest.json" >/dev/null
mkfifo "$work/camera.fifo"

: > "$work/figures"
: > "$work/ready"
for ((s = 1; s <= sessions; s++)); do
    ffmpeg -v error -nostdin -re -f lavfi -i testsrc2=s=640x480:r=30 -t 600 -f nut \
        -c:v rawvideo -pix_fmt yuv420p -y "$work/camera.fifo" >/dev/null 2>&1 &
    writer=$!
    # The session opens the camera within 10 s or fails; the kill guards against anything else.
    if ! MIMIC_LOG=info timeout -s KILL 300 "$mimic" --data-dir "$data" session --headless \
        --child demo --behaviour greeting --camera "$work/camera.fifo" --mic none \
        --trials "$trials" --practice-seconds 1 --json >"$work/out" 2>"$work/log"; then
        echo "session $s failed:"; cat "$work/log"; exit 2
    fi
    # How long after each cue the recorder had its file ready (the runner's log; the frames
    # of that time come from the camera's one-second ring).
    { grep -o "recorder was ready -\?[0-9]* ms" "$work/log" || true; } |
        grep -o -- "-\?[0-9]*" >> "$work/ready" || true
    kill -9 "$writer" 2>/dev/null || true
    wait "$writer" 2>/dev/null || true
    writer=
    session=$(grep -o '"session": [0-9]*' "$work/out" | grep -o '[0-9]*$')
    sqlite3 -readonly -separator ' ' "$data/mimic.db" "
        SELECT trials.id, trials.practice_start_ms, trials.attempt_offset_ms, recordings.path
        FROM trials JOIN recordings ON recordings.id = trials.recording_id
        WHERE trials.session_id = $session AND recordings.status = 'complete'
        ORDER BY trials.id" |
        while read -r trial practice attempt recording; do
            first=$(ffprobe -v error -select_streams v:0 -show_entries packet=pts_time \
                -read_intervals '%+#1' -of csv=p=0 "$data/$recording" | head -n1)
            echo "$s $trial $practice $attempt $first"
        done >> "$work/figures"
done

# The median of a sorted column of numbers.
median() { awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
if [[ -s "$work/ready" ]]; then
    echo "recorder ready after the cue (its frames since the cue come from the camera's ring):" \
        "median $(sort -n "$work/ready" | median) ms, max $(sort -n "$work/ready" | tail -n1) ms"
fi
awk -v limit="$limit_ms" -v load="$(cut -d' ' -f1-3 /proc/loadavg)" -v want=$((sessions * trials)) '
    {
        offset = $3 - $4; file_ms = $5 * 1000
        # attempt_offset_ms is stored clamped at 0: an offset past the practice start is lost.
        if ($4 == 0) clamped++
        if (file_ms - offset > 2 || offset - file_ms > 2) disagree++
        printf "session %d trial %d: %d ms from the cue to the first frame (stored: practice " \
               "start %d ms, attempt at %d ms in the file; first picture in the file at %.0f ms)\n",
               $1, $2, offset, $3, $4, file_ms
        v[++n] = offset
    }
    END {
        if (n == 0) { print "FAIL: no trial with a complete recording"; exit 1 }
        for (i = 2; i <= n; i++)  # insertion sort: mawk has no asort
            for (j = i; j > 1 && v[j - 1] > v[j]; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
        median = (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
        printf "%d trials: median %g ms, max %d ms, limit %d ms (max/limit %.2f); load average %s\n",
               n, median, v[n], limit, v[n] / limit, load
        why = ""
        if (n < want) why = why sprintf("; only %d of %d trials recorded", n, want)
        if (clamped) why = why sprintf("; %d offsets clamped in the store", clamped)
        if (disagree) why = why sprintf("; %d stored offsets disagree with the file by over 2 ms", disagree)
        if (v[n] > limit) why = why sprintf("; max %d ms is over the limit", v[n])
        if (why == "") { printf "PASS: every recording started within %d ms of its cue (max %d ms)\n", limit, v[n]; exit 0 }
        printf "FAIL: %s\n", substr(why, 3); exit 1
    }' "$work/figures"
