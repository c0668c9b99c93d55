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

# Under ASan, LeakSanitizer uses the project's suppressions (SDL's and libdbus's own
# process-lifetime allocations); the asan preset sets the same when CTest runs the script.
export LSAN_OPTIONS=${LSAN_OPTIONS:-"suppressions=$(realpath "$(dirname "${BASH_SOURCE[0]}")/../../tests/lsan_suppressions.txt"):print_suppressions=0"}
