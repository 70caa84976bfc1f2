#!/usr/bin/env python3
"""Variants of a generated client, to see what its compile time is made of.

    benches/profile/variants.py GENERATED.rs OUT_DIR

writes OUT_DIR/<variant>/src/lib.rs for each variant below, as crates of a
workspace whose dependencies are those of bench-harness's endpointgen
crates (see docs/profiling.md for how they are timed). Each variant takes
one thing out of the full client and still compiles, so the difference in
`cargo check` time is what that thing costs.
"""
import os
import re
import sys


def blocks(text, start_pattern):
    """Yields (start, end) of every item that starts at a line matching
    start_pattern and ends at its matching closing brace."""
    for match in re.finditer(start_pattern, text, re.M):
        position = text.index("{", match.end() - 1 if text[match.end() - 1] == "{" else match.end())
        depth = 0
        index = position
        in_string = False
        while index < len(text):
            char = text[index]
            if in_string:
                if char == "\\":
                    index += 1
                elif char == '"':
                    in_string = False
            elif char == '"':
                in_string = True
            elif text.startswith("//", index):
                index = text.index("\n", index)
                continue
            elif char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
                if depth == 0:
                    yield match.start(), index + 1
                    break
            index += 1


def remove(text, spans):
    spans = sorted(spans)
    kept, last = [], 0
    for start, end in spans:
        if start < last:
            continue
        kept.append(text[last:start])
        last = end
    kept.append(text[last:])
    return "".join(kept)


def without_docs(text):
    return re.sub(r"^\s*///.*\n", "", text, flags=re.M)


def types_only(text):
    head = text[: text.index("pub mod endpoints {")].rstrip("\n").split("\n")
    while head and head[-1].lstrip().startswith("///"):
        head.pop()
    return "\n".join(head) + "\n"


def without_serde(text):
    text = re.sub(r"^\s*::endpointgen::__private::serde::(Deserialize|Serialize),?\n", "", text, flags=re.M)
    text = re.sub(r"^\s*#\[serde\(.*\)\]\n", "", text, flags=re.M)
    spans = list(blocks(text, r"^impl<'de> ::endpointgen::__private::serde::Deserialize<'de> for \w+ \{"))
    spans += list(blocks(text, r"^impl ::endpointgen::__private::serde::Serialize for \w+ \{"))
    return remove(text, spans)


def shared_errors(text):
    """Per-endpoint error enums replaced by one enum per documented error
    set, the endpoint's `FooError` then an alias of it."""
    enum = re.compile(r"^        #\[derive\(::core::fmt::Debug\)\]\n        #\[non_exhaustive\]\n        pub enum (\w+)Error \{", re.M)
    spans, shared, aliases = [], {}, []
    for match in enum.finditer(text):
        name = match.group(1) + "Error"
        (_, enum_end), = [b for b in blocks(text, re.escape(match.group(0))) if b[0] == match.start()][:1]
        impl_start = text.index(f"impl ::endpointgen::ApiError for {name} {{", enum_end)
        (_, impl_end), = [b for b in blocks(text[impl_start:], r"^impl ::endpointgen::ApiError")][:1]
        impl_end += impl_start
        definition = text[match.start():impl_end]
        variants = text[match.end():enum_end]
        key = re.sub(r"\s+", " ", variants)
        if key not in shared:
            shared[key] = f"SharedError{len(shared)}"
            generic = definition.replace(name, shared[key]).replace("super::super::", "super::")
            shared[key + "#def"] = generic
        spans.append((match.start(), impl_end))
        aliases.append((match.start(), f"pub type {name} = super::super::shared_errors::{shared[key]};"))
    out, last = [], 0
    for (start, end), (_, alias) in zip(spans, aliases):
        out.append(text[last:start])
        out.append(alias)
        last = end
    out.append(text[last:])
    definitions = "\n".join(value for key, value in shared.items() if key.endswith("#def"))
    return "".join(out) + "\npub mod shared_errors {\n" + definitions + "\n}\n"


def without_endpoint_derives(text):
    return text.replace(
        "        #[derive(::core::fmt::Debug, ::core::clone::Clone)]\n        #[must_use", "        #[must_use"
    )


def without_type_std_derives(text):
    """Types keep `Debug` and `Clone` (the endpoints' own derives need
    them), lose `PartialEq`, `Eq` and `Hash`."""
    return re.sub(r"^    ::core::(cmp::PartialEq|cmp::Eq|hash::Hash),?\n", "", text, flags=re.M)


VARIANTS = {
    "full": lambda text: text,
    "no_docs": without_docs,
    "types_only": types_only,
    "types_only_no_serde": lambda text: without_serde(types_only(text)),
    "shared_error_enums": shared_errors,
    "no_endpoint_derives": without_endpoint_derives,
    "no_type_std_derives": without_type_std_derives,
}


def main():
    generated, out = sys.argv[1], sys.argv[2]
    text = open(generated).read()
    for name, make in VARIANTS.items():
        os.makedirs(f"{out}/{name}/src", exist_ok=True)
        with open(f"{out}/{name}/src/lib.rs", "w") as file:
            file.write(make(text))
        print(name, len(make(text)))


if __name__ == "__main__":
    main()
