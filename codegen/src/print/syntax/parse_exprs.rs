//! The reader's parser, continued (see `parse_items.rs`): types, paths,
//! patterns, expressions, blocks and statements.

use crate::code::{Delimiter, TokenKind};

use super::parse_items::{Parsed, Parser, alloc};
use super::{
    Arm, Block, Expr, ExprKind, FieldInit, GenericArg, GenericArgs, Pat, PatKind, Path, Segment, Span, Stmt, Ty, TyKind,
};

/// The precedence of a binary operator (higher binds tighter).
fn precedence(op: &str) -> Option<u8> {
    Some(match op {
        "||" => 1,
        "&&" => 2,
        "==" | "!=" | "<" | ">" | "<=" | ">=" => 3,
        "|" => 4,
        "^" => 5,
        "&" => 6,
        "<<" | ">>" => 7,
        "+" | "-" => 8,
        "*" | "/" | "%" => 9,
        _ => return None,
    })
}

impl<'a> Parser<'a> {
    // Types.

    pub(super) fn bounds(&mut self) -> Parsed<&'a [Ty<'a>]> {
        let mut bounds = self.list();
        bounds.push(self.bound()?);
        while self.eat_char('+') {
            bounds.push(self.bound()?);
        }
        Ok(bounds.into_bump_slice())
    }

    fn bound(&mut self) -> Parsed<Ty<'a>> {
        if let Some(lifetime) = self.lifetime() {
            return Ok(Ty::new(TyKind::Lifetime(lifetime)));
        }
        if self.eat_char('?') {
            return Ok(Ty::new(TyKind::Maybe(alloc(self.arena, Ty::new(TyKind::Path(self.path(false)?))))));
        }
        Ok(Ty::new(TyKind::Path(self.path(false)?)))
    }

    pub(super) fn ty(&mut self) -> Parsed<Ty<'a>> {
        self.ty_kind().map(Ty::new)
    }

    fn ty_kind(&mut self) -> Parsed<TyKind<'a>> {
        if self.eat_char('&') {
            let lifetime = self.lifetime();
            let mutable = self.eat_ident("mut");
            return Ok(TyKind::Ref { lifetime, mutable, ty: alloc(self.arena, self.ty()?) });
        }
        match self.peek_group() {
            Some(Delimiter::Parenthesis) => {
                return Ok(TyKind::Tuple(self.group(Delimiter::Parenthesis, |parser| parser.comma_list(Self::ty))?));
            }
            Some(Delimiter::Bracket) => {
                return Ok(TyKind::Slice(alloc(self.arena, self.group(Delimiter::Bracket, Self::ty)?)));
            }
            _ => {}
        }
        if self.eat_char('!') {
            return Ok(TyKind::Never);
        }
        if self.eat_ident("impl") {
            return Ok(TyKind::ImplTrait(self.bounds()?));
        }
        if self.eat_ident("dyn") {
            return Ok(TyKind::DynTrait(self.bounds()?));
        }
        if self.eat_ident("_") {
            return Ok(TyKind::Infer);
        }
        Ok(TyKind::Path(self.path(false)?))
    }

    /// A path: of a type (`Vec<u8>`, `FnMut(&str)`), or in an expression
    /// or pattern (`Vec::<u8>::new`), where generic arguments follow `::`.
    fn path(&mut self, in_expr: bool) -> Parsed<Path<'a>> {
        let start = self.index;
        let global = self.eat_op("::");
        let first = self.index;
        // Segments are kept only once one has generic arguments.
        let mut segments = self.list();
        let mut count = 0;
        loop {
            let ident = self.ident()?;
            let mut args = None;
            if in_expr {
                if self.is_op("::")
                    && self.code.tokens.get(self.index + 2).is_some_and(|token| {
                        matches!(token.kind, TokenKind::Punct { ch: '<', .. }) && self.index + 2 < self.end
                    })
                {
                    // `::<`
                    self.index += 3;
                    args = Some(GenericArgs::Angle(self.generic_args()?));
                }
            } else if self.peek_char() == Some('<') && !self.is_op("<=") && !self.is_op("<<=") {
                self.index += 1;
                args = Some(GenericArgs::Angle(self.generic_args()?));
            } else if matches!(ident, "Fn" | "FnMut" | "FnOnce") && self.peek_group() == Some(Delimiter::Parenthesis) {
                let inputs = self.group(Delimiter::Parenthesis, |parser| parser.comma_list(Self::ty))?;
                let output = if self.eat_op("->") { Some(alloc(self.arena, self.ty()?)) } else { None };
                args = Some(GenericArgs::Paren { inputs, output });
            }
            if args.is_some() && segments.is_empty() {
                // The simple segments before: identifiers between `::`s.
                segments.extend((0..count).map(|index| Segment { ident: self.text(first + 3 * index), args: None }));
            }
            if !segments.is_empty() || args.is_some() {
                segments.push(Segment { ident, args });
            }
            count += 1;
            let continues = self.is_op("::") && matches!(self.kind(self.index + 2), Some(TokenKind::Ident));
            if !continues {
                break;
            }
            self.index += 2;
        }
        let text = segments.is_empty().then(|| self.code.text_of_run(start, self.index - 1));
        Ok(Path { global, text, segments: segments.into_bump_slice(), segment_count: count })
    }

    /// The arguments after a `<`, up to and past its `>`.
    fn generic_args(&mut self) -> Parsed<&'a [GenericArg<'a>]> {
        let mut args = self.list();
        while !self.eat_char('>') {
            let arg = if let Some(lifetime) = self.lifetime() {
                GenericArg::Lifetime(lifetime)
            } else if self.peek_ident().is_some() && self.is_op_at(self.index + 1, "=") {
                let name = self.ident()?;
                self.index += 1;
                GenericArg::Binding(name, self.ty()?)
            } else {
                GenericArg::Type(self.ty()?)
            };
            args.push(arg);
            if !self.eat_char(',') {
                if self.eat_char('>') {
                    break;
                }
                return Err(self.fail());
            }
        }
        Ok(args.into_bump_slice())
    }

    // Patterns.

    fn pat(&mut self) -> Parsed<Pat<'a>> {
        self.pat_kind().map(Pat::new)
    }

    fn pat_kind(&mut self) -> Parsed<PatKind<'a>> {
        let first = self.pat_no_or()?;
        if !self.is_op("|") {
            return Ok(first.kind);
        }
        let mut alternatives = self.list();
        alternatives.push(first);
        while self.eat_op("|") {
            alternatives.push(self.pat_no_or()?);
        }
        Ok(PatKind::Or(alternatives.into_bump_slice()))
    }

    pub(super) fn pat_no_or(&mut self) -> Parsed<Pat<'a>> {
        self.pat_no_or_kind().map(Pat::new)
    }

    fn pat_no_or_kind(&mut self) -> Parsed<PatKind<'a>> {
        if self.eat_op("..") {
            return Ok(PatKind::Rest);
        }
        if self.eat_char('&') {
            let mutable = self.eat_ident("mut");
            return Ok(PatKind::Ref { mutable, pat: alloc(self.arena, self.pat_no_or()?) });
        }
        if self.peek_group() == Some(Delimiter::Parenthesis) {
            return Ok(PatKind::Tuple(self.group(Delimiter::Parenthesis, |parser| parser.comma_list(Self::pat))?));
        }
        let literal = if self.peek_char() == Some('-') && matches!(self.kind(self.index + 1), Some(TokenKind::Literal))
        {
            self.index += 2;
            Some(&*self.arena.alloc_str(&format!("-{}", self.text(self.index - 1))))
        } else if let Some(TokenKind::Literal) = self.kind(self.index) {
            self.index += 1;
            Some(self.text(self.index - 1))
        } else {
            None
        };
        if let Some(literal) = literal {
            let lo = Pat::new(PatKind::Lit(literal));
            let inclusive = match self.peek_op() {
                Some("..=") => true,
                Some("..") => false,
                _ => return Ok(lo.kind),
            };
            self.index += if inclusive { 3 } else { 2 };
            let hi = self.pat_no_or()?;
            return Ok(PatKind::Range { lo: alloc(self.arena, lo), hi: alloc(self.arena, hi), inclusive });
        }
        if self.eat_ident("_") {
            return Ok(PatKind::Wild);
        }
        let prefix = if self.eat_ident("ref") {
            if self.eat_ident("mut") { "ref mut " } else { "ref " }
        } else if self.eat_ident("mut") {
            "mut "
        } else {
            ""
        };
        let path = self.path(true)?;
        if self.peek_group() == Some(Delimiter::Parenthesis) {
            let fields = self.group(Delimiter::Parenthesis, |parser| parser.comma_list(Self::pat))?;
            return Ok(PatKind::TupleStruct(path, fields));
        }
        if let (Some(name), 1, false) = (path.text, path.segment_count, path.global) {
            return Ok(PatKind::Ident { prefix, name });
        }
        if !prefix.is_empty() {
            return Err(self.fail());
        }
        Ok(PatKind::Path(path))
    }

    // Expressions.

    pub(super) fn expr(&mut self) -> Parsed<Expr<'a>> {
        self.expr_with(false)
    }

    /// An expression; `no_struct` where a `{` ends it (`match x {`).
    fn expr_with(&mut self, no_struct: bool) -> Parsed<Expr<'a>> {
        let lhs = self.binary(1, no_struct)?;
        if let Some(op) = self.peek_op()
            && matches!(op, "=" | "+=" | "-=" | "*=" | "/=" | "%=" | "^=" | "&=" | "|=" | "<<=" | ">>=")
        {
            self.eat_op(op);
            let rhs = self.expr_with(no_struct)?;
            return Ok(Expr::new(ExprKind::Assign(op, alloc(self.arena, lhs), alloc(self.arena, rhs))));
        }
        Ok(lhs)
    }

    /// Binary operators of at least `min` precedence, left-associative.
    fn binary(&mut self, min: u8, no_struct: bool) -> Parsed<Expr<'a>> {
        let mut lhs = self.cast(no_struct)?;
        while let Some((op, length)) = self.operator_at(self.index) {
            let Some(prec) = precedence(op).filter(|prec| *prec >= min) else { break };
            self.index += length;
            let rhs = self.binary(prec + 1, no_struct)?;
            lhs = Expr::new(ExprKind::Binary(op, alloc(self.arena, lhs), alloc(self.arena, rhs)));
        }
        Ok(lhs)
    }

    fn cast(&mut self, no_struct: bool) -> Parsed<Expr<'a>> {
        let mut expr = self.unary(no_struct)?;
        while self.eat_ident("as") {
            expr = Expr::new(ExprKind::Cast(alloc(self.arena, expr), self.ty()?));
        }
        Ok(expr)
    }

    fn unary(&mut self, no_struct: bool) -> Parsed<Expr<'a>> {
        match self.peek_op() {
            Some("&") => {
                self.index += 1;
                let mutable = self.eat_ident("mut");
                Ok(Expr::new(ExprKind::AddrOf { mutable, expr: alloc(self.arena, self.unary(no_struct)?) }))
            }
            Some("&&") => {
                // `&&x`: two borrows.
                self.index += 2;
                let inner =
                    Expr::new(ExprKind::AddrOf { mutable: false, expr: alloc(self.arena, self.unary(no_struct)?) });
                Ok(Expr::new(ExprKind::AddrOf { mutable: false, expr: alloc(self.arena, inner) }))
            }
            Some(op @ ("!" | "-" | "*")) => {
                self.index += 1;
                let op = match op {
                    "!" => "!",
                    "-" => "-",
                    _ => "*",
                };
                Ok(Expr::new(ExprKind::Unary(op, alloc(self.arena, self.unary(no_struct)?))))
            }
            _ => self.postfix(no_struct),
        }
    }

    fn postfix(&mut self, no_struct: bool) -> Parsed<Expr<'a>> {
        let mut expr = self.primary(no_struct)?;
        loop {
            if self.eat_char('?') {
                expr = Expr::new(ExprKind::Try(alloc(self.arena, expr)));
            } else if self.peek_group() == Some(Delimiter::Parenthesis) {
                let args = self.call_args()?;
                expr = Expr::new(ExprKind::Call(alloc(self.arena, expr), args));
            } else if self.is_op(".") {
                self.index += 1;
                let name = match self.kind(self.index) {
                    Some(TokenKind::Ident | TokenKind::Literal) => self.text(self.index),
                    _ => return Err(self.fail()),
                };
                self.index += 1;
                let mut turbofish: &[GenericArg<'a>] = &[];
                if self.is_op("::") {
                    self.index += 2;
                    if !self.eat_char('<') {
                        return Err(self.fail());
                    }
                    turbofish = self.generic_args()?;
                }
                if self.peek_group() == Some(Delimiter::Parenthesis) {
                    let args = self.call_args()?;
                    expr = Expr::new(ExprKind::MethodCall { receiver: alloc(self.arena, expr), name, turbofish, args });
                } else if turbofish.is_empty() {
                    expr = Expr::new(ExprKind::Field(alloc(self.arena, expr), name));
                } else {
                    return Err(self.fail());
                }
            } else {
                return Ok(expr);
            }
        }
    }

    fn call_args(&mut self) -> Parsed<&'a [Expr<'a>]> {
        self.group(Delimiter::Parenthesis, |parser| parser.comma_list(Self::expr))
    }

    fn primary(&mut self, no_struct: bool) -> Parsed<Expr<'a>> {
        self.primary_kind(no_struct).map(Expr::new)
    }

    fn primary_kind(&mut self, no_struct: bool) -> Parsed<ExprKind<'a>> {
        match self.kind(self.index).ok_or_else(|| self.fail())? {
            TokenKind::Literal => {
                self.index += 1;
                return Ok(ExprKind::Lit(self.text(self.index - 1)));
            }
            TokenKind::Open(Delimiter::Parenthesis) => {
                let (items, trailing_comma) = self.group(Delimiter::Parenthesis, |parser| {
                    let items = parser.comma_list(Self::expr)?;
                    let trailing = parser.index > 0
                        && parser.code.tokens[parser.index - 1].kind == (TokenKind::Punct { ch: ',', joint: false });
                    Ok((items, trailing))
                })?;
                return Ok(if items.len() == 1 && !trailing_comma {
                    ExprKind::Paren(&items[0])
                } else {
                    ExprKind::Tuple(items)
                });
            }
            TokenKind::Open(Delimiter::Bracket) => {
                return Ok(ExprKind::Array(self.group(Delimiter::Bracket, |parser| parser.comma_list(Self::expr))?));
            }
            TokenKind::Open(Delimiter::Brace) => return Ok(ExprKind::Block(self.block()?)),
            TokenKind::Punct { .. } => {
                let is_move = false;
                if self.is_op("||") {
                    self.index += 2;
                    let start = self.index;
                    let body = self.expr_with(no_struct)?;
                    let body_span = Span { start, end: self.index };
                    return Ok(ExprKind::Closure { is_move, params: &[], body: alloc(self.arena, body), body_span });
                }
                if self.eat_char('|') {
                    let mut params = self.list();
                    while !self.eat_char('|') {
                        params.push(self.pat_no_or()?);
                        if !self.eat_char(',') {
                            if self.eat_char('|') {
                                break;
                            }
                            return Err(self.fail());
                        }
                    }
                    let start = self.index;
                    let body = self.expr_with(no_struct)?;
                    let body_span = Span { start, end: self.index };
                    return Ok(ExprKind::Closure {
                        is_move,
                        params: params.into_bump_slice(),
                        body: alloc(self.arena, body),
                        body_span,
                    });
                }
                if !self.is_op("::") {
                    return Err(self.fail());
                }
            }
            TokenKind::Ident => {}
            TokenKind::Close(_) => return Err(self.fail()),
        }
        match self.peek_ident() {
            Some("match") => {
                self.index += 1;
                let scrutinee = self.expr_with(true)?;
                let arms = self.group(Delimiter::Brace, |parser| {
                    let mut arms = parser.list();
                    while !parser.at_end() {
                        let pat = parser.pat()?;
                        let guard = if parser.eat_ident("if") { Some(parser.expr()?) } else { None };
                        parser.expect_op("=>")?;
                        let body = parser.expr()?;
                        let comma = parser.eat_char(',');
                        if !comma && !parser.at_end() && !matches!(body.kind, ExprKind::Block(_)) {
                            return Err(parser.fail());
                        }
                        arms.push(Arm { pat, guard, body });
                    }
                    Ok(arms.into_bump_slice())
                })?;
                return Ok(ExprKind::Match(alloc(self.arena, scrutinee), arms));
            }
            Some("if") => {
                self.index += 1;
                return self.if_rest();
            }
            Some("return") => {
                self.index += 1;
                let ends = self.at_end() || matches!(self.peek_char(), Some(';' | ','));
                let value = if ends { None } else { Some(alloc(self.arena, self.expr_with(no_struct)?)) };
                return Ok(ExprKind::Return(value));
            }
            Some("move") => {
                self.index += 1;
                let ExprKind::Closure { params, body, body_span, .. } = self.primary_kind(no_struct)? else {
                    return Err(self.fail());
                };
                return Ok(ExprKind::Closure { is_move: true, params, body, body_span });
            }
            Some("loop" | "while" | "for" | "unsafe" | "async" | "let" | "break" | "continue") => {
                return Err(self.fail());
            }
            _ => {}
        }
        let path = self.path(true)?;
        if self.peek_char() == Some('!') {
            // A macro call.
            return Err(self.fail());
        }
        if !no_struct && self.peek_group() == Some(Delimiter::Brace) {
            let (fields, rest) = self.group(Delimiter::Brace, |parser| {
                let mut fields = parser.list();
                let mut rest = None;
                while !parser.at_end() {
                    if parser.eat_op("..") {
                        rest = Some(alloc(parser.arena, parser.expr()?));
                        break;
                    }
                    let name = match parser.kind(parser.index) {
                        Some(TokenKind::Ident | TokenKind::Literal) => parser.text(parser.index),
                        _ => return Err(parser.fail()),
                    };
                    parser.index += 1;
                    let value = if parser.eat_op(":") { Some(parser.expr()?) } else { None };
                    fields.push(FieldInit { name, value });
                    if !parser.eat_char(',') {
                        break;
                    }
                }
                Ok((fields.into_bump_slice(), rest))
            })?;
            return Ok(ExprKind::Struct { path, fields, rest });
        }
        Ok(ExprKind::Path(path))
    }

    /// An `if` after its keyword.
    fn if_rest(&mut self) -> Parsed<ExprKind<'a>> {
        let cond = if self.eat_ident("let") {
            let pat = self.pat()?;
            self.expect_op("=")?;
            Expr::new(ExprKind::Let(pat, alloc(self.arena, self.expr_with(true)?)))
        } else {
            self.expr_with(true)?
        };
        let then = self.block()?;
        let otherwise = if self.eat_ident("else") {
            if self.eat_ident("if") {
                Some(alloc(self.arena, Expr::new(self.if_rest()?)))
            } else {
                Some(alloc(self.arena, Expr::new(ExprKind::Block(self.block()?))))
            }
        } else {
            None
        };
        Ok(ExprKind::If { cond: alloc(self.arena, cond), then, otherwise })
    }

    pub(super) fn block(&mut self) -> Parsed<Block<'a>> {
        self.group(Delimiter::Brace, |parser| {
            let (mut stmts, mut spans) = (parser.list(), parser.list());
            while !parser.at_end() {
                if parser.eat_char(';') {
                    continue;
                }
                let start = parser.index;
                stmts.push(parser.stmt()?);
                spans.push(Span { start, end: parser.index });
            }
            Ok(Block { stmts: stmts.into_bump_slice(), spans: spans.into_bump_slice() })
        })
    }

    fn stmt(&mut self) -> Parsed<Stmt<'a>> {
        if self.eat_ident("let") {
            let pat = self.pat()?;
            let ty = if self.eat_op(":") { Some(self.ty()?) } else { None };
            let init = if self.eat_op("=") { Some(self.expr()?) } else { None };
            self.expect_op(";")?;
            return Ok(Stmt::Let { pat, ty, init });
        }
        let starts_item = self.peek_char() == Some('#')
            || self.peek_ident().is_some_and(|word| {
                matches!(word, "pub" | "fn" | "struct" | "enum" | "impl" | "mod" | "type" | "static" | "use" | "trait")
                    || (word == "const" && !matches!(self.kind(self.index + 1), Some(TokenKind::Open(_))))
            });
        if starts_item {
            return Ok(Stmt::Item(self.item()?));
        }
        let expr = self.expr()?;
        if self.eat_char(';') {
            return Ok(Stmt::Semi(expr));
        }
        let ends_in_block = matches!(expr.kind, ExprKind::If { .. } | ExprKind::Match(..) | ExprKind::Block(_));
        if self.at_end() || ends_in_block { Ok(Stmt::Expr(expr)) } else { Err(self.fail()) }
    }
}
