//! Components with no maximum of instances: how far they are unrolled (their horizon), and
//! the wider model a customer's choices need when they reach past it (`bags=25`,
//! `bags[25].color=Red`, read by `engine::horizon_needs`). The engine answers within the
//! horizon; a count reaching it is reported without a maximum, as the 64-bit limit of an open
//! `int` is.

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

    /// This model with each open component's horizon raised to the counts `needs` name
    /// (`engine::horizon_needs`), plus room to add more; None when every count fits already.
    pub fn widened(&self, needs: &[(CompId, u32)]) -> Option<Model> {
        let mut out: Option<Model> = None;
        for &(c, need) in needs {
            let (_, max) = self.comp(c).instances?;
            // Past the resource limit the choice itself is refused, naming it.
            if need > max && need <= MAX_INSTANCES {
                let m = out.get_or_insert_with(|| self.clone());
                if let Some((_, max)) = &mut m.components[c.index()].instances {
                    *max = (*max).max(Self::horizon_for(need));
                }
            }
        }
        out
    }
}
