// mimic encrypt --admin NAME [--yes]: turns a plain data folder into an encrypted one
// (docs/privacy.md, "Encrypting a folder that exists"): a sealed copy is made beside it
// (the database through VACUUM INTO, every other file sealed as it is copied), checked
// (the database's integrity, each file's content hash), then the two folders swap names.
// The plain folder is kept until the user confirms its removal (--yes, or yes at the
// prompt); until then it holds everything readable, and the command says where.
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "app/cli.h"
#include "app/data_context.h"
#include "app/record_lookup.h"
#include "app/sign_in.h"
#include "common/file_lock.h"
#include "common/names.h"
#include "common/utc_time.h"
#include "crypto/key_file.h"
#include "crypto/sealed_file.h"
#include "media/file_hash.h"
#include "store/audit_log.h"
#include "store/database.h"
#include "store/sealed_vfs.h"

namespace mimic::app {
namespace {

namespace fs = std::filesystem;

struct EncryptOptions {
    fs::path data_dir;
    std::string admin;
    bool yes = false;
};

bool isDatabaseFile(const fs::path& relative) {
    const std::string name = relative.filename().string();
    return relative.parent_path().empty() &&
           (name == "mimic.db" || name == "mimic.db-wal" || name == "mimic.db-shm" ||
            name.rfind("mimic.db.backup-", 0) == 0);
}

// "20261203T101500Z", for the names of the folders beside it.
std::string stamp() {
    std::string text;
    for (const char c : formatUtc(utcNow())) {
        if (c != '-' && c != ':') text += c;
    }
    return text;
}

Status sealFolder(const fs::path& from, const fs::path& to, const crypto::SecretKey& key) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(from, ec); !ec && it != fs::end(it);
         it.increment(ec)) {
        if (!it->is_regular_file()) continue;
        const fs::path relative = it->path().lexically_relative(from);
        if (relative == "keys.json" || relative.extension() == ".lock") continue;
        files.push_back(relative);
    }
    if (ec) return Error{"cannot read " + from.string() + ": " + ec.message()};
    // The database and its backups as databases, the rest sealed byte for byte.
    if (Status s = store::sealDatabaseCopy(from / "mimic.db", to / "mimic.db"); !s) return s;
    std::size_t done = 0;
    for (const fs::path& relative : files) {
        ++done;
        if (relative.filename().string().rfind("mimic.db.backup-", 0) == 0 &&
            relative.parent_path().empty()) {
            if (Status s = store::sealDatabaseCopy(from / relative, to / relative); !s) return s;
            continue;
        }
        if (isDatabaseFile(relative)) continue;
        fs::create_directories((to / relative).parent_path(), ec);
        if (ec) return Error{"cannot create " + (to / relative).parent_path().string()};
        if (Status s = crypto::sealCopy(from / relative, to / relative, key); !s) return s;
        // Checked now: the sealed copy reads back to the same content.
        auto before = media::sha256File(from / relative);
        auto after = media::sha256File(to / relative);
        if (!before || !after || *before != *after) {
            return Error{"the sealed copy of " + relative.string() + " does not read back"};
        }
        if (::isatty(STDERR_FILENO) != 0) {
            std::fprintf(stderr, "\rsealed %zu of %zu files", done, files.size());
        }
    }
    if (::isatty(STDERR_FILENO) != 0) std::fprintf(stderr, "\n");
    return {};
}

bool confirmed(const EncryptOptions& options, const fs::path& plain) {
    if (options.yes) return true;
    if (::isatty(STDIN_FILENO) == 0) return false;
    std::printf(
        "Remove the plain copy %s now? It holds every record and recording readable. "
        "[y/N] ",
        plain.string().c_str());
    std::fflush(stdout);
    std::string answer;
    std::getline(std::cin, answer);
    return answer == "y" || answer == "yes";
}

Status runEncrypt(const EncryptOptions& options) {
    const fs::path root = fs::absolute(options.data_dir).lexically_normal();
    const DataDir dir{root};
    std::error_code ec;
    if (crypto::KeyFile::existsIn(root)) return Error{root.string() + " is encrypted already"};
    if (!fs::exists(dir.database(), ec)) {
        return Error{"no mimic data folder in " + root.string() + " to encrypt"};
    }
    if (options.admin.empty())
        return Error{"the encrypted folder needs its first admin: --admin NAME"};
    if (Status s = checkName("a user name", options.admin, 64); !s) return s;
    for (auto it = fs::directory_iterator(dir.recordings(), ec); !ec && it != fs::end(it);
         it.increment(ec)) {
        if (it->path().extension() == ".partial") {
            return Error{"a recording is in progress or was interrupted (" +
                         it->path().filename().string() +
                         "): let it end, or run `mimic recover`, before encrypting"};
        }
    }
    // No import (which holds the library lock shared) while the folder is copied.
    auto lock = FileLock::acquire(dir.libraryLock(), FileLock::Kind::kExclusive);
    if (!lock) return lock.error();
    auto passphrase = readNewPassphrase(options.admin);
    if (!passphrase) return passphrase.error();

    const std::string when = stamp();
    const fs::path sealed = root.parent_path() / (root.filename().string() + ".encrypting-" + when);
    const fs::path plain = root.parent_path() / (root.filename().string() + ".plain-" + when);
    const auto abandon = [&](const Error& error) {
        fs::remove_all(sealed, ec);
        return Error{error.message + "; " + root.string() + " is unchanged"};
    };
    auto prepared = prepareDataDir(sealed);
    if (!prepared) return abandon(prepared.error());
    auto made =
        crypto::KeyFile::create(crypto::KeyFile::pathIn(sealed), options.admin, *passphrase);
    if (!made) return abandon(made.error());
    const auto key = std::make_shared<const crypto::SecretKey>(
        crypto::SecretKey::fromBytes(made->data_key.bytes()).value());
    useUnlocked(std::move(*made), sealed);
    if (Status s = sealFolder(root, sealed, *key); !s) return abandon(s.error());
    {
        auto db = store::Database::open(sealed / "mimic.db");
        if (!db) return abandon(db.error());
        if (Status s = store::AuditLog(*db).record(auditActor(), "encrypt", "data-folder",
                                                   std::nullopt, "from a plain folder");
            !s) {
            return abandon(s.error());
        }
    }
    lock->release();
    fs::rename(root, plain, ec);
    if (ec) return abandon(Error{"cannot move " + root.string() + " aside: " + ec.message()});
    fs::rename(sealed, root, ec);
    if (ec) {
        std::error_code back;
        fs::rename(plain, root, back);
        return abandon(Error{"cannot move the encrypted folder in place: " + ec.message()});
    }
    std::printf("%s is encrypted now; %s is its admin\n", root.string().c_str(),
                printable(options.admin).c_str());
    if (confirmed(options, plain)) {
        fs::remove_all(plain, ec);
        if (ec)
            return Error{"cannot remove the plain copy " + plain.string() + ": " + ec.message()};
        std::printf("the plain copy is removed\n");
    } else {
        std::printf(
            "the plain copy is kept in %s: remove it once you have checked the "
            "encrypted folder (it holds everything readable)\n",
            plain.string().c_str());
    }
    return {};
}

}  // namespace

void addEncryptCommand(Cli& cli) {
    auto options = std::make_shared<EncryptOptions>();
    CLI::App* encrypt = cli.app.add_subcommand(
        "encrypt", "Encrypt a plain data folder at rest (its first user is an admin)");
    encrypt->add_option("--admin", options->admin, "The first user, an admin")->required();
    encrypt->add_flag("--yes", options->yes,
                      "Remove the plain copy once the encrypted one is in place and checked");
    cli.addDataDirOption(encrypt);
    encrypt->callback([&cli, options] {
        options->data_dir = cli.dataDir();
        cli.status = runEncrypt(*options);
    });
}

}  // namespace mimic::app
