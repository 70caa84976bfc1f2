//! Patterns (`Some(x)`, `(a, ..)`, `A | B`, `0..=9`, `&mut x`), laid out
//! as rustfmt lays them out. The functions follow rustfmt's of the same
//! names in its `patterns.rs`.

#[cfg(test)]
use super::check_flat;
use super::expr::literal;
use super::lists::{ListFormat, ListTactic, Separator, Tactic, Trailing, definitive_tactic, write_list};
use super::overflow::{self, Item};
use super::shape::{MAX_WIDTH, Shape, cat};
use super::syntax::{Pat, PatKind};
use super::types::PathContext;
use super::{Printer, flat};

impl Printer<'_> {
    pub(super) fn pat(&self, pat: &Pat<'_>, shape: Shape) -> Option<String> {
        if self.pat_stays_flat(pat, shape) {
            let text = flat::flat(pat, pat.width, flat::write_pat);
            #[cfg(test)]
            check_flat(&text, self.pat_full(pat, shape));
            return Some(text);
        }
        self.pat_full(pat, shape)
    }

    fn pat_full(&self, pat: &Pat<'_>, shape: Shape) -> Option<String> {
        match &pat.kind {
            PatKind::Wild => (shape.width >= 1).then(|| "_".to_owned()),
            PatKind::Rest => (shape.width >= 1).then(|| "..".to_owned()),
            PatKind::Ident { prefix, name } => Some(cat(&[prefix, name])),
            PatKind::Lit(text) => literal(text, shape),
            PatKind::Range { lo, hi, inclusive } => {
                self.pair(&**lo, &**hi, if *inclusive { "..=" } else { ".." }, shape, true)
            }
            PatKind::Path(path) => self.path(path, PathContext::Expr, shape),
            PatKind::TupleStruct(path, fields) => {
                let path = self.path(path, PathContext::Expr, shape)?;
                self.tuple_pat(fields, &path, shape)
            }
            PatKind::Tuple(fields) => self.tuple_pat(fields, "", shape),
            PatKind::Ref { mutable, pat } => {
                let prefix = if *mutable { "&mut " } else { "&" };
                let inner = self.pat(pat, shape.offset_left(prefix.len())?)?;
                Some(cat(&[prefix, &inner]))
            }
            PatKind::Or(alternatives) => {
                let texts: Vec<Option<String>> =
                    alternatives.iter().map(|alternative| self.pat(alternative, shape)).collect();
                if texts.iter().any(Option::is_none) {
                    return None;
                }
                let short = alternatives.iter().zip(&texts).all(|(pat, text)| {
                    text.as_deref().is_some_and(|text| text.len() <= 20 && !text.contains('\n'))
                        && is_short_pattern(pat)
                });
                let tactic = if short {
                    Tactic::Mixed
                } else {
                    definitive_tactic(&texts, ListTactic::HorizontalVertical, Separator::Bar, shape.width)
                };
                write_list(
                    &texts,
                    &ListFormat::new(shape).tactic(tactic).separator(Separator::Bar).ends_with_newline(false),
                )
            }
        }
    }

    fn tuple_pat(&self, fields: &[Pat<'_>], path: &str, shape: Shape) -> Option<String> {
        if fields.is_empty() {
            return Some(cat(&[path, "()"]));
        }
        let items: Vec<Item<'_, '_>> = fields.iter().map(Item::Pat).collect();
        let add_comma = path.is_empty() && fields.len() == 1 && !matches!(fields[0].kind, PatKind::Rest);
        overflow::with_parens(self, path, &items, shape, MAX_WIDTH, add_comma.then_some(Trailing::Always))
    }
}

fn is_short_pattern(pat: &Pat<'_>) -> bool {
    match &pat.kind {
        PatKind::Rest | PatKind::Wild | PatKind::Lit(_) | PatKind::Ident { .. } | PatKind::Path(_) => true,
        PatKind::Range { .. } => false,
        PatKind::Tuple(fields) => fields.len() <= 1,
        PatKind::TupleStruct(path, fields) => path.segment_count <= 1 && fields.len() <= 1,
        PatKind::Ref { pat, .. } => is_short_pattern(pat),
        PatKind::Or(alternatives) => alternatives.iter().all(is_short_pattern),
    }
}
