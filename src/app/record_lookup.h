// Small helpers the record-keeping commands share: finding a named record with a one-line
// error a person can act on, and who to name in the audit log.
#pragma once

#include <cstdlib>
#include <optional>
#include <string>

#include "app/sign_in.h"
#include "common/os_account.h"
#include "common/result.h"
#include "store/clinical_repository.h"
#include "store/library_repository.h"

namespace mimic::app {

// Who the audit log names as doing what a command does: the user signed in to an encrypted
// data folder (sign_in.h), else the operating-system account running it (never $USER, which
// anyone can set).
inline std::string auditActor() {
    return auditActorName();
}

inline Result<store::Behaviour> requireBehaviour(store::LibraryRepository& library,
                                                 const std::string& name) {
    auto found = library.findBehaviour(name);
    if (!found) return found.error();
    if (*found) return std::move(**found);
    return Error{"no behaviour '" + name + "' (add it with `mimic behaviour add " + name + "`)"};
}

inline Result<store::Child> requireChild(store::ClinicalRepository& clinical,
                                         const std::string& code) {
    auto found = clinical.findChild(code);
    if (!found) return found.error();
    if (*found) return std::move(**found);
    return Error{"no child with code '" + code + "' (add it with `mimic child add " + code + "`)"};
}

// A child's program for a behaviour, by the names a person typed: the child and the behaviour
// must exist (else the errors above); the program may not.
struct ProgramLookup {
    store::Child child;
    store::Behaviour behaviour;
    std::optional<store::Program> program;
};

inline Result<ProgramLookup> lookUpProgram(store::Database& db, const std::string& child_code,
                                           const std::string& behaviour_name) {
    store::ClinicalRepository clinical(db);
    store::LibraryRepository library(db);
    auto child = requireChild(clinical, child_code);
    if (!child) return child.error();
    auto behaviour = requireBehaviour(library, behaviour_name);
    if (!behaviour) return behaviour.error();
    auto program = clinical.findProgram(child->id, behaviour->id);
    if (!program) return program.error();
    return ProgramLookup{std::move(*child), std::move(*behaviour), std::move(*program)};
}

}  // namespace mimic::app
