#!/usr/bin/env bash
# The benchmarks of endpointgen against progenitor, in one command: installs
# progenitor's CLI at a pinned version, builds what is measured, runs the
# request bench (criterion) and bench-harness, which writes
# docs/benchmarks.md and its SVG plots (docs/benchmarks/).
#
#   scripts/bench.sh             # everything: 10, 100, 1 000, 5 000 endpoints, nexus and the real documents (~50 min on 2 cores)
#   scripts/bench.sh --quick     # 10 and 100 endpoints, nexus and the real documents, fewer runs (a few minutes once built)
#   scripts/bench.sh --only real # the real documents of api-spec/openapi/real/ alone (~3 min once built):
#                                # replaces the "Real documents" section of docs/benchmarks.md, keeps the rest
#   scripts/bench.sh --only options # `cargo check` of nexus's client plain, with --mocks and with --server
#                                # (~5 min once built): replaces their section, keeps the rest
#
# Extra arguments go to bench-harness (`--sizes 10,1000`, say). Not part of
# CI (.ci/run): it takes long, and its numbers need a quiet machine.
# Everything it builds stays under target/: the tools in target/bench-tools,
# the generated crates and their target folders in target/bench-work.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

PROGENITOR_VERSION=0.15.1
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"
tools="$repo/target/bench-tools"
work="$repo/target/bench-work"
nexus="${NEXUS_JSON:-$repo/api-spec/openapi/nexus.json}"

quick=()
only_real=false
only_options=false
previous=
for arg in "$@"; do
    if [[ $arg == --quick ]]; then quick=(--quick); fi
    if [[ $previous == --only && $arg == real ]]; then only_real=true; fi
    if [[ $previous == --only && $arg == options ]]; then only_options=true; fi
    previous=$arg
done

# GNU time measures the peak memory of the builds; valgrind counts the
# instructions of a request.
for tool in /usr/bin/time:time /usr/bin/valgrind:valgrind; do
    if [[ ! -x ${tool%%:*} ]]; then
        echo "--- installing ${tool##*:}"
        if [[ $(id -u) == 0 ]]; then apt-get install -y "${tool##*:}" >/dev/null; else sudo apt-get install -y "${tool##*:}" >/dev/null; fi
    fi
done

echo "--- progenitor $PROGENITOR_VERSION (cargo install, into $tools)"
if ! "$tools/bin/cargo-progenitor" progenitor --help >/dev/null 2>&1 ||
    ! grep -q "cargo-progenitor $PROGENITOR_VERSION" "$tools/.crates.toml" 2>/dev/null; then
    CARGO_TARGET_DIR="$tools/build" cargo install --locked --version "$PROGENITOR_VERSION" cargo-progenitor --root "$tools"
fi
# cargo-progenitor formats with rustfmt.
rustfmt --version >/dev/null

echo "--- endpointgen (release) and the harness"
cargo build --release -p endpointgen-cli -p endpointgen-benches

if $only_options; then
    echo "--- nexus's client with the generation options alone (bench-harness --only options)"
    exec "$CARGO_TARGET_DIR/release/bench-harness" \
        --endpointgen "$CARGO_TARGET_DIR/release/endpointgen" \
        --cargo-progenitor "$tools/bin/cargo-progenitor" \
        --progenitor-version "$PROGENITOR_VERSION" \
        --work "$work" \
        --out docs/benchmarks.md \
        --command "scripts/bench.sh${*:+ $*}" \
        --nexus "$nexus" \
        "$@"
fi

if $only_real; then
    echo "--- the real documents alone (bench-harness --only real)"
    exec "$CARGO_TARGET_DIR/release/bench-harness" \
        --endpointgen "$CARGO_TARGET_DIR/release/endpointgen" \
        --cargo-progenitor "$tools/bin/cargo-progenitor" \
        --progenitor-version "$PROGENITOR_VERSION" \
        --work "$work" \
        --out docs/benchmarks.md \
        --command "scripts/bench.sh${*:+ $*}" \
        "$@"
fi

# progenitor's library path, in a crate outside the workspace; the lock file
# pins what it was measured with.
CARGO_TARGET_DIR="$tools/progenitor-libgen" \
    cargo build --release --locked --manifest-path benches/progenitor-libgen/Cargo.toml

echo "--- per-request overhead (criterion)"
criterion_args=()
if [[ ${#quick[@]} -gt 0 ]]; then criterion_args=(--warm-up-time 1 --measurement-time 3); fi
cargo bench -p endpointgen-benches --bench request -- "${criterion_args[@]}"
# The same bench's executable, which bench-harness runs under callgrind.
request_bench=$(cargo bench -p endpointgen-benches --bench request --no-run --message-format=json |
    grep '"name":"request"' | grep -o '"executable":"[^"]*"' | sed 's/"executable":"\(.*\)"/\1/' | tail -n 1)

echo "--- generation, compile times, sizes (bench-harness)"
nexus_args=()
if [[ -f $nexus ]]; then
    nexus_args=(--nexus "$nexus")
else
    echo "note: no nexus.json at $nexus (set NEXUS_JSON): nexus is left out"
fi
"$CARGO_TARGET_DIR/release/bench-harness" \
    --endpointgen "$CARGO_TARGET_DIR/release/endpointgen" \
    --cargo-progenitor "$tools/bin/cargo-progenitor" \
    --progenitor-libgen "$tools/progenitor-libgen/release/progenitor-libgen" \
    --progenitor-version "$PROGENITOR_VERSION" \
    --work "$work" \
    --criterion "$CARGO_TARGET_DIR/criterion" \
    --request-bench "$request_bench" \
    --out docs/benchmarks.md \
    --command "scripts/bench.sh${*:+ $*}" \
    "${nexus_args[@]}" \
    "$@"
