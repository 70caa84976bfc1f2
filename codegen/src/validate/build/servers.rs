//! The IR of the spec's `servers:`: each URL template with its variables,
//! checked so that every URL the client can make from it is one.

use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::ident;
use crate::ir::{Server, ServerVariable};
use crate::spec::SpecFile;
use crate::validate::Checker;

impl<'d> Checker<'d> {
    /// The servers of every file, by spec name, and their IR.
    pub(in crate::validate) fn collect_servers(
        &mut self,
        files: &'d [SpecFile],
    ) -> (HashMap<String, usize>, Vec<Server>) {
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut first_places = Vec::new();
        let mut servers = Vec::new();
        for def in files.iter().flat_map(|file| &file.servers) {
            if let Some(&first) = index.get(&def.name.value) {
                self.error(
                    Diagnostic::new(def.name.span, format!("server `{}` is defined twice", def.name.value))
                        .label("defined again here")
                        .related(first_places[first], "first defined here")
                        .hint("rename one of them, or remove the copy"),
                );
                continue;
            }
            let url = &def.url;
            if !(url.value.starts_with("https://") || url.value.starts_with("http://")) {
                self.error(
                    Diagnostic::new(
                        url.span,
                        format!("the URL of server `{}` must be an http:// or https:// URL", def.name.value),
                    )
                    .hint("write `url: https://upload.example.com`"),
                );
            }
            let mut variables = Vec::new();
            for variable in &def.variables {
                let default = match &variable.default {
                    Some(default) => {
                        if !variable.allowed.is_empty()
                            && !variable.allowed.iter().any(|value| value.value == default.value)
                        {
                            self.error(
                                Diagnostic::new(
                                    default.span,
                                    format!(
                                        "`{}` is not one of the values of `{}`",
                                        default.value, variable.name.value
                                    ),
                                )
                                .hint("the default must be one of `enum`"),
                            );
                        }
                        default.value.clone()
                    }
                    None => {
                        self.error(
                            Diagnostic::new(
                                variable.name.span,
                                format!("server variable `{}` has no `default`", variable.name.value),
                            )
                            .hint("a client that sets no value sends the default: write `default: eu`"),
                        );
                        String::new()
                    }
                };
                variables.push(ServerVariable {
                    name: variable.name.value.clone(),
                    default,
                    allowed: variable.allowed.iter().map(|value| value.value.clone()).collect(),
                    description: variable.description.clone(),
                });
            }
            // Every `{name}` of the URL is a variable, or the URL could not
            // be made.
            let mut rest = 0;
            while let Some(open) = url.value[rest..].find('{').map(|at| rest + at) {
                let Some(close) = url.value[open..].find('}').map(|at| open + at) else { break };
                let name = &url.value[open + 1..close];
                if !def.variables.iter().any(|variable| variable.name.value == name) {
                    self.error(
                        Diagnostic::new(
                            url.text_span(open, close + 1 - open),
                            format!("server variable `{name}` is not declared"),
                        )
                        .hint(format!("declare it: `variables: {{ {name}: {{ default: … }} }}`")),
                    );
                }
                rest = close + 1;
            }
            index.insert(def.name.value.clone(), servers.len());
            first_places.push(def.name.span);
            servers.push(Server {
                spec_name: def.name.value.clone(),
                rust_name: ident::snake(&def.name.value).to_ascii_uppercase(),
                url: url.value.clone(),
                description: def.description.clone(),
                variables,
            });
        }
        (index, servers)
    }
}
