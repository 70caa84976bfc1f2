//! Problems in a spec, each at its place in its file, collected rather than
//! stopping at the first, and rendered like rustc's.

use std::fmt;
use std::path::PathBuf;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// Which loaded file a [`Span`] points into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SourceId(pub(crate) u32);

/// A spec file's text and the name diagnostics show for it.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as the user wrote it (or `<inline spec>`).
    pub name: String,
    /// The file on disk, when there is one: what cargo must watch.
    pub path: Option<PathBuf>,
    /// The text.
    pub text: String,
}

/// Every file read for one generation, so that spans can be shown.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    files: Vec<Source>,
}

impl Sources {
    pub(crate) fn add(&mut self, source: Source) -> SourceId {
        let id = SourceId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(source);
        id
    }

    /// The file behind `id`.
    #[must_use]
    pub fn get(&self, id: SourceId) -> &Source {
        &self.files[id.0 as usize]
    }

    /// All files, in the order they were read.
    pub fn iter(&self) -> impl Iterator<Item = &Source> {
        self.files.iter()
    }

    /// The 1-based line and column (in characters) where `span` starts.
    #[must_use]
    pub fn line_column(&self, span: Span) -> (usize, usize) {
        let text = &self.get(span.source).text;
        let start = floor_char_boundary(text, span.start);
        let before = &text[..start];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
        let column = before[line_start..].chars().count() + 1;
        (line, column)
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    /// The file.
    pub source: SourceId,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span inside this one: `offset` bytes from its start, `len` long.
    pub(crate) fn sub(self, offset: usize, len: usize) -> Self {
        let start = (self.start + offset).min(self.end);
        Self { source: self.source, start, end: (start + len).min(self.end).max(start) }
    }
}

/// What a diagnostic is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A problem in a spec.
    Spec,
    /// A spec file that cannot be read: the spec was not looked at.
    Io,
}

/// One problem in a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Whether it is about the spec or about reading it.
    pub kind: Kind,
    /// What is wrong, in a sentence.
    pub message: String,
    /// Where; `None` for problems with no place in a file (a file that
    /// cannot be read).
    pub span: Option<Span>,
    /// A short label under the caret.
    pub label: Option<Box<str>>,
    /// How to fix it.
    pub hint: Option<Box<str>>,
    /// Other places that explain this one (the first definition of a
    /// duplicate name).
    pub related: Vec<(Span, String)>,
}

impl Diagnostic {
    pub(crate) fn new(span: Span, message: impl Into<String>) -> Self {
        Self {
            kind: Kind::Spec,
            message: message.into(),
            span: Some(span),
            label: None,
            hint: None,
            related: Vec::new(),
        }
    }

    pub(crate) fn without_span(message: impl Into<String>) -> Self {
        Self { kind: Kind::Spec, message: message.into(), span: None, label: None, hint: None, related: Vec::new() }
    }

    /// A file that cannot be read.
    pub(crate) fn io(message: impl Into<String>) -> Self {
        Self { kind: Kind::Io, ..Self::without_span(message) }
    }

    pub(crate) fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into().into_boxed_str());
        self
    }

    pub(crate) fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into().into_boxed_str());
        self
    }

    pub(crate) fn related(mut self, span: Span, label: impl Into<String>) -> Self {
        self.related.push((span, label.into()));
        self
    }
}

/// A spec that cannot be turned into code: every problem found, with the
/// files they are in. `Display` (and `Debug`, so that `fn main() -> Result`
/// in a build script shows it well) renders them like rustc.
#[derive(Clone)]
pub struct Error {
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) sources: Sources,
    /// What could be made of the spec despite the problems, for the macro's
    /// stub.
    pub(crate) partial: Option<Box<crate::ir::Api>>,
}

impl Error {
    /// An error with one problem that has no place in a spec.
    pub(crate) fn single(message: impl Into<String>) -> Self {
        Self { diagnostics: vec![Diagnostic::without_span(message)], sources: Sources::default(), partial: None }
    }

    /// Adds `hint` to every problem of kind [`Kind::Io`] that has none: the
    /// caller knows what its paths are relative to.
    pub(crate) fn hint_io(mut self, hint: &str) -> Self {
        for diagnostic in &mut self.diagnostics {
            if diagnostic.kind == Kind::Io && diagnostic.hint.is_none() {
                diagnostic.hint = Some(hint.into());
            }
        }
        self
    }

    /// The problems, in the order of the files and places they are at.
    #[must_use]
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The files the spans point into.
    #[must_use]
    pub fn sources(&self) -> &Sources {
        &self.sources
    }

    /// Where a diagnostic is, as `file:line:column` (or just the file).
    #[must_use]
    pub fn location(&self, diagnostic: &Diagnostic) -> String {
        match diagnostic.span {
            Some(span) => {
                let (line, column) = self.sources.line_column(span);
                format!("{}:{line}:{column}", self.sources.get(span.source).name)
            }
            None => String::new(),
        }
    }

    /// One diagnostic rendered: `file:line:column: error: message`, then
    /// the source lines with a caret, then the hint.
    #[must_use]
    pub fn render(&self, diagnostic: &Diagnostic) -> String {
        let headline = match diagnostic.span {
            Some(_) => format!("{}: error: {}", self.location(diagnostic), diagnostic.message),
            None => format!("error: {}", diagnostic.message),
        };
        self.render_styled(diagnostic, headline, &Renderer::plain())
    }

    /// As [`render`](Self::render), in color (ANSI escapes), for a terminal.
    #[must_use]
    pub fn render_colored(&self, diagnostic: &Diagnostic) -> String {
        let headline = match diagnostic.span {
            Some(_) => {
                format!("{}: \x1b[1;31merror\x1b[0m: \x1b[1m{}\x1b[0m", self.location(diagnostic), diagnostic.message)
            }
            None => format!("\x1b[1;31merror\x1b[0m: \x1b[1m{}\x1b[0m", diagnostic.message),
        };
        self.render_styled(diagnostic, headline, &Renderer::styled())
    }

    /// As [`render`](Self::render), without the `error:` that rustc puts
    /// in front of a `compile_error!` anyway.
    #[must_use]
    pub fn render_for_compile_error(&self, diagnostic: &Diagnostic) -> String {
        let headline = match diagnostic.span {
            Some(_) => format!("{}: {}", self.location(diagnostic), diagnostic.message),
            None => diagnostic.message.clone(),
        };
        self.render_styled(diagnostic, headline, &Renderer::plain())
    }

    fn render_styled(&self, diagnostic: &Diagnostic, headline: String, renderer: &Renderer) -> String {
        let mut group = Group::with_level(Level::ERROR);
        if let Some(span) = diagnostic.span {
            let source = self.sources.get(span.source);
            let mut snippet = Snippet::source(source.text.as_str()).path(source.name.as_str()).annotation(primary(
                span,
                &source.text,
                diagnostic.label.as_deref(),
            ));
            for (related, label) in diagnostic.related.iter().filter(|(related, _)| related.source == span.source) {
                snippet = snippet
                    .annotation(AnnotationKind::Context.span(byte_range(*related, &source.text)).label(label.as_str()));
            }
            group = group.element(snippet);
            for (related, label) in diagnostic.related.iter().filter(|(related, _)| related.source != span.source) {
                let other = self.sources.get(related.source);
                group =
                    group.element(Snippet::source(other.text.as_str()).path(other.name.as_str()).annotation(primary(
                        *related,
                        &other.text,
                        Some(label),
                    )));
            }
        }
        if let Some(hint) = &diagnostic.hint {
            group = group.element(Level::HELP.message(&**hint));
        }
        let body = renderer.render(&[group]);
        if body.trim().is_empty() { headline } else { format!("{headline}\n{body}") }
    }
}

fn primary<'a>(span: Span, text: &str, label: Option<&'a str>) -> annotate_snippets::Annotation<'a> {
    let annotation = AnnotationKind::Primary.span(byte_range(span, text));
    match label {
        Some(label) => annotation.label(label),
        None => annotation,
    }
}

/// The span as a range that annotate-snippets accepts: on character
/// boundaries, and at least one character wide so the caret shows. An empty
/// span at the end of a line (a missing `>`, say) points at the line's last
/// character rather than at the line break, which would draw over two lines.
fn byte_range(span: Span, text: &str) -> std::ops::Range<usize> {
    let start = floor_char_boundary(text, span.start);
    let end = floor_char_boundary(text, span.end.max(start));
    if end > start {
        return start..end;
    }
    match text[start..].chars().next() {
        Some(next) if next != '\n' && next != '\r' => start..start + next.len_utf8(),
        _ => match text[..start].chars().next_back() {
            Some(previous) if previous != '\n' => start - previous.len_utf8()..start,
            _ => start..start,
        },
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, diagnostic) in self.diagnostics.iter().enumerate() {
            if index > 0 {
                f.write_str("\n")?;
            }
            f.write_str(&self.render(diagnostic))?;
        }
        let count = self.diagnostics.len();
        if count > 1 {
            write!(f, "\nerror: the spec has {count} problems")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for Error {}

/// The closest of `candidates` to `word`, if it is close enough to be a
/// likely typo. Ties go to the first in alphabetical order, so that the
/// suggestion does not depend on a map's order.
pub(crate) fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_lower = word.to_lowercase();
    let mut candidates: Vec<&str> = candidates.into_iter().collect();
    candidates.sort_unstable();
    candidates.dedup();
    candidates
        .into_iter()
        .map(|candidate| (edit_distance(&word_lower, &candidate.to_lowercase()), candidate))
        .filter(|(distance, candidate)| *distance <= (candidate.len().max(word.len()) / 3).max(1))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// The optimal string alignment distance, in characters: insertions,
/// deletions, substitutions, and swaps of two neighbours (`pgae` → `page`
/// is one edit).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // rows[i][j]: the distance between a[..i] and b[..j].
    let mut rows = vec![vec![0; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let substitution = rows[i - 1][j - 1] + usize::from(a[i - 1] != b[j - 1]);
            let mut best = substitution.min(rows[i - 1][j] + 1).min(rows[i][j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn suggests_close_keys_only() {
        let keys = ["summary", "description", "method", "path", "query"];
        assert_eq!(did_you_mean("methd", keys), Some("method"));
        assert_eq!(did_you_mean("Query", keys), Some("query"));
        assert_eq!(did_you_mean("descripton", keys), Some("description"));
        assert_eq!(did_you_mean("colour", keys), None);
    }

    #[test]
    fn swapped_letters_are_one_typo_and_ties_are_stable() {
        assert_eq!(did_you_mean("pgae", ["page", "size"]), Some("page"));
        assert_eq!(did_you_mean("Itme", ["Item", "Other"]), Some("Item"));
        assert_eq!(did_you_mean("titel", ["title"]), Some("title"));
        for _ in 0..4 {
            assert_eq!(did_you_mean("Book", ["Bookb", "Booka"]), Some("Booka"));
        }
    }
}
