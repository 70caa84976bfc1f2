#!/usr/bin/env python3
"""`cargo check` time of a generated enum of N string values (issue 18, item 11).

    benches/profile/huge_enum.py [N ...]      (default: 25000 50000 100000)

For each N, writes a spec with one enum of N values used in a response and
a query, generates it with the CLI (target/debug/endpointgen, built first)
into a crate under target/bench-work/huge-enum/, builds that crate's
dependencies once untimed, then times `cargo check` of the crate alone (its
source touched) and prints seconds and peak memory. Ratios between the
sizes are what matter on a shared machine: linear means time(2N) ≈
2·time(N).
"""
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WORK = os.path.join(ROOT, "target", "bench-work", "huge-enum")


def spec(values):
    lines = ["spec: 1", "name: huge", "base_url: https://api.test", "types:", "  Word:", "    enum:"]
    lines += [f"      - value-{(index * 7919) % values}" for index in range(values)]
    lines += ["endpoints:", "  words:", "    get:", "      method: GET", "      path: /words",
              "      query:", "        word: Word?", "      response: list<Word>"]
    return "\n".join(lines) + "\n"


def main():
    sizes = [int(arg) for arg in sys.argv[1:]] or [25000, 50000, 100000]
    subprocess.run(["cargo", "build", "-q", "-p", "endpointgen-cli"], cwd=ROOT, check=True)
    crate = os.path.join(WORK, "crate")
    os.makedirs(os.path.join(crate, "src"), exist_ok=True)
    with open(os.path.join(crate, "Cargo.toml"), "w") as manifest:
        manifest.write('[package]\nname = "huge-enum"\nversion = "0.0.0"\nedition = "2024"\n\n[workspace]\n\n'
                       f'[dependencies]\nendpointgen = {{ path = "{os.path.join(ROOT, "runtime")}" }}\n')
    lib = os.path.join(crate, "src", "lib.rs")
    with open(lib, "w") as source:
        source.write("")
    subprocess.run(["cargo", "check", "-q"], cwd=crate, check=True)
    for values in sizes:
        spec_path = os.path.join(WORK, f"huge-{values}.yaml")
        with open(spec_path, "w") as out:
            out.write(spec(values))
        started = time.monotonic()
        subprocess.run([os.path.join(ROOT, "target", "debug", "endpointgen"), "generate", spec_path, "-o", lib],
                       check=True)
        generated = time.monotonic() - started
        os.utime(lib)
        timed = subprocess.run(["/usr/bin/time", "-f", "%e %M", "cargo", "check", "-q"], cwd=crate,
                               capture_output=True, text=True, check=True)
        seconds, kib = timed.stderr.split()[-2:]
        print(f"{values} values: generated in {generated:.2f} s, cargo check {seconds} s, {int(kib) // 1024} MiB")


if __name__ == "__main__":
    main()
