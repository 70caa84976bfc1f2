//! Hostile specs end in an error, quickly and in little memory: the binary
//! runs with its address space capped at 1 GiB.

use std::process::Command;
use std::time::{Duration, Instant};

use crate::{ENDPOINTGEN, assert_exit, scratch_dir, stderr};

/// "Billion laughs": nine levels of anchors, each of nine aliases to the
/// one before, 9^9 nodes once expanded.
fn alias_bomb() -> String {
    let mut lines = vec!["spec: 1".to_owned(), "name: bomb".to_owned()];
    lines.push("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]".to_owned());
    for (previous, name) in "abcdefgh".chars().zip("bcdefghi".chars()) {
        lines.push(format!("{name}: &{name} [{}]", vec![format!("*{previous}"); 9].join(", ")));
    }
    lines.join("\n") + "\n"
}

fn deep_nesting() -> String {
    format!("spec: 1\nname: deep\nendpoints: {}{}\n", "[".repeat(100_000), "]".repeat(100_000))
}

#[test]
fn hostile_specs_are_refused_in_seconds_and_under_a_gibibyte() {
    let dir = scratch_dir("hostile");
    for (name, yaml) in [("alias_bomb.yaml", alias_bomb()), ("deep_nesting.yaml", deep_nesting())] {
        let spec = dir.join(name);
        std::fs::write(&spec, yaml).unwrap();
        let started = Instant::now();
        let output = Command::new("/usr/bin/prlimit")
            .arg("--as=1073741824")
            .arg("--")
            .arg(ENDPOINTGEN)
            .arg("check")
            .arg(&spec)
            .output()
            .unwrap();
        let elapsed = started.elapsed();
        assert_exit(&output, 1);
        assert!(stderr(&output).contains(": error: "), "{name}: {}", stderr(&output));
        assert!(elapsed < Duration::from_secs(10), "{name} took {elapsed:?}");
    }
}
