//! The benchmark harness of endpointgen, side by side with progenitor.
//!
//! `scripts/bench.sh` is the one command: it installs progenitor's CLI at a
//! pinned version, builds the release binaries, and runs `bench-harness`,
//! which measures both tools in the same run and writes
//! `docs/benchmarks.md` with its tables and SVG plots.
//!
//! - [`synth`]: synthetic APIs of any size, as a native spec and as OpenAPI;
//! - [`measure`]: running and timing commands (wall time, peak RSS), medians;
//! - [`plot`]: the SVG plots, drawn by hand.

pub mod measure;
pub mod plot;
pub mod synth;
