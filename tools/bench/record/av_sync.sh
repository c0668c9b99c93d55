#!/usr/bin/env bash
# A/V alignment: mimic-av-rig (tests/capture/av_rig.cpp, built in the tests tree) writes a camera
# that flashes white for 100 ms once a second into a FIFO (YUV4MPEG2) and a microphone signal
# that beeps (1 kHz, 100 ms) at the same instants into a second FIFO read by SDL's disk
# driver, each stream from its own thread on one clock (see av_rig.cpp for why not ffmpeg).
# `mimic record` records both; the flash and beep onsets found in the file are compared.
#   av_sync.sh MIMIC [SECONDS] [LIMIT_MS]
# prints one line per second, how late the rig's own writes were, and the worst offset in
# ms. With LIMIT_MS (the CTest record_av_sync) it fails when an offset exceeds it, when a beep
# was broken up (sound inserted or dropped mid-beep: more beeps than flashes), or when pairs
# are missing.   MIMIC_AV_RIG overrides where the rig is found.
set -euo pipefail
mimic=$1; seconds=${2:-10}; limit=${3:-}
rig=${MIMIC_AV_RIG:-$(dirname "$mimic")/../../tests/capture/mimic-av-rig}
[[ -x "$rig" ]] || { echo "av_sync.sh: no rig at $rig (build mimic-av-rig or set MIMIC_AV_RIG)"; exit 2; }
dir=$(mktemp -d); trap 'kill -9 $writer 2>/dev/null || true; rm -rf "$dir"' EXIT
mkfifo "$dir/cam.fifo" "$dir/mic.fifo"
# A second more than mimic records: the rig must not end before the recording does.
"$rig" "$dir/cam.fifo" "$dir/mic.fifo" $((seconds + 2)) 2>"$dir/rig.txt" &
writer=$!
# The disk driver sleeps less than a buffer's length (21 ms), so the rig paces it.
SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILEIN="$dir/mic.fifo" SDL_DISKAUDIODELAY=12 \
  "$mimic" record --camera "$dir/cam.fifo" --seconds "$seconds" --out "$dir/out.mkv" 2>&1 |
  grep -v CRITICAL
# The rig stops writing once mimic has closed the FIFOs, and reports how well it kept time.
wait $writer 2>/dev/null || true
cat "$dir/rig.txt"
# Flash onsets: first frame of each bright run. Beep onsets: first 1 ms of each loud run.
ffprobe -v error -f lavfi -i "movie=$dir/out.mkv,signalstats" \
  -show_entries frame=pts_time:frame_tags=lavfi.signalstats.YAVG -of csv=p=0 |
  awk -F, '{ b = ($2 > 128); if (b && !prev) print $1; prev = b }' > "$dir/flash.txt"
ffprobe -v error -f lavfi -i "amovie=$dir/out.mkv,asetnsamples=n=48,astats=metadata=1:reset=1" \
  -show_entries frame=pts_time:frame_tags=lavfi.astats.Overall.Peak_level -of csv=p=0 |
  awk -F, '{ b = ($2 != "-inf" && $2 > -20); if (b && !prev) print $1; prev = b }' > "$dir/beep.txt"
python3 - "$dir/flash.txt" "$dir/beep.txt" "$seconds" "$limit" <<'PY'
import sys
# A pulse under way when the recording started is cut, not begun: no onset in the first 150 ms.
flash = [float(x) for x in open(sys.argv[1]) if float(x) >= 0.15]
beep = [float(x) for x in open(sys.argv[2]) if float(x) >= 0.15]
pairs = []
for f in flash:
    near = min(beep, key=lambda b: abs(b - f), default=None)
    if near is not None and abs(near - f) < 0.5:
        pairs.append((f, (near - f) * 1000))
for f, d in pairs:
    print(f"flash {f:7.3f} s  beep {d:+6.1f} ms")
if not pairs:
    print("no flash/beep pairs found"); sys.exit(1)
worst = max(pairs, key=lambda p: abs(p[1]))[1]
mean = sum(d for _, d in pairs) / len(pairs)
print(f"pairs {len(pairs)} (flashes {len(flash)}, beeps {len(beep)}); mean {mean:+.1f} ms; worst {worst:+.1f} ms")
if sys.argv[4]:
    limit = float(sys.argv[4])
    problems = []
    if abs(worst) > limit: problems.append(f"worst offset {worst:+.1f} ms is beyond {limit:g} ms")
    if len(beep) != len(flash): problems.append(f"{len(beep)} beeps for {len(flash)} flashes")
    if len(pairs) < int(sys.argv[3]) - 1: problems.append(f"only {len(pairs)} pairs")
    if problems:
        print("FAILED: " + "; ".join(problems)); sys.exit(1)
PY
