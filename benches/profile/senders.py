#!/usr/bin/env python3
"""A crate that sends every endpoint of a generated client, to measure what a
program that uses them all pays in its own release build.

    benches/profile/senders.py GENERATED.rs CLIENT_CRATE OUT.rs

GENERATED.rs is endpointgen's output (the `src/lib.rs` of the crate named
CLIENT_CRATE); OUT.rs gets one function per endpoint that boxes the future
of `Client::send`, which makes rustc compile the whole send path for that
endpoint, as a program that awaits it does. Public endpoints only (the
synthetic APIs have no others). See docs/profiling.md.
"""
import re
import sys


def main():
    text = open(sys.argv[1]).read()
    client_crate = sys.argv[2]
    out = [
        "#![allow(missing_docs)]",
        "use endpointgen::{Client, Endpoint, Error};",
        "use std::{future::Future, pin::Pin};",
        "type Fut<'a, E> = Pin<Box<dyn Future<Output = Result<<E as Endpoint>::Output, "
        "Error<<E as Endpoint>::Error>>> + Send + 'a>>;",
    ]
    module = None
    for line in text.split("\n"):
        found = re.match(r"\s*pub mod (\w+) \{", line)
        if found and found.group(1) != "endpoints":
            module = found.group(1)
        found = re.match(r"\s*impl ::endpointgen::Endpoint for (\w+) \{", line)
        if found:
            path = f"{client_crate}::endpoints::{module}::{found.group(1)}"
            name = f"send_{module}_{found.group(1).lower()}"
            out.append(f"pub fn {name}(c: &Client, e: {path}) -> Fut<'_, {path}> {{ Box::pin(c.send(e)) }}")
    with open(sys.argv[3], "w") as file:
        file.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
