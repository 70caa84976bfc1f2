//! Emit's flat token list (see `code.rs`) read back as a syntax tree of the
//! few shapes generated code has: items, attributes, types, patterns,
//! expressions and statements. Here are the tree's types and their widths
//! on one line; the parser is in `parse_items.rs` and `parse_exprs.rs`.
//!
//! rustfmt decides a layout from what a piece of code is (a call's last
//! argument may overflow, a chain breaks before its dots, a match arm's body
//! may move into a block), so the printer needs to know that too; the tokens
//! alone do not say where an expression ends. A reader of emit's output has
//! an easy job: no macros, no comments, no operator soup. What it does not
//! know it reports as an error, and the printer prints that item's tokens as
//! they are (see `ItemKind::Verbatim`).

mod parse_exprs;
mod parse_items;

pub(super) use parse_items::item;

/// A token index range `[start, end)`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Span {
    pub(super) start: usize,
    pub(super) end: usize,
}

#[derive(Debug)]
pub(super) struct Item<'a> {
    /// The item's tokens, attributes included.
    pub(super) span: Span,
    /// Where the item starts after its attributes.
    pub(super) after_attrs: usize,
    pub(super) attrs: &'a [Attr<'a>],
    /// `pub `, `pub(crate) `: with its trailing space, or empty.
    pub(super) vis: &'a str,
    pub(super) kind: ItemKind<'a>,
}

#[derive(Debug)]
pub(super) enum ItemKind<'a> {
    /// `body`: the tokens inside the braces, read item by item as they
    /// are printed (see [`Items`]).
    Mod {
        name: &'a str,
        body: Span,
    },
    Struct {
        name: &'a str,
        generics: &'a [GenericParam<'a>],
        body: StructBody<'a>,
    },
    /// `body`: the tokens of the braces and the variants.
    Enum {
        name: &'a str,
        generics: &'a [GenericParam<'a>],
        variants: &'a [Variant<'a>],
        body: Span,
    },
    /// `body` as a module's.
    Impl {
        generics: &'a [GenericParam<'a>],
        trait_: Option<Ty<'a>>,
        self_ty: Ty<'a>,
        body: Span,
    },
    Fn(&'a FnItem<'a>),
    TypeAlias {
        name: &'a str,
        generics: &'a [GenericParam<'a>],
        ty: Ty<'a>,
    },
    /// `const NAME: Ty = expr;` (`keyword` is `const` or `static`).
    Const {
        keyword: &'a str,
        name: &'a str,
        ty: Ty<'a>,
        value: Option<Expr<'a>>,
    },
    /// Something this reader does not know, printed token by token.
    Verbatim(Span),
}

#[derive(Debug)]
pub(super) struct FnItem<'a> {
    pub(super) name: &'a str,
    pub(super) generics: &'a [GenericParam<'a>],
    pub(super) params: &'a [Param<'a>],
    pub(super) param_spans: &'a [Span],
    /// The index of the body's `{`.
    pub(super) body_open: usize,
    pub(super) ret: Option<Ty<'a>>,
    pub(super) body: Block<'a>,
}

#[derive(Debug)]
pub(super) enum Param<'a> {
    /// `self`, `&self`, `&mut self`, `mut self`, `&'a self`: as written.
    SelfParam(&'a str),
    Typed {
        pat: Pat<'a>,
        ty: Ty<'a>,
    },
}

#[derive(Debug)]
pub(super) enum StructBody<'a> {
    Named(&'a [FieldDef<'a>]),
    Tuple(&'a [FieldDef<'a>]),
    Unit,
}

#[derive(Debug)]
pub(super) struct FieldDef<'a> {
    pub(super) attrs: &'a [Attr<'a>],
    pub(super) vis: &'a str,
    /// `None` for a tuple struct's field.
    pub(super) name: Option<&'a str>,
    pub(super) ty: Ty<'a>,
}

#[derive(Debug)]
pub(super) struct Variant<'a> {
    pub(super) attrs: &'a [Attr<'a>],
    pub(super) name: &'a str,
    pub(super) body: StructBody<'a>,
}

#[derive(Debug)]
pub(super) enum Attr<'a> {
    /// `#[doc = "…"]` whose value `///` lines hold exactly.
    Doc {
        inner: bool,
        text: &'a str,
    },
    Meta {
        inner: bool,
        meta: Meta<'a>,
    },
}

#[derive(Debug)]
pub(super) enum Meta<'a> {
    Word(&'a str),
    NameValue(&'a str, &'a str),
    List(&'a str, &'a [Meta<'a>]),
    Lit(&'a str),
}

#[derive(Debug)]
pub(super) struct GenericParam<'a> {
    /// An identifier, or a lifetime such as `'de`.
    pub(super) name: &'a str,
    pub(super) bounds: &'a [Ty<'a>],
}

#[derive(Debug)]
pub(super) struct Path<'a> {
    pub(super) global: bool,
    /// The path as it is written when no segment has generic arguments
    /// (`::core::option::Option`): emit's text holds a path's tokens back
    /// to back.
    pub(super) text: Option<&'a str>,
    /// The segments when some segment has generic arguments, else empty.
    pub(super) segments: &'a [Segment<'a>],
    pub(super) segment_count: usize,
}

#[derive(Debug)]
pub(super) struct Segment<'a> {
    pub(super) ident: &'a str,
    pub(super) args: Option<GenericArgs<'a>>,
}

#[derive(Debug)]
pub(super) enum GenericArgs<'a> {
    /// `<A, B>` (in an expression, `::<A, B>`).
    Angle(&'a [GenericArg<'a>]),
    /// `Fn(A, B) -> C`.
    Paren { inputs: &'a [Ty<'a>], output: Option<&'a Ty<'a>> },
}

#[derive(Debug)]
pub(super) enum GenericArg<'a> {
    Lifetime(&'a str),
    Type(Ty<'a>),
    Binding(&'a str, Ty<'a>),
}

/// A type, and its width on one line.
#[derive(Debug)]
pub(super) struct Ty<'a> {
    pub(super) kind: TyKind<'a>,
    pub(super) width: u32,
}

#[derive(Debug)]
pub(super) enum TyKind<'a> {
    Path(Path<'a>),
    Ref {
        lifetime: Option<&'a str>,
        mutable: bool,
        ty: &'a Ty<'a>,
    },
    Tuple(&'a [Ty<'a>]),
    Slice(&'a Ty<'a>),
    ImplTrait(&'a [Ty<'a>]),
    DynTrait(&'a [Ty<'a>]),
    /// A lifetime as a bound (`T: 'a`).
    Lifetime(&'a str),
    /// `?Sized`.
    Maybe(&'a Ty<'a>),
    Infer,
    Never,
}

/// A pattern, and its width on one line.
#[derive(Debug)]
pub(super) struct Pat<'a> {
    pub(super) kind: PatKind<'a>,
    pub(super) width: u32,
}

#[derive(Debug)]
pub(super) enum PatKind<'a> {
    Wild,
    Rest,
    Ident {
        prefix: &'static str,
        name: &'a str,
    },
    /// A literal, with its sign (`-1`).
    Lit(&'a str),
    Range {
        lo: &'a Pat<'a>,
        hi: &'a Pat<'a>,
        inclusive: bool,
    },
    Path(Path<'a>),
    TupleStruct(Path<'a>, &'a [Pat<'a>]),
    Tuple(&'a [Pat<'a>]),
    Ref {
        mutable: bool,
        pat: &'a Pat<'a>,
    },
    Or(&'a [Pat<'a>]),
}

/// An expression, and its width on one line ([`NOT_FLAT`] for one that
/// never is: a match, an `if`, a block with statements).
#[derive(Debug)]
pub(super) struct Expr<'a> {
    pub(super) kind: ExprKind<'a>,
    pub(super) width: u32,
}

/// The width of what is never on one line.
pub(super) const NOT_FLAT: u32 = u32::MAX;

#[derive(Debug)]
pub(super) enum ExprKind<'a> {
    Lit(&'a str),
    Path(Path<'a>),
    Call(&'a Expr<'a>, &'a [Expr<'a>]),
    MethodCall {
        receiver: &'a Expr<'a>,
        name: &'a str,
        turbofish: &'a [GenericArg<'a>],
        args: &'a [Expr<'a>],
    },
    Field(&'a Expr<'a>, &'a str),
    Try(&'a Expr<'a>),
    /// `!`, `-`, `*`.
    Unary(&'static str, &'a Expr<'a>),
    AddrOf {
        mutable: bool,
        expr: &'a Expr<'a>,
    },
    Binary(&'a str, &'a Expr<'a>, &'a Expr<'a>),
    /// `=`, `+=`, …
    Assign(&'a str, &'a Expr<'a>, &'a Expr<'a>),
    Cast(&'a Expr<'a>, Ty<'a>),
    /// `body_span`: the body's tokens.
    Closure {
        is_move: bool,
        params: &'a [Pat<'a>],
        body: &'a Expr<'a>,
        body_span: Span,
    },
    Match(&'a Expr<'a>, &'a [Arm<'a>]),
    If {
        cond: &'a Expr<'a>,
        then: Block<'a>,
        otherwise: Option<&'a Expr<'a>>,
    },
    /// `let pat = expr` in an `if`.
    Let(Pat<'a>, &'a Expr<'a>),
    Block(Block<'a>),
    Struct {
        path: Path<'a>,
        fields: &'a [FieldInit<'a>],
        rest: Option<&'a Expr<'a>>,
    },
    Tuple(&'a [Expr<'a>]),
    Paren(&'a Expr<'a>),
    Array(&'a [Expr<'a>]),
    Return(Option<&'a Expr<'a>>),
}

#[derive(Debug)]
pub(super) struct FieldInit<'a> {
    pub(super) name: &'a str,
    /// `None` for the shorthand `Foo { name }`.
    pub(super) value: Option<Expr<'a>>,
}

#[derive(Debug)]
pub(super) struct Arm<'a> {
    pub(super) pat: Pat<'a>,
    pub(super) guard: Option<Expr<'a>>,
    pub(super) body: Expr<'a>,
}

#[derive(Debug)]
pub(super) struct Block<'a> {
    pub(super) stmts: &'a [Stmt<'a>],
    /// Each statement's tokens.
    pub(super) spans: &'a [Span],
}

#[derive(Debug)]
pub(super) enum Stmt<'a> {
    Let {
        pat: Pat<'a>,
        ty: Option<Ty<'a>>,
        init: Option<Expr<'a>>,
    },
    Item(Item<'a>),
    /// An expression without `;`: the block's value, or one that ends in a
    /// block (`if …{}`).
    Expr(Expr<'a>),
    /// An expression with `;`.
    Semi(Expr<'a>),
}

// Widths on one line, as the printer writes each node when it fits (see
// `flat.rs`); `NOT_FLAT` for what is never on one line.

fn sum(widths: impl IntoIterator<Item = u32>) -> u32 {
    widths.into_iter().fold(0, u32::saturating_add)
}

/// `items` joined with `, `.
fn list_width(widths: impl IntoIterator<Item = u32>) -> u32 {
    let mut count: u32 = 0;
    let total = sum(widths.into_iter().inspect(|_| count += 1));
    total.saturating_add(2 * count.saturating_sub(1))
}

fn text_width(text: &str) -> u32 {
    u32::try_from(super::shape::str_width(text)).unwrap_or(NOT_FLAT)
}

impl Path<'_> {
    /// `in_expr`: generic arguments after `::`.
    pub(super) fn width(&self, in_expr: bool) -> u32 {
        if let Some(text) = self.text {
            return text_width(text);
        }
        let separators =
            2 * u32::try_from(self.segments.len().saturating_sub(1) + usize::from(self.global)).unwrap_or(0);
        let segments = self.segments.iter().map(|segment| {
            let args = match &segment.args {
                None | Some(GenericArgs::Angle([])) => 0,
                Some(GenericArgs::Angle(args)) => {
                    let turbofish = if in_expr { 2 } else { 0 };
                    list_width(args.iter().map(GenericArg::width)).saturating_add(2 + turbofish)
                }
                Some(GenericArgs::Paren { inputs, output }) => {
                    let output = output.as_ref().map_or(0, |ty| ty.width.saturating_add(4));
                    list_width(inputs.iter().map(|ty| ty.width)).saturating_add(2).saturating_add(output)
                }
            };
            text_width(segment.ident).saturating_add(args)
        });
        sum(segments).saturating_add(separators)
    }
}

impl GenericArg<'_> {
    pub(super) fn width(&self) -> u32 {
        match self {
            GenericArg::Lifetime(lifetime) => text_width(lifetime),
            GenericArg::Type(ty) => ty.width,
            // `Name = Type`
            GenericArg::Binding(name, ty) => text_width(name).saturating_add(3).saturating_add(ty.width),
        }
    }
}

/// `A + B`
fn bounds_width(bounds: &[Ty<'_>]) -> u32 {
    let count = u32::try_from(bounds.len()).unwrap_or(0);
    sum(bounds.iter().map(|bound| bound.width)).saturating_add(3 * count.saturating_sub(1))
}

impl<'a> Ty<'a> {
    pub(super) fn new(kind: TyKind<'a>) -> Self {
        let width = match &kind {
            TyKind::Path(path) => path.width(false),
            TyKind::Ref { lifetime, mutable, ty } => {
                let lifetime = lifetime.as_ref().map_or(0, |lifetime| text_width(lifetime) + 1);
                ty.width.saturating_add(1 + lifetime + if *mutable { 4 } else { 0 })
            }
            TyKind::Tuple(items) if items.len() == 1 => items[0].width.saturating_add(3),
            TyKind::Tuple(items) => list_width(items.iter().map(|ty| ty.width)).saturating_add(2),
            TyKind::Slice(inner) => inner.width.saturating_add(2),
            TyKind::ImplTrait(bounds) => bounds_width(bounds).saturating_add(5),
            TyKind::DynTrait(bounds) => bounds_width(bounds).saturating_add(4),
            TyKind::Lifetime(lifetime) => text_width(lifetime),
            TyKind::Maybe(inner) => inner.width.saturating_add(1),
            TyKind::Infer | TyKind::Never => 1,
        };
        Self { kind, width }
    }
}

impl<'a> Pat<'a> {
    pub(super) fn new(kind: PatKind<'a>) -> Self {
        let width = match &kind {
            PatKind::Wild => 1,
            PatKind::Rest => 2,
            PatKind::Ident { prefix, name } => text_width(prefix).saturating_add(text_width(name)),
            PatKind::Lit(text) => text_width(text),
            PatKind::Range { lo, hi, inclusive } => {
                lo.width.saturating_add(hi.width).saturating_add(if *inclusive { 3 } else { 2 })
            }
            PatKind::Path(path) => path.width(true),
            PatKind::TupleStruct(path, fields) => {
                path.width(true).saturating_add(list_width(fields.iter().map(|pat| pat.width))).saturating_add(2)
            }
            PatKind::Tuple(fields) if fields.len() == 1 && !matches!(fields[0].kind, PatKind::Rest) => {
                fields[0].width.saturating_add(3)
            }
            PatKind::Tuple(fields) => list_width(fields.iter().map(|pat| pat.width)).saturating_add(2),
            PatKind::Ref { mutable, pat } => pat.width.saturating_add(if *mutable { 5 } else { 1 }),
            PatKind::Or(alternatives) => {
                let count = u32::try_from(alternatives.len()).unwrap_or(0);
                sum(alternatives.iter().map(|pat| pat.width)).saturating_add(3 * count.saturating_sub(1))
            }
        };
        Self { kind, width }
    }
}

impl<'a> Expr<'a> {
    pub(super) fn new(kind: ExprKind<'a>) -> Self {
        let width = match &kind {
            ExprKind::Lit(text) => text_width(text),
            ExprKind::Path(path) => path.width(true),
            ExprKind::Call(callee, args) => {
                callee.width.saturating_add(list_width(args.iter().map(|arg| arg.width))).saturating_add(2)
            }
            ExprKind::MethodCall { receiver, name, turbofish, args } => {
                let turbofish =
                    if turbofish.is_empty() { 0 } else { list_width(turbofish.iter().map(GenericArg::width)) + 4 };
                // `.name(` and `)`
                sum([receiver.width, text_width(name), turbofish, list_width(args.iter().map(|arg| arg.width)), 3])
            }
            ExprKind::Field(base, name) => sum([base.width, text_width(name), 1]),
            ExprKind::Try(inner) | ExprKind::Unary(_, inner) => inner.width.saturating_add(1),
            ExprKind::AddrOf { mutable, expr } => expr.width.saturating_add(if *mutable { 5 } else { 1 }),
            ExprKind::Binary(op, lhs, rhs) | ExprKind::Assign(op, lhs, rhs) => {
                sum([lhs.width, text_width(op), rhs.width, 2])
            }
            ExprKind::Cast(inner, ty) => sum([inner.width, ty.width, 4]),
            // `|a, b| body`
            ExprKind::Closure { is_move, params, body, .. } => {
                sum([list_width(params.iter().map(|pat| pat.width)), body.width, 3, if *is_move { 5 } else { 0 }])
            }
            ExprKind::Block(block) if block.stmts.is_empty() => 2,
            ExprKind::Match(..) | ExprKind::If { .. } | ExprKind::Let(..) | ExprKind::Block(_) => NOT_FLAT,
            ExprKind::Struct { path, fields, rest } => {
                if fields.is_empty() && rest.is_none() {
                    path.width(true).saturating_add(3)
                } else {
                    let fields = fields.iter().map(|field| match &field.value {
                        Some(value) => sum([text_width(field.name), value.width, 2]),
                        None => text_width(field.name),
                    });
                    let rest = rest.as_ref().map(|rest| rest.width.saturating_add(2));
                    // `Path { ` and ` }`
                    sum([path.width(true), list_width(fields.chain(rest)), 5])
                }
            }
            ExprKind::Tuple(items) if items.len() == 1 => items[0].width.saturating_add(3),
            ExprKind::Tuple(items) | ExprKind::Array(items) => {
                list_width(items.iter().map(|item| item.width)).saturating_add(2)
            }
            ExprKind::Paren(inner) => inner.width.saturating_add(2),
            ExprKind::Return(None) => 6,
            ExprKind::Return(Some(value)) => value.width.saturating_add(7),
        };
        Self { kind, width }
    }
}
