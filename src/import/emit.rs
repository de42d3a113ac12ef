//! Writing the YAML catalog an importer produces: names quoted where YAML or the rule language
//! would read them otherwise, and the catalog's skeleton (header, root features, rules block).

use crate::front::is_ident;
use std::fmt::Write as _;

use crate::front::is_reserved;

/// Plain scalars YAML reads as something other than a string (booleans, null).
fn yaml_special(s: &str) -> bool {
    matches!(
        s.to_ascii_lowercase().as_str(),
        "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
    )
}

/// A name as a YAML key or value: plain when it is a plain identifier, else double-quoted.
pub fn yaml_name(name: &str) -> String {
    if is_ident(name) && !yaml_special(name) {
        name.to_string()
    } else {
        quoted(name)
    }
}

/// A name as a rule path segment or value: bare when the grammar reads it as a name, else
/// quoted (`"Foo-Bar"`, `"and"`).
pub fn rule_name(name: &str) -> String {
    if is_ident(name) && !is_reserved(name) {
        name.to_string()
    } else {
        quoted(name)
    }
}

/// `"…"` with `\` and `"` escaped: the same escapes in YAML double-quoted scalars and in the rule
/// language's strings.
fn quoted(name: &str) -> String {
    let mut s = String::with_capacity(name.len() + 2);
    s.push('"');
    for c in name.chars() {
        if matches!(c, '"' | '\\') {
            s.push('\\');
        }
        s.push(c);
    }
    s.push('"');
    s
}

/// A catalog id (`[a-z][a-z0-9_-]*`) made from a source's name (a file stem, a root feature).
pub fn catalog_id(source: &str) -> String {
    let mut id: String = source
        .chars()
        .map(|c| {
            let c = c.to_ascii_lowercase();
            if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if !id.starts_with(|c: char| c.is_ascii_lowercase()) {
        id.insert_str(0, "m-");
    }
    id
}

/// The YAML text being written.
pub struct Catalog {
    out: String,
    in_rules: bool,
}

impl Catalog {
    /// Starts a catalog: its id, display name and the language it came from.
    pub fn new(id: &str, name: Option<&str>, from: &str) -> Self {
        let mut out = String::new();
        let _ = writeln!(out, "catalog: {}", yaml_name(id));
        if let Some(n) = name {
            let _ = writeln!(out, "name: {}", quoted(n));
        }
        let _ = writeln!(out, "imported_from: {from}");
        Catalog {
            out,
            in_rules: false,
        }
    }

    /// Any top-level text (`features:`, a feature line) before the rules block.
    pub fn line(&mut self, text: &str) {
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// A root `bool` feature (call after `line("features:")`).
    pub fn bool_feature(&mut self, name: &str) {
        let _ = writeln!(self.out, "  {}: {{ bool: {{}} }}", yaml_name(name));
    }

    /// One statement of the rules block (opened on first use); `text` is one line of rule text.
    pub fn rule(&mut self, text: &str) {
        if !self.in_rules {
            self.out.push_str("rules: |\n");
            self.in_rules = true;
        }
        self.out.push_str("  ");
        self.out.push_str(text);
        self.out.push('\n');
    }

    pub fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_quoted_where_needed() {
        assert_eq!(yaml_name("HZ_300"), "HZ_300");
        assert_eq!(yaml_name("true"), "\"true\"");
        assert_eq!(yaml_name("6467"), "\"6467\"");
        assert_eq!(yaml_name("a\\b"), "\"a\\\\b\"");
        assert_eq!(rule_name("and"), "\"and\"");
        assert_eq!(rule_name("Foo-Bar"), "\"Foo-Bar\"");
        assert_eq!(rule_name("root"), "root");
    }

    #[test]
    fn catalog_ids_are_valid() {
        assert_eq!(catalog_id("linux-2.6.33"), "linux-2-6-33");
        assert_eq!(catalog_id("Truck"), "truck");
        assert_eq!(catalog_id("3D printer"), "m-3d-printer");
    }
}
