#!/usr/bin/env bash
# A/V alignment (issue 5, acceptance 2): one ffmpeg process, paced by -re, writes a camera that
# flashes white for 100 ms once a second into a FIFO (NUT) and a microphone signal that beeps
# (1 kHz, 100 ms) at the same instants into a second FIFO read by SDL's disk driver. `mimic
# record` records both; the flash and beep onsets found in the file are compared.
#   av_sync.sh MIMIC [SECONDS] [LIMIT_MS]
# prints one line per second and the worst offset in ms. With LIMIT_MS (the CTest
# record_av_sync) it fails when an offset exceeds it, when a beep was broken up (sound
# inserted or dropped mid-beep: more beeps than flashes), or when pairs are missing.
set -euo pipefail
mimic=$1; seconds=${2:-10}; limit=${3:-}
dir=$(mktemp -d); trap 'kill $writer 2>/dev/null || true; rm -rf "$dir"' EXIT
mkfifo "$dir/cam.fifo" "$dir/mic.fifo"
# The microphone output first: mimic opens its microphone before its camera.
ffmpeg -v error -y -re \
  -f lavfi -i "color=c=black:s=640x480:r=30,drawbox=x=0:y=0:w=iw:h=ih:color=white:t=fill:enable='lt(mod(t\,1)\,0.1)'" \
  -f lavfi -i "aevalsrc='if(lt(mod(t\,1)\,0.1)\,0.5*sin(2*PI*1000*t)\,0)':s=48000:n=240" \
  -t $((seconds + 3)) \
  -map 1:a -flush_packets 1 -f f32le "$dir/mic.fifo" \
  -map 0:v -f nut -c:v rawvideo -pix_fmt yuv420p "$dir/cam.fifo" 2>/dev/null &
writer=$!
# The disk driver sleeps less than a buffer's length, so the writer paces it (no backlog).
SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILEIN="$dir/mic.fifo" SDL_DISKAUDIODELAY=12 \
  "$mimic" record --camera "$dir/cam.fifo" --seconds "$seconds" --out "$dir/out.mkv" 2>&1 |
  grep -v CRITICAL
# Flash onsets: first frame of each bright run. Beep onsets: first 1 ms of each loud run.
ffprobe -v error -f lavfi -i "movie=$dir/out.mkv,signalstats" \
  -show_entries frame=pts_time:frame_tags=lavfi.signalstats.YAVG -of csv=p=0 |
  awk -F, '{ b = ($2 > 128); if (b && !prev) print $1; prev = b }' > "$dir/flash.txt"
ffprobe -v error -f lavfi -i "amovie=$dir/out.mkv,asetnsamples=n=48,astats=metadata=1:reset=1" \
  -show_entries frame=pts_time:frame_tags=lavfi.astats.Overall.Peak_level -of csv=p=0 |
  awk -F, '{ b = ($2 != "-inf" && $2 > -20); if (b && !prev) print $1; prev = b }' > "$dir/beep.txt"
python3 - "$dir/flash.txt" "$dir/beep.txt" "$seconds" "$limit" <<'PY'
import sys
flash = [float(x) for x in open(sys.argv[1])]
beep = [float(x) for x in open(sys.argv[2])]
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
