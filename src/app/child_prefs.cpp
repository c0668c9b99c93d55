#include "app/child_prefs.h"

#include <cctype>
#include <cstdio>
#include <variant>
#include <vector>

#include "app/record_lookup.h"
#include "audio/sound_clip.h"
#include "common/file_lock.h"
#include "common/log.h"
#include "common/names.h"
#include "crypto/sealed_file.h"
#include "media/clip_reader.h"
#include "media/media_key.h"

namespace mimic::app {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

namespace {

// What a file is for: the words in messages, its length limit and how it is read.
struct FileRole {
    const char* what;   // "the cue voice"
    const char* named;  // child-media/<named>-...
    std::chrono::seconds limit;
    bool video = false;  // a clip; otherwise a WAV
};

constexpr FileRole kVoiceRole{"the cue voice", "voice", kMaxCueVoiceLength};
constexpr FileRole kSoundRole{"a favourite sound", "reward", kMaxRewardLength};
constexpr FileRole kClipRole{"a favourite clip", "reward", kMaxRewardLength, /*video=*/true};

std::string secondsText(milliseconds length) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f s", static_cast<double>(length.count()) / 1000.0);
    return text;
}

Result<milliseconds> wavLength(const fs::path& file) {
    auto sound = audio::loadWav(file);
    if (!sound) return sound.error();
    return milliseconds(static_cast<std::int64_t>(sound->seconds() * 1000.0));
}

// A clip's length, once one of its pictures has decoded (as an import checks with its
// thumbnail: a file that only probes well is not yet a clip that plays).
Result<milliseconds> clipLength(const fs::path& file) {
    auto reader = media::ClipReader::open(file, /*decode_audio=*/false);
    if (!reader) return reader.error();
    for (;;) {
        auto item = reader->next();
        if (!item) return item.error();
        if (std::holds_alternative<media::EndOfClip>(*item))
            return Error{"none of its pictures decodes"};
        if (std::holds_alternative<media::RgbaPicture>(*item)) break;
    }
    const std::int64_t duration_us = reader->info().duration_us;
    if (duration_us <= 0) return Error{"it does not say how long it lasts"};
    return milliseconds(duration_us / 1000);
}

// The file's length when it is what `role` needs; else one line naming it as given.
Result<milliseconds> checkFile(const fs::path& file, const FileRole& role) {
    const std::string named = std::string(role.what) + " " + quotedPrintable(file.string());
    std::error_code ec;
    if (!fs::exists(file, ec)) return Error{"cannot use " + named + ": there is no such file"};
    if (!fs::is_regular_file(file, ec)) return Error{"cannot use " + named + ": it is not a file"};
    auto length = role.video ? clipLength(file) : wavLength(file);
    if (!length) {
        log::debug(length.error().message);
        return Error{"cannot use " + named + ": it is not " +
                     (role.video ? "a video whose pictures decode"
                                 : "a WAV file that decodes (record or export it as .wav)")};
    }
    if (*length > role.limit) {
        return Error{"cannot use " + named + ": it lasts " + secondsText(*length) + ", and " +
                     role.what + " lasts at most " + std::to_string(role.limit.count()) + " s"};
    }
    return *length;
}

// The copy's extension: .wav for sounds; a clip keeps a plain extension of its own (FFmpeg
// reads by content, and a player picks by extension), lower case, else none.
std::string copyExtension(const fs::path& source, const FileRole& role) {
    if (!role.video) return ".wav";
    const std::string ext = source.extension().string();
    if (ext.size() < 2 || ext.size() > 6) return "";
    std::string out = ".";
    for (char c : ext.substr(1)) {
        if (std::isalnum(static_cast<unsigned char>(c)) == 0) return "";
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

// The copies one change makes; removed on destruction unless kept.
class NewCopies {
  public:
    explicit NewCopies(const DataDir& dir) : dir_(dir) {}
    NewCopies(const NewCopies&) = delete;
    NewCopies& operator=(const NewCopies&) = delete;
    ~NewCopies() {
        if (kept_) return;
        std::error_code ignored;
        for (const fs::path& file : files_)
            fs::remove(file, ignored);
    }

    // Copies `source` into child-media/; returns the copy's path relative to the data folder.
    Result<std::string> add(const fs::path& source, const FileRole& role) {
        std::error_code ec;
        // 0700 whatever the umask, like the folders prepareDataDir makes.
        if (fs::create_directories(dir_.childMedia(), ec) && !ec)
            fs::permissions(dir_.childMedia(), fs::perms::owner_all, ec);
        if (ec) return Error{"cannot create " + dir_.childMedia().string() + ": " + ec.message()};
        fs::path target = newChildMediaPath(dir_, role.named, copyExtension(source, role));
        while (fs::exists(target))
            target = newChildMediaPath(dir_, role.named, copyExtension(source, role));
        // Sealed in an encrypted data folder (a recorded voice identifies the person).
        if (const std::shared_ptr<const crypto::SecretKey> key = media::mediaKey()) {
            if (Status s = crypto::sealCopy(source, target, *key); !s) return s.error();
        } else if (Status s = copyFilePrivately(source, target); !s) {
            return s.error();
        }
        files_.push_back(target);
        return dir_.relative(target).string();
    }
    void keep() { kept_ = true; }

  private:
    const DataDir& dir_;
    std::vector<fs::path> files_;
    bool kept_ = false;
};

// The choices `change` asks for, starting from `stored`, with the new files' roles; files
// are not read yet.
struct Wanted {
    store::ChildScreenPrefs prefs;
    const FileRole* reward_role = nullptr;  // set when change.reward_file is to be copied
};

Result<Wanted> wantedPrefs(const ScreenPrefsChange& change, const store::ChildScreenPrefs& stored) {
    Wanted wanted{stored, nullptr};
    store::ChildScreenPrefs& prefs = wanted.prefs;
    if (change.cue_voice && change.cue_voice_default) {
        return Error{"give either a recorded cue voice or the spoken cue, not both"};
    }
    if (change.cue_voice_default) prefs.cue_voice.reset();
    if (change.reward) {
        prefs.reward = store::parseRewardKind(*change.reward);
        if (prefs.reward == store::RewardKind::kNone) {
            return Error{"unknown reward " + quotedPrintable(*change.reward) +
                         " (use stars, confetti, clip, sound or quiet)"};
        }
    }
    const bool has_file = store::rewardHasFile(prefs.reward);
    if (change.reward_file && !has_file) {
        return Error{
            "a reward file is a favourite clip or sound: choose the reward clip or sound "
            "with it"};
    }
    if (!has_file) {
        prefs.reward_file.reset();
    } else if (change.reward_file) {
        wanted.reward_role = prefs.reward == store::RewardKind::kClip ? &kClipRole : &kSoundRole;
    } else if (prefs.reward != stored.reward || !stored.reward_file) {
        return Error{std::string(prefs.reward == store::RewardKind::kClip
                                     ? "a favourite clip needs its file: a video"
                                     : "a favourite sound needs its file: a WAV") +
                     " of at most " + std::to_string(kMaxRewardLength.count()) + " s"};
    }
    return wanted;
}

// Removes the files `before` named that `after` does not; a failure only leaves an orphan
// (`library check --repair` takes it), so it is a warning.
void removeUnnamed(const DataDir& dir, const store::ChildScreenPrefs& before,
                   const store::ChildScreenPrefs& after) {
    for (const auto& [old_file, new_file] : {std::pair{before.reward_file, after.reward_file},
                                             std::pair{before.cue_voice, after.cue_voice}}) {
        if (!old_file || old_file == new_file) continue;
        std::error_code ec;
        fs::remove(dir.absolute(*old_file), ec);
        if (ec) log::warning("cannot remove " + *old_file + ", no longer used: " + ec.message());
    }
}

}  // namespace

Result<store::ChildScreenPrefs> changeScreenPrefs(const DataDir& dir, store::Database& db,
                                                  const ScreenPrefsChange& change) {
    if (!change.reward && !change.reward_file && !change.cue_voice && !change.cue_voice_default) {
        return Error{"nothing to change: give a reward, a reward file or a cue voice"};
    }
    store::ClinicalRepository clinical(db);
    auto child = requireChild(clinical, change.child);
    if (!child) return child.error();
    // From reading the choices to storing the new ones, so that two changes at once cannot
    // each keep a file the other removes.
    auto tx = store::Transaction::begin(db.connection());
    if (!tx) return tx.error();
    auto stored = clinical.screenPrefs(child->id);
    if (!stored) return stored.error();
    auto wanted = wantedPrefs(change, *stored);
    if (!wanted) return wanted.error();
    // Every file is checked before any is copied: a refused change copies nothing.
    if (change.cue_voice) {
        if (auto ok = checkFile(*change.cue_voice, kVoiceRole); !ok) return ok.error();
    }
    if (wanted->reward_role) {
        if (auto ok = checkFile(*change.reward_file, *wanted->reward_role); !ok) return ok.error();
    }
    // Held until the row is committed, as an import does, so `library check --repair` never
    // takes the new copies for orphans.
    auto lock = FileLock::acquire(dir.libraryLock(), FileLock::Kind::kShared);
    if (!lock) return lock.error();
    NewCopies copies(dir);
    if (change.cue_voice) {
        auto copied = copies.add(*change.cue_voice, kVoiceRole);
        if (!copied) return copied.error();
        wanted->prefs.cue_voice = *copied;
    }
    if (wanted->reward_role) {
        auto copied = copies.add(*change.reward_file, *wanted->reward_role);
        if (!copied) return copied.error();
        wanted->prefs.reward_file = *copied;
    }
    // The repository writes the audit entry with the choices.
    if (Status s = clinical.setScreenPrefs(child->id, wanted->prefs); !s) return s.error();
    if (Status s = tx->commit(); !s) return s.error();
    copies.keep();
    removeUnnamed(dir, *stored, wanted->prefs);
    return wanted->prefs;
}

Result<SessionScreenPrefs> sessionScreenPrefs(store::Database& db, const DataDir& dir,
                                              std::int64_t child_id) {
    auto stored = store::ClinicalRepository(db).screenPrefs(child_id);
    if (!stored) return stored.error();
    SessionScreenPrefs prefs;
    store::ChildScreenPrefs used;  // what the session will use, for the log
    if (stored->cue_voice) {
        const fs::path voice = dir.absolute(*stored->cue_voice);
        if (auto length = wavLength(voice)) {
            prefs.cue_voice = voice;
            prefs.cue_voice_length = *length;
            used.cue_voice = stored->cue_voice;
        } else {
            log::warning("the cue will be spoken by the computer: " + length.error().message);
        }
    }
    if (stored->reward_file) {
        const fs::path file = dir.absolute(*stored->reward_file);
        auto length =
            stored->reward == store::RewardKind::kClip ? clipLength(file) : wavLength(file);
        if (length) {
            prefs.reward = stored->reward;
            prefs.reward_file = file;
            prefs.reward_length = *length;
            used.reward_file = stored->reward_file;
        } else {
            log::warning("the reward will be stars: cannot play " + file.string() + ": " +
                         length.error().message);
        }
    } else {
        prefs.reward = stored->reward;
    }
    used.reward = prefs.reward;
    log::info("the child's screen: " + describeScreenPrefs(used));
    return prefs;
}

std::string describeScreenPrefs(const store::ChildScreenPrefs& prefs) {
    std::string text = "reward: " + std::string(store::rewardKindName(prefs.reward));
    if (prefs.reward_file) text += " (" + *prefs.reward_file + ")";
    text += prefs.cue_voice ? "; cue: recorded voice (" + *prefs.cue_voice + ")"
                            : "; cue: spoken by the computer";
    return text;
}

}  // namespace mimic::app
