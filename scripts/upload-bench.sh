#!/usr/bin/env bash
# A 1 GiB multipart upload generated on the fly, through a generated
# endpoint and through plain reqwest: time, throughput and the client's
# peak RSS (see docs/benchmarks.md, "Uploads"). Arguments: MiB and runs.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --release -q -p endpointgen-benches --features upload --bin upload-bench -- "${1:-1024}" "${2:-3}"
