// Drawing kit for the demo clips: two friendly figures, props, speech bubbles and captions,
// drawn with OpenCV, anti-aliased, at sub-pixel positions so slow motion stays smooth.
// Pure functions of their arguments: the same inputs always give the same pixels.
#pragma once

#include <functional>
#include <string>

#include <opencv2/core.hpp>

namespace mimic::demo {

inline constexpr int kFrameWidth = 960;
inline constexpr int kFrameHeight = 540;
inline constexpr double kFeetY = 405.0;  // where the figures stand

// 0 before `start_s`, 1 after `start_s + duration_s`, an eased S-curve between.
double ramp(double t_s, double start_s, double duration_s);
double lerp(double a, double b, double f);
cv::Point2d lerp(cv::Point2d a, cv::Point2d b, double f);

enum class HairStyle { kShort, kPuffs };

struct Character {
    std::string name;
    cv::Scalar shirt;  // BGR, like every colour here
    cv::Scalar trousers;
    cv::Scalar skin;
    cv::Scalar hair;
    HairStyle hair_style = HairStyle::kShort;
    double blink_offset_s = 0;  // so the two do not blink together
};

const Character& sam();  // the "I" of every narration, in blue
const Character& mia();  // the friend, in orange

// One arm: screen angles of the upper arm and the forearm, 0 = straight down, +pi/2 = toward
// the right edge of the frame, pi = straight up.
struct Arm {
    double upper_rad = 0;
    double fore_rad = 0;
};

struct Pose {
    double x = 0;               // between the feet
    double look = 0;            // head turn: -1 faces left, 0 the viewer, +1 right
    cv::Point2d gaze;           // pupils, -1..1 each way (+y looks down)
    Arm left{-0.12, -0.06};     // the arm on the left of the frame
    Arm right{0.12, 0.06};      // the arm on the right of the frame
    double smile = 0.5;         // -1 frown .. 1 big smile
    double mouth_open = 0;      // 0..1 while talking (replaces the smile line)
    double walk_phase_rad = 0;  // legs swing with sin() of this while walk_amount > 0
    double walk_amount = 0;
    double kick_rad = 0;  // the front leg (on the side the head turns to) swings forward
};

// Where the parts of a posed figure are, for attaching props and bubbles.
struct FigureGeometry {
    cv::Point2d head_centre;
    double head_radius = 0;
    cv::Point2d left_eye, right_eye;
    cv::Point2d left_hand, right_hand;
    cv::Point2d chest;
};

FigureGeometry figureGeometry(const Pose& pose);
// The arm angles that put a hand at `hand` (or as near as the arm reaches), elbow down.
Arm armReaching(const Pose& pose, bool right_arm, cv::Point2d hand);
// `held`, if given, draws what the figure holds: after the body, before the arms, so the
// hands grip it from the front.
void drawFigure(cv::Mat& frame, const Character& who, const Pose& pose, double t_s,
                const std::function<void(cv::Mat&)>& held = {});

// The room: a soft wall with a window, a wooden floor. Drawn once and copied per frame.
cv::Mat makeBackground();

void drawBall(cv::Mat& frame, cv::Point2d centre, double radius, double roll_rad);
void drawJar(cv::Mat& frame, cv::Point2d centre, double tilt_rad, cv::Point2d lid_offset);
void drawToyCar(cv::Mat& frame, cv::Point2d centre, double scale);
void drawBlock(cv::Mat& frame, cv::Point2d centre, double size, int colour_index);
// A clock face whose filled slice shows `fraction` (0..1) of the waiting done.
void drawClock(cv::Mat& frame, cv::Point2d centre, double radius, double fraction);
void drawHeart(cv::Mat& frame, cv::Point2d centre, double size);
// A child's drawing on a sheet of paper (a sun and a house), held up by its edges.
void drawPicture(cv::Mat& frame, cv::Point2d centre);
void drawStar(cv::Mat& frame, cv::Point2d centre, double radius);
// Dotted line between two pairs of eyes: "they look at each other".
void drawSightLine(cv::Mat& frame, cv::Point2d from, cv::Point2d to);

// Draws `draw` onto a copy of the frame and mixes it in with `alpha` (0..1), for gentle
// fades instead of sudden appearances.
void drawFaded(cv::Mat& frame, double alpha, const std::function<void(cv::Mat&)>& draw);

// A white speech bubble above `speaker` (a head centre) whose tail points at the head; the
// bubble leans toward the middle of the frame.
void drawSpeechBubble(cv::Mat& frame, const FigureGeometry& speaker, const std::string& text);
// A cloud above `thinker` with a picture drawn by `content` at the given centre.
void drawThoughtBubble(cv::Mat& frame, const FigureGeometry& thinker,
                       const std::function<void(cv::Mat&, cv::Point2d)>& content);

// The caption band at the bottom (always there once narration starts) and its text faded
// in by `text_alpha`.
void drawCaptionBand(cv::Mat& frame);
void drawCaptionText(cv::Mat& frame, const std::string& text, double text_alpha);

}  // namespace mimic::demo
