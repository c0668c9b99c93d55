#include "scenes.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <numbers>

#include "drawing.h"

namespace mimic::demo {
namespace {

constexpr double kPi = std::numbers::pi;
// Fades of bubbles and markers: slow enough to never flash.
constexpr double kFadeS = 0.35;

// Line timing with safe defaults: lines a manifest leaves out never start.
struct Beats {
    const Timeline& timeline;
    double start(std::size_t i) const {
        return i < timeline.lines.size() ? timeline.lines[i].start_s : timeline.duration_s + 1e3;
    }
    double end(std::size_t i) const {
        return i < timeline.lines.size() ? timeline.lines[i].speech_end_s
                                         : timeline.duration_s + 1e3;
    }
    double length(std::size_t i) const { return end(i) - start(i); }
};

// Visible between `from_s` and `to_s`, fading in and out.
double shown(double t, double from_s, double to_s) {
    return ramp(t, from_s, kFadeS) * (1.0 - ramp(t, to_s - kFadeS, kFadeS));
}

// Mouth opening while speaking between `from_s` and `to_s`: a calm open-close rhythm.
double talking(double t, double from_s, double to_s) {
    const double envelope = ramp(t, from_s, 0.1) * (1.0 - ramp(t, to_s - 0.1, 0.1));
    return envelope * (0.3 + 0.7 * std::abs(std::sin(2.0 * kPi * 2.2 * (t - from_s))));
}

// Rises and falls back: 0 outside [from_s, from_s + length_s], 1 in the middle.
double bump(double t, double from_s, double length_s) {
    return ramp(t, from_s, length_s / 2) * (1.0 - ramp(t, from_s + length_s / 2, length_s / 2));
}

Arm waving(const Pose& pose, bool right_arm, double amount, double t) {
    const double side = right_arm ? 1.0 : -1.0;
    const Arm rest = right_arm ? Pose{}.right : Pose{}.left;
    const double swing = 0.45 * std::sin(2.0 * kPi * 1.3 * t);
    (void)pose;
    return {lerp(rest.upper_rad, side * 2.3, amount),
            lerp(rest.fore_rad, side * (2.85 + swing), amount)};
}

// A speech bubble for `speaker`, faded by `alpha`.
void say(cv::Mat& m, double alpha, const Pose& speaker, const char* text) {
    drawFaded(m, alpha, [&](cv::Mat& l) { drawSpeechBubble(l, figureGeometry(speaker), text); });
}
void say(cv::Mat& m, double alpha, const FigureGeometry& speaker, const char* text) {
    drawFaded(m, alpha, [&](cv::Mat& l) { drawSpeechBubble(l, speaker, text); });
}

Pose standingAt(double x) {
    Pose pose;
    pose.x = x;
    return pose;
}

Arm blendArms(const Arm& a, const Arm& b, double f) {
    return {lerp(a.upper_rad, b.upper_rad, f), lerp(a.fore_rad, b.fore_rad, f)};
}

// Gaze that looks from a head toward a point, -1..1 each way.
cv::Point2d gazeAt(const Pose& pose, cv::Point2d target) {
    const cv::Point2d from = figureGeometry(pose).head_centre;
    const cv::Point2d d = target - from;
    const double n = std::max(1.0, cv::norm(d));
    return {std::clamp(d.x / n * 1.2, -1.0, 1.0), std::clamp(d.y / n * 1.2, -1.0, 1.0)};
}

cv::Point2d eyesMiddle(const FigureGeometry& g) {
    return (g.left_eye + g.right_eye) * 0.5;
}

void greeting(cv::Mat& m, double t, const Beats& b) {
    Pose s = standingAt(300);
    Pose f;  // Mia walks in from the right during the first line
    const double walk = ramp(t, 0.2, std::max(2.0, b.end(0) - 0.2));
    f.x = lerp(1070, 660, walk);
    f.walk_amount = std::min(1.0, 5.0 * walk * (1.0 - walk) + (walk > 0 && walk < 1 ? 0.2 : 0));
    f.walk_phase_rad = f.x / 14.0;
    f.look = -1;
    f.gaze = {-1, 0};
    f.smile = lerp(0.6, 1.0, ramp(t, b.start(3), 0.6));

    s.look = ramp(t, b.start(0) + 0.5, 0.7);
    s.gaze = {s.look, 0};
    s.smile = lerp(0.35, 1.0, ramp(t, b.start(1), 0.6));
    const double sam_wave = ramp(t, b.start(1) + 0.3, 0.5) * (1.0 - ramp(t, b.start(3) + 1.0, 0.6));
    s.right = waving(s, true, sam_wave, t);
    s.mouth_open = talking(t, b.start(2) + 0.2, b.end(2));

    const double mia_wave = ramp(t, b.start(3) + 0.2, 0.5) * (1.0 - ramp(t, b.end(3) + 0.4, 0.6));
    f.left = waving(f, false, mia_wave, t + 0.4);
    f.mouth_open = talking(t, b.start(3) + 0.2, b.end(3));

    drawFigure(m, sam(), s, t);
    drawFigure(m, mia(), f, t);
    say(m, shown(t, b.start(2), b.start(3) + 0.2), s, "Hello, Mia!");
    say(m, shown(t, b.start(3) + 0.2, 1e9), f, "Hello, Sam!");
}

void eyeContact(cv::Mat& m, double t, const Beats& b) {
    Pose s = standingAt(320);
    Pose f = standingAt(640);
    const cv::Point2d picture(606, 268);
    f.left = armReaching(f, false, picture + cv::Point2d(-36, 8));
    f.right = armReaching(f, true, picture + cv::Point2d(36, 8));

    // Sam starts turned away, turns to face Mia, then looks up into her eyes.
    const double turn = ramp(t, b.start(0) + 0.4, 0.9);
    const double eyes = ramp(t, b.start(1) + 0.2, 0.6);
    s.look = lerp(-0.8, 1.0, turn);
    const cv::Point2d away(-1, 0.5);
    const cv::Point2d at_picture = gazeAt(s, picture);
    const cv::Point2d at_eyes = gazeAt(s, eyesMiddle(figureGeometry(f)));
    s.gaze = lerp(lerp(away, at_picture, turn), at_eyes, eyes);
    s.smile = 0.7;
    s.mouth_open = talking(t, b.start(2) + 0.2, b.end(2));
    const double point = bump(t, b.start(2) + 0.3, std::max(1.6, b.length(2)));
    s.right = blendArms(s.right, armReaching(s, true, picture + cv::Point2d(-70, -10)), point);

    // Mia looks at her drawing until she answers, then looks back at Sam.
    const double answer = ramp(t, b.start(3) + 0.2, 0.6);
    f.look = lerp(-0.3, -1.0, answer);
    f.gaze = lerp(gazeAt(f, picture + cv::Point2d(0, 40)), gazeAt(f, eyesMiddle(figureGeometry(s))),
                  answer);
    f.smile = lerp(0.5, 1.0, answer);
    f.mouth_open = talking(t, b.start(3) + 0.9, b.end(3));

    drawFigure(m, sam(), s, t);
    drawFigure(m, mia(), f, t, [&](cv::Mat& l) { drawPicture(l, picture); });
    const FigureGeometry sg = figureGeometry(s);
    const FigureGeometry fg = figureGeometry(f);
    drawFaded(m, ramp(t, b.start(1) + 0.6, 0.6), [&](cv::Mat& l) {
        drawSightLine(l, sg.right_eye + cv::Point2d(12, 0), fg.left_eye - cv::Point2d(12, 0));
    });
    say(m, shown(t, b.start(2), b.start(3) + 0.4), sg, "I like your drawing!");
    say(m, shown(t, b.start(3) + 0.8, 1e9), fg, "Thank you, Sam!");
}

void turnTaking(cv::Mat& m, double t, const Beats& b) {
    Pose s = standingAt(230);
    s.look = 1;
    Pose f = standingAt(730);
    f.look = -1;
    constexpr double kRadius = 27;
    const double sam_spot = s.x + 66;
    const double mia_spot = f.x - 66;
    constexpr double kRollS = 1.8;
    // Kicks: Sam, Mia, Sam; each one when its line is being spoken.
    const std::array<double, 3> kicks{b.start(1) + 0.6, b.start(2) + 1.0, b.start(3) + 0.9};
    double x = sam_spot;
    double travelled = 0;
    for (std::size_t i = 0; i < kicks.size(); ++i) {
        const double from = i % 2 == 0 ? sam_spot : mia_spot;
        const double to = i % 2 == 0 ? mia_spot : sam_spot;
        const double f_roll = ramp(t, kicks[i], kRollS);
        if (f_roll > 0) {
            x = lerp(from, to, f_roll);
            travelled += std::abs(to - from) * f_roll * (i % 2 == 0 ? 1.0 : -1.0);
        }
    }
    // The front foot swings to the ball just as it starts rolling.
    for (std::size_t i = 0; i < kicks.size(); ++i) {
        const double kick = 0.6 * bump(t, kicks[i] - 0.4, 0.8);
        Pose& kicker = i % 2 == 0 ? s : f;
        kicker.kick_rad = std::max(kicker.kick_rad, kick);
    }
    const cv::Point2d ball(x, kFeetY - kRadius + 2);
    s.gaze = gazeAt(s, ball);
    f.gaze = gazeAt(f, ball);
    s.smile = lerp(0.7, 1.0, ramp(t, b.start(3), 0.5));
    f.smile = s.smile;
    // Arms open a little for balance and fun.
    s.left = {-0.5, -0.3};
    f.right = {0.5, 0.3};

    drawBall(m, ball, kRadius, travelled / kRadius);  // behind the kicking foot
    drawFigure(m, sam(), s, t);
    drawFigure(m, mia(), f, t);

    // A star above whoever has the turn.
    const double sam_turn = ramp(t, b.start(1) - 0.2, 0.5) * (1.0 - ramp(t, b.start(2), 0.5)) +
                            ramp(t, b.start(3), 0.5);
    const double mia_turn = ramp(t, b.start(2), 0.5) * (1.0 - ramp(t, b.start(3), 0.5));
    const double hover = 3.0 * std::sin(2 * kPi * 0.5 * t);
    drawFaded(m, sam_turn, [&](cv::Mat& l) {
        drawStar(l, figureGeometry(s).head_centre + cv::Point2d(0, -78 + hover), 22);
    });
    drawFaded(m, mia_turn, [&](cv::Mat& l) {
        drawStar(l, figureGeometry(f).head_centre + cv::Point2d(0, -78 + hover), 22);
    });
}

void askingForHelp(cv::Mat& m, double t, const Beats& b) {
    Pose s = standingAt(330);
    Pose f = standingAt(690);
    const cv::Point2d jar(s.x + 14, 272);
    const cv::Point2d lid_rest = jar + cv::Point2d(0, -30);

    // Line 0: twisting the stuck lid; the jar wobbles and Sam frowns.
    const double struggle = ramp(t, b.start(0), 0.4) * (1.0 - ramp(t, b.start(1), 0.4));
    const double tilt = 0.12 * std::sin(2 * kPi * 1.2 * t) * struggle;
    // Line 1: the free hand goes up; line 3: it comes down again.
    const double raise = ramp(t, b.start(1), 0.5) * (1.0 - ramp(t, b.start(3) + 0.3, 0.6));
    // Line 3: Mia walks over and lifts the lid off.
    const double walk = ramp(t, b.end(2) + 0.1, 1.3);
    f.x = lerp(690, 470, walk);
    f.walk_amount = std::min(1.0, 5.0 * walk * (1.0 - walk));
    f.walk_phase_rad = f.x / 14.0;
    const double grab = ramp(t, b.start(3) + 0.6, 0.5);
    const double lift = ramp(t, b.start(3) + 1.1, 0.7);
    const cv::Point2d lid_up = jar + cv::Point2d(70, -72);
    const cv::Point2d lid = lerp(lid_rest, lid_up, lift);

    s.left = armReaching(s, false, jar + cv::Point2d(-24, 8));
    const cv::Point2d twist_hand =
        lid_rest + cv::Point2d(5 * std::sin(2 * kPi * 1.2 * t) * struggle, 0);
    const cv::Point2d hand_up(s.x + 48, 130);
    s.right = armReaching(
        s, true, lerp(lerp(lid_rest + cv::Point2d(14, 12), twist_hand, struggle), hand_up, raise));
    s.look = ramp(t, b.start(1), 0.6);
    s.gaze = lerp(gazeAt(s, jar), gazeAt(s, eyesMiddle(figureGeometry(f))), s.look);
    if (lift > 0.5) {
        s.gaze = lerp(s.gaze, gazeAt(s, jar), ramp(t, b.start(3) + 1.6, 0.4));
    }
    const double frown = ramp(t, b.start(0) + 0.6, 0.6) * (1.0 - ramp(t, b.start(2), 0.6));
    s.smile = lerp(lerp(0.4, -0.7, frown), 1.0, ramp(t, b.start(3) + 1.5, 0.6));
    const double thanks_at = b.start(3) + std::max(1.6, 0.55 * b.length(3));
    s.mouth_open = talking(t, b.start(2) + 0.2, b.end(2)) + talking(t, thanks_at, thanks_at + 1.0);

    f.look = lerp(0.0, -1.0, ramp(t, b.start(1) + 0.6, 0.6));
    f.gaze = gazeAt(f, lerp(cv::Point2d(f.x, 300), eyesMiddle(figureGeometry(s)), -f.look));
    if (grab > 0) {
        f.gaze = gazeAt(f, jar);
        f.left = blendArms(f.left, armReaching(f, false, lid), grab);
    }
    f.smile = lerp(0.5, 0.9, ramp(t, b.start(2) + 0.8, 0.6));

    drawFigure(m, sam(), s, t, [&](cv::Mat& l) { drawJar(l, jar, tilt, lid - lid_rest); });
    drawFigure(m, mia(), f, t);
    say(m, shown(t, b.start(2), b.start(3) + 0.3), s, "Mia, can you help me, please?");
    say(m, shown(t, thanks_at - 0.2, 1e9), s, "Thank you, Mia!");
}

void sharing(cv::Mat& m, double t, const Beats& b) {
    Pose s = standingAt(300);
    Pose f = standingAt(660);
    // Line 2: Sam holds the car out, Mia takes it at `handover_s`.
    const double offer_s = b.start(2) + std::max(1.0, 0.45 * b.length(2));
    const double handover_s = offer_s + 0.9;
    const double offer = ramp(t, offer_s, 0.9);
    const double back = ramp(t, handover_s, 0.8);
    const cv::Point2d meet(480, 292);

    const double drive = 1.0 - ramp(t, offer_s - 0.6, 0.6);
    const cv::Point2d sam_play(s.x + 62 + 22 * std::sin(2 * kPi * 0.45 * t) * drive,
                               296 + 4 * std::sin(2 * kPi * 0.9 * t) * drive);
    const cv::Point2d sam_hand = lerp(lerp(sam_play, meet, offer), sam_play, back);
    const double mia_drive = ramp(t, handover_s + 0.8, 0.8);
    const cv::Point2d mia_play(f.x - 62 + 22 * std::sin(2 * kPi * 0.45 * t) * mia_drive,
                               296 + 4 * std::sin(2 * kPi * 0.9 * t) * mia_drive);
    const double wants = ramp(t, b.start(1) + 0.5, 0.7);
    const cv::Point2d mia_wait =
        lerp(cv::Point2d(f.x - 44, 300), cv::Point2d(f.x - 62, 292), wants);
    const cv::Point2d mia_hand =
        lerp(lerp(mia_wait, meet + cv::Point2d(6, 0), offer), mia_play, back);
    const bool mia_has_car = t >= handover_s;

    s.right =
        armReaching(s, true, back > 0 ? lerp(meet, cv::Point2d(s.x + 40, 320), back) : sam_hand);
    f.left = armReaching(f, false, mia_hand);
    const cv::Point2d car =
        mia_has_car ? figureGeometry(f).left_hand : figureGeometry(s).right_hand;

    s.look = lerp(0.6, 1.0, ramp(t, b.start(2), 0.5));
    s.gaze = lerp(gazeAt(s, car), gazeAt(s, eyesMiddle(figureGeometry(f))),
                  ramp(t, b.start(2), 0.5) * (1.0 - ramp(t, b.start(3) + 0.5, 0.6)));
    s.smile = lerp(0.9, 1.0, ramp(t, b.start(3), 0.5));
    s.mouth_open = talking(t, b.start(2) + 0.2, b.end(2));
    f.look = -1;
    f.gaze = gazeAt(f, car);
    f.smile = lerp(lerp(0.5, 0.1, ramp(t, b.start(1), 0.6)), 1.0, ramp(t, handover_s, 0.6));

    auto car_in_hand = [&](cv::Mat& l) { drawToyCar(l, car + cv::Point2d(0, -6), 0.9); };
    drawFigure(m, sam(), s, t, mia_has_car ? std::function<void(cv::Mat&)>{} : car_in_hand);
    drawFigure(m, mia(), f, t, mia_has_car ? car_in_hand : std::function<void(cv::Mat&)>{});
    drawFaded(m, shown(t, b.start(1) + 0.3, b.start(2) + 0.2), [&](cv::Mat& l) {
        drawThoughtBubble(l, figureGeometry(f), [](cv::Mat& ll, cv::Point2d c) {
            drawToyCar(ll, c + cv::Point2d(0, 6), 0.8);
        });
    });
    say(m, shown(t, b.start(2), b.start(3) + 0.2), s, "Here, Mia! You can have a turn.");
    drawFaded(m, ramp(t, b.start(3) + 0.3, 0.6), [&](cv::Mat& l) {
        const double bob = 3.0 * std::sin(2 * kPi * 0.5 * t);
        drawHeart(l, figureGeometry(f).head_centre + cv::Point2d(-60, -70 + bob), 30);
        drawHeart(l, figureGeometry(s).head_centre + cv::Point2d(60, -70 - bob), 30);
    });
}

void waiting(cv::Mat& m, double t, const Beats& b) {
    Pose s = standingAt(300);
    s.look = 1;
    Pose f;
    // Line 3: Mia steps toward Sam and gives him a block.
    const double step = ramp(t, b.start(3), 1.0);
    f.x = lerp(600, 505, step);
    f.walk_amount = std::min(1.0, 5.0 * step * (1.0 - step));
    f.walk_phase_rad = f.x / 14.0;
    constexpr double kBlock = 40;
    const cv::Point2d tower_base(700, kFeetY - kBlock / 2);
    const cv::Point2d pick(f.x + 42, 322);

    // Mia builds: one block every 2.2 s while the first three lines are spoken.
    int placed = 2;
    cv::Point2d hand = pick;
    bool carrying = false;
    const double first = b.start(0) + 0.2;
    for (int k = 0; k < 3; ++k) {
        const double c = first + 2.2 * k;
        if (c + 2.0 > b.start(3)) {
            break;
        }
        const double p = std::clamp((t - c) / 2.0, 0.0, 1.0);
        const cv::Point2d top = tower_base + cv::Point2d(0, -kBlock * placed);
        if (p >= 0.55) {
            ++placed;
        }
        if (p > 0 && p < 1) {
            const double go = ramp(p, 0.0, 0.55);
            const double ret = ramp(p, 0.6, 0.4);
            hand = lerp(lerp(pick, top + cv::Point2d(0, -6), go), pick, ret);
            hand.y -= 30 * std::sin(kPi * std::min(go, 1.0)) * (1.0 - ret);
            carrying = p < 0.55;
        }
    }
    f.right = armReaching(f, true, hand);
    f.look = lerp(0.6, -1.0, step);
    f.gaze = step > 0.2 ? gazeAt(f, figureGeometry(s).head_centre) : gazeAt(f, hand);
    f.smile = 0.8;

    // Sam reaches a little at first, then hands go down and he waits, watching.
    const double reach = ramp(t, 0.3, 0.8) * (1.0 - ramp(t, b.start(1) + 0.3, 0.7));
    s.right = blendArms(s.right, armReaching(s, true, {s.x + 75, 270}), reach);
    s.gaze = gazeAt(s, tower_base + cv::Point2d(0, -kBlock * placed));
    s.smile = lerp(0.5, 1.0, ramp(t, b.start(3) + 0.5, 0.6));

    // The handover: Mia's left hand brings a block to Sam's right hand.
    const double give = ramp(t, b.start(3) + 0.9, 0.8);
    const double apart = ramp(t, b.start(3) + 1.8, 0.7);
    const cv::Point2d meet(400, 282);
    if (give > 0) {
        const Arm mia_rest = f.left;
        f.left = blendArms(mia_rest, armReaching(f, false, meet + cv::Point2d(4, 0)),
                           give * (1 - apart));
        s.right = blendArms(
            s.right, armReaching(s, true, lerp(meet - cv::Point2d(4, 0), {s.x + 48, 290}, apart)),
            give);
        s.gaze = lerp(s.gaze, gazeAt(s, figureGeometry(s).right_hand), give);
    }
    f.mouth_open = talking(t, b.start(3) + 0.3, b.start(3) + 1.5);
    s.mouth_open = talking(t, b.start(3) + 2.0, b.start(3) + 2.9);

    const bool sam_has_block = t >= b.start(3) + 1.75;
    auto gift = [&](cv::Mat& l, const cv::Point2d& holder) {
        drawFaded(l, ramp(t, b.start(3) + 0.3, 0.4),
                  [&](cv::Mat& ll) { drawBlock(ll, holder + cv::Point2d(0, -12), 34, placed); });
    };
    drawFigure(m, sam(), s, t, [&](cv::Mat& l) {
        if (sam_has_block) {
            gift(l, figureGeometry(s).right_hand);
        }
    });
    for (int i = 0; i < placed; ++i) {
        drawBlock(m, tower_base + cv::Point2d(0, -kBlock * i), kBlock, i);
    }
    drawFigure(m, mia(), f, t, [&](cv::Mat& l) {
        if (carrying) {
            drawBlock(l, figureGeometry(f).right_hand + cv::Point2d(0, -10), kBlock, placed);
        }
        if (!sam_has_block) {
            gift(l, figureGeometry(f).left_hand);
        }
    });

    // The waiting clock above Sam fills up while he waits, then gives way to a star.
    const double wait_from = b.start(1) + 0.3;
    const double wait_to = b.start(3);
    const double clock = ramp(t, wait_from, 0.6) * (1.0 - ramp(t, wait_to + 0.2, 0.5));
    const cv::Point2d above = figureGeometry(s).head_centre + cv::Point2d(-86, -46);
    drawFaded(m, clock, [&](cv::Mat& l) {
        drawClock(l, above, 30, (t - wait_from) / (wait_to - wait_from));
    });
    drawFaded(m, ramp(t, wait_to + 0.3, 0.5), [&](cv::Mat& l) { drawStar(l, above, 26); });
    say(m, shown(t, b.start(3) + 0.2, b.start(3) + 2.0), f, "Your turn, Sam!");
    say(m, shown(t, b.start(3) + 2.0, 1e9), s, "Yay, my turn!");
}

struct SceneEntry {
    std::string_view name;
    void (*draw)(cv::Mat&, double, const Beats&);
};
constexpr std::array<SceneEntry, 6> kScenes{{{"greeting", greeting},
                                             {"eye-contact", eyeContact},
                                             {"turn-taking", turnTaking},
                                             {"asking-for-help", askingForHelp},
                                             {"sharing", sharing},
                                             {"waiting", waiting}}};

}  // namespace

bool isKnownScene(std::string_view name) {
    return std::any_of(kScenes.begin(), kScenes.end(),
                       [&](const SceneEntry& e) { return e.name == name; });
}

std::string knownSceneNames() {
    std::string names;
    for (const auto& e : kScenes) {
        names += (names.empty() ? "" : ", ") + std::string(e.name);
    }
    return names;
}

void drawScene(cv::Mat& frame, std::string_view name, double t_s, const Timeline& timeline) {
    for (const auto& e : kScenes) {
        if (e.name == name) {
            e.draw(frame, t_s, Beats{timeline});
            return;
        }
    }
}

}  // namespace mimic::demo
