//! The counting search: DPLL over components, driven by an explicit stack (no recursion, so a deep
//! search cannot overflow the call stack, in the browser either).
//!
//! `count(C)` for a component `C`: if cached, the cached number. Otherwise pick a variable `x` of
//! `C`; for each literal `l` of `x`, assume `l`, propagate, split what is left of `C` into
//! components `C1..Ck` and `f` free variables: the branch counts `2^f * count(C1) * ... * count(Ck)`
//! (0 on a conflict). `count(C)` is the sum of the two branches; it goes into the cache.
//!
//! Counting a projection, a component with no projection variable left is *hidden*: its count
//! is 1 if some branch has a model, else 0 (the projection variables are branched on first, so
//! sums and products of these are the number of projected assignments with an extension).

use super::cache::Cache;
use super::components::{Component, Splitter};
use super::propagate::Propagator;
use crate::budget::Budget;
use num_bigint::BigUint;
use num_traits::{One, Zero};

/// Under a budget in steps, how many counter decisions one allowed solver conflict is worth.
const DECISIONS_PER_STEP: u64 = 10;

/// Look at the clock after about this much work (component sizes of the nodes opened).
const WORK_BETWEEN_CLOCK_CHECKS: usize = 4096;

/// One branch: its components, how many are counted, and the product so far (times 2^free).
struct Branch {
    children: Vec<Component>,
    next: usize,
    product: BigUint,
}

/// A component being counted: which literal of its branch variable is assumed, and the sum of
/// the branches finished.
struct Node {
    component: Component,
    negative: bool,
    trail_mark: usize,
    total: BigUint,
    branch: Branch,
}

pub(super) struct Search<'a> {
    prop: Propagator,
    splitter: Splitter,
    pub cache: Cache,
    budget: &'a Budget,
    work: usize,
    pub decisions: u64,
}

impl<'a> Search<'a> {
    pub fn new(prop: Propagator, splitter: Splitter, cache: Cache, budget: &'a Budget) -> Self {
        Search {
            prop,
            splitter,
            cache,
            budget,
            work: WORK_BETWEEN_CLOCK_CHECKS, // look at the clock before the first decision
            decisions: 0,
        }
    }

    /// Count the models over `vars` (closed under active clauses) of the current, propagated
    /// assignment. `None` when the budget ran out.
    pub fn count(&mut self, vars: &[u32]) -> Option<BigUint> {
        let mut root = self.split(vars);
        let mut stack: Vec<Node> = Vec::new();
        loop {
            let branch = match stack.last_mut() {
                Some(node) => &mut node.branch,
                None => &mut root,
            };
            if branch.next < branch.children.len() && !branch.product.is_zero() {
                let component = std::mem::take(&mut branch.children[branch.next]);
                if let Some(known) = self.cache.get(&component.key) {
                    branch.product *= known;
                    branch.next += 1;
                    continue;
                }
                self.work += component.key.len();
                if self.work >= WORK_BETWEEN_CLOCK_CHECKS {
                    self.work = 0;
                    if self.budget.expired() {
                        return None;
                    }
                }
                self.decisions += 1;
                // A budget in steps (no clock): a fixed number of decisions per allowed conflict,
                // so the answer is the same on every machine.
                if self.budget.is_steps_only()
                    && self.decisions
                        > self
                            .budget
                            .conflict_limit()
                            .unwrap_or(u64::MAX)
                            .saturating_mul(DECISIONS_PER_STEP)
                {
                    return None;
                }
                let trail_mark = self.prop.trail_len();
                let branch = self.open(2 * component.branch_var, component.vars());
                stack.push(Node {
                    component,
                    negative: false,
                    trail_mark,
                    total: BigUint::zero(),
                    branch,
                });
                continue;
            }
            // The current branch is finished.
            let Some(mut node) = stack.pop() else {
                return Some(root.product);
            };
            node.total += std::mem::take(&mut node.branch.product);
            self.prop.backtrack(node.trail_mark);
            // A hidden component only has to have a model: one branch with one is enough.
            if node.component.hidden && !node.total.is_zero() {
                node.total = BigUint::one();
                node.negative = true;
            }
            if !node.negative {
                node.negative = true;
                let lit = 2 * node.component.branch_var + 1;
                node.branch = self.open(lit, node.component.vars());
                stack.push(node);
                continue;
            }
            let parent = match stack.last_mut() {
                Some(parent) => &mut parent.branch,
                None => &mut root,
            };
            parent.product *= &node.total;
            parent.next += 1;
            self.cache.insert(node.component.key, node.total);
        }
    }

    /// Assume `lit`, propagate, and split `vars` (the component's variables) into what is left.
    fn open(&mut self, lit: u32, vars: &[u32]) -> Branch {
        if self.prop.assume(lit) && self.prop.propagate() {
            self.split(vars)
        } else {
            Branch {
                children: Vec::new(),
                next: 0,
                product: BigUint::zero(),
            }
        }
    }

    fn split(&mut self, vars: &[u32]) -> Branch {
        let mut children = Vec::new();
        let free = self.splitter.split(&self.prop, vars, &mut children);
        Branch {
            children,
            next: 0,
            product: BigUint::one() << free,
        }
    }
}
