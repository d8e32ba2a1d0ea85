//! An instrument's items as a table names them: by id exactly, as headers are matched, or by a
//! header that only looks like one.

use std::collections::{HashMap, HashSet};

use crate::score::InstrumentDefinition;
use crate::tables::normalize_header;

/// What a header (or a long table's `item` cell) names among the instrument's items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Named {
    /// The item at this position of the definition.
    Item(usize),
    /// Several items read as this name; their positions.
    Ambiguous(Vec<usize>),
    /// No item, but the name has the form of one ([`shape`]).
    LooksLikeAnItem,
    /// No item, and nothing like one.
    Other,
}

/// An instrument's items, indexed for matching.
pub(super) struct Items<'a> {
    definition: &'a InstrumentDefinition,
    exact: HashMap<&'a str, usize>,
    normalized: HashMap<String, Vec<usize>>,
    shapes: HashSet<String>,
}

impl<'a> Items<'a> {
    /// Indexes the definition's items.
    pub(super) fn new(definition: &'a InstrumentDefinition) -> Self {
        let mut exact = HashMap::with_capacity(definition.items.len());
        let mut normalized: HashMap<String, Vec<usize>> = HashMap::new();
        let mut shapes = HashSet::new();
        for (k, item) in definition.items.iter().enumerate() {
            let id = item.id.as_str();
            exact.entry(id).or_insert(k);
            normalized.entry(normalize_header(id)).or_default().push(k);
            let s = shape(id);
            if s.contains('#') {
                shapes.insert(s);
            }
        }
        Self {
            definition,
            exact,
            normalized,
            shapes,
        }
    }

    /// The definition.
    pub(super) fn definition(&self) -> &'a InstrumentDefinition {
        self.definition
    }

    /// What `name` names: the item whose id it is exactly (trimmed), else the one item it reads
    /// as with case, spaces and punctuation set aside, else whether it looks like an item.
    pub(super) fn name(&self, name: &str) -> Named {
        let name = name.trim();
        if let Some(&k) = self.exact.get(name) {
            return Named::Item(k);
        }
        if let Some(found) = self.normalized_as(&normalize_header(name)) {
            return found;
        }
        if self.shapes.contains(&shape(name)) {
            Named::LooksLikeAnItem
        } else {
            Named::Other
        }
    }

    /// The item(s) a normalized name reads as, if any.
    pub(super) fn normalized_as(&self, normalized: &str) -> Option<Named> {
        match self.normalized.get(normalized).map(Vec::as_slice) {
            None | Some([]) => None,
            Some([k]) => Some(Named::Item(*k)),
            Some(several) => Some(Named::Ambiguous(several.to_vec())),
        }
    }

    /// Whether a header of the table reads as an item, or looks like one: what a key written
    /// as a header must not do.
    pub(super) fn claims(&self, header: &str) -> bool {
        !matches!(self.name(header), Named::Other)
    }

    /// The item ids, for messages: `a, b, c`.
    pub(super) fn list(&self) -> String {
        let ids: Vec<&str> = self
            .definition
            .items
            .iter()
            .map(|i| i.id.as_str())
            .collect();
        ids.join(", ")
    }

    /// The ids at these positions, for messages: `` `1.1` and `11` ``.
    pub(super) fn ids(&self, positions: &[usize]) -> String {
        let ids: Vec<String> = positions
            .iter()
            .filter_map(|&k| self.definition.items.get(k))
            .map(|i| format!("`{}`", i.id))
            .collect();
        ids.join(" and ")
    }

    /// The problem message for a name that is not an item of the instrument.
    pub(super) fn no_such_item(&self, name: &str) -> String {
        format!(
            "the instrument `{}` has no item `{}` (its items are: {})",
            self.definition.id,
            name.trim(),
            self.list()
        )
    }

    /// The problem message for a name that reads as several items.
    pub(super) fn ambiguous(&self, name: &str, positions: &[usize]) -> String {
        format!(
            "`{}` reads as the items {}; write the item's id as the instrument does",
            name.trim(),
            self.ids(positions)
        )
    }
}

/// The form of a name, with every run of digits read as "a number" (`#`), letters in lower
/// case, and every run of other characters (spaces, punctuation) as one `.` between them:
/// `1.16` and `1.1` are both `#.#`, `T1-16` is `t#.#`, `Notes` is `notes`.
pub(super) fn shape(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut in_digits = false;
    let mut separated = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            separated = true;
            in_digits = false;
            continue;
        }
        if separated && !out.is_empty() {
            out.push('.');
        }
        separated = false;
        if c.is_ascii_digit() {
            if !in_digits {
                out.push('#');
            }
            in_digits = true;
        } else {
            in_digits = false;
            out.extend(c.to_lowercase());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::{ItemDefinition, Scale};

    fn items(ids: &[&str]) -> InstrumentDefinition {
        let mut def =
            InstrumentDefinition::new("x".parse().unwrap(), "X", "1", Scale::whole(0.0, 2.0));
        for id in ids {
            def.items
                .push(ItemDefinition::new((*id).parse().unwrap(), None));
        }
        def
    }

    #[test]
    fn shapes_read_digits_as_numbers_and_punctuation_as_one_separator() {
        assert_eq!(shape("1.16"), "#.#");
        assert_eq!(shape(" 1 - 16 "), "#.#");
        assert_eq!(shape("T1-16"), "t#.#");
        assert_eq!(shape("Team size"), "team.size");
        assert_eq!(shape("2024"), "#");
        assert_eq!(shape(""), "");
    }

    #[test]
    fn exact_ids_come_first_then_headers_as_matched_then_the_form() {
        let def = items(&["1.1", "11", "1.2"]);
        let items = Items::new(&def);
        assert_eq!(items.name("1.1"), Named::Item(0));
        assert_eq!(items.name(" 11 "), Named::Item(1));
        assert_eq!(items.name("1 2"), Named::Item(2));
        assert_eq!(items.name("1_1"), Named::Ambiguous(vec![0, 1]));
        assert_eq!(items.name("1.16"), Named::LooksLikeAnItem);
        assert_eq!(items.name("2.1"), Named::LooksLikeAnItem);
        assert_eq!(items.name("Notes"), Named::Other);
        assert_eq!(items.name("2024-25"), Named::LooksLikeAnItem);
        assert_eq!(items.name("school year"), Named::Other);
    }

    #[test]
    fn names_without_digits_never_look_like_items() {
        let def = items(&["need", "fit"]);
        let items = Items::new(&def);
        assert_eq!(items.name("NEED"), Named::Item(0));
        assert_eq!(items.name("capacity"), Named::Other);
    }
}
