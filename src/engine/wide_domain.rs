//! Valid sets of wide ints (`encode/wide_int.rs`): the proven least and greatest numbers and the
//! holes between them, as runs of numbers.
//!
//! Every model found is widened to an *interval witness* (its room: the numbers the int can take
//! in that same model, read off the recorded atoms), so a run of a million numbers is usually
//! proven by one model. Beyond a run's end one call asks "anything above?"; when the answer is a
//! model, the least number above is found bit by bit from the most significant bit (assumptions
//! only), which proves the hole in between. Holes left unsettled when the budget runs out are
//! reported as such: the runs around them merge into one marked inexact (its ends still proven).
//! Each call names the ranges it holds ints to (`Ask`), which the solver enforces for that call
//! and is told as bounds on their definitions too (`range_bounds.rs`).

use super::range_bounds::{holds_by_bounds, solve_ranges};
use super::session::Session;
use super::spread::spread;
use crate::budget::Budget;
use crate::encode::{at_least, at_most, weighted, FeatLits, Groups};
use crate::model::Open;
use crate::solve::{Lit, SolveResult};
use serde_json::{json, Value as Json};
use std::collections::{BTreeSet, HashMap, HashSet};

/// Numbers `min..=max` of one int, every one valid when `exact`, else only the two ends proven.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    pub min: i64,
    pub max: i64,
    pub exact: bool,
}

/// Numbers of wide ints seen in models while answering one set of assumptions (one click):
/// each is valid under them, so the valid-set search of a later int starts from them. A total's
/// probes set every bike's price, and then most of each price's numbers need no call.
#[derive(Debug, Default)]
pub struct Seen {
    /// The wide ints, with their bits and presence literal.
    ints: Vec<(usize, Vec<Lit>, Lit)>,
    values: HashMap<usize, BTreeSet<i128>>,
}

impl Seen {
    /// Nothing seen yet, for the wide ints of `s`; only for one set of assumptions.
    pub fn new(s: &Session) -> Seen {
        let ints = s
            .enc
            .layout
            .feats
            .iter()
            .enumerate()
            .filter_map(|(fi, f)| match &f.lits {
                FeatLits::Bits { bits, pres, .. } => Some((fi, bits.clone(), *pres)),
                _ => None,
            })
            .collect();
        Seen {
            ints,
            values: HashMap::new(),
        }
    }

    /// Records the offset of every wide int present in the last model.
    pub fn record(&mut self, s: &Session) {
        for (fi, bits, pres) in &self.ints {
            if s.value(*pres) {
                let at = i128::from(crate::encode::wide_offset(bits, |l| s.value(l)));
                self.values.entry(*fi).or_default().insert(at);
            }
        }
    }

    /// Adds to `into` the numbers seen of `twins`: ints that have the same valid set (those of
    /// interchangeable instances, `symmetry.rs`), so each number one of them had is valid for
    /// `into` too.
    pub fn pool(&mut self, into: usize, twins: &[usize]) {
        let found: Vec<i128> = twins
            .iter()
            .filter(|&&t| t != into)
            .flat_map(|t| self.values.get(t).into_iter().flatten().copied())
            .collect();
        self.values.entry(into).or_default().extend(found);
    }
}

/// Searches for holes stop after this many of them (each costs up to one call per bit).
const MAX_HOLE_STEPS: usize = 32;
/// Single-number probes (one call each) per int and click.
const MAX_PROBES: usize = 128;

/// The valid set of wide int `fi` under `assumptions` (rules and choices), or `None` when the
/// budget ran out before both ends were proven. `pinned`: a choice fixes this int's number.
/// The caller knows the int can be present.
/// `seen`: what models under these same assumptions showed so far (recorded to as well).
pub fn wide_valid(
    s: &mut Session,
    fi: usize,
    assumptions: &[Lit],
    pinned: bool,
    seen: &mut Seen,
    budget: &Budget,
) -> Option<Vec<Run>> {
    let FeatLits::Bits { min, .. } = s.enc.layout.feats[fi].lits else {
        return None;
    };
    let mut q = Query::new(s, fi, assumptions, pinned)?;
    let found = std::mem::take(seen);
    for &v in found.values.get(&fi).into_iter().flatten() {
        q.add((v, v));
    }
    q.seen = found;
    let runs = search(s, &mut q, budget);
    *seen = std::mem::take(&mut q.seen);
    Some(q.report(min, runs?))
}

/// The search of [`wide_valid`]: the least and greatest valid offsets, with the runs and holes
/// found on the way in `q`.
fn search(s: &mut Session, q: &mut Query, budget: &Budget) -> Option<(i128, i128)> {
    // Outside its class an int has only holes, so the probes left are the ones that count.
    let max_probes = if q.class.is_some() {
        2 * MAX_PROBES
    } else {
        MAX_PROBES
    };
    // A first model, unless one under these assumptions already showed a number.
    if q.runs.is_empty() {
        q.solve(s, &Ask::default(), budget)?.ok()?;
    }
    let mut steps = 0;
    // Up: past the greatest known number, the least number above it (proving the hole between),
    // until there is none. Past the step limit, only the greatest number is still proven.
    // Nothing lies past the bounds the forms give: `span` is the upper one.
    let (floor, span) = q.bounds;
    let mut probes = 0;
    let mut far_end = true;
    let hi = loop {
        let top = q.runs.last().map_or(0, |r| r.1);
        let Some(next) = q.next_in_class(top + 1, span) else {
            break top;
        };
        // The far end first: where it is valid, it is the greatest number, and its model's
        // room often reaches back to the run (a number far from its bounds leaves the others
        // room), where probing upwards from the run gains a little per call.
        if std::mem::take(&mut far_end) && probes < max_probes {
            if let Some(end) = q.prev_in_class(span).filter(|&e| e > next) {
                probes += 1;
                if q.probe(s, end, budget)?.is_ok() {
                    continue;
                }
            }
        }
        // The number right after the run: one call, and in a range without holes its model's
        // room carries the run on (a sum of widths plus a slack gives rooms of a few numbers).
        if probes < max_probes {
            probes += 1;
            if q.probe(s, next, budget)?.is_ok() {
                continue;
            }
        }
        let Some(above) = q.within(s, (next, span)) else {
            break top;
        };
        match q.solve(s, &above, budget)? {
            Err(()) => break top,
            Ok(_) if steps >= MAX_HOLE_STEPS => {
                break q.extreme(s, (&above, (next, span)), false, budget)?
            }
            Ok(_) => {
                let m = q.extreme(s, (&above, (next, span)), true, budget)?;
                q.holes.push((top + 1, m - 1));
                steps += 1;
            }
        }
    };
    // Down, the same way.
    let mut far_end = true;
    let lo = loop {
        let bottom = q.runs.first().map_or(0, |r| r.0);
        let Some(prev) = q.prev_in_class(bottom - 1) else {
            break bottom;
        };
        if std::mem::take(&mut far_end) && probes < max_probes {
            if let Some(end) = q.next_in_class(floor, span).filter(|&e| e < prev) {
                probes += 1;
                if q.probe(s, end, budget)?.is_ok() {
                    continue;
                }
            }
        }
        if probes < max_probes {
            probes += 1;
            if q.probe(s, prev, budget)?.is_ok() {
                continue;
            }
        }
        let Some(below) = q.within(s, (floor, prev)) else {
            break bottom;
        };
        match q.solve(s, &below, budget)? {
            Err(()) => break bottom,
            Ok(_) if steps >= MAX_HOLE_STEPS => {
                break q.extreme(s, (&below, (floor, prev)), true, budget)?
            }
            Ok(_) => {
                let m = q.extreme(s, (&below, (floor, prev)), false, budget)?;
                q.holes.push((m + 1, bottom - 1));
                steps += 1;
            }
        }
    };
    // Gaps inside that no proof covers yet: from the run before, the least number above.
    while steps < MAX_HOLE_STEPS && !budget.expired() {
        let Some(after) = q.unsettled_gaps(lo, hi).first().map(|g| g.0 - 1) else {
            break;
        };
        let Some(next) = q.next_in_class(after + 1, span) else {
            break;
        };
        // Seen already: the class holes just recorded settle the gap.
        if q.runs.iter().any(|r| r.0 <= next && next <= r.1) {
            continue;
        }
        if probes < max_probes {
            probes += 1;
            if q.probe(s, next, budget)?.is_ok() {
                continue;
            }
        }
        steps += 1;
        let Some(above) = q.within(s, (next, span)) else {
            break;
        };
        let Some(m) = q.extreme(s, (&above, (next, span)), true, budget) else {
            break;
        };
        q.holes.push((after + 1, m - 1));
    }
    Some((lo, hi))
}

/// The least and greatest offset (number − min) of wide int `fi` under `assumptions`, proven;
/// `None` when it cannot be present or the budget ran out first. `hints`: offset ranges worth
/// trying first (those of ints declared alike, proven before: the same price of another bike).
pub fn wide_extremes(
    s: &mut Session,
    fi: usize,
    assumptions: &[Lit],
    hints: &[(i128, i128)],
    budget: &Budget,
) -> Option<(i128, i128)> {
    let mut q = Query::new(s, fi, assumptions, false)?;
    let lows: Vec<i128> = hints.iter().map(|h| h.0).collect();
    let highs: Vec<i128> = hints.iter().map(|h| h.1).collect();
    let lo = q.end(s, true, &lows, budget)?;
    let hi = q.end(s, false, &highs, budget)?;
    Some((lo, hi))
}

/// Solves for wide int `fi` present at the least offset interval reasoning over the forms
/// allows under `assumptions` (a probe: a defined int tries a spread first). `Some(offset)`
/// when that found a model, which the solver then holds: that offset is then the least any
/// model has. Only for an int present in every configuration (else presence would be a new
/// demand).
pub fn at_floor(s: &mut Session, fi: usize, assumptions: &[Lit], budget: &Budget) -> Option<i128> {
    let FeatLits::Bits { pres, .. } = s.enc.layout.feats[fi].lits else {
        return None;
    };
    if s.root_value(pres) != Some(true) {
        return None;
    }
    let mut q = Query::new(s, fi, assumptions, false)?;
    let floor = q.bounds.0;
    q.probe(s, floor, budget)?.ok().map(|_| floor)
}

/// What one call assumes beyond the query's base: literals, and offset ranges of wide ints
/// (`range_bounds::solve_ranges` holds the ints to them by bounds over their bits, and tells
/// the solver each as a bound on the int's definition too).
#[derive(Debug, Clone, Default)]
struct Ask {
    lits: Vec<Lit>,
    ranges: Vec<(usize, (i128, i128))>,
}

impl Ask {
    /// Holds wide int `fi` within the offsets `range`: by the range alone where the solver
    /// bounds the bits for the call, else by comparator gates too (an int of more than 62 bits).
    fn hold(&mut self, s: &mut Session, fi: usize, range: (i128, i128)) {
        if !holds_by_bounds(s, fi) {
            let FeatLits::Bits { bits, .. } = s.enc.layout.feats[fi].lits.clone() else {
                return;
            };
            if range.0 > 0 {
                self.lits.push(ge_gate(s, &bits, range.0));
            }
            if range.1 < span_of(s, fi) {
                self.lits.push(le_gate(s, &bits, range.1));
            }
        }
        self.ranges.push((fi, range));
    }
}

/// What is known of one wide int's offsets (number − min).
struct Query {
    fi: usize,
    bits: Vec<Lit>,
    base: Vec<Lit>,
    pinned: bool,
    /// Offsets with a witness, merged and sorted.
    runs: Vec<(i128, i128)>,
    /// Offsets proven to have none.
    holes: Vec<(i128, i128)>,
    /// `(modulus, residue)`: every valid offset is in this class (`encode/implied.rs`).
    class: Option<(i128, i128)>,
    /// Every rule is on: what the rules imply at the root holds.
    all_rules: bool,
    /// Offsets outside these are impossible under the assumptions: what interval reasoning
    /// over the forms (`encode/implied.rs`) gives from the root ranges and the numbers the
    /// assumptions fix, with every rule on; else the declared range.
    bounds: (i128, i128),
    /// Numbers of every wide int seen in models under the same assumptions.
    seen: Seen,
}

impl Query {
    /// Nothing known yet of wide int `fi` under `assumptions` (its presence added). What every
    /// rule implies (its class, the ranges `Forms::ranges_given` gives) is used only when
    /// every rule is on, not where a repair switches some off.
    fn new(s: &Session, fi: usize, assumptions: &[Lit], pinned: bool) -> Option<Query> {
        let FeatLits::Bits { bits, pres, .. } = s.enc.layout.feats[fi].lits.clone() else {
            return None;
        };
        let all_rules = s.every_rule_on(assumptions);
        let span = span_of(s, fi);
        let bounds = if all_rules {
            let held = held_by(s, assumptions);
            s.forms
                .range_under(&s.enc, &s.proven, &held, fi)
                .unwrap_or((0, span))
        } else {
            (0, span)
        };
        let mut base = assumptions.to_vec();
        base.push(pres);
        Some(Query {
            fi,
            bits,
            base,
            pinned,
            runs: Vec::new(),
            holes: Vec::new(),
            class: s.enc.classes.get(&fi).copied().filter(|_| all_rules),
            all_rules,
            bounds,
            seen: Seen::default(),
        })
    }

    /// Solves with `extra`; a model adds its room to the runs and returns its offset.
    /// `None`: the budget ran out; `Err`: no model.
    fn solve(&mut self, s: &mut Session, extra: &Ask, budget: &Budget) -> Option<Result<i128, ()>> {
        Some(self.solve_room(s, extra, budget)?.map(|(at, _)| at))
    }

    /// [`Query::solve`], with the model's room.
    fn solve_room(
        &mut self,
        s: &mut Session,
        extra: &Ask,
        budget: &Budget,
    ) -> Option<Result<(i128, (i128, i128)), ()>> {
        let mut a = self.base.clone();
        a.extend_from_slice(&extra.lits);
        match solve_ranges(s, &a, &extra.ranges, budget) {
            SolveResult::Sat => {
                self.seen.record(s);
                let at = i128::from(crate::encode::wide_offset(&self.bits, |l| s.value(l)));
                let room = self.room(s, at);
                self.add(room);
                Some(Ok((at, room)))
            }
            SolveResult::Unsat => Some(Err(())),
            SolveResult::Unknown => None,
        }
    }

    /// The offsets the last model allows this int with everything else unchanged: what every
    /// atom reading it keeps true or false as it is (`IntAtom::room`), within the range.
    fn room(&self, s: &Session, at: i128) -> (i128, i128) {
        let point = (at, at);
        if self.pinned || s.enc.opaque.contains(&self.fi) {
            return point;
        }
        let FeatLits::Bits { min, max, .. } = &s.enc.layout.feats[self.fi].lits else {
            return point;
        };
        let (mut lo, mut hi) = (0i128, i128::from(*max) - i128::from(*min));
        let holds = |l: Lit| s.value(l);
        for &i in s
            .enc
            .atoms_of
            .get(&self.fi)
            .map(Vec::as_slice)
            .unwrap_or(&[])
        {
            match s.enc.atoms[i].room(self.fi, &self.bits, at, &holds) {
                Some((a, b)) => {
                    lo = lo.max(a);
                    hi = hi.min(b);
                }
                None => return point,
            }
        }
        (lo.min(at), hi.max(at))
    }

    /// The least (or greatest) offset among models of `extra`, one bit at a time from the most
    /// significant, by assumptions only; `None` when there is none or the budget ran out.
    fn extreme(
        &mut self,
        s: &mut Session,
        (extra, within): (&Ask, (i128, i128)),
        least: bool,
        budget: &Budget,
    ) -> Option<i128> {
        // The best number known valid: a model's room end (within the bound `extra` sets, which
        // is `within`), not only its own number. Every bit already fixed was proven under
        // assumptions the room's numbers satisfy too, so the room end agrees with them.
        let better = |best: i128, (_, (lo, hi)): (i128, (i128, i128))| -> i128 {
            let end = if least {
                lo.max(within.0)
            } else {
                hi.min(within.1)
            };
            if least {
                best.min(end)
            } else {
                best.max(end)
            }
        };
        let mut fixed = extra.clone();
        let first = self.solve_room(s, &fixed, budget)?.ok()?;
        let mut best = better(first.0, first);
        // The bits fixed so far, as a number: with bit i still open the offset is within
        // `prefix ..= prefix + 2ⁱ − 1` (and `within`), a range the solver is told too.
        let mut prefix = 0i128;
        let fi = self.fi;
        let ask = |fixed: &mut Ask, prefix: i128, i: usize| {
            let range = (prefix.max(within.0), (prefix + (1 << i) - 1).min(within.1));
            fixed.ranges.retain(|r| r.0 != fi);
            fixed.ranges.push((fi, range));
        };
        for i in (0..self.bits.len()).rev() {
            let b = self.bits[i];
            let want = if least { !b } else { b };
            let with = prefix | if least { 0 } else { 1 << i };
            // The best number so far already has the wanted bit: nothing to ask.
            if (best >> i & 1 == 1) != least {
                fixed.lits.push(want);
                prefix = with;
                continue;
            }
            fixed.lits.push(want);
            ask(&mut fixed, with, i);
            match self.solve_room(s, &fixed, budget)? {
                Ok(found) => {
                    best = better(found.0, found);
                    prefix = with;
                }
                Err(()) => {
                    fixed.lits.pop();
                    fixed.lits.push(!want);
                    prefix |= if least { 1 << i } else { 0 };
                }
            }
        }
        Some(best)
    }

    /// The least (or greatest) offset within the query's bounds, proven. Candidates first: the
    /// bound itself, then the first of `hints` there. Where one is valid, one more call asks
    /// whether anything lies beyond the best number known; else the search goes bit by bit
    /// (`extreme`). A bound the forms give is often the answer (a bike's least price), and
    /// ints declared alike often share theirs, where the bit search takes a call per bit.
    fn end(
        &mut self,
        s: &mut Session,
        least: bool,
        hints: &[i128],
        budget: &Budget,
    ) -> Option<i128> {
        let (floor, ceil) = self.bounds;
        let bound = if least { floor } else { ceil };
        let hint = hints
            .iter()
            .copied()
            .find(|&h| h != bound && floor <= h && h <= ceil);
        for c in std::iter::once(bound).chain(hint) {
            if self.probe(s, c, budget)?.is_err() {
                continue;
            }
            let best = if least {
                self.runs.first()?.0.max(floor)
            } else {
                self.runs.last()?.1.min(ceil)
            };
            if best == bound {
                return Some(best);
            }
            let beyond = if least {
                (floor, best - 1)
            } else {
                (best + 1, ceil)
            };
            let Some(ask) = self.within(s, beyond) else {
                return Some(best);
            };
            return match self.solve(s, &ask, budget)? {
                Err(()) => Some(best),
                Ok(_) => self.extreme(s, (&ask, beyond), least, budget),
            };
        }
        let all = self.within(s, (floor, ceil))?;
        self.extreme(s, (&all, (floor, ceil)), least, budget)
    }

    /// The least offset from `o` up to `span` in the int's class; the ones skipped are holes.
    fn next_in_class(&mut self, o: i128, span: i128) -> Option<i128> {
        let next = match self.class {
            Some((m, r)) => o + (r - o).rem_euclid(m),
            None => o,
        };
        if next > o {
            self.holes.push((o, next.min(span + 1) - 1));
        }
        (next <= span).then_some(next)
    }

    /// The greatest offset from `o` down to the lower bound in the int's class; the ones
    /// skipped are holes.
    fn prev_in_class(&mut self, o: i128) -> Option<i128> {
        let floor = self.bounds.0;
        if o < floor {
            return None;
        }
        let prev = match self.class {
            Some((m, r)) => o - (o - r).rem_euclid(m),
            None => o,
        };
        if prev < o {
            self.holes.push((prev.max(floor - 1) + 1, o));
        }
        (prev >= floor).then_some(prev)
    }

    /// Solves for the offset `o`, with what that implies for the other ints assumed too. A
    /// defined int first tries the numbers of its parts a spread guesses (`spread.rs`).
    fn probe(&mut self, s: &mut Session, o: i128, budget: &Budget) -> Option<Result<i128, ()>> {
        let Some(mut a) = self.implied(s, (o, o)) else {
            return Some(Err(()));
        };
        a.lits.extend(self.point(o));
        a.ranges.push((self.fi, (o, o)));
        if self.all_rules {
            if let Some(guess) = spread(s, self.fi, o) {
                let mut guided = a.clone();
                guided.lits.extend(guess);
                if let Ok(at) = self.solve(s, &guided, budget)? {
                    return Some(Ok(at));
                }
            }
        }
        self.solve(s, &a, budget)
    }

    /// Assumptions for "the offset is within `range`" and what that implies for the other ints;
    /// `None` when the rules leave nothing there.
    fn within(&mut self, s: &mut Session, range: (i128, i128)) -> Option<Ask> {
        let mut a = self.implied(s, range)?;
        a.hold(s, self.fi, range);
        Some(a)
    }

    /// The bounds other ints get from this one held within `range` (`Forms::ranges_given`), as
    /// literals to assume: the solver's bit-level view of a sum does not find them itself (a
    /// fleet's total near its greatest needs every bike near its own). Each is a consequence,
    /// so assuming it loses no model. `None`: no model is left.
    fn implied(&self, s: &mut Session, range: (i128, i128)) -> Option<Ask> {
        let mut out = Ask::default();
        if !self.all_rules {
            return Some(out);
        }
        let narrowed = s.forms.ranges_given(&s.enc, &s.proven, self.fi, range)?;
        for (g, lo, hi) in narrowed {
            out.hold(s, g, (lo, hi));
        }
        Some(out)
    }

    /// Assumptions for "the offset is `o`" (its bits; presence is in the base).
    fn point(&self, o: i128) -> Vec<Lit> {
        crate::encode::wide_offset_equals(&self.bits, o)
    }

    fn add(&mut self, (a, b): (i128, i128)) {
        self.runs.push((a, b));
        self.runs.sort_unstable();
        let mut merged: Vec<(i128, i128)> = Vec::with_capacity(self.runs.len());
        for &(a, b) in &self.runs {
            match merged.last_mut() {
                Some(last) if a <= last.1 + 1 => last.1 = last.1.max(b),
                _ => merged.push((a, b)),
            }
        }
        self.runs = merged;
    }

    /// Gaps between runs inside `lo..=hi` that no proven hole covers.
    fn unsettled_gaps(&self, lo: i128, hi: i128) -> Vec<(i128, i128)> {
        self.runs
            .windows(2)
            .map(|w| (w[0].1 + 1, w[1].0 - 1))
            .filter(|&(a, b)| a > lo && b < hi)
            .filter(|&(a, b)| !self.holes.iter().any(|h| h.0 <= a && b <= h.1))
            .collect()
    }

    /// The runs as numbers; an unsettled gap joins its neighbours into one inexact run.
    fn report(&self, min: i64, (lo, hi): (i128, i128)) -> Vec<Run> {
        let num = |o: i128| (i128::from(min) + o) as i64;
        let open = self.unsettled_gaps(lo, hi);
        let mut out: Vec<Run> = Vec::new();
        for &(a, b) in &self.runs {
            let (a, b) = (a.max(lo), b.min(hi));
            if a > b {
                continue;
            }
            match out.last_mut() {
                Some(last) if open.iter().any(|g| g.1 + 1 == a) => {
                    last.max = num(b);
                    last.exact = false;
                }
                _ => out.push(Run {
                    min: num(a),
                    max: num(b),
                    exact: true,
                }),
            }
        }
        out
    }
}

/// The greatest offset of wide int `fi`'s declared range (0 for other kinds).
fn span_of(s: &Session, fi: usize) -> i128 {
    match &s.enc.layout.feats[fi].lits {
        FeatLits::Bits { min, max, .. } => i128::from(*max) - i128::from(*min),
        _ => 0,
    }
}

/// The wide ints `assumptions` fix to one number (each of its bits assumed), as offset ranges.
fn held_by(s: &Session, assumptions: &[Lit]) -> Vec<(usize, (i128, i128))> {
    let set: HashSet<Lit> = assumptions.iter().copied().collect();
    let fixed = |bits: &[Lit]| -> Option<i128> {
        let mut v = 0i128;
        for (i, b) in bits.iter().enumerate() {
            if set.contains(b) {
                v |= 1 << i;
            } else if !set.contains(&!*b) {
                return None;
            }
        }
        Some(v)
    };
    s.enc
        .layout
        .feats
        .iter()
        .enumerate()
        .filter_map(|(g, f)| match &f.lits {
            FeatLits::Bits { bits, .. } => fixed(bits).map(|v| (g, (v, v))),
            _ => None,
        })
        .collect()
}

/// A literal for "offset ≥ k" over the bits.
fn ge_gate(s: &mut Session, bits: &[Lit], k: i128) -> Lit {
    at_least(&mut s.enc.cnf, &weighted(bits, 1), k, &Groups::default())
        .expect("at_least/at_most fall back to the adder network; they never fail")
}

/// A literal for "offset ≤ k" over the bits.
fn le_gate(s: &mut Session, bits: &[Lit], k: i128) -> Lit {
    at_most(&mut s.enc.cnf, &weighted(bits, 1), k, &Groups::default())
        .expect("at_least/at_most fall back to the adder network; they never fail")
}

/// The JSON of a valid set (cli.md): `{min, max}` without holes, else the list of runs; a run
/// whose inside is unproven carries `"exact": false`; an end at the 64-bit limit of a side the
/// catalog leaves open is `null` (no bound).
pub fn runs_json(runs: &[Run], open: Open) -> Json {
    let end = |n: i64| {
        if open.is_open_end(n) {
            Json::Null
        } else {
            json!(n)
        }
    };
    let one = |r: &Run| {
        if r.exact {
            json!({ "min": end(r.min), "max": end(r.max) })
        } else {
            json!({ "min": end(r.min), "max": end(r.max), "exact": false })
        }
    };
    match runs {
        [r] => one(r),
        _ => Json::Array(runs.iter().map(one).collect()),
    }
}

/// Whether `n` is proven valid.
pub fn contains(runs: &[Run], n: i64) -> bool {
    runs.iter()
        .any(|r| (r.exact && r.min <= n && n <= r.max) || n == r.min || n == r.max)
}
