// A child's screen choices (issue 11: the "your turn" cue in a recorded voice instead of
// espeak-ng; after a reinforced trial stars, confetti, a favourite short clip or sound, or a
// quiet "well done"): checked, copied into the data folder and stored, the one way both
// `mimic child prefs` and the window's Children tab change them; and read back for a session.
//
// Files a person gives are checked before anything is stored: a cue voice is a WAV that
// decodes (audio::loadWav, the reader the child's screen plays it with) and lasts at most
// kMaxCueVoiceLength; a favourite sound is such a WAV of at most kMaxRewardLength; a favourite
// clip is a video whose pictures decode (media::ClipReader), of at most kMaxRewardLength. Each
// is copied into child-media/ under a name mimic makes (common/paths.h, newChildMediaPath: the
// file's own name is never used); the database holds the path relative to the data folder.
// Copies are renamed into place before the row commits and removed again when it does not, so
// a refused or failed change leaves no row and no file (a crash in between can leave a file
// that no row names: `mimic library check --repair` removes it). A file the new choices no
// longer name is removed once they are stored.
//
// Threads: the caller's, which owns the Database (store/database.h rules).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "common/paths.h"
#include "common/result.h"
#include "store/clinical_repository.h"
#include "store/database.h"

namespace mimic::app {

// Long enough for "Your turn, Sam!" said slowly; a cue that talks on loses a young child.
inline constexpr std::chrono::seconds kMaxCueVoiceLength{10};
// A reward is short: it ends the trial, it is not a break.
inline constexpr std::chrono::seconds kMaxRewardLength{15};

// A change by the words and files a person gave; what is not given stays as it is.
struct ScreenPrefsChange {
    std::string child;                  // the child's code
    std::optional<std::string> reward;  // "stars", "confetti", "clip", "sound", "quiet"
    std::optional<std::filesystem::path> reward_file;  // a new favourite clip or sound
    std::optional<std::filesystem::path> cue_voice;    // a new recorded voice (a WAV)
    bool cue_voice_default = false;                    // the cue spoken by espeak-ng again
};

// Checks `change`, copies its files and stores the child's new choices with their audit entry.
// Refused in one line: an unknown child or reward word, a file that is missing, does not
// decode or is too long, a favourite clip or sound without a file (none given and none of
// that kind stored), a file with another reward, a voice and the spoken cue together, or no
// change at all. Returns the choices as stored.
Result<store::ChildScreenPrefs> changeScreenPrefs(const DataDir& dir, store::Database& db,
                                                  const ScreenPrefsChange& change);

// The child's choices as a session's stage uses them.
struct SessionScreenPrefs {
    store::RewardKind reward = store::RewardKind::kStars;
    std::filesystem::path reward_file;           // absolute; with kClip and kSound
    std::chrono::milliseconds reward_length{0};  // how long reward_file plays
    std::filesystem::path cue_voice;             // absolute; empty: espeak-ng speaks the cue
    std::chrono::milliseconds cue_voice_length{0};
};

// The child's stored choices for a session, with their files' lengths read now. A file that
// has gone or no longer decodes is one warning and the default takes its place (the spoken
// cue, stars), as the child's screen does with a file it cannot play.
Result<SessionScreenPrefs> sessionScreenPrefs(store::Database& db, const DataDir& dir,
                                              std::int64_t child_id);

// For people: "reward: sound (child-media/reward-....wav); cue: recorded voice
// (child-media/voice-....wav)", or "reward: stars; cue: spoken by the computer".
std::string describeScreenPrefs(const store::ChildScreenPrefs& prefs);

}  // namespace mimic::app
