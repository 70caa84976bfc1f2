//! Problems in a spec, each at its place in its file, collected rather than
//! stopping at the first, and rendered like rustc's: errors, and the
//! warnings of an OpenAPI import (an operation left out, a schema read as
//! `any`), which do not stop the generation.

use std::fmt;
use std::path::PathBuf;
use std::sync::OnceLock;

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
    /// Where each line of each file starts, made when a diagnostic is
    /// first shown: a document of megabytes may have hundreds of warnings.
    line_starts: Vec<OnceLock<Vec<usize>>>,
}

impl Sources {
    pub(crate) fn add(&mut self, source: Source) -> SourceId {
        let id = SourceId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(source);
        self.line_starts.push(OnceLock::new());
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
        let (line, line_start) = self.line_of(span.source, start);
        let column = text[line_start..start].chars().count() + 1;
        (line, column)
    }

    /// The 1-based line that byte `offset` of a file is on, and the offset
    /// where that line starts.
    fn line_of(&self, id: SourceId, offset: usize) -> (usize, usize) {
        let starts = self.line_starts[id.0 as usize].get_or_init(|| {
            let text = self.get(id).text.as_bytes();
            std::iter::once(0)
                .chain(text.iter().enumerate().filter(|(_, byte)| **byte == b'\n').map(|(at, _)| at + 1))
                .collect()
        });
        // The last line that starts at or before `offset`.
        let line = starts.partition_point(|&start| start <= offset).max(1);
        (line, starts[line - 1])
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
    /// A setting of the run that does not fit the spec, such as a group
    /// that the spec does not have: the caller's mistake, not the spec's.
    Usage,
}

/// Whether a diagnostic stops the generation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// A part of an OpenAPI document that the client goes without: an
    /// operation left out, or a schema read as `any`. The rest is
    /// generated; `strict` makes it an error.
    Warning,
    /// Nothing is generated.
    Error,
}

/// One problem in a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Whether it is about the spec or about reading it.
    pub kind: Kind,
    /// Whether it stops the generation.
    pub severity: Severity,
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
        Self { span: Some(span), ..Self::without_span(message) }
    }

    /// A part of an OpenAPI document that the client goes without, at its
    /// place: `message` says what and why.
    pub(crate) fn warning(span: Span, message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, ..Self::new(span, message) }
    }

    pub(crate) fn without_span(message: impl Into<String>) -> Self {
        Self {
            kind: Kind::Spec,
            severity: Severity::Error,
            message: message.into(),
            span: None,
            label: None,
            hint: None,
            related: Vec::new(),
        }
    }

    /// Whether it stops the generation.
    #[must_use]
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// A file that cannot be read.
    pub(crate) fn io(message: impl Into<String>) -> Self {
        Self { kind: Kind::Io, ..Self::without_span(message) }
    }

    /// A setting of the run that does not fit the spec.
    pub(crate) fn usage(message: impl Into<String>) -> Self {
        Self { kind: Kind::Usage, ..Self::without_span(message) }
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

/// How many diagnostics of an [`Error`] are rendered at most (see
/// [`Error::shown`]).
pub const SHOWN_PROBLEMS: usize = 100;

/// The first [`SHOWN_PROBLEMS`] of `diagnostics`.
fn first_shown(diagnostics: &[Diagnostic]) -> &[Diagnostic] {
    diagnostics.get(..SHOWN_PROBLEMS).unwrap_or(diagnostics)
}

/// What [`first_shown`] leaves out, in a sentence
/// (`19900 more problems are not shown`).
fn not_shown(diagnostics: &[Diagnostic]) -> Option<String> {
    let hidden = diagnostics.get(SHOWN_PROBLEMS..)?;
    let errors = hidden.iter().filter(|diagnostic| diagnostic.is_error()).count();
    let warnings = hidden.len() - errors;
    let count = |count: usize, what: &str| format!("{count} more {what}{}", if count == 1 { "" } else { "s" });
    let what = match (errors, warnings) {
        (0, 0) => return None,
        (_, 0) => count(errors, "problem"),
        (0, _) => count(warnings, "warning"),
        (_, _) => format!("{} and {}", count(errors, "problem"), count(warnings, "warning")),
    };
    let verb = if hidden.len() == 1 { "is" } else { "are" };
    Some(format!("{what} {verb} not shown"))
}

/// A spec that cannot be turned into code: every problem found, with the
/// files they are in, and the warnings found with them (see [`Warnings`]).
/// `Display` (and `Debug`, so that `fn main() -> Result` in a build script
/// shows it well) renders them like rustc.
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
        Self::of_one(Diagnostic::without_span(message))
    }

    /// An error with one problem, `diagnostic`, outside any file.
    pub(crate) fn of_one(diagnostic: Diagnostic) -> Self {
        Self { diagnostics: vec![diagnostic], sources: Sources::default(), partial: None }
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

    /// The problems, and the warnings found with them, in the order of the
    /// files and places they are at.
    #[must_use]
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The diagnostics to show: the first [`SHOWN_PROBLEMS`]. A spec made
    /// by a program can have tens of thousands of problems, which nobody
    /// reads past the first few and which would take a while to print;
    /// [`not_shown`](Self::not_shown) says how many more there are, and
    /// [`error_count`](Self::error_count) still counts them all.
    #[must_use]
    pub fn shown(&self) -> &[Diagnostic] {
        first_shown(&self.diagnostics)
    }

    /// What [`shown`](Self::shown) leaves out, in a sentence
    /// (`19900 more problems are not shown`), or `None` when every
    /// diagnostic is shown.
    #[must_use]
    pub fn not_shown(&self) -> Option<String> {
        not_shown(&self.diagnostics)
    }

    /// How many of the diagnostics are errors (at least one).
    #[must_use]
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|diagnostic| diagnostic.is_error()).count()
    }

    /// The files the spans point into.
    #[must_use]
    pub fn sources(&self) -> &Sources {
        &self.sources
    }

    /// Where a diagnostic is, as `file:line:column` (or just the file).
    #[must_use]
    pub fn location(&self, diagnostic: &Diagnostic) -> String {
        location(&self.sources, diagnostic)
    }

    /// One diagnostic rendered: `file:line:column: error: message` (or
    /// `warning:`), then the source lines with a caret, then the hint.
    #[must_use]
    pub fn render(&self, diagnostic: &Diagnostic) -> String {
        render(&self.sources, diagnostic, Style::Plain)
    }

    /// As [`render`](Self::render), in color (ANSI escapes), for a terminal.
    #[must_use]
    pub fn render_colored(&self, diagnostic: &Diagnostic) -> String {
        render(&self.sources, diagnostic, Style::Colored)
    }

    /// As [`render`](Self::render), without the `error:` that rustc puts
    /// in front of a `compile_error!` anyway.
    #[must_use]
    pub fn render_for_compile_error(&self, diagnostic: &Diagnostic) -> String {
        render(&self.sources, diagnostic, Style::Bare)
    }

    /// As [`Warnings::render_short`]: a warning found with the errors, for
    /// the macro's note.
    #[must_use]
    pub fn render_short(&self, diagnostic: &Diagnostic) -> String {
        render_short(&self.sources, diagnostic)
    }
}

/// What a generation went without: the operations of OpenAPI documents
/// that could not be generated (left out, with the rest of the client
/// generated) and the schemas that have no faithful Rust type (read as
/// `any`, a JSON value), each a warning at its place in the document.
/// Specs of endpointgen's own format have none: their problems are errors.
///
/// `Display` renders them like rustc, then [`summary`](Self::summary).
/// Empty when there is nothing to say, which costs nothing.
#[derive(Clone, Default)]
pub struct Warnings {
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) sources: Sources,
    pub(crate) tally: Tally,
}

/// What the OpenAPI documents of a generation came to: the counts behind
/// [`Warnings::summary`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Tally {
    /// The operations of the documents.
    pub(crate) operations: usize,
    /// Those left out.
    pub(crate) left_out: usize,
    /// The schemas read as `any` for want of a faithful Rust type.
    pub(crate) read_as_any: usize,
}

impl std::ops::AddAssign for Tally {
    fn add_assign(&mut self, other: Self) {
        self.operations += other.operations;
        self.left_out += other.left_out;
        self.read_as_any += other.read_as_any;
    }
}

impl Warnings {
    /// The warnings, in the order of the files and places they are at.
    #[must_use]
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Whether there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.diagnostics.is_empty()
    }

    /// The warnings to show: the first [`SHOWN_PROBLEMS`], as for an
    /// [`Error`] (a large document can have hundreds); [`not_shown`](Self::not_shown)
    /// says how many more there are, and [`summary`](Self::summary) counts
    /// them all.
    #[must_use]
    pub fn shown(&self) -> &[Diagnostic] {
        first_shown(&self.diagnostics)
    }

    /// What [`shown`](Self::shown) leaves out, in a sentence
    /// (`120 more warnings are not shown`), or `None` when every warning is
    /// shown.
    #[must_use]
    pub fn not_shown(&self) -> Option<String> {
        not_shown(&self.diagnostics)
    }

    /// The files the spans point into (none when there are no warnings).
    #[must_use]
    pub fn sources(&self) -> &Sources {
        &self.sources
    }

    /// How many operations the OpenAPI documents have (TRACE ones too).
    #[must_use]
    pub fn operations(&self) -> usize {
        self.tally.operations
    }

    /// How many of those were left out of the client.
    #[must_use]
    pub fn operations_left_out(&self) -> usize {
        self.tally.left_out
    }

    /// How many schemas were read as `any` for want of a faithful Rust type.
    #[must_use]
    pub fn schemas_read_as_any(&self) -> usize {
        self.tally.read_as_any
    }

    /// One line for the end of a run with warnings:
    /// `231 of 242 operations generated; 11 left out, see above`; `None`
    /// without warnings.
    #[must_use]
    pub fn summary(&self) -> Option<String> {
        if self.is_empty() {
            return None;
        }
        let Tally { operations, left_out, read_as_any } = self.tally;
        let schemas = match read_as_any {
            0 => String::new(),
            1 => "1 schema read as `any`".to_owned(),
            count => format!("{count} schemas read as `any`"),
        };
        let what = match (left_out, schemas.is_empty()) {
            (0, true) if self.diagnostics.len() == 1 => "1 warning".to_owned(),
            (0, true) => format!("{} warnings", self.diagnostics.len()),
            (0, false) => schemas,
            (_, true) => format!("{left_out} left out"),
            (_, false) => format!("{left_out} left out and {schemas}"),
        };
        Some(format!("{} of {operations} operations generated; {what}, see above", operations.saturating_sub(left_out)))
    }

    /// The warnings as errors, as a strict run reports them.
    #[must_use]
    pub fn into_error(self) -> Error {
        let Self { mut diagnostics, sources, .. } = self;
        for diagnostic in &mut diagnostics {
            diagnostic.severity = Severity::Error;
        }
        Error { diagnostics, sources, partial: None }
    }

    /// Where a warning is, as `file:line:column`.
    #[must_use]
    pub fn location(&self, diagnostic: &Diagnostic) -> String {
        location(&self.sources, diagnostic)
    }

    /// One warning rendered: `file:line:column: warning: message`, then the
    /// source lines with a caret, then the hint.
    #[must_use]
    pub fn render(&self, diagnostic: &Diagnostic) -> String {
        render(&self.sources, diagnostic, Style::Plain)
    }

    /// As [`render`](Self::render), in color (ANSI escapes), for a terminal.
    #[must_use]
    pub fn render_colored(&self, diagnostic: &Diagnostic) -> String {
        render(&self.sources, diagnostic, Style::Colored)
    }

    /// A warning in two lines, `file:line:column: message` and the hint,
    /// for places that show no source: the note of the macro's warnings.
    #[must_use]
    pub fn render_short(&self, diagnostic: &Diagnostic) -> String {
        render_short(&self.sources, diagnostic)
    }
}

impl fmt::Display for Warnings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in self.shown() {
            writeln!(f, "{}", self.render(diagnostic))?;
        }
        if let Some(not_shown) = self.not_shown() {
            writeln!(f, "warning: {not_shown}")?;
        }
        match self.summary() {
            Some(summary) => write!(f, "warning: {summary}"),
            None => Ok(()),
        }
    }
}

impl fmt::Debug for Warnings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// How a headline is written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    /// `file:line:column: error: message`
    Plain,
    /// The same in color, as rustc colors it on a terminal.
    Colored,
    /// Without `error:`, which rustc puts in front of a `compile_error!`.
    Bare,
}

fn location(sources: &Sources, diagnostic: &Diagnostic) -> String {
    match diagnostic.span {
        Some(span) => {
            let (line, column) = sources.line_column(span);
            format!("{}:{line}:{column}", sources.get(span.source).name)
        }
        None => String::new(),
    }
}

fn render_short(sources: &Sources, diagnostic: &Diagnostic) -> String {
    let headline = format!("{}: {}", location(sources, diagnostic), diagnostic.message);
    match &diagnostic.hint {
        Some(hint) => format!("{headline}\n= help: {hint}"),
        None => headline,
    }
}

fn render(sources: &Sources, diagnostic: &Diagnostic, style: Style) -> String {
    let (word, color, level) = match diagnostic.severity {
        Severity::Error => ("error", "31", Level::ERROR),
        Severity::Warning => ("warning", "33", Level::WARNING),
    };
    let message = &diagnostic.message;
    let prefix = match diagnostic.span {
        Some(_) => format!("{}: ", location(sources, diagnostic)),
        None => String::new(),
    };
    let headline = match style {
        Style::Plain => format!("{prefix}{word}: {message}"),
        Style::Colored => format!("{prefix}\x1b[1;{color}m{word}\x1b[0m: \x1b[1m{message}\x1b[0m"),
        Style::Bare => format!("{prefix}{message}"),
    };
    let renderer = if style == Style::Colored { Renderer::styled() } else { Renderer::plain() };
    let mut group = Group::with_level(level);
    if let Some(span) = diagnostic.span {
        let here: Vec<(Span, Option<&str>)> = std::iter::once((span, diagnostic.label.as_deref()))
            .chain(
                diagnostic
                    .related
                    .iter()
                    .filter(|(related, _)| related.source == span.source)
                    .map(|(related, label)| (*related, Some(label.as_str()))),
            )
            .collect();
        group = group.element(snippet(sources, span.source, &here));
        for (related, label) in diagnostic.related.iter().filter(|(related, _)| related.source != span.source) {
            group = group.element(snippet(sources, related.source, &[(*related, Some(label.as_str()))]));
        }
    }
    if let Some(hint) = &diagnostic.hint {
        group = group.element(Level::HELP.message(&**hint));
    }
    let body = renderer.render(&[group]);
    if body.trim().is_empty() { headline } else { format!("{headline}\n{body}") }
}

/// The lines of `source` that the spans are on, the first span the
/// primary one (with a caret), the others context. Only those lines are
/// handed to annotate-snippets, which goes through all the text it is
/// given: a document of megabytes with hundreds of warnings would be read
/// through for each.
fn snippet<'a>(
    sources: &'a Sources,
    id: SourceId,
    spans: &[(Span, Option<&'a str>)],
) -> Snippet<'a, annotate_snippets::Annotation<'a>> {
    let source = sources.get(id);
    let text = source.text.as_str();
    let ranges: Vec<std::ops::Range<usize>> = spans.iter().map(|(span, _)| byte_range(*span, text)).collect();
    let first = ranges.iter().map(|range| range.start).min().unwrap_or(0);
    let last = ranges.iter().map(|range| range.end).max().unwrap_or(0);
    let (line, start) = sources.line_of(id, first);
    let end = text[last..].find('\n').map_or(text.len(), |newline| last + newline);
    let mut snippet = Snippet::source(&text[start..end]).path(source.name.as_str()).line_start(line);
    for (index, (range, (_, label))) in ranges.into_iter().zip(spans).enumerate() {
        let kind = if index == 0 { AnnotationKind::Primary } else { AnnotationKind::Context };
        let annotation = kind.span(range.start - start..range.end - start);
        snippet = snippet.annotation(match label {
            Some(label) => annotation.label(*label),
            None => annotation,
        });
    }
    snippet
}

/// The span as a range that annotate-snippets accepts: on character
/// boundaries, and one character wide when it is empty before a character
/// of its line. An empty span at the end of a line (a missing `>`, say)
/// stays empty, which annotate-snippets draws as a caret just past the
/// line's last character (as rustc points at a missing `;`), rather than as
/// the line break, which would draw over two lines. The range starts where
/// the span does, always: the headline's `line:column` is the caret's.
fn byte_range(span: Span, text: &str) -> std::ops::Range<usize> {
    let start = floor_char_boundary(text, span.start);
    let end = floor_char_boundary(text, span.end.max(start));
    if end > start {
        return start..end;
    }
    match text[start..].chars().next() {
        Some(next) if next != '\n' && next != '\r' => start..start + next.len_utf8(),
        _ => start..start,
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, diagnostic) in self.shown().iter().enumerate() {
            if index > 0 {
                f.write_str("\n")?;
            }
            f.write_str(&self.render(diagnostic))?;
        }
        if let Some(not_shown) = self.not_shown() {
            write!(f, "\nerror: {not_shown}")?;
        }
        // Problems are counted; the warnings shown with them are not.
        let count = self.error_count();
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
