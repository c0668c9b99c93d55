// The slips a person may take back during one run of a window: each change that is done
// pushes the operation that reverses it (already bound to what it changed), and undo runs
// the latest. Nothing is kept between runs: the audit log is the lasting record.
//
// Threads: one (the window's); the inverses run on it.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "common/result.h"

namespace mimic {

class UndoStack {
  public:
    using Inverse = std::function<Status()>;

    // Oldest changes are forgotten beyond this many.
    explicit UndoStack(std::size_t limit = 200) : limit_(limit) {}

    // `what` names the change as a person would ("title of clip 3").
    void push(std::string what, Inverse inverse);
    bool empty() const { return entries_.empty(); }
    std::size_t size() const { return entries_.size(); }
    // What undo would take back; empty when nothing.
    std::string next() const { return entries_.empty() ? std::string() : entries_.back().what; }
    // Runs the latest inverse and returns what it took back. An inverse that fails stays on
    // the stack (the error says why); an empty stack is an error too.
    Result<std::string> undo();

  private:
    struct Entry {
        std::string what;
        Inverse inverse;
    };
    std::size_t limit_;
    std::vector<Entry> entries_;
};

}  // namespace mimic
