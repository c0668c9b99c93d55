#include "media/remux.h"

#include <unistd.h>

#include <string>
#include <vector>

#include "media/ffmpeg_util.h"
#include "media/media_input.h"

namespace mimic::media {

namespace {

Status copyInto(MediaInput& input, const std::filesystem::path& temp,
                const std::filesystem::path& out) {
    const std::string what = "cannot write " + out.string();
    AVFormatContext* raw = nullptr;
    const std::string ext = out.extension().string();
    const char* format = ext == ".mkv" ? "matroska" : ext == ".mp4" ? "mp4" : "mov";
    if (int rc = avformat_alloc_output_context2(&raw, nullptr, format, temp.c_str()); rc < 0) {
        return Error{what + ": " + ffmpegErrorText(rc)};
    }
    OutputContextPtr output(raw);
    std::vector<int> mapped(input->nb_streams, -1);
    for (unsigned i = 0; i < input->nb_streams; ++i) {
        const AVCodecParameters* par = input->streams[i]->codecpar;
        if (par->codec_type != AVMEDIA_TYPE_VIDEO && par->codec_type != AVMEDIA_TYPE_AUDIO)
            continue;
        AVStream* stream = avformat_new_stream(output.get(), nullptr);
        if (stream == nullptr) return Error{what + ": out of memory"};
        if (int rc = avcodec_parameters_copy(stream->codecpar, par); rc < 0)
            return Error{what + ": " + ffmpegErrorText(rc)};
        stream->codecpar->codec_tag = 0;
        stream->time_base = input->streams[i]->time_base;
        mapped[i] = stream->index;
    }
    if (output->nb_streams == 0)
        return Error{what + ": " + input.path().string() + " has no picture or sound"};
    if (int rc = avio_open(&output->pb, temp.c_str(), AVIO_FLAG_WRITE); rc < 0)
        return Error{what + ": " + ffmpegErrorText(rc)};
    if (int rc = avformat_write_header(output.get(), nullptr); rc < 0)
        return Error{what + ": " + ffmpegErrorText(rc)};
    PacketPtr packet = makePacket();
    for (;;) {
        const int rc = av_read_frame(input.get(), packet.get());
        if (rc == AVERROR_EOF) break;
        if (rc < 0)
            return Error{"cannot read " + input.path().string() + ": " + ffmpegErrorText(rc)};
        const int index = packet->stream_index;
        if (index < 0 || static_cast<std::size_t>(index) >= mapped.size() || mapped[index] < 0) {
            av_packet_unref(packet.get());
            continue;
        }
        av_packet_rescale_ts(packet.get(), input->streams[index]->time_base,
                             output->streams[mapped[index]]->time_base);
        packet->stream_index = mapped[index];
        packet->pos = -1;
        if (int wrote = av_interleaved_write_frame(output.get(), packet.get()); wrote < 0)
            return Error{what + ": " + ffmpegErrorText(wrote)};
    }
    if (int rc = av_write_trailer(output.get()); rc < 0)
        return Error{what + ": " + ffmpegErrorText(rc)};
    if (int rc = avio_closep(&output->pb); rc < 0) return Error{what + ": " + ffmpegErrorText(rc)};
    return {};
}

}  // namespace

Status remuxFile(const std::filesystem::path& in, const std::filesystem::path& out) {
    const std::string ext = out.extension().string();
    if (ext != ".mkv" && ext != ".mp4" && ext != ".mov") {
        return Error{"cannot write " + out.string() + ": name a .mkv, .mp4 or .mov file"};
    }
    std::error_code ec;
    auto input = MediaInput::open(in);
    if (!input) return input.error();
    // The temporary keeps the extension, so nothing else has to know the container.
    const std::filesystem::path temp =
        out.parent_path() / (".tmp-" + std::to_string(::getpid()) + "-" + out.filename().string());
    Status copied = copyInto(*input, temp, out);
    if (copied) {
        std::filesystem::rename(temp, out, ec);
        if (ec) copied = Error{"cannot write " + out.string() + ": " + ec.message()};
    }
    if (!copied) std::filesystem::remove(temp, ec);
    return copied;
}

}  // namespace mimic::media
