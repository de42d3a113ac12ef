//! The constraint graph (petgraph): which rules read which components, features and values.

pub fn placeholder() {}
