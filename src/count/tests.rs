//! Tests of the counter: formulas with known counts, and brute-force enumeration as the oracle.

use super::*;
use crate::budget::Budget;
use num_bigint::BigUint;
use proptest::prelude::*;

fn cnf(num_vars: u32, clauses: &[&[i32]]) -> Cnf {
    Cnf {
        num_vars,
        clauses: clauses.iter().map(|c| c.to_vec()).collect(),
    }
}

fn exact(cnf: &Cnf) -> BigUint {
    match count(cnf, &Budget::unlimited()) {
        CountResult::Exact(n) => n,
        CountResult::Unknown => panic!("an unlimited budget ran out"),
    }
}

/// Models by enumerating every assignment of `1..=num_vars` (small formulas only).
fn brute_force(cnf: &Cnf) -> u64 {
    let n = cnf.num_vars;
    assert!(n <= 20);
    (0u64..1 << n)
        .filter(|&bits| {
            cnf.clauses.iter().all(|clause| {
                clause.iter().any(|&l| {
                    let value = bits >> (l.unsigned_abs() - 1) & 1 == 1;
                    value == (l > 0)
                })
            })
        })
        .count() as u64
}

fn pow2(n: u32) -> BigUint {
    BigUint::from(1u32) << n
}

#[test]
fn no_clauses_counts_every_assignment() {
    assert_eq!(exact(&cnf(0, &[])), BigUint::from(1u32));
    assert_eq!(exact(&cnf(1, &[])), BigUint::from(2u32));
    assert_eq!(exact(&cnf(10, &[])), pow2(10));
    assert_eq!(exact(&cnf(300, &[])), pow2(300));
}

#[test]
fn contradictions_count_zero() {
    assert_eq!(exact(&cnf(3, &[&[]])), BigUint::from(0u32));
    assert_eq!(exact(&cnf(3, &[&[1], &[-1]])), BigUint::from(0u32));
    assert_eq!(
        exact(&cnf(2, &[&[1, 2], &[1, -2], &[-1, 2], &[-1, -2]])),
        BigUint::from(0u32)
    );
    // Found only by propagation through a chain: 1, 1 -> 2, ..., 9 -> 10, not 10.
    let mut chain = cnf(10, &[&[1], &[-10]]);
    for v in 1..10 {
        chain.add_clause([-v, v + 1]);
    }
    assert_eq!(exact(&chain), BigUint::from(0u32));
}

#[test]
fn small_formulas() {
    assert_eq!(exact(&cnf(2, &[&[1, 2]])), BigUint::from(3u32));
    assert_eq!(exact(&cnf(3, &[&[1, 2]])), BigUint::from(6u32));
    assert_eq!(exact(&cnf(3, &[&[1, 2, 3]])), BigUint::from(7u32));
    assert_eq!(exact(&cnf(2, &[&[1, -1]])), BigUint::from(4u32)); // tautology
    assert_eq!(exact(&cnf(2, &[&[1, 1]])), BigUint::from(2u32)); // duplicate literal
    assert_eq!(exact(&cnf(4, &[&[1], &[2]])), BigUint::from(4u32));
    // Exactly one of three.
    let one_of = cnf(3, &[&[1, 2, 3], &[-1, -2], &[-1, -3], &[-2, -3]]);
    assert_eq!(exact(&one_of), BigUint::from(3u32));
}

/// x1 xor x2 xor ... xor xn = 1, as a chain with auxiliary variables (each determined).
fn xor_chain(n: i32) -> Cnf {
    // t1 = x1; t_{i} = t_{i-1} xor x_i; t_n true. Variables: x = 1..=n, t = n+1..=2n.
    let mut f = Cnf::new(2 * n as u32);
    let t = |i: i32| n + i;
    f.add_clause([-t(1), 1]);
    f.add_clause([t(1), -1]);
    for i in 2..=n {
        let (a, b, c) = (t(i - 1), i, t(i));
        f.add_clause([-a, -b, -c]);
        f.add_clause([a, b, -c]);
        f.add_clause([a, -b, c]);
        f.add_clause([-a, b, c]);
    }
    f.add_clause([t(n)]);
    f
}

#[test]
fn xor_chains() {
    for n in 1..=12 {
        assert_eq!(exact(&xor_chain(n)), pow2(n as u32 - 1), "n = {n}");
    }
    assert_eq!(exact(&xor_chain(200)), pow2(199));
}

#[test]
fn independent_parts_multiply() {
    // 50 disjoint copies of (a or b): 3^50.
    let mut f = Cnf::new(100);
    for i in 0..50 {
        f.add_clause([2 * i + 1, 2 * i + 2]);
    }
    assert_eq!(exact(&f), BigUint::from(3u32).pow(50));
}

#[test]
fn a_long_implication_chain_does_not_overflow_the_stack() {
    // x1 -> x2 -> ... -> xn: n + 1 models; a deep search when branching goes the wrong way.
    let n = 3_000;
    let mut f = Cnf::new(n);
    for v in 1..n as i32 {
        f.add_clause([-v, v + 1]);
    }
    assert_eq!(exact(&f), BigUint::from(n + 1));
}

#[test]
fn a_grid_needs_the_cache() {
    // Pairwise "not both" on a 4 x 12 grid (independent sets): no cache, no answer this century.
    let (rows, cols) = (4i32, 12i32);
    let id = |r: i32, c: i32| r * cols + c + 1;
    let mut f = Cnf::new((rows * cols) as u32);
    for r in 0..rows {
        for c in 0..cols {
            if r + 1 < rows {
                f.add_clause([-id(r, c), -id(r + 1, c)]);
            }
            if c + 1 < cols {
                f.add_clause([-id(r, c), -id(r, c + 1)]);
            }
        }
    }
    // Independent sets of the 4 x n grid graph (OEIS A006240 at n = 12 ... computed by transfer matrix).
    assert_eq!(
        exact(&f),
        BigUint::from(transfer_matrix_independent_sets(4, 12))
    );
}

/// Independent sets of a rows x cols grid graph, by dynamic programming over column patterns.
fn transfer_matrix_independent_sets(rows: u32, cols: u32) -> u64 {
    let patterns: Vec<u32> = (0..1u32 << rows).filter(|p| p & (p >> 1) == 0).collect();
    let mut ways: Vec<u64> = vec![1; patterns.len()];
    for _ in 1..cols {
        ways = patterns
            .iter()
            .map(|&p| {
                patterns
                    .iter()
                    .zip(&ways)
                    .filter(|(&q, _)| p & q == 0)
                    .map(|(_, &w)| w)
                    .sum()
            })
            .collect();
    }
    ways.iter().sum()
}

#[test]
fn expired_budget_gives_unknown() {
    let f = xor_chain(50);
    let spent = Budget::millis(0);
    assert_eq!(count(&f, &spent), CountResult::Unknown);
}

#[test]
fn stats_are_reported() {
    let (result, stats) = count_with_stats(&xor_chain(20), &Budget::unlimited());
    assert_eq!(result, CountResult::Exact(pow2(19)));
    assert!(stats.decisions > 0);
}

#[test]
fn counts_a_parsed_file() {
    let text =
        "c exactly one of 1 2 3, and 4 free\np cnf 4 4\n1 2 3 0\n-1 -2 0\n-1 -3 0\n-2 -3 0\n";
    let f = parse_dimacs(text).unwrap();
    assert_eq!(exact(&f), BigUint::from(6u32));
}

/// A random literal over `1..=num_vars`.
fn literal(num_vars: u32) -> impl Strategy<Value = i32> {
    (1..=num_vars as i32, any::<bool>()).prop_map(|(v, negative)| if negative { -v } else { v })
}

/// A random formula: clauses of 1 to 3 literals (duplicates and tautologies happen), and now and
/// then an empty clause.
fn small_cnf(max_vars: u32, max_clauses: usize) -> impl Strategy<Value = Cnf> {
    (1..=max_vars).prop_flat_map(move |num_vars| {
        let clause = prop_oneof![
            1 => Just(Vec::new()),
            60 => proptest::collection::vec(literal(num_vars), 1..=3),
        ];
        proptest::collection::vec(clause, 0..=max_clauses)
            .prop_map(move |clauses| Cnf { num_vars, clauses })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn agrees_with_brute_force(f in small_cnf(12, 40)) {
        prop_assert_eq!(exact(&f), BigUint::from(brute_force(&f)));
    }

    #[test]
    fn agrees_with_brute_force_on_sparse_formulas(f in small_cnf(12, 10)) {
        prop_assert_eq!(exact(&f), BigUint::from(brute_force(&f)));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Beyond brute force: count(F) = count(F and x) + count(F and not x), and renaming the
    /// variables does not change the count.
    #[test]
    fn splitting_and_renaming_agree(
        f in small_cnf(40, 60),
        split in any::<proptest::sample::Index>(),
        seed in any::<u64>(),
    ) {
        let total = exact(&f);
        let x = split.index(f.num_vars as usize) as i32 + 1;
        let mut pos = f.clone();
        pos.add_clause([x]);
        let mut neg = f.clone();
        neg.add_clause([-x]);
        prop_assert_eq!(&total, &(exact(&pos) + exact(&neg)));

        // A pseudo-random permutation of the variables.
        let n = f.num_vars as usize;
        let mut perm: Vec<i32> = (1..=n as i32).collect();
        let mut state = seed | 1;
        for i in (1..n).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            perm.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let renamed = Cnf {
            num_vars: f.num_vars,
            clauses: f
                .clauses
                .iter()
                .rev()
                .map(|c| c.iter().map(|&l| perm[l.unsigned_abs() as usize - 1] * l.signum()).collect())
                .collect(),
        };
        prop_assert_eq!(total, exact(&renamed));
    }
}

/// Any literals at all, zeros and variables beyond `num_vars` included.
fn sloppy_cnf() -> impl Strategy<Value = Cnf> {
    (
        0u32..8,
        proptest::collection::vec(proptest::collection::vec(-10i32..=10, 0..4), 0..12),
    )
        .prop_map(|(num_vars, clauses)| Cnf { num_vars, clauses })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// A hand-built formula that is not well formed still gets the documented count: zeros are
    /// ignored and the variable range widens to the largest variable used.
    #[test]
    fn sloppy_formulas_are_counted_as_documented(f in sloppy_cnf()) {
        let widened = Cnf {
            num_vars: f
                .clauses
                .iter()
                .flatten()
                .map(|l| l.unsigned_abs())
                .max()
                .unwrap_or(0)
                .max(f.num_vars),
            clauses: f
                .clauses
                .iter()
                .map(|c| c.iter().copied().filter(|&l| l != 0).collect())
                .collect(),
        };
        prop_assert_eq!(exact(&f), BigUint::from(brute_force(&widened)));
    }
}

#[test]
fn the_budget_is_respected_on_a_hard_formula() {
    // Random 3-CNF, 200 variables, 400 clauses: far too many models to count quickly.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = |n: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % n
    };
    let mut f = Cnf::new(200);
    for _ in 0..400 {
        let clause: Vec<i32> = (0..3)
            .map(|_| {
                let v = next(200) as i32 + 1;
                if next(2) == 0 {
                    v
                } else {
                    -v
                }
            })
            .collect();
        f.add_clause(clause);
    }
    let start = std::time::Instant::now();
    let result = count(&f, &Budget::millis(200));
    let spent = start.elapsed();
    assert_eq!(result, CountResult::Unknown);
    assert!(spent.as_secs_f64() < 2.0, "took {spent:?}");
}

/// Projected models by enumeration: the assignments of `shown` variables (a bit mask over
/// `1..=num_vars`) that some assignment of the others completes to a model.
fn brute_force_projected(cnf: &Cnf, shown: u64) -> u64 {
    let n = cnf.num_vars;
    let mut seen = std::collections::HashSet::new();
    for bits in 0u64..1 << n {
        let sat = cnf.clauses.iter().all(|clause| {
            clause.iter().any(|&l| {
                let value = bits >> (l.unsigned_abs() - 1) & 1 == 1;
                value == (l > 0)
            })
        });
        if sat {
            seen.insert(bits & shown);
        }
    }
    seen.len() as u64
}

fn projected(cnf: &Cnf, shown: u64) -> BigUint {
    let vars: Vec<u32> = (1..=cnf.num_vars)
        .filter(|v| shown >> (v - 1) & 1 == 1)
        .collect();
    match count_projected(cnf, &vars, &[], &Budget::unlimited()) {
        CountResult::Exact(n) => n,
        CountResult::Unknown => panic!("an unlimited budget ran out"),
    }
}

#[test]
fn a_projection_counts_each_shown_assignment_once() {
    // x3 ↔ x1 ∨ x2, shown {x3}: both values of x3 extend to a model.
    let f = cnf(3, &[&[-3, 1, 2], &[3, -1], &[3, -2]]);
    assert_eq!(projected(&f, 0b100), 2u32.into());
    // shown {x1, x2}: x3 is defined by them: all 4.
    assert_eq!(projected(&f, 0b011), 4u32.into());
    // A free shown variable doubles, a free hidden one does not.
    let g = cnf(3, &[&[1, 2]]);
    assert_eq!(projected(&g, 0b101), 4u32.into());
    assert_eq!(projected(&g, 0b001), 2u32.into());
    // Nothing shown: 1 when satisfiable, 0 when not.
    assert_eq!(projected(&g, 0), 1u32.into());
    assert_eq!(projected(&cnf(1, &[&[1], &[-1]]), 0), 0u32.into());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn projections_agree_with_brute_force(f in small_cnf(12, 30), shown in 0u64..4096) {
        let shown = shown & ((1u64 << f.num_vars) - 1);
        prop_assert_eq!(projected(&f, shown), BigUint::from(brute_force_projected(&f, shown)));
    }
}
