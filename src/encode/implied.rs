//! Implied bounds of wide ints: interval reasoning over the linear comparisons that hold in
//! every configuration, handed to the solver as clauses over the bits.
//!
//! Why: a wide int is its bits (`wide_int.rs`), and the solver propagates a comparison over
//! them bit by bit, so it never learns a number's bounds or steps as such. On the travel-bike
//! fleet (`totalPrice = sum(bike.price)`, each price two wheels and bags, all in tens) every
//! number between two tens was a hole refuted by its own solver call, 30-350 ms each over
//! binary sums: `configure` took 4.5 s at 4 bikes and gave no answer in 60 s at 8. Bounds and
//! congruence propagation over the comparisons once per compile, as a CP solver's presolve
//! does, finds `price ≥ 20`, `total ≥ 20·N` and "in tens", and a few clauses hand them to the
//! solver (0.1 s at 4 bikes, 0.7 s at 8: BENCHMARKS.md, "Implied facts of wide ints"). What
//! only a search shows (`price ≤ 160`, by a count rule) is `engine/root_ranges.rs`'s.
//!
//! Soundness: a comparison literal `c` is a defined gate, so `c → Σ w·l ≤ b` holds whichever
//! rules are on. A bound derived from the forms of c₁…cₖ and the root values f₁…fⱼ it read is
//! guarded by all of them: `¬c₁ ∨ … ∨ ¬fⱼ ∨ offset ≤ h`, written over the bits. The clause
//! follows from what it names, so it changes no count; where a rule is switched off (reasons,
//! repairs) the guard it forced is no longer set and the clause says nothing. Only comparisons
//! true at the root (every rule on, no choice) are used, as those hold in every click.
//! Interval witnesses stay sound: the forms are recorded atoms, a room keeps their truth, and
//! what they imply with the other ints unchanged holds there too.

use super::bit_facts::{at_least, at_most, congruent};
use super::modular::{ceil_div, floor_div, gcd, intersect, solve_linear_congruence};
use super::{Encoding, FeatLits, LeForm};
use crate::solve::Lit;
use std::collections::{BTreeMap, HashMap, VecDeque};

/// A fact guarded by more literals than this is not written (its clauses would be long and
/// rarely fire).
const MAX_GUARDS: usize = 64;
/// Visits of comparisons per comparison, at most: bounds that creep (`x ≤ y − 1`, `y ≤ x`)
/// stop here instead of walking a range of 10⁹ one number at a time.
const VISITS_PER_FORM: usize = 32;
/// Moduli stop growing here (a least common multiple of many coprime steps).
const MAX_MODULUS: i128 = 1 << 40;

/// One comparison's part: what it adds to the sum.
#[derive(Debug, Clone)]
enum Part {
    /// `c · offset` of the wide int `fi` (its number less its `min`).
    Int { fi: usize, c: i128 },
    /// One of these amounts: the weights of literals of which at most one holds (the values
    /// of one feature, or a lone literal), and 0 unless exactly one of them must hold.
    Pick(Vec<i128>),
}

/// `Σ parts ≤ bound` (`= bound` when `equal`) wherever `guards` hold.
#[derive(Debug, Clone)]
struct Form {
    parts: Vec<Part>,
    bound: i128,
    guards: Vec<Lit>,
    equal: bool,
}

/// What is known of a wide int's offset, and the literals each fact rests on.
#[derive(Debug, Clone)]
struct Known {
    lo: i128,
    hi: i128,
    /// `offset ≡ residue (mod modulus)`; modulus 1 says nothing.
    modulus: i128,
    residue: i128,
    why_lo: Vec<Lit>,
    why_hi: Vec<Lit>,
    why_mod: Vec<Lit>,
}

/// The comparisons true at the root, as forms over whole ints: made once per compile, kept by
/// the session for [`Forms::bounds_from_proven`] and [`Forms::ranges_given`].
#[derive(Debug, Clone, Default)]
pub struct Forms {
    forms: Vec<Form>,
    /// Per wide int: the forms that read it.
    forms_of: HashMap<usize, Vec<usize>>,
}

/// Adds to the encoding what the comparisons true at the root imply about each wide int beyond
/// its declared range: its least and greatest offsets, and a congruence (only every 10th
/// number where all it adds up comes in tens). `root` gives a literal's value at the root
/// (every rule on, no choice). Returns the forms, for the session to keep.
pub fn add_implied_facts(enc: &mut Encoding, root: &dyn Fn(Lit) -> Option<bool>) -> Forms {
    let forms = Forms::of(enc, root);
    let known = forms.derive(enc, &HashMap::new()).unwrap_or_default();
    for (fi, k) in known {
        let FeatLits::Bits { bits, .. } = enc.layout.feats[fi].lits.clone() else {
            continue;
        };
        let declared = declared(enc, fi);
        let mut facts: Vec<Vec<Vec<Lit>>> = Vec::new();
        if k.hi < declared.hi && k.why_hi.len() <= MAX_GUARDS {
            facts.push(at_most(&bits, k.hi, &k.why_hi));
        }
        if k.lo > declared.lo && k.why_lo.len() <= MAX_GUARDS {
            facts.push(at_least(&bits, k.lo, &k.why_lo));
        }
        if k.modulus > 1 && k.why_mod.len() <= MAX_GUARDS {
            facts.push(congruent(
                &mut enc.cnf,
                &bits,
                k.modulus,
                k.residue,
                &k.why_mod,
            ));
        }
        if k.modulus > 1 {
            enc.classes.insert(fi, (k.modulus, k.residue));
        }
        for clause in facts.into_iter().flatten() {
            enc.cnf.clause(&clause);
        }
    }
    forms
}

impl Forms {
    fn of(enc: &Encoding, root: &dyn Fn(Lit) -> Option<bool>) -> Forms {
        let mut forms: Vec<Form> = Vec::new();
        // The two forms of an equality share their literal, with opposite terms and bounds.
        let mut by_cond: HashMap<Lit, Vec<&LeForm>> = HashMap::new();
        let true_at_root = || {
            enc.comparisons
                .iter()
                .filter(|f| root(f.cond) == Some(true))
        };
        for f in true_at_root() {
            by_cond.entry(f.cond).or_default().push(f);
        }
        // One form of each equality is marked (the other would give the same congruences).
        let mut equalities = std::collections::HashSet::new();
        for f in true_at_root() {
            let Some(mut form) = form(f, enc, root) else {
                continue;
            };
            if !form.parts.iter().any(|p| matches!(p, Part::Int { .. })) {
                continue;
            }
            let paired = by_cond[&f.cond].iter().any(|g| g.opposes(f));
            form.equal = paired && equalities.insert(f.cond);
            forms.push(form);
        }
        let mut forms_of: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, f) in forms.iter().enumerate() {
            for p in &f.parts {
                if let Part::Int { fi, .. } = p {
                    forms_of.entry(*fi).or_default().push(i);
                }
            }
        }
        Forms { forms, forms_of }
    }

    /// The wide ints that share a form with another wide int (the ones whose ranges can narrow
    /// others), in layout order.
    pub fn linked_ints(&self) -> Vec<usize> {
        let mut out: Vec<usize> = self
            .forms_of
            .iter()
            .filter(|(_, fs)| {
                fs.iter().any(|&i| {
                    let ints = self.forms[i].parts.iter();
                    ints.filter(|p| matches!(p, Part::Int { .. })).count() > 1
                })
            })
            .map(|(&fi, _)| fi)
            .collect();
        out.sort_unstable();
        out
    }

    /// The bounds that follow from `proven` (wide ints of these forms, each with its least and
    /// greatest offset proven by the solver with every rule on and no choice), the proven
    /// ones included, as clauses that hold only while every rule does (for the solver that
    /// holds them all). Only what is tighter than `written` (the ranges earlier calls wrote;
    /// updated) is written again.
    pub fn bounds_from_proven(
        &self,
        enc: &Encoding,
        proven: &HashMap<usize, (i128, i128)>,
        written: &mut HashMap<usize, (i128, i128)>,
    ) -> Vec<Vec<Lit>> {
        let mut out = Vec::new();
        for (fi, k) in self.derive(enc, proven).unwrap_or_default() {
            let FeatLits::Bits { bits, .. } = &enc.layout.feats[fi].lits else {
                continue;
            };
            let was = written.entry(fi).or_insert((0, declared(enc, fi).hi));
            if k.hi < was.1 {
                out.extend(at_most(bits, k.hi, &[]));
            }
            if k.lo > was.0 {
                out.extend(at_least(bits, k.lo, &[]));
            }
            *was = (was.0.max(k.lo), was.1.min(k.hi));
        }
        out
    }

    /// With every rule on and wide int `fi` held to the offsets `range`: the narrower ranges
    /// that follow for the other ints (from `proven` ones and the forms), each a consequence,
    /// so assuming them loses no configuration; `None` when none is left at all.
    pub fn ranges_given(
        &self,
        enc: &Encoding,
        proven: &HashMap<usize, (i128, i128)>,
        fi: usize,
        range: (i128, i128),
    ) -> Option<Vec<(usize, i128, i128)>> {
        if !self.forms_of.contains_key(&fi) {
            return Some(Vec::new());
        }
        let mut seeds = proven.clone();
        let held = seeds.entry(fi).or_insert((0, declared(enc, fi).hi));
        *held = (held.0.max(range.0), held.1.min(range.1));
        if held.0 > held.1 {
            return None;
        }
        let known = self.derive(enc, &seeds)?;
        Some(
            known
                .into_iter()
                .filter(|&(g, _)| g != fi)
                .filter(|(g, k)| {
                    let (lo, hi) = seeds.get(g).copied().unwrap_or((0, declared(enc, *g).hi));
                    k.lo > lo || k.hi < hi
                })
                .map(|(g, k)| (g, k.lo, k.hi))
                .collect(),
        )
    }

    /// With every rule on and wide ints held to offset ranges (`held`: the numbers a click
    /// chose): the range wide int `fi` is then within, each end a consequence of the forms,
    /// `proven` and `held`. `None` when the forms find no configuration at all, which the
    /// caller leaves to a solver call to report.
    pub fn range_under(
        &self,
        enc: &Encoding,
        proven: &HashMap<usize, (i128, i128)>,
        held: &[(usize, (i128, i128))],
        fi: usize,
    ) -> Option<(i128, i128)> {
        let mut seeds = proven.clone();
        for &(g, (lo, hi)) in held {
            let r = seeds.entry(g).or_insert((0, declared(enc, g).hi));
            *r = (r.0.max(lo), r.1.min(hi));
            if r.0 > r.1 {
                return None;
            }
        }
        let own = seeds.get(&fi).copied().unwrap_or((0, declared(enc, fi).hi));
        if !self.forms_of.contains_key(&fi) {
            return Some(own);
        }
        let k = self.derive(enc, &seeds)?;
        let (lo, hi) = k.get(&fi).map_or(own, |k| (k.lo, k.hi));
        let range = (lo.max(own.0), hi.min(own.1));
        (range.0 <= range.1).then_some(range)
    }

    /// Bounds and congruences of the wide ints the forms read, starting from their declared
    /// ranges narrowed to `proven` ones; `None` when a range becomes empty.
    fn derive(
        &self,
        enc: &Encoding,
        proven: &HashMap<usize, (i128, i128)>,
    ) -> Option<BTreeMap<usize, Known>> {
        let forms = &self.forms;
        let mut known: BTreeMap<usize, Known> = BTreeMap::new();
        for &fi in self.forms_of.keys() {
            let mut k = declared(enc, fi);
            if let Some(&(lo, hi)) = proven.get(&fi) {
                (k.lo, k.hi) = (k.lo.max(lo), k.hi.min(hi));
            }
            known.insert(fi, k);
        }
        let mut queue: VecDeque<usize> = (0..forms.len()).collect();
        let mut queued = vec![true; forms.len()];
        let mut visits = 0usize;
        while let Some(i) = queue.pop_front() {
            queued[i] = false;
            visits += 1;
            if visits > VISITS_PER_FORM * forms.len() {
                break;
            }
            // None: no configuration at all (the rules contradict each other, or the range
            // held is impossible), which a solver call reports with its reasons.
            let mut changed = bounds(&forms[i], &mut known)?;
            if forms[i].equal {
                changed.extend(congruences(&forms[i], &mut known));
            }
            for fi in changed {
                for &j in self
                    .forms_of
                    .get(&fi)
                    .map(Vec::as_slice)
                    .unwrap_or_default()
                {
                    if !queued[j] {
                        queued[j] = true;
                        queue.push_back(j);
                    }
                }
            }
        }
        Some(known)
    }
}

/// The offsets a wide int's range clause allows.
fn declared(enc: &Encoding, fi: usize) -> Known {
    let hi = match &enc.layout.feats[fi].lits {
        FeatLits::Bits { min, max, .. } => i128::from(*max) - i128::from(*min),
        _ => 0,
    };
    Known {
        lo: 0,
        hi,
        modulus: 1,
        residue: 0,
        why_lo: Vec::new(),
        why_hi: Vec::new(),
        why_mod: Vec::new(),
    }
}

/// A comparison as parts: root values folded into the bound (and named in the guards), the
/// bits of a wide int gathered into one `c · offset` where their weights are `c · 2ⁱ`, the
/// values of a feature into one pick (one of them for sure when the feature is present at the
/// root). `None` past 128 bits.
fn form(f: &LeForm, enc: &Encoding, root: &dyn Fn(Lit) -> Option<bool>) -> Option<Form> {
    let mut bound = f.bound;
    let mut guards = vec![f.cond];
    let mut bit_weights: BTreeMap<usize, HashMap<Lit, i128>> = BTreeMap::new();
    let mut picks: BTreeMap<u32, HashMap<Lit, i128>> = BTreeMap::new();
    let mut parts = Vec::new();
    for &(w, l) in &f.terms {
        if let Some(&fi) = enc.bit_owner.get(&l.var()) {
            // w·¬b = w − w·b.
            let (w, b) = if l.is_negated() {
                bound = bound.checked_sub(w)?;
                (-w, !l)
            } else {
                (w, l)
            };
            let e = bit_weights.entry(fi).or_default().entry(b).or_insert(0);
            *e = e.checked_add(w)?;
            continue;
        }
        match root(l) {
            Some(true) => {
                bound = bound.checked_sub(w)?;
                guards.push(l);
                continue;
            }
            Some(false) if w >= 0 => continue,
            Some(false) => {
                guards.push(!l);
                continue;
            }
            None => {}
        }
        match enc.groups.get(&l.var()).filter(|_| !l.is_negated()) {
            Some(&g) => {
                let e = picks.entry(g).or_default().entry(l).or_insert(0);
                *e = e.checked_add(w)?;
            }
            None => parts.push(Part::Pick(vec![w, 0])),
        }
    }
    for (fi, weights) in bit_weights {
        let FeatLits::Bits { bits, .. } = &enc.layout.feats[fi].lits else {
            continue;
        };
        match proportional(bits, &weights) {
            Some(0) => {}
            Some(c) => parts.push(Part::Int { fi, c }),
            None => parts.extend(weights.into_values().map(|w| Part::Pick(vec![w, 0]))),
        }
    }
    for (g, weights) in picks {
        parts.push(pick(g, &weights, enc, root, &mut guards));
    }
    guards.sort_unstable();
    guards.dedup();
    Some(Form {
        parts,
        bound,
        guards,
        equal: false,
    })
}

/// The amounts the values of feature instance `g` add (`weights`: of those not fixed at the
/// root). While the instance is present at the root exactly one value holds, so 0 is not among
/// them unless a value weighs 0; the guards then name the presence and the values ruled out.
fn pick(
    g: u32,
    weights: &HashMap<Lit, i128>,
    enc: &Encoding,
    root: &dyn Fn(Lit) -> Option<bool>,
    guards: &mut Vec<Lit>,
) -> Part {
    let loose = || {
        let mut v: Vec<i128> = weights.values().copied().collect();
        v.push(0);
        Part::Pick(v)
    };
    let Some(fi) = enc.layout.feats.get(g as usize) else {
        return loose();
    };
    let (FeatLits::Values(members)
    | FeatLits::Int {
        values: members, ..
    }) = &fi.lits
    else {
        return loose();
    };
    let presence = enc.layout.comps[fi.ci].presence;
    if root(presence) != Some(true) {
        return loose();
    }
    guards.push(presence);
    let mut v = Vec::new();
    for &m in members {
        match root(m) {
            Some(false) => guards.push(!m),
            _ => v.push(weights.get(&m).copied().unwrap_or(0)),
        }
    }
    Part::Pick(v)
}

/// `c` when bit i weighs `c · 2ⁱ` for every bit of the int (a bit left out weighs 0).
fn proportional(bits: &[Lit], weights: &HashMap<Lit, i128>) -> Option<i128> {
    let w = |i: usize| weights.get(&bits[i]).copied().unwrap_or(0);
    let c = w(0);
    (0..bits.len())
        .all(|i| c.checked_mul(1i128 << i) == Some(w(i)))
        .then_some(c)
}

/// The least a part adds under what is known, and the literals that rests on.
fn least<'a>(p: &Part, known: &'a BTreeMap<usize, Known>) -> Option<(i128, &'a [Lit])> {
    match p {
        Part::Int { fi, c } => {
            let k = known.get(fi)?;
            if *c > 0 {
                Some((c.checked_mul(k.lo)?, &k.why_lo))
            } else {
                Some((c.checked_mul(k.hi)?, &k.why_hi))
            }
        }
        Part::Pick(v) => Some((v.iter().copied().min().unwrap_or(0), &[])),
    }
}

/// Tightens the ranges of the ints of one form; the ints whose range changed, or `None` when
/// a range became empty.
fn bounds(f: &Form, known: &mut BTreeMap<usize, Known>) -> Option<Vec<usize>> {
    let mut total = 0i128;
    for p in &f.parts {
        let Some(t) = least(p, known).and_then(|(m, _)| total.checked_add(m)) else {
            return Some(Vec::new());
        };
        total = t;
    }
    let mut changed = Vec::new();
    for (j, p) in f.parts.iter().enumerate() {
        let Part::Int { fi, c } = *p else {
            continue;
        };
        let Some((own, _)) = least(p, known) else {
            continue;
        };
        // c · offset ≤ bound − (what the other parts add at least).
        let Some(room) = f.bound.checked_sub(total - own) else {
            continue;
        };
        let why = |known: &BTreeMap<usize, Known>| {
            let mut why = f.guards.clone();
            for (k, q) in f.parts.iter().enumerate() {
                if k != j {
                    if let Some((_, w)) = least(q, known) {
                        why.extend_from_slice(w);
                    }
                }
            }
            tidy(why)
        };
        if c > 0 {
            let hi = floor_div(room, c);
            if hi < known.get(&fi)?.hi {
                let why = why(known);
                let k = known.get_mut(&fi)?;
                (k.hi, k.why_hi) = (hi, why);
                changed.push(fi);
            }
        } else {
            let lo = ceil_div(room, c);
            if lo > known.get(&fi)?.lo {
                let why = why(known);
                let k = known.get_mut(&fi)?;
                (k.lo, k.why_lo) = (lo, why);
                changed.push(fi);
            }
        }
        let k = known.get(&fi)?;
        if k.lo > k.hi {
            return None;
        }
    }
    Some(changed)
}

/// The amounts a part can add, as `base + modulus·ℤ` (a superset of them), with the literals
/// that rests on.
fn lattice<'a>(p: &Part, known: &'a BTreeMap<usize, Known>) -> Option<(i128, i128, &'a [Lit])> {
    match p {
        Part::Int { fi, c } => {
            let k = known.get(fi)?;
            Some((
                c.checked_mul(k.residue)?,
                c.checked_mul(k.modulus)?.abs(),
                &k.why_mod,
            ))
        }
        Part::Pick(v) => {
            let base = *v.first()?;
            let g = v
                .iter()
                .try_fold(0i128, |g, &w| Some(gcd(g, w.checked_sub(base)?)))?;
            Some((base, g, &[]))
        }
    }
}

/// In an equality `Σ parts = bound`, each int's offset `x` with `c·x` = bound less the other
/// parts: `c·x ≡ bound − Σ bases (mod gcd of their moduli)`. The ints whose congruence changed.
fn congruences(f: &Form, known: &mut BTreeMap<usize, Known>) -> Vec<usize> {
    let mut changed = Vec::new();
    for (j, p) in f.parts.iter().enumerate() {
        let Part::Int { fi, c } = *p else {
            continue;
        };
        let mut rest = f.bound;
        let mut m = 0i128;
        let mut why = f.guards.clone();
        let mut ok = true;
        for (k, q) in f.parts.iter().enumerate() {
            if k == j {
                continue;
            }
            match lattice(q, known) {
                Some((base, modulus, w)) => {
                    rest = match rest.checked_sub(base) {
                        Some(r) => r,
                        None => {
                            ok = false;
                            break;
                        }
                    };
                    m = gcd(m, modulus);
                    if modulus != 0 {
                        why.extend_from_slice(w);
                    }
                }
                None => {
                    ok = false;
                    break;
                }
            }
        }
        // m = 0: the other parts are constant, and the bounds say the rest.
        if !ok || m <= 1 {
            continue;
        }
        let Some((modulus, residue)) = solve_linear_congruence(c, rest, m) else {
            continue;
        };
        let Some(k) = known.get(&fi) else {
            continue;
        };
        let Some((modulus, residue)) = intersect((k.modulus, k.residue), (modulus, residue)) else {
            continue;
        };
        if modulus != k.modulus && modulus <= MAX_MODULUS {
            let mut why = why;
            why.extend_from_slice(&k.why_mod);
            let why = tidy(why);
            if let Some(k) = known.get_mut(&fi) {
                (k.modulus, k.residue, k.why_mod) = (modulus, residue, why);
                changed.push(fi);
            }
        }
    }
    changed
}

fn tidy(mut v: Vec<Lit>) -> Vec<Lit> {
    v.sort_unstable();
    v.dedup();
    v
}
