//! Allow/forbid tables, stored flat: hundreds of thousands of rows cost one vector, not one per row.

use super::Ref;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    Allow,
    Forbid,
}

/// How a column's cells are coded as numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// A one_of feature: the value index.
    Values(u32),
    /// A bool feature, a component's presence or a value's selection: 0 false, 1 true.
    Bool,
    /// An int feature: the number minus `min`.
    Int { min: i64, max: i64 },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub target: Ref,
    pub kind: ColumnKind,
}

/// One cell: anything, one coded value, or alternatives `alts[start..start+len]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableCell {
    Any,
    One(u32),
    Alts { start: u32, len: u32 },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub kind: TableKind,
    pub columns: Vec<Column>,
    /// Row-major, `columns.len()` cells per row.
    pub cells: Vec<TableCell>,
    pub alts: Vec<u32>,
}

impl Table {
    pub fn row_count(&self) -> usize {
        if self.columns.is_empty() {
            0
        } else {
            self.cells.len() / self.columns.len()
        }
    }

    pub fn row(&self, i: usize) -> &[TableCell] {
        let n = self.columns.len();
        &self.cells[i * n..(i + 1) * n]
    }

    /// Does a cell admit the coded value `v`?
    pub fn admits(&self, c: TableCell, v: u32) -> bool {
        match c {
            TableCell::Any => true,
            TableCell::One(x) => x == v,
            TableCell::Alts { start, len } => {
                self.alts[start as usize..(start + len) as usize].contains(&v)
            }
        }
    }
}
