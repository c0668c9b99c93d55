// Internal to src/media: which streams of an input are played, and their decoders, chosen
// and opened the same way for Player, ClipReader and VideoStreamReader (ffplay's
// stream_component_open).
//
// Threads: called by whoever opens the input, before any thread reads from it.
#pragma once

#include "common/result.h"
#include "media/ffmpeg_util.h"
#include "media/media_input.h"

namespace mimic::media {

struct StreamChoice {
    int video = -1;  // FFmpeg's best video stream (an input without one is refused)
    int audio = -1;  // the best audio stream related to it; -1 when there is none
};

// The input's video stream and the sound that goes with it. An input without video gives
// an error naming the file.
Result<StreamChoice> chooseStreams(const MediaInput& input);

struct StreamDecoders {
    StreamChoice chosen;   // the input's streams (its sound is described even when not decoded)
    int video_index = -1;  // the stream `video` decodes
    int audio_index = -1;  // the stream `audio` decodes; -1 without sound
    CodecContextPtr video;
    CodecContextPtr audio;  // null: not asked for, no audio stream, or unusable
};

// Chooses the input's streams and opens their decoders (audio only when `with_audio`), and
// tells the demuxer to drop every stream without one. No video stream, or one that cannot
// be decoded (no decoder, impossible size), is an error naming the file; an audio stream
// that cannot be decoded is logged as a warning and the input plays without sound.
Result<StreamDecoders> openDecoders(MediaInput& input, bool with_audio);

}  // namespace mimic::media
