#include "drawing.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <sstream>
#include <vector>

#include <opencv2/imgproc.hpp>

namespace mimic::demo {
namespace {

// OpenCV draws at fractional positions when points carry `kShift` fraction bits; without it
// slow movements would step a whole pixel at a time.
constexpr int kShift = 4;
constexpr double kScale = 1 << kShift;

constexpr double kPi = std::numbers::pi;

// Figure proportions, in pixels at 960x540.
constexpr double kHipHeight = 95;
constexpr double kShoulderHeight = 180;
constexpr double kHeadHeight = 240;
constexpr double kHeadRadius = 44;
constexpr double kUpperArm = 46;
constexpr double kForearm = 42;

const cv::Scalar kOutline(70, 60, 60);
const cv::Scalar kInk(60, 45, 40);  // dark text, ~14:1 contrast on the white bubble
const cv::Scalar kWhite(255, 255, 255);

cv::Point at(cv::Point2d p) {
    return {static_cast<int>(std::lround(p.x * kScale)),
            static_cast<int>(std::lround(p.y * kScale))};
}
int len(double v) {
    return static_cast<int>(std::lround(v * kScale));
}

void disc(cv::Mat& m, cv::Point2d c, double r, const cv::Scalar& colour, int thickness = -1) {
    cv::circle(m, at(c), len(r), colour, thickness, cv::LINE_AA, kShift);
}
void stroke(cv::Mat& m, cv::Point2d a, cv::Point2d b, const cv::Scalar& colour, int thickness) {
    cv::line(m, at(a), at(b), colour, thickness, cv::LINE_AA, kShift);
}
void oval(cv::Mat& m, cv::Point2d c, cv::Size2d axes, double angle_deg, double from_deg,
          double to_deg, const cv::Scalar& colour, int thickness = -1) {
    cv::ellipse(m, at(c), cv::Size(len(axes.width), len(axes.height)), angle_deg, from_deg, to_deg,
                colour, thickness, cv::LINE_AA, kShift);
}
void polygon(cv::Mat& m, const std::vector<cv::Point2d>& points, const cv::Scalar& fill,
             const cv::Scalar& outline, int outline_thickness) {
    std::vector<cv::Point> pts;
    pts.reserve(points.size());
    for (const auto& p : points) {
        pts.push_back(at(p));
    }
    cv::fillPoly(m, std::vector<std::vector<cv::Point>>{pts}, fill, cv::LINE_AA, kShift);
    if (outline_thickness > 0) {
        cv::polylines(m, std::vector<std::vector<cv::Point>>{pts}, true, outline, outline_thickness,
                      cv::LINE_AA, kShift);
    }
}
// Points along an elliptical arc (degrees, OpenCV's clockwise-from-x convention).
void arcPoints(std::vector<cv::Point2d>& out, cv::Point2d c, cv::Size2d axes, double from_deg,
               double to_deg, int steps = 12) {
    for (int i = 0; i <= steps; ++i) {
        const double a = (from_deg + (to_deg - from_deg) * i / steps) * kPi / 180.0;
        out.emplace_back(c.x + axes.width * std::cos(a), c.y + axes.height * std::sin(a));
    }
}
std::vector<cv::Point2d> roundedRect(cv::Rect2d r, double radius) {
    std::vector<cv::Point2d> pts;
    arcPoints(pts, {r.x + r.width - radius, r.y + radius}, {radius, radius}, -90, 0);
    arcPoints(pts, {r.x + r.width - radius, r.y + r.height - radius}, {radius, radius}, 0, 90);
    arcPoints(pts, {r.x + radius, r.y + r.height - radius}, {radius, radius}, 90, 180);
    arcPoints(pts, {r.x + radius, r.y + radius}, {radius, radius}, 180, 270);
    return pts;
}
cv::Point2d armDir(double rad) {
    return {std::sin(rad), std::cos(rad)};
}

cv::Scalar mix(const cv::Scalar& a, const cv::Scalar& b, double f) {
    return a * (1.0 - f) + b * f;
}

// Words wrapped into lines no wider than `max_width_px` at the given font.
std::vector<std::string> wrapText(const std::string& text, int font, double scale, int thickness,
                                  int max_width_px) {
    std::istringstream words(text);
    std::vector<std::string> lines;
    std::string word;
    std::string current;
    int baseline = 0;
    while (words >> word) {
        const std::string candidate = current.empty() ? word : current + " " + word;
        if (!current.empty() &&
            cv::getTextSize(candidate, font, scale, thickness, &baseline).width > max_width_px) {
            lines.push_back(current);
            current = word;
        } else {
            current = candidate;
        }
    }
    if (!current.empty()) {
        lines.push_back(current);
    }
    return lines;
}

// Centred lines of text; `centre_y` is the middle of the block.
void drawTextBlock(cv::Mat& m, const std::vector<std::string>& lines, cv::Point2d centre, int font,
                   double scale, int thickness, double line_height, const cv::Scalar& colour) {
    int baseline = 0;
    const int cap_height = cv::getTextSize("Hg", font, scale, thickness, &baseline).height;
    const double block_height = line_height * static_cast<double>(lines.size() - 1) + cap_height;
    double y = centre.y - block_height / 2 + cap_height;
    for (const auto& text : lines) {
        const int width = cv::getTextSize(text, font, scale, thickness, &baseline).width;
        cv::putText(m, text,
                    cv::Point(static_cast<int>(std::lround(centre.x - width / 2.0)),
                              static_cast<int>(std::lround(y))),
                    font, scale, colour, thickness, cv::LINE_AA);
        y += line_height;
    }
}

}  // namespace

double ramp(double t_s, double start_s, double duration_s) {
    const double x = std::clamp((t_s - start_s) / duration_s, 0.0, 1.0);
    return x * x * (3.0 - 2.0 * x);
}
double lerp(double a, double b, double f) {
    return a + (b - a) * f;
}
cv::Point2d lerp(cv::Point2d a, cv::Point2d b, double f) {
    return a + (b - a) * f;
}

const Character& sam() {
    static const Character kSam{"Sam",
                                cv::Scalar(200, 130, 60),
                                cv::Scalar(100, 70, 55),
                                cv::Scalar(160, 195, 240),
                                cv::Scalar(40, 70, 115),
                                HairStyle::kShort,
                                0.0};
    return kSam;
}
const Character& mia() {
    static const Character kMia{"Mia",
                                cv::Scalar(60, 140, 240),
                                cv::Scalar(120, 70, 125),
                                cv::Scalar(105, 150, 200),
                                cv::Scalar(40, 35, 45),
                                HairStyle::kPuffs,
                                1.7};
    return kMia;
}

FigureGeometry figureGeometry(const Pose& pose) {
    FigureGeometry g;
    g.head_radius = kHeadRadius;
    g.head_centre = {pose.x + pose.look * 3.0, kFeetY - kHeadHeight};
    const double eye_x = g.head_centre.x + pose.look * 12.0;
    const double eye_y = g.head_centre.y - 4.0;
    g.left_eye = {eye_x - 15.0, eye_y};
    g.right_eye = {eye_x + 15.0, eye_y};
    const cv::Point2d left_shoulder(pose.x - 30.0, kFeetY - kShoulderHeight + 6);
    const cv::Point2d right_shoulder(pose.x + 30.0, kFeetY - kShoulderHeight + 6);
    g.left_hand = left_shoulder + armDir(pose.left.upper_rad) * kUpperArm +
                  armDir(pose.left.fore_rad) * kForearm;
    g.right_hand = right_shoulder + armDir(pose.right.upper_rad) * kUpperArm +
                   armDir(pose.right.fore_rad) * kForearm;
    g.chest = {pose.x, kFeetY - 140};
    return g;
}

Arm armReaching(const Pose& pose, bool right_arm, cv::Point2d hand) {
    const cv::Point2d shoulder(pose.x + (right_arm ? 30.0 : -30.0), kFeetY - kShoulderHeight + 6);
    const cv::Point2d to = hand - shoulder;
    const double distance =
        std::clamp(cv::norm(to), std::abs(kUpperArm - kForearm) + 1.0, kUpperArm + kForearm - 0.01);
    const double base = std::atan2(to.x, to.y);
    // Law of cosines: the angle between the upper arm and the shoulder-to-hand line.
    const double bend =
        std::acos(std::clamp((kUpperArm * kUpperArm + distance * distance - kForearm * kForearm) /
                                 (2.0 * kUpperArm * distance),
                             -1.0, 1.0));
    const cv::Point2d target = shoulder + armDir(base) * distance;
    Arm best;
    double best_score = -1e9;
    for (double sign : {-1.0, 1.0}) {
        const double upper = base + sign * bend;
        const cv::Point2d elbow = shoulder + armDir(upper) * kUpperArm;
        const cv::Point2d fore = target - elbow;
        // Prefer the elbow below and outside the shoulder, as real arms bend.
        const double outward = right_arm ? elbow.x - shoulder.x : shoulder.x - elbow.x;
        const double score = elbow.y + 0.5 * outward;
        if (score > best_score) {
            best_score = score;
            best = {upper, std::atan2(fore.x, fore.y)};
        }
    }
    return best;
}

void drawFigure(cv::Mat& m, const Character& who, const Pose& pose, double t_s,
                const std::function<void(cv::Mat&)>& held) {
    const FigureGeometry g = figureGeometry(pose);
    const double x = pose.x;

    // Soft shadow on the floor.
    oval(m, {x, kFeetY + 4}, {48, 9}, 0, 0, 360, cv::Scalar(150, 175, 195));

    // Legs and shoes.
    const double swing = pose.walk_amount * 0.35 * std::sin(pose.walk_phase_rad);
    const double facing = pose.look >= 0 ? 1.0 : -1.0;
    for (double side : {-1.0, 1.0}) {
        const cv::Point2d hip(x + side * 15, kFeetY - kHipHeight);
        const double angle = side * swing + (side == facing ? facing * pose.kick_rad : 0.0);
        const cv::Point2d foot = hip + armDir(angle) * (kHipHeight - 8);
        stroke(m, hip, foot, who.trousers, 17);
        oval(m, foot + cv::Point2d(facing * 5, 3), {15, 8}, 0, 0, 360, cv::Scalar(70, 70, 80));
    }

    const cv::Rect2d torso(x - 35, kFeetY - kShoulderHeight - 8, 70,
                           kShoulderHeight - kHipHeight + 22);
    polygon(m, roundedRect(torso, 24), who.shirt, mix(who.shirt, kOutline, 0.5), 2);

    // Neck and head.
    stroke(m, {x, kFeetY - kShoulderHeight - 6}, g.head_centre, who.skin, 18);
    if (who.hair_style == HairStyle::kPuffs) {
        for (double side : {-1.0, 1.0}) {
            disc(m, g.head_centre + cv::Point2d(side * 44, -22), 19, who.hair);
        }
    }
    disc(m, g.head_centre, kHeadRadius, who.skin);
    disc(m, g.head_centre, kHeadRadius, mix(who.skin, kOutline, 0.45), 2);
    {
        // Hair cap: the top of the head down to a gentle fringe line.
        std::vector<cv::Point2d> hair;
        const cv::Point2d c = g.head_centre;
        arcPoints(hair, c, {kHeadRadius + 2, kHeadRadius + 2}, 180, 360, 24);
        arcPoints(hair, c + cv::Point2d(0, -14), {kHeadRadius + 1, 16}, 360, 180, 24);
        polygon(m, hair, who.hair, who.hair, 0);
    }

    // Cheeks.
    const cv::Scalar cheek = mix(who.skin, cv::Scalar(150, 140, 240), 0.35);
    for (double side : {-1.0, 1.0}) {
        disc(m, g.head_centre + cv::Point2d(pose.look * 10 + side * 25, 12), 7, cheek);
    }

    // Eyes, with a short blink now and then (every 4.5 s, 0.16 s long).
    const double blink_t = std::fmod(t_s + who.blink_offset_s, 4.5);
    const double lid = blink_t < 0.16 ? std::sin(blink_t / 0.16 * kPi) : 0.0;
    for (const cv::Point2d& eye : {g.left_eye, g.right_eye}) {
        const double open = 1.0 - 0.9 * lid;
        oval(m, eye, {8.5, 10.5 * open}, 0, 0, 360, kWhite);
        oval(m, eye, {8.5, 10.5 * open}, 0, 0, 360, kOutline, 1);
        if (open > 0.5) {
            const cv::Point2d pupil = eye + cv::Point2d(pose.gaze.x * 3.5, pose.gaze.y * 4.0);
            disc(m, pupil, 5.0, cv::Scalar(50, 40, 40));
            disc(m, pupil + cv::Point2d(-1.5, -2), 1.6, kWhite);
        }
    }

    // Mouth: open and moving while talking, otherwise a smile (or a small frown).
    const cv::Point2d mouth = g.head_centre + cv::Point2d(pose.look * 10, 19);
    if (pose.mouth_open > 0.02) {
        oval(m, mouth, {9, 2 + 7 * pose.mouth_open}, 0, 0, 360, cv::Scalar(70, 60, 150));
        oval(m, mouth, {9, 2 + 7 * pose.mouth_open}, 0, 0, 360, kOutline, 2);
    } else if (pose.smile >= 0) {
        oval(m, mouth + cv::Point2d(0, -4), {14, 2 + 8 * pose.smile}, 0, 15, 165, kOutline, 3);
    } else {
        oval(m, mouth + cv::Point2d(0, 6), {11, -6 * pose.smile}, 0, 200, 340, kOutline, 3);
    }

    if (held) {
        held(m);
    }

    // Arms: sleeve, forearm, hand.
    for (int side = 0; side < 2; ++side) {
        const Arm& arm = side == 0 ? pose.left : pose.right;
        const cv::Point2d shoulder(x + (side == 0 ? -30.0 : 30.0), kFeetY - kShoulderHeight + 6);
        const cv::Point2d elbow = shoulder + armDir(arm.upper_rad) * kUpperArm;
        const cv::Point2d hand = side == 0 ? g.left_hand : g.right_hand;
        stroke(m, elbow, hand, who.skin, 12);
        stroke(m, shoulder, elbow, who.shirt, 15);
        disc(m, hand, 9.5, who.skin);
        disc(m, hand, 9.5, mix(who.skin, kOutline, 0.45), 1);
    }

    // Name on the floor below the feet.
    std::vector<std::string> name{who.name};
    drawTextBlock(m, name, {x, kFeetY + 28}, cv::FONT_HERSHEY_DUPLEX, 0.7, 1, 0,
                  cv::Scalar(90, 80, 80));
}

cv::Mat makeBackground() {
    cv::Mat m(kFrameHeight, kFrameWidth, CV_8UC3, cv::Scalar(234, 240, 230));
    const double floor_top = 318;
    // Floor boards with faint seams.
    cv::rectangle(m, cv::Rect(0, static_cast<int>(floor_top), kFrameWidth, kFrameHeight),
                  cv::Scalar(176, 203, 222), cv::FILLED);
    for (int i = 0; i < 4; ++i) {
        const double y = floor_top + 28.0 + i * i * 14.0 + i * 18.0;
        stroke(m, {0, y}, {kFrameWidth, y}, cv::Scalar(166, 193, 212), 1);
    }
    // Skirting board: the floor line.
    stroke(m, {0, floor_top}, {kFrameWidth, floor_top}, cv::Scalar(150, 170, 185), 4);
    // A window with a calm sky and a hill.
    const cv::Scalar frame_colour(215, 225, 230);
    cv::rectangle(m, cv::Rect(392, 42, 176, 146), frame_colour, cv::FILLED);
    cv::Mat sky = m(cv::Rect(400, 50, 160, 130));
    sky.setTo(cv::Scalar(240, 222, 190));
    oval(sky, {80, 132}, {110, 50}, 0, 180, 360, cv::Scalar(170, 210, 175));
    stroke(m, {480, 50}, {480, 180}, frame_colour, 6);
    stroke(m, {400, 115}, {560, 115}, frame_colour, 6);
    // A picture on the wall.
    cv::Mat painting = m(cv::Rect(60, 90, 90, 70));
    painting.setTo(cv::Scalar(200, 215, 225));
    disc(painting, {30, 28}, 12, cv::Scalar(120, 200, 240));
    oval(painting, {55, 72}, {50, 24}, 0, 180, 360, cv::Scalar(150, 190, 150));
    cv::rectangle(m, cv::Rect(60, 90, 90, 70), cv::Scalar(150, 170, 190), 4, cv::LINE_AA);
    // A soft rug in the middle of the floor.
    oval(m, {480, 410}, {330, 42}, 0, 0, 360, cv::Scalar(200, 205, 228));
    return m;
}

void drawBall(cv::Mat& m, cv::Point2d c, double r, double roll_rad) {
    oval(m, {c.x, c.y + r + 2}, {r * 0.9, 5}, 0, 0, 360, cv::Scalar(150, 175, 195));
    disc(m, c, r, cv::Scalar(80, 200, 250));
    const double deg = roll_rad * 180.0 / kPi;
    for (int i = 0; i < 3; ++i) {
        oval(m, c, {r, r}, deg + i * 120.0, 0, 60, cv::Scalar(80, 90, 230));
    }
    disc(m, c, r * 0.25, kWhite);
    disc(m, c, r, kOutline, 2);
}

void drawJar(cv::Mat& m, cv::Point2d c, double tilt_rad, cv::Point2d lid_offset) {
    const double w = 44;
    const double h = 56;
    auto rotate = [&](cv::Point2d p) {
        return c + cv::Point2d(p.x * std::cos(tilt_rad) - p.y * std::sin(tilt_rad),
                               p.x * std::sin(tilt_rad) + p.y * std::cos(tilt_rad));
    };
    std::vector<cv::Point2d> body;
    for (const auto& p : roundedRect(cv::Rect2d(-w / 2, -h / 2 + 8, w, h - 8), 10)) {
        body.push_back(rotate(p));
    }
    polygon(m, body, cv::Scalar(240, 228, 205), kOutline, 2);
    for (int i = 0; i < 3; ++i) {  // biscuits inside
        disc(m, rotate({-10.0 + i * 10.0, 10.0 - (i % 2) * 12.0}), 7, cv::Scalar(90, 150, 200));
    }
    std::vector<cv::Point2d> lid;
    for (const auto& p : roundedRect(cv::Rect2d(-w / 2 - 3, -h / 2 - 4, w + 6, 14), 4)) {
        lid.push_back(rotate(p) + lid_offset);
    }
    polygon(m, lid, cv::Scalar(70, 80, 210), kOutline, 2);
}

void drawToyCar(cv::Mat& m, cv::Point2d c, double s) {
    polygon(m, roundedRect(cv::Rect2d(c.x - 16 * s, c.y - 24 * s, 30 * s, 16 * s), 5 * s),
            cv::Scalar(240, 220, 170), kOutline, 2);
    polygon(m, roundedRect(cv::Rect2d(c.x - 30 * s, c.y - 12 * s, 60 * s, 18 * s), 6 * s),
            cv::Scalar(60, 190, 90), kOutline, 2);
    for (double side : {-1.0, 1.0}) {
        disc(m, c + cv::Point2d(side * 17 * s, 7 * s), 7 * s, cv::Scalar(60, 60, 70));
        disc(m, c + cv::Point2d(side * 17 * s, 7 * s), 2.5 * s, cv::Scalar(200, 200, 200));
    }
}

void drawBlock(cv::Mat& m, cv::Point2d c, double size, int colour_index) {
    static const cv::Scalar kColours[] = {cv::Scalar(80, 90, 230), cv::Scalar(80, 200, 250),
                                          cv::Scalar(200, 150, 70), cv::Scalar(90, 190, 100)};
    const cv::Scalar& colour = kColours[colour_index % 4];
    polygon(m, roundedRect(cv::Rect2d(c.x - size / 2, c.y - size / 2, size, size), 5), colour,
            mix(colour, kOutline, 0.5), 2);
}

void drawClock(cv::Mat& m, cv::Point2d c, double r, double fraction) {
    fraction = std::clamp(fraction, 0.0, 1.0);
    disc(m, c, r, kWhite);
    if (fraction > 0.001) {
        oval(m, c, {r - 4, r - 4}, -90, 0, 360 * fraction, cv::Scalar(150, 215, 170));
    }
    for (int i = 0; i < 12; ++i) {
        const double a = i * kPi / 6;
        stroke(m, c + cv::Point2d(std::sin(a), -std::cos(a)) * (r - 7),
               c + cv::Point2d(std::sin(a), -std::cos(a)) * (r - 3), kOutline, 2);
    }
    const double hand = fraction * 2 * kPi;
    stroke(m, c, c + cv::Point2d(std::sin(hand), -std::cos(hand)) * (r - 9), kOutline, 3);
    disc(m, c, 3.5, kOutline);
    disc(m, c, r, kOutline, 3);
}

void drawHeart(cv::Mat& m, cv::Point2d c, double size) {
    const cv::Scalar pink(150, 110, 240);
    const double r = size * 0.3;
    disc(m, c + cv::Point2d(-r * 0.95, -r * 0.3), r, pink);
    disc(m, c + cv::Point2d(r * 0.95, -r * 0.3), r, pink);
    polygon(
        m,
        {{c.x - r * 1.9, c.y - r * 0.1}, {c.x + r * 1.9, c.y - r * 0.1}, {c.x, c.y + size * 0.6}},
        pink, pink, 0);
}

void drawPicture(cv::Mat& m, cv::Point2d c) {
    const cv::Rect2d sheet(c.x - 38, c.y - 30, 76, 60);
    polygon(m, roundedRect(sheet, 3), kWhite, kOutline, 2);
    disc(m, c + cv::Point2d(-20, -14), 8, cv::Scalar(60, 200, 250));
    polygon(m, {{c.x + 2, c.y + 4}, {c.x + 18, c.y - 12}, {c.x + 34, c.y + 4}},
            cv::Scalar(80, 90, 220), cv::Scalar(80, 90, 220), 0);
    cv::rectangle(m, cv::Rect(static_cast<int>(c.x) + 6, static_cast<int>(c.y) + 4, 24, 20),
                  cv::Scalar(210, 150, 80), cv::FILLED, cv::LINE_AA);
    stroke(m, {c.x - 34, c.y + 25}, {c.x + 34, c.y + 25}, cv::Scalar(100, 190, 110), 3);
}

void drawStar(cv::Mat& m, cv::Point2d c, double r) {
    std::vector<cv::Point2d> pts;
    for (int i = 0; i < 10; ++i) {
        const double a = -kPi / 2 + i * kPi / 5;
        const double rr = i % 2 == 0 ? r : r * 0.45;
        pts.emplace_back(c.x + rr * std::cos(a), c.y + rr * std::sin(a));
    }
    polygon(m, pts, cv::Scalar(70, 210, 250), cv::Scalar(40, 150, 200), 2);
}

void drawSightLine(cv::Mat& m, cv::Point2d from, cv::Point2d to) {
    const double distance = cv::norm(to - from);
    const int dots = static_cast<int>(distance / 16);
    for (int i = 1; i < dots; ++i) {
        disc(m, lerp(from, to, static_cast<double>(i) / dots), 3.2, cv::Scalar(60, 180, 240));
    }
}

void drawFaded(cv::Mat& m, double alpha, const std::function<void(cv::Mat&)>& draw) {
    if (alpha <= 0.002) {
        return;
    }
    if (alpha >= 0.998) {
        draw(m);
        return;
    }
    cv::Mat layer = m.clone();
    draw(layer);
    cv::addWeighted(layer, alpha, m, 1.0 - alpha, 0.0, m);
}

void drawSpeechBubble(cv::Mat& m, const FigureGeometry& speaker, const std::string& text) {
    const int font = cv::FONT_HERSHEY_DUPLEX;
    const double scale = 0.85;
    const int thickness = 2;
    const auto lines = wrapText(text, font, scale, thickness, 300);
    int baseline = 0;
    int width = 0;
    for (const auto& l : lines) {
        width = std::max(width, cv::getTextSize(l, font, scale, thickness, &baseline).width);
    }
    const double line_height = 34;
    const double bubble_w = width + 44;
    const double bubble_h = line_height * static_cast<double>(lines.size()) + 26;
    const double toward_middle = speaker.head_centre.x < kFrameWidth / 2.0 ? 1.0 : -1.0;
    const double bottom = speaker.head_centre.y - speaker.head_radius - 26;
    double cx = speaker.head_centre.x + toward_middle * (bubble_w / 2 - 30);
    cx = std::clamp(cx, bubble_w / 2 + 12, kFrameWidth - bubble_w / 2 - 12);
    const cv::Rect2d box(cx - bubble_w / 2, bottom - bubble_h, bubble_w, bubble_h);
    const cv::Point2d tip =
        speaker.head_centre + cv::Point2d(toward_middle * 12, -speaker.head_radius - 6);
    const std::vector<cv::Point2d> tail{
        {tip.x + toward_middle * 8, bottom - 4}, {tip.x + toward_middle * 30, bottom - 4}, tip};
    polygon(m, tail, kWhite, kOutline, 2);
    polygon(m, roundedRect(box, 18), kWhite, kOutline, 2);
    polygon(m, tail, kWhite, kWhite, 0);  // hides the box outline where the tail joins
    stroke(m, tail[0] + cv::Point2d(0, 1), tip, kOutline, 2);
    stroke(m, tail[1] + cv::Point2d(0, 1), tip, kOutline, 2);
    drawTextBlock(m, lines, {cx, bottom - bubble_h / 2}, font, scale, thickness, line_height, kInk);
}

void drawThoughtBubble(cv::Mat& m, const FigureGeometry& thinker,
                       const std::function<void(cv::Mat&, cv::Point2d)>& content) {
    const double toward_middle = thinker.head_centre.x < kFrameWidth / 2.0 ? 1.0 : -1.0;
    const cv::Point2d top =
        thinker.head_centre + cv::Point2d(toward_middle * 30, -thinker.head_radius);
    const cv::Point2d centre = top + cv::Point2d(toward_middle * 60, -80);
    disc(m, top + cv::Point2d(toward_middle * 10, -12), 6, kWhite);
    disc(m, top + cv::Point2d(toward_middle * 10, -12), 6, kOutline, 2);
    disc(m, top + cv::Point2d(toward_middle * 24, -30), 9, kWhite);
    disc(m, top + cv::Point2d(toward_middle * 24, -30), 9, kOutline, 2);
    oval(m, centre, {62, 44}, 0, 0, 360, kWhite);
    oval(m, centre, {62, 44}, 0, 0, 360, kOutline, 2);
    content(m, centre + cv::Point2d(0, 4));
}

void drawCaptionBand(cv::Mat& m) {
    const cv::Rect2d band(40, 452, kFrameWidth - 80, 80);
    cv::Mat layer = m.clone();
    polygon(layer, roundedRect(band, 22), cv::Scalar(70, 50, 40), cv::Scalar(70, 50, 40), 0);
    cv::addWeighted(layer, 0.85, m, 0.15, 0.0, m);
}

void drawCaptionText(cv::Mat& m, const std::string& text, double text_alpha) {
    drawFaded(m, text_alpha, [&](cv::Mat& layer) {
        const int font = cv::FONT_HERSHEY_DUPLEX;
        double scale = 1.1;
        auto lines = wrapText(text, font, scale, 2, 840);
        if (lines.size() > 1) {
            scale = 0.95;
            lines = wrapText(text, font, scale, 2, 840);
        }
        drawTextBlock(layer, lines, {kFrameWidth / 2.0, 492}, font, scale, 2,
                      lines.size() > 1 ? 34.0 : 0.0, kWhite);
    });
}

}  // namespace mimic::demo
