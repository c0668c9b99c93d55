#include "media/caption.h"

extern "C" {
#include <libavfilter/avfilter.h>
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavutil/opt.h>
}

#include <cstring>
#include <filesystem>

#include "media/ffmpeg_util.h"
#include "media/tempo_filter.h"

namespace mimic::media {

namespace {

// The child's screen's font (fonts-dejavu-core); without it fontconfig's default.
constexpr const char* kFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

}  // namespace

struct CaptionPainter::Impl {
    std::unique_ptr<AVFilterGraph, FilterGraphDeleter> graph;
    AVFilterContext* source = nullptr;
    AVFilterContext* sink = nullptr;
    int width = 0;
    int height = 0;
};

CaptionPainter::CaptionPainter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CaptionPainter::CaptionPainter(CaptionPainter&&) noexcept = default;
CaptionPainter& CaptionPainter::operator=(CaptionPainter&&) noexcept = default;
CaptionPainter::~CaptionPainter() = default;

Result<CaptionPainter> CaptionPainter::open(int width, int height, const std::string& text) {
    auto impl = std::make_unique<Impl>();
    impl->width = width;
    impl->height = height;
    impl->graph.reset(avfilter_graph_alloc());
    if (impl->graph == nullptr) return Error{"out of memory for the caption"};
    impl->graph->nb_threads = 1;
    const std::string source_args = "video_size=" + std::to_string(width) + "x" +
                                    std::to_string(height) + ":pix_fmt=rgba:time_base=1/1000000";
    int e = avfilter_graph_create_filter(&impl->source, avfilter_get_by_name("buffer"), "in",
                                         source_args.c_str(), nullptr, impl->graph.get());
    if (e >= 0) {
        e = avfilter_graph_create_filter(&impl->sink, avfilter_get_by_name("buffersink"), "out",
                                         nullptr, nullptr, impl->graph.get());
    }
    const AVFilter* drawtext = avfilter_get_by_name("drawtext");
    if (e < 0 || drawtext == nullptr)
        return Error{"cannot draw a caption: FFmpeg's drawtext filter is missing"};
    AVFilterContext* draw = avfilter_graph_alloc_filter(impl->graph.get(), drawtext, "caption");
    if (draw == nullptr) return Error{"out of memory for the caption"};
    std::error_code ec;
    // Options set one by one as values: the text is never read as filter syntax.
    const std::pair<const char*, std::string> options[] = {
        {"text", text},
        {"expansion", "none"},
        {"fontfile", std::filesystem::exists(kFont, ec) ? kFont : ""},
        {"fontcolor", "white"},
        {"fontsize", std::to_string(std::max(12, height / 12))},
        {"box", "1"},
        {"boxcolor", "black@0.55"},
        {"boxborderw", std::to_string(std::max(4, height / 60))},
        {"x", "(w-text_w)/2"},
        {"y", "h-text_h-h/14"},
    };
    for (const auto& [name, value] : options) {
        if (value.empty()) continue;
        e = av_opt_set(draw, name, value.c_str(), AV_OPT_SEARCH_CHILDREN);
        if (e < 0)
            return Error{"cannot draw a caption (" + std::string(name) +
                         "): " + ffmpegErrorText(e)};
    }
    e = avfilter_init_str(draw, nullptr);
    if (e >= 0) e = avfilter_link(impl->source, 0, draw, 0);
    if (e >= 0) e = avfilter_link(draw, 0, impl->sink, 0);
    if (e >= 0) e = avfilter_graph_config(impl->graph.get(), nullptr);
    if (e < 0) return Error{"cannot draw a caption: " + ffmpegErrorText(e)};
    return CaptionPainter(std::move(impl));
}

Status CaptionPainter::paint(RgbaPicture& picture) {
    if (picture.width != impl_->width || picture.height != impl_->height)
        return Error{"a picture of another size than the caption's"};
    FramePtr frame = makeFrame();
    frame->format = AV_PIX_FMT_RGBA;
    frame->width = picture.width;
    frame->height = picture.height;
    frame->pts = picture.pts_us;
    if (av_frame_get_buffer(frame.get(), 0) < 0) return Error{"out of memory for the caption"};
    const std::size_t row = static_cast<std::size_t>(picture.width) * 4;
    for (int y = 0; y < picture.height; ++y) {
        std::memcpy(frame->data[0] + static_cast<std::ptrdiff_t>(y) * frame->linesize[0],
                    picture.pixels.data() + y * row, row);
    }
    int e = av_buffersrc_add_frame(impl_->source, frame.get());
    FramePtr drawn = makeFrame();
    if (e >= 0) e = av_buffersink_get_frame(impl_->sink, drawn.get());
    if (e < 0) return Error{"cannot draw the caption: " + ffmpegErrorText(e)};
    for (int y = 0; y < picture.height; ++y) {
        std::memcpy(picture.pixels.data() + y * row,
                    drawn->data[0] + static_cast<std::ptrdiff_t>(y) * drawn->linesize[0], row);
    }
    return {};
}

}  // namespace mimic::media
