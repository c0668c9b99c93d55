#!/usr/bin/env bash
# Renders one demo clip with the generator and checks it against the library standard with
# ffprobe (a peer we did not write): H.264 960x540 at 30 fps and AAC in MP4, a keyframe every
# second, 8-20 s long, narration audible.   Usage: check_rendered_clip.sh GENERATOR MANIFEST DIR
set -euo pipefail
generator=$1 manifest=$2 out=$3
rm -rf "$out" && mkdir -p "$out"
"$generator" --manifest "$manifest" --out "$out" --force >/dev/null
clip=$(ls "$out"/*.mp4)
fail() { echo "FAIL: $clip: $*"; exit 1; }

probe() { ffprobe -v error -select_streams "$1" -show_entries "$2" -of csv=p=0 "$clip"; }
[[ $(ffprobe -v error -show_entries format=format_name -of default=nw=1:nk=1 "$clip") == mov,mp4* ]] \
    || fail "not MP4"
[[ $(probe v:0 stream=codec_name,width,height,r_frame_rate) == "h264,960,540,30/1" ]] \
    || fail "video is $(probe v:0 stream=codec_name,width,height,r_frame_rate)"
[[ $(probe a:0 stream=codec_name) == "aac" ]] || fail "audio is not AAC"
duration=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$clip")
awk -v d="$duration" 'BEGIN { exit !(d >= 8 && d <= 20) }' || fail "lasts $duration s"
# Keyframes at 0, 1, 2 ... s: the gap between consecutive key packets is 30 frames.
gaps=$(probe v:0 packet=flags | awk '/K/ { if (n) print NR - last; last = NR; n++ }' | sort -u)
[[ "$gaps" == "30" ]] || fail "keyframe gaps: $gaps"
peak=$(ffmpeg -nostats -i "$clip" -af volumedetect -f null - 2>&1 | sed -n 's/.*max_volume: \(.*\) dB/\1/p')
awk -v p="$peak" 'BEGIN { exit !(p > -12 && p < 0) }' || fail "narration peak $peak dB"
echo "ok: $clip ($duration s, peak $peak dB)"
