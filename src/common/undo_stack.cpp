#include "common/undo_stack.h"

#include <utility>

namespace mimic {

void UndoStack::push(std::string what, Inverse inverse) {
    entries_.push_back({std::move(what), std::move(inverse)});
    if (entries_.size() > limit_) entries_.erase(entries_.begin());
}

Result<std::string> UndoStack::undo() {
    if (entries_.empty()) return Error{"nothing to undo"};
    if (Status undone = entries_.back().inverse(); !undone) {
        return Error{"cannot undo the " + entries_.back().what + ": " + undone.error().message};
    }
    std::string what = std::move(entries_.back().what);
    entries_.pop_back();
    return what;
}

}  // namespace mimic
