#include "report/progress_report.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>

namespace mimic::report {

namespace {

std::string trimmed(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
        text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.remove_suffix(1);
    return std::string(text);
}

std::string percentText(double pct) {
    char text[16];
    std::snprintf(text, sizeof text, "%.0f\u00a0%%", pct);  // kept on one line
    return text;
}

// The last points with an accuracy, newest last (at most `count`).
std::vector<const review::SessionPoint*> latestScored(const review::ProgressSeries& series,
                                                      std::size_t count) {
    std::vector<const review::SessionPoint*> found;
    for (auto it = series.points.rbegin(); it != series.points.rend() && found.size() < count;
         ++it) {
        if (it->accuracy_pct) found.insert(found.begin(), &*it);
    }
    return found;
}

// The help used most in the last sessions, "" when none.
std::string recentHelp(const TargetReport& target) {
    std::vector<std::pair<std::string, int>> totals;
    const std::size_t first = target.prompts.size() > 3 ? target.prompts.size() - 3 : 0;
    for (std::size_t i = first; i < target.prompts.size(); ++i) {
        for (const auto& [level, count] : target.prompts[i].prompted) {
            auto found = std::find_if(totals.begin(), totals.end(),
                                      [&](const auto& total) { return total.first == level; });
            if (found == totals.end())
                totals.emplace_back(level, count);
            else
                found->second += count;
        }
    }
    auto most = std::max_element(totals.begin(), totals.end(),
                                 [](const auto& a, const auto& b) { return a.second < b.second; });
    return most == totals.end() ? std::string() : most->first;
}

// "2026-11-05" as "5 Nov"; other text as it is.
std::string shortDay(const std::string& date) {
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    if (date.size() != 10) return date;
    const int month = std::atoi(date.substr(5, 2).c_str());
    const int day = std::atoi(date.substr(8, 2).c_str());
    if (month < 1 || month > 12 || day < 1) return date;
    return std::to_string(day) + " " + kMonths[month - 1];
}

}  // namespace

std::vector<std::string> sharedNoteLines(std::string_view notes) {
    std::vector<std::string> lines;
    while (!notes.empty()) {
        const std::size_t end = notes.find('\n');
        std::string line = trimmed(notes.substr(0, end));
        notes = end == std::string_view::npos ? std::string_view() : notes.substr(end + 1);
        if (line.size() < 6) continue;
        std::string mark = line.substr(0, 6);
        std::transform(mark.begin(), mark.end(), mark.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (mark != "share:") continue;
        std::string text = trimmed(std::string_view(line).substr(6));
        if (!text.empty()) lines.push_back(std::move(text));
    }
    return lines;
}

std::string phaseInWords(store::ProgramPhase phase) {
    switch (phase) {
        case store::ProgramPhase::kBaseline:
            return "Getting started: we are watching what your child already does, before teaching";
        case store::ProgramPhase::kIntervention:
            return "Learning: your child watches a short video and practises, with help when "
                   "needed";
        case store::ProgramPhase::kMaintenance:
            return "Keeping it up: your child has learned this and we check now and then";
        case store::ProgramPhase::kMastered:
            return "Learned: your child does this on their own";
        case store::ProgramPhase::kGeneralization:
            return "Using it everywhere: practising with new people and places";
        case store::ProgramPhase::kNone:
            break;
    }
    return "Not started as a planned target yet";
}

std::string phaseShortName(store::ProgramPhase phase) {
    switch (phase) {
        case store::ProgramPhase::kBaseline:
            return "before teaching";
        case store::ProgramPhase::kIntervention:
            return "teaching";
        case store::ProgramPhase::kMaintenance:
            return "keeping it up";
        case store::ProgramPhase::kMastered:
            return "learned";
        case store::ProgramPhase::kGeneralization:
            return "new people and places";
        case store::ProgramPhase::kNone:
            break;
    }
    return "";
}

std::string helpGlossary(const TargetReport& target) {
    static const std::vector<std::pair<std::string, std::string>> kMeaning{
        {"full physical", "guiding your child's hands or body"},
        {"partial physical", "a light touch to start"},
        {"model", "showing how"},
        {"verbal", "saying what to do"},
        {"gestural", "pointing or a nod"}};
    std::string text;
    for (const auto& [level, meaning] : kMeaning) {
        const bool used =
            std::any_of(target.prompts.begin(), target.prompts.end(), [&](const auto& c) {
                return std::any_of(c.prompted.begin(), c.prompted.end(),
                                   [&](const auto& entry) { return entry.first == level; });
            });
        if (used) text += (text.empty() ? "Kinds of help: " : "; ") + level + " means " + meaning;
    }
    return text.empty() ? text : text + ".";
}

std::string promptLine(const PromptCounts& counts) {
    int total = counts.independent + counts.not_yet;
    for (const auto& level : counts.prompted)
        total += level.second;
    std::string line = counts.date + ": on their own " + std::to_string(counts.independent) +
                       " of " + std::to_string(total) + " times";
    if (!counts.prompted.empty()) {
        line += "; with help:";
        for (std::size_t i = 0; i < counts.prompted.size(); ++i) {
            line += (i ? ", " : " ") + counts.prompted[i].first + " " +
                    std::to_string(counts.prompted[i].second);
        }
    }
    if (counts.not_yet) line += "; not yet " + std::to_string(counts.not_yet);
    return line + ".";
}

std::string progressSummary(const TargetReport& target) {
    const auto latest = latestScored(target.series, 3);
    if (latest.empty()) return "No practice has been scored in this period yet.";
    std::string text = "In the last " + std::to_string(latest.size()) +
                       (latest.size() == 1 ? " session" : " sessions") +
                       ", your child did it on their own";
    for (std::size_t i = 0; i < latest.size(); ++i) {
        text += (i == 0 ? " " : (i + 1 == latest.size() ? " and " : ", ")) +
                percentText(*latest[i]->accuracy_pct);
    }
    text += " of the time.";
    if (target.series.goal_pct) {
        text += " The goal is " + std::to_string(*target.series.goal_pct) + " %.";
    }
    return text;
}

std::string homePractice(const TargetReport& target) {
    const std::string name = target.behaviour;
    const std::string help = recentHelp(target);
    switch (target.phase) {
        case store::ProgramPhase::kBaseline:
            return "No special practice yet. Notice when your child does \"" + name +
                   "\" by themselves and tell your therapist.";
        case store::ProgramPhase::kIntervention: {
            std::string text = "Give your child a few calm chances a day to \"" + name +
                               "\". Wait a moment before helping.";
            if (!help.empty())
                text += " Lately the help that works is: " + help +
                        ". Use it if needed, then a little less each time.";
            return text + " Praise every try straight away.";
        }
        case store::ProgramPhase::kMaintenance:
        case store::ProgramPhase::kMastered:
            return "Keep giving everyday chances to \"" + name +
                   "\" and praise it when it happens, so it stays strong.";
        case store::ProgramPhase::kGeneralization:
            return "Give chances to \"" + name +
                   "\" with new people and in new places: at the shops, with relatives, at school.";
        case store::ProgramPhase::kNone:
            break;
    }
    return "Ask your therapist how to practise \"" + name + "\" at home.";
}

GraphGeometry accuracyGraph(const TargetReport& target, double width, double height) {
    GraphGeometry g;
    g.width = width;
    g.height = height;
    g.left = 44;
    g.right = width - 12;
    g.top = 18;
    g.bottom = height - 30;
    const auto& points = target.series.points;
    const double plot_w = g.right - g.left, plot_h = g.bottom - g.top;
    auto yOf = [&](double pct) { return g.bottom - plot_h * pct / 100.0; };
    for (int pct : {0, 50, 100})
        g.y_ticks.push_back({g.left - 6, yOf(pct), std::to_string(pct) + " %"});
    if (target.series.goal_pct) {
        g.goal_y = yOf(*target.series.goal_pct);
        g.goal_label = "goal " + std::to_string(*target.series.goal_pct) + " %";
    }
    const std::size_t n = points.size();
    // Session i sits in the middle of slot i of n equal slots.
    auto xOf = [&](double slot) {
        return g.left + plot_w * (slot + 0.5) / std::max<std::size_t>(n, 1);
    };
    bool any = false;
    std::vector<GraphPoint> line;
    std::size_t next_phase = 0;
    const auto& phase_lines = target.series.phase_lines;
    if (n > 0 && points.front().phase != store::ProgramPhase::kNone)
        g.phase_labels.push_back(
            {xOf(0) - plot_w / (2.0 * n) + 3, g.top - 4, phaseShortName(points.front().phase)});
    for (std::size_t i = 0; i <= n; ++i) {
        while (next_phase < phase_lines.size() && phase_lines[next_phase].before_point == i) {
            const double x = g.left + plot_w * static_cast<double>(i) / std::max<std::size_t>(n, 1);
            g.phase_xs.push_back(x);
            g.phase_labels.push_back(
                {x + 3, g.top - 4, phaseShortName(phase_lines[next_phase].to)});
            if (line.size()) g.lines.push_back(std::move(line));
            line.clear();
            ++next_phase;
        }
        if (i == n) break;
        if (!points[i].accuracy_pct) continue;
        any = true;
        const GraphPoint p{xOf(static_cast<double>(i)), yOf(*points[i].accuracy_pct)};
        g.dots.push_back(p);
        line.push_back(p);
    }
    if (!line.empty()) g.lines.push_back(std::move(line));
    const std::size_t every =
        std::max<std::size_t>(1, (n * 62 + static_cast<std::size_t>(plot_w) - 1) /
                                     std::max<std::size_t>(1, static_cast<std::size_t>(plot_w)));
    for (std::size_t i = 0; i < n && i < target.dates.size(); i += every) {
        const std::string& date = target.dates[i];
        g.x_ticks.push_back({xOf(static_cast<double>(i)), g.bottom + 16, shortDay(date)});
    }
    if (!any) g.empty_text = "No scored practice in this period";
    return g;
}

}  // namespace mimic::report
