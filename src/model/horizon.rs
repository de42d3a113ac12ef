//! Components with no maximum of instances: how far they are unrolled (their horizon), and
//! the wider model a customer's choices need when they reach past it (`bags=25`,
//! `bags[25].color=Red`). The engine answers within the horizon; a count reaching it is
//! reported without a maximum, as the 64-bit limit of an open `int` is.

use super::{CompId, Model};

/// The largest instance count a component may declare or be widened to: instances are
/// unrolled one by one.
pub const MAX_INSTANCES: u32 = 1000;
/// How many instances past its minimum (or past the most a choice asks for) a component with
/// no maximum is unrolled to.
pub const OPEN_HORIZON: u32 = 10;

impl Model {
    /// The horizon `need` instances ask for: room for the customer to add more.
    pub fn horizon_for(need: u32) -> u32 {
        need.saturating_add(OPEN_HORIZON).min(MAX_INSTANCES)
    }

    /// This model with each open component's horizon raised to what `texts` (choices as
    /// written) reach, plus room to add more; None when every choice fits already.
    pub fn widened(&self, texts: &[String]) -> Option<Model> {
        let mut out: Option<Model> = None;
        for (c, need) in self.horizon_needs(texts) {
            let (_, max) = self.comp(c).instances?;
            // Past the resource limit the choice itself is refused, naming it.
            if need > max && need <= MAX_INSTANCES {
                let m = out.get_or_insert_with(|| self.clone());
                let inst = &mut m.components[c.index()].instances;
                if let Some((_, max)) = inst {
                    *max = (*max).max(Self::horizon_for(need));
                }
            }
        }
        out
    }

    /// Open components and the instance count each choice names: `path=N`, or the index `k`
    /// of `path[k]` on the way to a feature.
    fn horizon_needs(&self, texts: &[String]) -> Vec<(CompId, u32)> {
        let open = |path: &str| {
            self.components
                .iter()
                .position(|c| c.open && c.path == path)
                .map(|i| CompId(i as u32))
        };
        let mut needs = Vec::new();
        if !self.components.iter().any(|c| c.open) {
            return needs;
        }
        for t in texts {
            let t = t.trim().trim_start_matches('!');
            let (lhs, rhs) = match t.find(['=', '!', '+', '-']) {
                Some(i) => (&t[..i], t[i..].trim_start_matches(['!', '+', '-'])),
                None => (t, ""),
            };
            let mut path = String::new();
            for seg in lhs.trim().split('.') {
                let (name, index) = match seg.split_once('[') {
                    Some((n, rest)) => (n, rest.trim_end_matches(']').trim().parse::<u32>().ok()),
                    None => (seg, None),
                };
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(name.trim());
                if let (Some(c), Some(k)) = (open(&path), index) {
                    needs.push((c, k));
                }
            }
            if let (Some(c), Some(n)) = (open(&path), rhs.strip_prefix('=')) {
                if let Ok(n) = n.trim().parse::<u32>() {
                    needs.push((c, n));
                }
            }
        }
        needs
    }
}
