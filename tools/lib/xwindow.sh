# Shell helpers for the xvfb tests (sourced, not run).

# Prints the id of the first window named like $1, polling for up to $3 seconds while process $2
# lives; prints nothing if it never shows. Polls rather than `xdotool search --sync`: xdotool
# dies on an X error (BadWindow) when some window goes away while it walks the window tree.
wait_for_window() {
    local name=$1 owner=$2 seconds=$3 wid= _
    for _ in $(seq $((seconds * 20))); do
        wid=$(xdotool search --name "$name" 2>/dev/null | head -1) || true
        if [[ -n "$wid" ]]; then echo "$wid"; return 0; fi
        kill -0 "$owner" 2>/dev/null || return 0
        sleep 0.05
    done
}

# Before a failing test prints the window's output: gives process $1 (if set) up to 5 s to end,
# so that a line it prints on its way out (why a session stopped) is in what is printed.
let_finish() {
    local owner=${1:-} _
    [[ -n "$owner" ]] || return 0
    for _ in $(seq 100); do
        kill -0 "$owner" 2>/dev/null || return 0
        sleep 0.05
    done
}

# Under ASan the windows' processes run without LeakSanitizer's check at exit. That check
# stops every thread with ptrace and scans their stacks and TLS; in processes with Mesa and
# SDL's X11 threads its tracer now and then crashes itself ("Tracer caught signal 11 ...
# LeakSanitizer has encountered a fatal error", google/sanitizers#1353; see
# tests/lsan_suppressions.txt for the part the asan preset avoids), with no leak involved. The
# code these windows run is leak-checked where that check holds: the offscreen suites
# (tests/ui, tests/app's window forms, session runner and records tests) run the same
# screens, sessions and commands under LeakSanitizer. Every other ASan and UBSan check stays
# on here.
if [[ -n "${ASAN_OPTIONS:-}" ]]; then
    export ASAN_OPTIONS="$ASAN_OPTIONS:detect_leaks=0"
else
    export ASAN_OPTIONS=detect_leaks=0
fi
