// A program's progress as a graph (issue 12, 4): accuracy per session as points, joined within
// each phase, a vertical line where the phase changed, and the mastery goal as a dashed line;
// below it, the trials of the session whose point was clicked. Choosing a trial from that
// list calls the OpenTrial callback; the Children tab, which hosts the graph for the selected
// program, opens the review window on it at its practice start.
//
// Drawing uses ImGui's draw list only. Where things go (graphPoint, phaseLineX, goalY,
// pointAt) is plain maths, so hit tests and tests share it.
//
// Threads: the UI thread only (the callback is called on it).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "review/progress_series.h"

namespace mimic::ui {

// A trial of a session as the list under the graph shows it.
struct SessionTrialEntry {
    std::int64_t trial_id = 0;
    std::string outcome;  // "independent", "prompted", "incorrect", "no-response"; "" unscored
    std::optional<std::string> prompt_level;
    bool has_recording = false;
    std::optional<std::string> second_observer;
};

struct ProgressGraphData {
    std::string behaviour;
    review::ProgressSeries series;
    std::vector<std::vector<SessionTrialEntry>> trials;  // parallel to series.points
};

// The plot area, in screen pixels (y grows downwards).
struct GraphRect {
    float left = 0.0f;
    float top = 0.0f;
    float right = 0.0f;
    float bottom = 0.0f;
};

struct GraphPoint {
    float x = 0.0f;
    float y = 0.0f;
};

// Point `index` of `count` at `accuracy_pct` (0..100): the points sit in the middle of equal
// columns, 0 % at the bottom and 100 % at the top.
GraphPoint graphPoint(const GraphRect& plot, std::size_t index, std::size_t count,
                      double accuracy_pct);
// A phase line before point `before_point`: the border between its column and the previous.
float phaseLineX(const GraphRect& plot, std::size_t before_point, std::size_t count);
float goalY(const GraphRect& plot, int goal_pct);
// The point (a session with an accuracy) within `radius` pixels of (x, y), the nearest; none.
std::optional<std::size_t> pointAt(const GraphRect& plot, const review::ProgressSeries& series,
                                   float x, float y, float radius);

class ProgressGraph {
  public:
    using OpenTrial = std::function<void(std::int64_t trial_id)>;

    // New data; the selected session stays selected when it is still there.
    void setData(ProgressGraphData data);
    const ProgressGraphData& data() const { return data_; }
    // Called with a trial's id when it is chosen in the list (the review window opens it).
    void setOpenTrial(OpenTrial open) { open_trial_ = std::move(open); }

    // What a click on a point does: selects its session and lists its trials. False for an
    // index that is not a point.
    bool selectPoint(std::size_t index);
    void clearSelection() { selected_.reset(); }
    std::optional<std::size_t> selectedPoint() const { return selected_; }
    // The selected session's trials; empty without a selection.
    const std::vector<SessionTrialEntry>& selectedTrials() const;
    // What a click on a trial in the list does: calls the OpenTrial callback. False without a
    // callback or for a trial not in the selected session.
    bool openTrial(std::int64_t trial_id);

    // Draws the graph `height` pixels high across the region, then the selected session's
    // trials, into the current ImGui window.
    void draw(float height);
    // Where the last draw put the plot (for tests that click on a point).
    const GraphRect& lastPlot() const { return plot_; }

  private:
    void drawPlot(const GraphRect& frame);
    void drawTrials();

    ProgressGraphData data_;
    OpenTrial open_trial_;
    std::optional<std::size_t> selected_;
    GraphRect plot_;
};

}  // namespace mimic::ui
