//! Size figures of a model, as `tailor check` reports them.

use super::{ConstraintBody, Model};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    pub components: usize,
    pub features: usize,
    pub values: usize,
    pub constraints: usize,
    pub table_rows: usize,
    pub preferences: usize,
    pub adjustments: usize,
}

impl Stats {
    pub fn of(m: &Model) -> Stats {
        Stats {
            components: m.components.len() - 1,
            features: m.features.len(),
            values: m.features.iter().map(|f| f.kind.values().len()).sum(),
            constraints: m.constraints.len(),
            table_rows: m
                .constraints
                .iter()
                .map(|c| match &c.body {
                    ConstraintBody::Table(t) => t.row_count(),
                    _ => 0,
                })
                .sum(),
            preferences: m.preferences.len(),
            adjustments: m.adjustments.len(),
        }
    }
}
