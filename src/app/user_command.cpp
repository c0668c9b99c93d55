// mimic init [--encrypt --admin NAME] and mimic user add|passwd|remove|list: an encrypted data
// folder and its users (docs/privacy.md). The keys live in crypto::KeyFile; this wires the
// command line to it, with the sign-in of sign_in.h and an audit entry per change.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>
#include <string>

#include "app/cli.h"
#include "app/data_context.h"
#include "app/record_lookup.h"
#include "app/sign_in.h"
#include "common/names.h"
#include "crypto/key_file.h"
#include "store/audit_log.h"

namespace mimic::app {
namespace {

namespace fs = std::filesystem;

struct UserOptions {
    fs::path data_dir;
    std::string name;
    std::string role = "therapist";
    std::string admin;
    bool encrypt = false;
    bool json = false;
};

Status runInit(const UserOptions& options) {
    const fs::path root = fs::absolute(options.data_dir).lexically_normal();
    const DataDir dir{root};
    std::error_code ec;
    if (fs::exists(dir.database(), ec) || crypto::KeyFile::existsIn(root)) {
        return Error{root.string() + " is a mimic data folder already; nothing changed"};
    }
    if (!options.encrypt && !options.admin.empty()) {
        return Error{"--admin names the first user of an encrypted folder: add --encrypt"};
    }
    if (options.encrypt && options.admin.empty()) {
        return Error{"an encrypted data folder needs its first admin: --admin NAME"};
    }
    auto prepared = prepareDataDir(root);
    if (!prepared) return prepared.error();
    if (options.encrypt) {
        if (Status s = checkName("a user name", options.admin, 64); !s) return s;
        auto passphrase = readNewPassphrase(options.admin);
        if (!passphrase) return passphrase.error();
        auto made =
            crypto::KeyFile::create(crypto::KeyFile::pathIn(root), options.admin, *passphrase);
        if (!made) return made.error();
        useUnlocked(std::move(*made), root);
    }
    auto data = openDataContext(root, IfMissing::kCreate, crypto::Role::kAdmin);
    if (!data) return data.error();
    if (Status s =
            store::AuditLog(data->db).record(auditActor(), "init", "data-folder", std::nullopt,
                                             options.encrypt ? "encrypted" : "plain");
        !s) {
        return s;
    }
    if (options.encrypt) {
        std::printf("encrypted data folder %s made; %s is its admin\n", root.string().c_str(),
                    printable(options.admin).c_str());
    } else {
        std::printf("data folder %s made\n", root.string().c_str());
    }
    return {};
}

// The users file of the encrypted folder at `root`, its user signed in.
struct SignedInFolder {
    DataContext data;
    crypto::KeyFile keys;
    const crypto::Unlocked* user;
};

Result<SignedInFolder> signedInFolder(const fs::path& root, crypto::Role need) {
    if (!crypto::KeyFile::existsIn(fs::absolute(root))) {
        return Error{
            "this data folder is not encrypted, so it has no users (`mimic init "
            "--encrypt --admin NAME` makes one that has)"};
    }
    auto data = openDataContext(root, IfMissing::kRefuse, need);
    if (!data) return data.error();
    auto keys = crypto::KeyFile::load(crypto::KeyFile::pathIn(data->dir.root));
    if (!keys) return keys.error();
    return SignedInFolder{std::move(*data), std::move(*keys), signedIn()};
}

Status audited(SignedInFolder& folder, std::string_view action, const std::string& detail) {
    return store::AuditLog(folder.data.db)
        .record(auditActor(), action, "user", std::nullopt, detail);
}

Status runAdd(const UserOptions& options) {
    const auto role = crypto::parseRole(options.role);
    if (!role) return Error{"--role is admin, therapist or observer"};
    auto folder = signedInFolder(options.data_dir, crypto::Role::kAdmin);
    if (!folder) return folder.error();
    if (Status s = checkName("a user name", options.name, 64); !s) return s;
    auto passphrase = readNewPassphrase(options.name);
    if (!passphrase) return passphrase.error();
    if (Status s = folder->keys.addUser(*folder->user, options.name, *role, *passphrase); !s) {
        return s;
    }
    if (Status s = audited(*folder, "user-add", options.name + " (" + options.role + ")"); !s) {
        return s;
    }
    std::printf("user %s added (%s)\n", printable(options.name).c_str(), options.role.c_str());
    return {};
}

Status runPasswd(const UserOptions& options) {
    auto folder = signedInFolder(options.data_dir, crypto::Role::kObserver);
    if (!folder) return folder.error();
    // Your own passphrase, or (an admin) anyone's.
    if (folder->user->user != options.name) {
        if (Status s = requireRole(crypto::Role::kAdmin, "change another user's passphrase"); !s) {
            return s;
        }
    }
    auto passphrase = readNewPassphrase(options.name);
    if (!passphrase) return passphrase.error();
    if (Status s = folder->keys.changePassphrase(*folder->user, options.name, *passphrase); !s) {
        return s;
    }
    if (Status s = audited(*folder, "user-passwd", options.name); !s) return s;
    std::printf("user %s: passphrase changed\n", printable(options.name).c_str());
    return {};
}

Status runRemove(const UserOptions& options) {
    auto folder = signedInFolder(options.data_dir, crypto::Role::kAdmin);
    if (!folder) return folder.error();
    if (Status s = folder->keys.removeUser(*folder->user, options.name); !s) return s;
    if (Status s = audited(*folder, "user-remove", options.name); !s) return s;
    std::printf("user %s removed\n", printable(options.name).c_str());
    return {};
}

Status runList(const UserOptions& options) {
    auto folder = signedInFolder(options.data_dir, crypto::Role::kObserver);
    if (!folder) return folder.error();
    nlohmann::json out = nlohmann::json::array();
    for (const crypto::KeyFile::User& u : folder->keys.users()) {
        if (options.json) {
            out.push_back({{"name", u.name}, {"role", std::string(crypto::roleName(u.role))}});
        } else {
            std::printf("%-10s %s\n", std::string(crypto::roleName(u.role)).c_str(),
                        printable(u.name).c_str());
        }
    }
    if (options.json) std::printf("%s\n", out.dump(2).c_str());
    return {};
}

}  // namespace

void addUserCommand(Cli& cli) {
    auto options = std::make_shared<UserOptions>();
    CLI::App* init = cli.app.add_subcommand(
        "init", "Make a new data folder (with --encrypt: encrypted at rest, with users)");
    init->add_flag("--encrypt", options->encrypt,
                   "Encrypt the records and media at rest; users sign in with a passphrase");
    init->add_option("--admin", options->admin, "The first user, an admin (with --encrypt)");

    CLI::App* user = cli.app.add_subcommand("user", "The users of an encrypted data folder");
    user->require_subcommand(1);
    CLI::App* add = user->add_subcommand("add", "Add a user (admins only)");
    add->add_option("name", options->name, "The user's name")->required();
    add->add_option("--role", options->role, "admin, therapist (default) or observer");
    CLI::App* passwd =
        user->add_subcommand("passwd", "Change a passphrase (your own; an admin anyone's)");
    passwd->add_option("name", options->name, "The user")->required();
    CLI::App* remove = user->add_subcommand("remove", "Remove a user (admins only)");
    remove->add_option("name", options->name, "The user")->required();
    CLI::App* list = user->add_subcommand("list", "List the users and their roles");
    list->add_flag("--json", options->json, "Print as JSON: [{\"name\", \"role\"}]");
    for (auto [command, run] :
         {std::pair{init, &runInit}, std::pair{add, &runAdd}, std::pair{passwd, &runPasswd},
          std::pair{remove, &runRemove}, std::pair{list, &runList}}) {
        cli.addDataDirOption(command);
        command->callback([&cli, options, run = run] {
            options->data_dir = cli.dataDir();
            cli.status = run(*options);
        });
    }
}

}  // namespace mimic::app
