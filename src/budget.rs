//! Budgets: every long operation gets one, and answers `unknown` instead of running past it.

use web_time::{Duration, Instant};

/// A limit on solver work: wall-clock time and/or SAT conflicts. `Budget::unlimited()` has neither.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    deadline: Option<Instant>,
    conflicts: Option<u64>,
    /// Counted in solver steps only: side answers get no deadline either, so the answer does not
    /// depend on the machine's speed (native and WASM compare equal under it).
    steps_only: bool,
}

impl Budget {
    pub fn unlimited() -> Budget {
        Budget {
            deadline: None,
            conflicts: None,
            steps_only: false,
        }
    }

    /// At most `conflicts` SAT conflicts per solver call and no clock at all: the same answer on
    /// every machine.
    pub fn steps(conflicts: u64) -> Budget {
        Budget {
            deadline: None,
            conflicts: Some(conflicts),
            steps_only: true,
        }
    }

    pub fn is_steps_only(&self) -> bool {
        self.steps_only
    }

    /// A budget that expires `d` from now.
    pub fn time(d: Duration) -> Budget {
        Budget {
            deadline: Instant::now().checked_add(d),
            conflicts: None,
            steps_only: false,
        }
    }

    pub fn millis(ms: u64) -> Budget {
        Budget::time(Duration::from_millis(ms))
    }

    pub fn with_conflicts(mut self, n: u64) -> Budget {
        self.conflicts = Some(n);
        self
    }

    pub fn conflict_limit(&self) -> Option<u64> {
        self.conflicts
    }

    /// This budget, but ending at most `ms` from now: for side answers (price ranges) that must
    /// not hold up the main one.
    pub fn capped(&self, ms: u64) -> Budget {
        if self.steps_only {
            return *self;
        }
        let cap = Budget::millis(ms).deadline;
        let deadline = match (self.deadline, cap) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        Budget {
            deadline,
            conflicts: self.conflicts,
            steps_only: false,
        }
    }

    /// Has the time run out?
    pub fn expired(&self) -> bool {
        self.deadline.is_some_and(|d| Instant::now() >= d)
    }
}

impl Default for Budget {
    fn default() -> Self {
        Budget::unlimited()
    }
}
