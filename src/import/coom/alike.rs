//! `P = P` across instances (`bags.color = bags.color`): COOM pairs every instance read at one
//! side with every instance read at the other, so the statement says that every present
//! instance has the same value. Written with counts (each value is held by no instance or by
//! all of them), it needs no instance numbers, so it holds for instances added past an open
//! count's horizon too.

use super::ast::{CmpOp, Expr, ExprKind};
use super::expr::{Cx, Val};
use super::resolve::{node_path, resolve, seg};

/// The rule body for `e` when it compares one path with itself through exactly one level of
/// instances the statement does not name; None otherwise (the caller translates `e` as it is).
pub fn all_alike(cx: &mut Cx, e: &Expr) -> Option<String> {
    let ExprKind::Cmp(first, rest) = &e.kind else {
        return None;
    };
    let [(CmpOp::Eq, second)] = rest.as_slice() else {
        return None;
    };
    let (ExprKind::Path(a), ExprKind::Path(b)) = (&first.kind, &second.kind) else {
        return None;
    };
    if a.display() != b.display() {
        return None;
    }
    let r = resolve(cx.t, cx.m, cx.ctx, &cx.bind, a).ok()?;
    let (t, ctx_chain) = (cx.t, cx.t.chain(cx.ctx));
    let free: Vec<usize> = (0..r.steps.len())
        .filter(|&i| {
            let (n, idx) = r.steps[i];
            t.is_multi(n) && idx.is_none() && !ctx_chain.contains(&n)
        })
        .collect();
    let [level] = free.as_slice() else {
        return None;
    };
    let instances = node_path(t, &r.steps[..=*level]);
    let per_value = |v: String| format!("(count({v}) = 0 or count({v}) = count({instances}))");
    // The body reads only counts: the statement is applied to each instance of its context (if
    // any) through the context's anchor, as a count-only statement is; so the path read here is
    // not recorded as read, whether it becomes the body or `e` is translated as it is.
    let read = cx.occs.len();
    let val = cx.val(first);
    cx.occs.truncate(read);
    match val? {
        Val::Enum { path, e, guard } if guard.is_empty() => Some(
            cx.m.enumerations[e]
                .options
                .iter()
                .map(|o| per_value(format!("{path}.{}", seg(&o.name.text))))
                .collect::<Vec<_>>()
                .join(" and "),
        ),
        Val::Flag { path, guard } if guard.is_empty() => Some(per_value(path)),
        _ => None,
    }
}
