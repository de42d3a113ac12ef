//! Products, quotients and remainders of sums, as circuits over binary numbers.
//!
//! A factor (any sum of weighted literals) is first written in binary: `offset + Σ 2ⁱ·bᵢ`, the
//! bits computed by defined gates (an exclusive group of values becomes a few `or` gates, a wide
//! int's bits are taken as they are, everything else goes through adders). A product is then a
//! shift-and-add multiplier over the bits, so its size grows with the product of the factors'
//! bit widths (7 × 7, then 14 × 7 for `length · width · height` over 0..100), not with the
//! 10⁶ values the product can take.
//!
//! A quotient `q = x / y` (rounded toward zero) and its remainder `r` come out of a restoring
//! divider over the magnitudes, with the signs put back. Every output is a defined gate, so a
//! configuration still has exactly one model (counting stays exact) and unit propagation computes
//! the outputs from the inputs (the counter and the solver never branch on them). A comparison
//! reading a quotient by 0 is false (the term is undefined there, as an absent feature's number
//! is).
//!
//! Bounds are computed in 128 bits; a product or quotient whose values leave 64 bits fails the
//! rule (`Fail::Overflow`) rather than wrap.

use super::adder::{add, add_all};
use super::expr::{Fail, Lin};
use super::Encoding;
use crate::model::NonLinear;
use crate::solve::Lit;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// `offset + Σ 2ⁱ·bits[i]`, whose value lies within `offset ..= hi` (the bits add up to at most
/// `hi − offset`).
#[derive(Debug, Clone)]
struct Binary {
    offset: i128,
    bits: Vec<Lit>,
    hi: i128,
}

impl Encoding {
    /// `a op b` as a sum of literals (defined where both are, and for a quotient where `b ≠ 0`).
    pub(super) fn nonlinear(&mut self, op: NonLinear, a: Lin, b: Lin) -> Result<Lin, Fail> {
        // The circuits read the inputs' bits other than as weighted terms.
        let reads: Vec<Lit> = a.terms.iter().chain(&b.terms).map(|t| t.1).collect();
        self.mark_opaque(reads);
        let mut defined = a.defined.clone();
        defined.extend(b.defined.iter().copied());
        match op {
            NonLinear::Mul => {
                let (ta, ca, sa) = a.scaled(0).ok_or(Fail::Overflow)?;
                let (tb, cb, sb) = b.scaled(0).ok_or(Fail::Overflow)?;
                let (x, y) = (self.binary(&ta, ca)?, self.binary(&tb, cb)?);
                let (terms, constant) = self.product(&x, &y, true)?;
                let mut out = lin_of(&terms, constant, sa + sb)?;
                out.defined = defined;
                Ok(out)
            }
            NonLinear::Div | NonLinear::Rem => {
                // A common scale makes both whole numbers with the same quotient.
                let (_, _, sa) = a.scaled(0).ok_or(Fail::Overflow)?;
                let (tb, cb, s) = b.scaled(sa).ok_or(Fail::Overflow)?;
                let (ta, ca, _) = a.scaled(s).ok_or(Fail::Overflow)?;
                let (x, y) = (self.binary(&ta, ca)?, self.binary(&tb, cb)?);
                let (q, r, nonzero) = self.divide(&x, &y)?;
                defined.push(nonzero);
                let mut out = match op {
                    NonLinear::Div => lin_of(&signed(&q), 0, 0)?,
                    _ => lin_of(&signed(&r), 0, s)?,
                };
                out.defined = defined;
                Ok(out)
            }
        }
    }

    /// `Σ w·l + c` in binary. Literals of one exclusive group (the values of one feature) share
    /// their bits: bit k is the `or` of the values whose weight has bit k set.
    fn binary(&mut self, terms: &[(i128, Lit)], c: i128) -> Result<Binary, Fail> {
        // One weight per variable, on its positive literal: w·¬l = w − w·l.
        let mut by_var: BTreeMap<u32, (i128, Lit)> = BTreeMap::new();
        let mut offset = c;
        for &(w, l) in terms {
            let (w, l) = if l.is_negated() {
                offset = offset.checked_add(w).ok_or(Fail::Overflow)?;
                (-w, !l)
            } else {
                (w, l)
            };
            let e = by_var.entry(l.var().0).or_insert((0, l));
            e.0 = e.0.checked_add(w).ok_or(Fail::Overflow)?;
        }
        let mut groups: BTreeMap<u32, Vec<(i128, Lit)>> = BTreeMap::new();
        let mut singles = Vec::new();
        for (_, (w, l)) in by_var {
            if w == 0 {
                continue;
            }
            match self.groups.get(&l.var()) {
                Some(&g) => groups.entry(g).or_default().push((w, l)),
                None => singles.push((w, l)),
            }
        }
        let mut columns: Vec<Vec<Lit>> = Vec::new();
        let place = |columns: &mut Vec<Vec<Lit>>, w: i128, l: Lit| {
            for k in 0..127 {
                if (w >> k) & 1 == 1 {
                    if columns.len() <= k {
                        columns.resize(k + 1, Vec::new());
                    }
                    columns[k].push(l);
                }
            }
        };
        let mut span: i128 = 0;
        for (_, members) in groups {
            if members.len() == 1 {
                singles.push(members[0]);
                continue;
            }
            // At most one member holds; "none" weighs 0.
            let low = members.iter().map(|m| m.0).min().unwrap_or(0).min(0);
            let high = members.iter().map(|m| m.0).max().unwrap_or(0).max(0);
            offset = offset.checked_add(low).ok_or(Fail::Overflow)?;
            span = span.checked_add(high - low).ok_or(Fail::Overflow)?;
            let any: Vec<Lit> = members.iter().map(|m| m.1).collect();
            let none = !self.cnf.or(&any);
            let mut shifted: Vec<(i128, Lit)> =
                members.iter().map(|&(w, l)| (w - low, l)).collect();
            shifted.push((-low, none));
            let top = (128 - (high - low).leading_zeros()) as usize;
            for k in 0..top {
                let set: Vec<Lit> = shifted
                    .iter()
                    .filter(|(u, _)| (u >> k) & 1 == 1)
                    .map(|p| p.1)
                    .collect();
                let bit = self.cnf.or(&set);
                place(&mut columns, 1 << k, bit);
            }
        }
        for (w, l) in singles {
            let (w, l) = if w < 0 {
                offset = offset.checked_add(w).ok_or(Fail::Overflow)?;
                (-w, !l)
            } else {
                (w, l)
            };
            span = span.checked_add(w).ok_or(Fail::Overflow)?;
            place(&mut columns, w, l);
        }
        let bits = self.add_columns(columns, span);
        let hi = offset.checked_add(span).ok_or(Fail::Overflow)?;
        fits_64(offset, hi)?;
        Ok(Binary { offset, bits, hi })
    }

    /// The binary sum of literals placed in bit columns (column k weighs 2ᵏ): the columns are
    /// dealt into as few numbers as possible, which are then added pairwise.
    fn add_columns(&mut self, columns: Vec<Vec<Lit>>, span: i128) -> Vec<Lit> {
        let width = (128 - span.leading_zeros()) as usize;
        let rows = columns.iter().map(Vec::len).max().unwrap_or(0);
        let f = self.cnf.falsity();
        let numbers: Vec<Vec<Lit>> = (0..rows)
            .map(|r| {
                (0..width)
                    .map(|k| columns.get(k).and_then(|c| c.get(r)).copied().unwrap_or(f))
                    .collect()
            })
            .collect();
        add_all(&mut self.cnf, numbers, width)
    }

    /// `x · y` as integer terms and a constant: `(ox + X)(oy + Y) = ox·oy + ox·Y + oy·X + X·Y`,
    /// with `X·Y` from a shift-and-add multiplier.
    /// `in_64`: the product is a rule's value, which must stay within 64 bits.
    fn product(
        &mut self,
        x: &Binary,
        y: &Binary,
        in_64: bool,
    ) -> Result<(Vec<(i128, Lit)>, i128), Fail> {
        if in_64 {
            let (xl, yl) = (x.offset, y.offset);
            let corners = [xl * yl, xl * y.hi, x.hi * yl, x.hi * y.hi];
            let lo = corners.iter().copied().min().unwrap_or(0);
            let hi = corners.iter().copied().max().unwrap_or(0);
            fits_64(lo, hi)?;
        }
        let mut terms = weighted_by(&y.bits, x.offset)?;
        terms.extend(weighted_by(&x.bits, y.offset)?);
        let mut columns: Vec<Vec<Lit>> = Vec::new();
        for (i, &a) in x.bits.iter().enumerate() {
            for (j, &b) in y.bits.iter().enumerate() {
                let g = self.cnf.and(&[a, b]);
                if columns.len() <= i + j {
                    columns.resize(i + j + 1, Vec::new());
                }
                columns[i + j].push(g);
            }
        }
        let span = (x.hi - x.offset)
            .checked_mul(y.hi - y.offset)
            .ok_or(Fail::Overflow)?;
        let bits = self.add_columns(columns, span);
        terms.extend(weighted(&bits));
        Ok((terms, x.offset.checked_mul(y.offset).ok_or(Fail::Overflow)?))
    }

    /// `q = x / y` rounded toward zero and `r = x − q·y` (two's complement bits), and the literal
    /// `y ≠ 0`: the magnitudes go through a restoring divider, and the signs are put back (`q`
    /// negative when exactly one input is, `r` with the sign of `x`).
    fn divide(&mut self, x: &Binary, y: &Binary) -> Result<(Vec<Lit>, Vec<Lit>, Lit), Fail> {
        let nonzero = self.not_zero(y);
        let (sx, mx) = self.sign_magnitude(x);
        let (sy, my) = self.sign_magnitude(y);
        let (qm, rm) = self.unsigned_divide(&mx, &my);
        let negative = !self.cnf.iff(sx, sy);
        let q = self.negate_if(&qm, negative);
        let r = self.negate_if(&rm, sx);
        Ok((q, r, nonzero))
    }

    /// The sign bit and the magnitude bits (unsigned) of a number.
    fn sign_magnitude(&mut self, x: &Binary) -> (Lit, Vec<Lit>) {
        let width = signed_width(x.offset, x.hi);
        // offset + X modulo 2^width is the two's complement of the value.
        let modulus = 1i128 << width;
        let offset = x.offset.rem_euclid(modulus);
        let (t, f) = (self.cnf.truth(), self.cnf.falsity());
        let constant: Vec<Lit> = (0..width)
            .map(|k| if offset >> k & 1 == 1 { t } else { f })
            .collect();
        let mut bits = x.bits.clone();
        bits.resize(width, f);
        let twos = add(&mut self.cnf, &bits, &constant, width);
        let sign = if x.offset < 0 { twos[width - 1] } else { f };
        let mut magnitude = self.negate_if(&twos, sign);
        magnitude.truncate(width);
        (sign, magnitude)
    }

    /// `bits` (unsigned) as two's complement one bit wider, negated where `c` holds.
    fn negate_if(&mut self, bits: &[Lit], c: Lit) -> Vec<Lit> {
        let f = self.cnf.falsity();
        let width = bits.len() + 1;
        let flipped: Vec<Lit> = bits
            .iter()
            .chain([&f])
            .map(|&b| !self.cnf.iff(b, c))
            .collect();
        let mut one = vec![f; width];
        one[0] = c;
        add(&mut self.cnf, &flipped, &one, width)
    }

    /// Quotient and remainder of unsigned numbers by restoring division, one stage per bit of
    /// `n`: shift the next bit into the remainder, subtract `d` where it fits.
    fn unsigned_divide(&mut self, n: &[Lit], d: &[Lit]) -> (Vec<Lit>, Vec<Lit>) {
        let f = self.cnf.falsity();
        let width = d.len() + 1;
        let mut dw = d.to_vec();
        dw.resize(width, f);
        let mut rem = vec![f; width];
        let mut q = vec![f; n.len()];
        for i in (0..n.len()).rev() {
            rem.pop();
            rem.insert(0, n[i]);
            let (diff, fits) = self.subtract(&rem, &dw);
            q[i] = fits;
            rem = rem
                .iter()
                .zip(&diff)
                .map(|(&r, &t)| self.cnf.ite(fits, t, r))
                .collect();
        }
        rem.truncate(d.len());
        (q, rem)
    }

    /// `a − b` over equal widths, and whether no borrow was needed (`a ≥ b`).
    fn subtract(&mut self, a: &[Lit], b: &[Lit]) -> (Vec<Lit>, Lit) {
        // a + ¬b + 1: the carry out is 1 exactly when a ≥ b.
        let mut carry = self.cnf.truth();
        let mut out = Vec::with_capacity(a.len());
        for (&x, &nb) in a.iter().zip(b) {
            let y = !nb;
            let xy = self.cnf.iff(x, y);
            out.push(self.cnf.iff(!xy, !carry));
            let both = self.cnf.and(&[x, y]);
            let either = self.cnf.or(&[x, y]);
            let via = self.cnf.and(&[carry, either]);
            carry = self.cnf.or(&[both, via]);
        }
        (out, carry)
    }

    /// `y ≠ 0` for a binary number: its bits differ from `−offset` somewhere.
    fn not_zero(&mut self, y: &Binary) -> Lit {
        let target = -y.offset;
        if target < 0 || target >= (1i128 << y.bits.len()) {
            return self.cnf.truth();
        }
        let differ: Vec<Lit> = y
            .bits
            .iter()
            .enumerate()
            .map(|(i, &b)| if (target >> i) & 1 == 1 { !b } else { b })
            .collect();
        self.cnf.or(&differ)
    }
}

fn weighted(bits: &[Lit]) -> Vec<(i128, Lit)> {
    bits.iter()
        .enumerate()
        .map(|(i, &b)| (1i128 << i, b))
        .collect()
}

fn weighted_by(bits: &[Lit], k: i128) -> Result<Vec<(i128, Lit)>, Fail> {
    if k == 0 {
        return Ok(Vec::new());
    }
    bits.iter()
        .enumerate()
        .map(|(i, &b)| Ok(((1i128 << i).checked_mul(k).ok_or(Fail::Overflow)?, b)))
        .collect()
}

/// Two's complement bits as terms: the top bit weighs −2ⁿ.
fn signed(bits: &[Lit]) -> Vec<(i128, Lit)> {
    let mut t = weighted(bits);
    if let Some(top) = t.last_mut() {
        top.0 = -top.0;
    }
    t
}

/// Bits enough to hold every number of `lo ..= hi` in two's complement.
fn signed_width(lo: i128, hi: i128) -> usize {
    let magnitude = |v: i128| if v < 0 { !v } else { v };
    (128 - magnitude(lo).max(magnitude(hi)).leading_zeros()) as usize + 1
}

/// Integer terms scaled down by `10^scale` as a sum with decimal weights.
fn lin_of(terms: &[(i128, Lit)], c: i128, scale: u32) -> Result<Lin, Fail> {
    let d = |v: i128| Decimal::try_from_i128_with_scale(v, scale).map_err(|_| Fail::Overflow);
    Ok(Lin {
        terms: terms
            .iter()
            .map(|&(w, l)| Ok((d(w)?, l)))
            .collect::<Result<_, Fail>>()?,
        constant: d(c)?,
        defined: Vec::new(),
    })
}

/// Values of a product or quotient must stay within 64 bits.
fn fits_64(lo: i128, hi: i128) -> Result<(), Fail> {
    let range = i128::from(i64::MIN)..=i128::from(i64::MAX);
    if range.contains(&lo) && range.contains(&hi) {
        Ok(())
    } else {
        Err(Fail::Overflow)
    }
}
