//! Completion: in rules, the names a path can continue with (components, features, values after
//! `=`, `!=` or `in {`) and the keywords; in the YAML, the keys the catalog format allows at the
//! cursor (`front::yaml_keys`). Names come from the last catalog that loaded, since the text
//! being typed is often not valid yet.

use crate::front::ast::{EXPRESSION_KEYWORDS, STATEMENT_KEYWORDS};
use crate::front::yaml_keys::keys_at;
use crate::model::{CompId, Model, Target};
use lsp_types::{CompletionItem, CompletionItemKind, Position};

/// The completions at `pos` of `text` (a YAML catalog when `is_catalog`, else a rule file).
pub fn complete(
    text: &str,
    is_catalog: bool,
    pos: Position,
    model: Option<&Model>,
) -> Vec<CompletionItem> {
    let lines: Vec<&str> = text.split('\n').collect();
    let Some(line) = lines.get(pos.line as usize) else {
        return Vec::new();
    };
    let prefix = utf16_prefix(line, pos.character as usize);
    if !is_catalog || in_rules_block(&lines, pos.line as usize) {
        return match model {
            Some(m) => in_rules(m, prefix),
            None => keywords(),
        };
    }
    yaml_keys(&lines, pos.line as usize, prefix)
}

/// `line` up to the cursor's UTF-16 column.
fn utf16_prefix(line: &str, units: usize) -> &str {
    let mut n = 0;
    for (i, c) in line.char_indices() {
        if n >= units {
            return &line[..i];
        }
        n += c.len_utf16();
    }
    line
}

/// Is line `at` inside the catalog's `rules: |` block (indented below a top-level `rules:`)?
fn in_rules_block(lines: &[&str], at: usize) -> bool {
    for l in lines[..=at].iter().rev() {
        if l.trim().is_empty() || l.starts_with(' ') {
            continue;
        }
        return l.starts_with("rules:");
    }
    false
}

fn in_rules(m: &Model, prefix: &str) -> Vec<CompletionItem> {
    let word_len = prefix
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '[' | ']'))
        .map(char::len_utf8)
        .sum::<usize>();
    let (before, word) = prefix.split_at(prefix.len() - word_len);
    let before = before.trim_end();
    // After `path =` / `path !=` / `path in (a, `: the values of that feature.
    let compared = before
        .strip_suffix("!=")
        .or_else(|| {
            before
                .strip_suffix('=')
                .filter(|b| !b.ends_with(['<', '>', '=']))
        })
        .or_else(|| {
            let open = before.rfind('{')?;
            let head = before[..open].trim_end().strip_suffix("in")?;
            (!before[open..].contains('}')).then_some(head)
        });
    if let Some(head) = compared {
        let path = head
            .trim_end()
            .rsplit([' ', '(', '{', '!'])
            .next()
            .unwrap_or("");
        if let Some(Target::Feat(f)) = walk(m, path) {
            return names(
                m.feat(f).kind.values().iter().map(|v| v.id.as_str()),
                CompletionItemKind::ENUM_MEMBER,
            );
        }
    }
    match word.rfind('.') {
        Some(dot) => match walk(m, &word[..dot]) {
            Some(t) => children(m, t),
            None => Vec::new(),
        },
        None => {
            let mut items = children(m, Target::Comp(CompId(0)));
            items.extend(keywords());
            items
        }
    }
}

/// What a dotted path (instance indices ignored) names, step by step from the root.
fn walk(m: &Model, path: &str) -> Option<Target> {
    let mut at = Target::Comp(CompId(0));
    for name in path.split('.') {
        let name = name.split('[').next().unwrap_or(name);
        at = match at {
            Target::Comp(c) => m.part_named(c, name)?,
            Target::Feat(f) => Target::Value(f, m.feat(f).value_index(name)?),
            _ => return None,
        };
    }
    Some(at)
}

fn children(m: &Model, t: Target) -> Vec<CompletionItem> {
    match t {
        Target::Comp(c) => {
            let comp = m.comp(c);
            let mut items = names(
                comp.children.iter().map(|k| m.comp(*k).key.as_str()),
                CompletionItemKind::MODULE,
            );
            items.extend(names(
                comp.features.iter().map(|f| m.feat(*f).key.as_str()),
                CompletionItemKind::FIELD,
            ));
            items
        }
        Target::Feat(f) => names(
            m.feat(f).kind.values().iter().map(|v| v.id.as_str()),
            CompletionItemKind::ENUM_MEMBER,
        ),
        _ => Vec::new(),
    }
}

fn keywords() -> Vec<CompletionItem> {
    names(
        STATEMENT_KEYWORDS
            .iter()
            .chain(&EXPRESSION_KEYWORDS)
            .copied(),
        CompletionItemKind::KEYWORD,
    )
}

fn names<'a>(it: impl Iterator<Item = &'a str>, kind: CompletionItemKind) -> Vec<CompletionItem> {
    it.map(|n| CompletionItem {
        label: n.to_string(),
        kind: Some(kind),
        ..CompletionItem::default()
    })
    .collect()
}

/// The keys of the mapping the cursor's line belongs to, found from the keys above it that
/// are less indented.
fn yaml_keys(lines: &[&str], at: usize, prefix: &str) -> Vec<CompletionItem> {
    let typed = prefix.trim_start();
    if typed.contains(':') {
        return Vec::new(); // a value, not a key
    }
    let mut indent = prefix.len() - typed.len();
    let mut path: Vec<&str> = Vec::new();
    for l in lines[..at].iter().rev() {
        let body = l.trim_start();
        let l_indent = l.len() - body.len();
        if body.is_empty() || body.starts_with('#') || l_indent >= indent {
            continue;
        }
        let Some((key, _)) = body.split_once(':') else {
            continue;
        };
        path.push(key.trim().trim_matches(['"', '\'']));
        indent = l_indent;
        if indent == 0 {
            break;
        }
    }
    path.reverse();
    keys_at(&path)
        .into_iter()
        .map(|k| CompletionItem {
            insert_text: Some(format!("{k}: ")),
            label: k,
            kind: Some(CompletionItemKind::PROPERTY),
            ..CompletionItem::default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const CAT: &str = "catalog: c
components:
  pc:
    features:
      cpu: { one_of: [i5, i7] }
      ram: { int: { min: 4, max: 64 } }
    components:
      disk:
        features:
          size: { one_of: [s256, s512] }
rules: |
  rule r: pc.cpu = i7 -> pc.ram >= 16
";

    fn labels(text: &str, line: u32, col: u32) -> Vec<String> {
        let model = crate::load::load_str("c.yaml", CAT, &crate::front::NoIncludes)
            .model
            .expect("CAT loads");
        let mut v: Vec<String> = complete(text, true, Position::new(line, col), Some(&model))
            .into_iter()
            .map(|i| i.label)
            .collect();
        v.sort();
        v
    }

    #[test]
    fn rules_complete_paths_values_and_keywords() {
        let t = format!("{CAT}  rule s: pc.");
        let l = CAT.lines().count() as u32;
        assert_eq!(labels(&t, l, 14), ["cpu", "disk", "ram"]);
        let t = format!("{CAT}  rule s: pc.disk.size = s");
        assert_eq!(labels(&t, l, 29), ["s256", "s512"]);
        let t = format!("{CAT}  rule s: pc.cpu in {{i5, ");
        assert_eq!(labels(&t, l, 27), ["i5", "i7"]);
        let t = format!("{CAT}  ru");
        let top = labels(&t, l, 4);
        assert!(top.contains(&"pc".to_string()) && top.contains(&"rule".to_string()));
        // `<=` is a comparison of numbers: no values there.
        let t = format!("{CAT}  rule s: pc.ram <= ");
        assert!(!labels(&t, l, 23).contains(&"i5".to_string()));
    }

    #[test]
    fn yaml_completes_the_keys_of_the_place() {
        let t = CAT.replace("      cpu: {", "      \n      cpu: {");
        // The blank line under `features:` of pc: a feature's name is free, so nothing.
        assert_eq!(labels(&t, 4, 6), Vec::<String>::new());
        let t = CAT.replace(
            "    features:\n      cpu",
            "    opt\n    features:\n      cpu",
        );
        let comp = labels(&t, 3, 7);
        assert!(comp.contains(&"optional".to_string()), "{comp:?}");
        assert!(comp.contains(&"instances".to_string()), "{comp:?}");
    }
}
