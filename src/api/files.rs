//! A catalog given as a map of files (the browser, the server's catalog API): the main YAML and
//! the rule files it includes, by paths relative to one folder.

use crate::front::Includer;
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// `{ "main": "home-connect.yaml", "files": { "home-connect.yaml": "...", "rules/tv.rules": "..." } }`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CatalogFiles {
    pub main: String,
    pub files: IndexMap<String, String>,
}

/// Includes read from the map; a path is resolved against the including file's folder.
pub struct MapIncluder<'a> {
    files: &'a IndexMap<String, String>,
}

impl<'a> MapIncluder<'a> {
    pub fn new(files: &'a IndexMap<String, String>) -> Self {
        MapIncluder { files }
    }
}

impl Includer for MapIncluder<'_> {
    fn resolve(&self, from: &str, path: &str) -> String {
        relative_to(from, path)
    }

    fn read(&self, name: &str) -> Result<String, String> {
        self.files
            .get(name)
            .cloned()
            .ok_or_else(|| format!("no file `{name}` was given with the catalog"))
    }
}

/// `path` as written in the file `from`, from the folder the files are named relative to.
pub fn relative_to(from: &str, path: &str) -> String {
    let base = match from.rfind('/') {
        Some(i) => &from[..i],
        None => "",
    };
    normalise(&format!("{base}/{path}"))
}

/// `a/./b/../c` → `a/c`; a leading `..` that leaves the folder is kept (and then not found).
pub fn normalise(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." if parts.last().is_some_and(|l| *l != "..") => {
                parts.pop();
            }
            _ => parts.push(p),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn paths_normalise_like_a_file_system() {
        assert_eq!(normalise("/rules/tv.rules"), "rules/tv.rules");
        assert_eq!(normalise("a/./b/../c"), "a/c");
        assert_eq!(normalise("sub/../../x"), "../x");
    }
}
