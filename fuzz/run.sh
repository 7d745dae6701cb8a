#!/bin/sh
# Runs one fuzz target: fuzz/run.sh TARGET [SECONDS] [more libFuzzer options]
#
# Builds on stable Rust with `cargo fuzz build --sanitizer none` (the coverage
# instrumentation is plain `-C` codegen options; no nightly, no RUSTC_BOOTSTRAP). New inputs
# go to fuzz/corpus/TARGET (ignored by git), the committed seeds are read from
# fuzz/seeds/TARGET, findings land in fuzz/artifacts/TARGET.
set -eu
cd "$(dirname "$0")/.."
target=$1
secs=${2:-600}
shift
[ $# -gt 0 ] && shift
mkdir -p "fuzz/corpus/$target" "fuzz/artifacts/$target"
case $target in
slow_input)
    fuzz/gen_slow_seeds.sh "fuzz/corpus/$target"
    set -- -max_len=2000000 -timeout=2 -rss_limit_mb=4096 "$@"
    ;;
*)
    set -- -timeout=10 "$@"
    ;;
esac
exec nice -n 10 cargo fuzz run --sanitizer none "$target" \
    "fuzz/corpus/$target" "fuzz/seeds/$target" -- \
    -max_total_time="$secs" -print_final_stats=1 "$@"
