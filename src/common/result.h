// Result type for expected failures: a value, or an error message a person can act on.
// Broken invariants assert instead; exceptions never cross a module or thread boundary.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace mimic {

struct Error {
    std::string message;  // one line, for a person: what failed and why
};

template <typename T>
class [[nodiscard]] Result {
  public:
    Result(T value) : state_(std::move(value)) {}      // NOLINT: implicit by design
    Result(Error error) : state_(std::move(error)) {}  // NOLINT: implicit by design

    bool ok() const { return std::holds_alternative<T>(state_); }
    explicit operator bool() const { return ok(); }

    T& value() & {
        assert(ok());
        return std::get<T>(state_);
    }
    const T& value() const& {
        assert(ok());
        return std::get<T>(state_);
    }
    // By value, so `for (auto& x : *makeResult())` does not dangle.
    T value() && {
        assert(ok());
        return std::get<T>(std::move(state_));
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T operator*() && { return std::move(*this).value(); }

    const Error& error() const {
        assert(!ok());
        return std::get<Error>(state_);
    }

  private:
    std::variant<T, Error> state_;
};

// Result<void> equivalent: success, or an error.
class [[nodiscard]] Status {
  public:
    Status() = default;
    Status(Error error) : error_(std::move(error.message)), failed_(true) {}  // NOLINT

    bool ok() const { return !failed_; }
    explicit operator bool() const { return ok(); }
    Error error() const {
        assert(failed_);
        return Error{error_};
    }

  private:
    std::string error_;
    bool failed_ = false;
};

inline Status okStatus() {
    return {};
}

}  // namespace mimic
