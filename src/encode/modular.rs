//! Modular arithmetic for the congruences of `implied.rs`: greatest common divisors, inverses,
//! linear congruences and their intersection (Chinese remainders), and division rounded to the
//! side that keeps every solution of a bound.

pub fn gcd(a: i128, b: i128) -> i128 {
    let (mut a, mut b) = (a.abs(), b.abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// The x with `c·x ≡ r (mod m)`, as `(modulus, residue)`; `None` when there is none (then no
/// configuration satisfies the form, and the solver says so) or the numbers overflow.
pub fn solve_linear_congruence(c: i128, r: i128, m: i128) -> Option<(i128, i128)> {
    let d = gcd(c, m);
    if r.checked_rem_euclid(d)? != 0 {
        return None;
    }
    let m2 = m / d;
    if m2 == 1 {
        return Some((1, 0));
    }
    let inv = inverse((c / d).rem_euclid(m2), m2)?;
    let x = ((r / d).rem_euclid(m2)).checked_mul(inv)?.rem_euclid(m2);
    Some((m2, x))
}

/// The inverse of `a` modulo `m` (`a`, `m` coprime).
fn inverse(a: i128, m: i128) -> Option<i128> {
    let (mut old_r, mut r) = (a, m);
    let (mut old_s, mut s) = (1i128, 0i128);
    while r != 0 {
        let q = old_r / r;
        (old_r, r) = (r, old_r - q * r);
        (old_s, s) = (s, old_s.checked_sub(q.checked_mul(s)?)?);
    }
    (old_r == 1).then(|| old_s.rem_euclid(m))
}

/// Both congruences at once (Chinese remainders); `None` when they contradict each other.
pub fn intersect((m1, r1): (i128, i128), (m2, r2): (i128, i128)) -> Option<(i128, i128)> {
    let g = gcd(m1, m2);
    if (r2 - r1).rem_euclid(g) != 0 {
        return None;
    }
    let l = (m1 / g).checked_mul(m2)?;
    // r1 + m1·t ≡ r2 (mod m2): t ≡ (r2 − r1)/g · inv(m1/g) (mod m2/g).
    let (a, m) = (m1 / g, m2 / g);
    let t = if m == 1 {
        0
    } else {
        ((r2 - r1) / g)
            .rem_euclid(m)
            .checked_mul(inverse(a.rem_euclid(m), m)?)?
            .rem_euclid(m)
    };
    Some((l, (r1.checked_add(m1.checked_mul(t)?)?).rem_euclid(l)))
}

pub fn floor_div(a: i128, b: i128) -> i128 {
    let q = a / b;
    if a % b != 0 && ((a < 0) != (b < 0)) {
        q - 1
    } else {
        q
    }
}

pub fn ceil_div(a: i128, b: i128) -> i128 {
    let q = a / b;
    if a % b != 0 && ((a < 0) == (b < 0)) {
        q + 1
    } else {
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `c·x ≡ r (mod m)` solved, and two classes intersected, against trying every x.
    #[test]
    fn linear_congruences_and_intersections_match_trying_every_number() {
        for m in 1i128..=18 {
            for c in -9i128..=9 {
                for r in -10i128..=10 {
                    let want: Vec<i128> = (0..200).filter(|x| (c * x - r) % m == 0).collect();
                    let got: Vec<i128> = match solve_linear_congruence(c, r, m) {
                        Some((m2, r2)) => (0..200).filter(|x| x % m2 == r2).collect(),
                        None => Vec::new(),
                    };
                    assert_eq!(got, want, "{c}·x ≡ {r} (mod {m})");
                }
            }
        }
        for (m1, m2) in [(4i128, 6i128), (10, 15), (3, 5), (8, 8), (1, 7)] {
            for r1 in 0..m1 {
                for r2 in 0..m2 {
                    let want: Vec<i128> =
                        (0..300).filter(|x| x % m1 == r1 && x % m2 == r2).collect();
                    let got: Vec<i128> = match intersect((m1, r1), (m2, r2)) {
                        Some((m, r)) => (0..300).filter(|x| x % m == r).collect(),
                        None => Vec::new(),
                    };
                    assert_eq!(got, want, "x ≡ {r1} (mod {m1}) and ≡ {r2} (mod {m2})");
                }
            }
        }
    }

    #[test]
    fn rounding_is_toward_the_side_that_keeps_every_solution() {
        for a in -20i128..=20 {
            for b in [-7i128, -3, -1, 1, 2, 5] {
                let (f, c) = (floor_div(a, b), ceil_div(a, b));
                assert_eq!(f, (a as f64 / b as f64).floor() as i128, "floor {a}/{b}");
                assert_eq!(c, (a as f64 / b as f64).ceil() as i128, "ceil {a}/{b}");
            }
        }
    }
}
