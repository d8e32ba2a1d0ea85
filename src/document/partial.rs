//! Documents of many records read as far as their records allow: a record that does not read
//! or does not validate is refused with its problems, and the rest are kept, so that three bad
//! rows of thirty-five do not block the other thirty-two. Every record is accounted for:
//! `records = kept + refused`.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;

use super::strict::Strict;
use super::{Document, read};
use crate::error::{Error, Problem, ProblemKind};

/// A document read record by record: the records kept, and each one refused with its problems.
///
/// ```
/// use implsci::score::AdministrationsDocument;
///
/// let json = br#"{"kind": "administrations", "schema_version": "1.0.0", "administrations": [
///     {"instrument": "dca", "date": "2025-03-01", "subject": {"unit": "wake"}, "responses": []},
///     {"instrument": "dca", "date": "2025-13-01", "subject": {"unit": "wake"}, "responses": []},
///     {"instrument": "dca", "date": "2025-03-02", "subject": {"unit": "wake"}, "responses": []}
/// ]}"#;
/// let read = AdministrationsDocument::from_json_partial(json)?;
/// assert_eq!((read.records, read.document.administrations.len()), (3, 2));
/// assert_eq!(read.refused[0].index, 1);
/// assert_eq!(read.refused[0].problems[0].path, "$.administrations[1].date");
/// # Ok::<(), implsci::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Partial<T> {
    /// The document, holding the records kept, in their order.
    pub document: T,
    /// Records in the input: those kept and those refused.
    pub records: usize,
    /// The records refused, in input order.
    pub refused: Vec<RefusedRecord>,
}

/// A record refused: its index in the input's list and why, each problem with its path in the
/// input.
///
/// ```
/// use implsci::score::AdministrationsDocument;
///
/// let json = br#"{"kind": "administrations", "schema_version": "1.0.0", "administrations": [
///     {"instrument": "dca", "date": "2025-03-01", "subject": {"planet": "mars"}}
/// ]}"#;
/// let read = AdministrationsDocument::from_json_partial(json)?;
/// assert_eq!(read.refused[0].problems[0].path, "$.administrations[0].subject");
/// # Ok::<(), implsci::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RefusedRecord {
    /// The record's index in the input's list, from 0.
    pub index: usize,
    /// Its problems.
    pub problems: Vec<Problem>,
}

/// Reads a document whose `field` holds a list of records `R`, one record at a time.
///
/// The rest of the document is read as usual: a problem there (the envelope, another field)
/// refuses the whole document, with every shape problem listed. Each record is read alone,
/// then `keep` puts the records read into the document (`take` takes them back out) and
/// validation runs; a validation problem under `$.<field>[i]` refuses record `i` (the others are
/// validated again without it), any other refuses the document. Linear in the input: one read
/// (two when a record does not read), and one validation per round that refuses records; a
/// round refuses every record validation names, so a second round finds none (validation of
/// one record does not depend on the others) unless the document's rules span records.
pub(crate) fn parse_records<T: Document, R: DeserializeOwned>(
    bytes: &[u8],
    field: &str,
    keep: impl Fn(&mut T, Vec<R>),
    take: impl Fn(&mut T) -> Vec<R>,
) -> Result<Partial<T>, Error> {
    let (mut document, mut kept, mut refused, records) = match read::parse::<T>(bytes) {
        // The common case: the whole document reads; only validation can refuse records.
        Ok(mut document) => {
            let list = take(&mut document);
            let records = list.len();
            (
                document,
                list.into_iter().enumerate().collect(),
                Vec::new(),
                records,
            )
        }
        Err(whole) => {
            let (document, kept, refused, records) =
                records_one_by_one::<T, R>(bytes, field).ok_or(whole)?;
            (document, kept, refused, records)
        }
    };
    // Validate; refuse the records validation names, and validate the rest again.
    loop {
        let (indices, records_kept): (Vec<usize>, Vec<R>) = kept.into_iter().unzip();
        keep(&mut document, records_kept);
        let Err(errors) = document.validate() else {
            refused.sort_by_key(|r: &RefusedRecord| r.index);
            return Ok(Partial {
                document,
                records,
                refused,
            });
        };
        let located: Option<Vec<usize>> = errors
            .problems()
            .iter()
            .map(|p| record_index(&p.path, field).filter(|&k| k < indices.len()))
            .collect();
        let Some(located) = located else {
            return Err(errors.into()); // a problem outside the records: the whole document
        };
        let mut named: BTreeMap<usize, Vec<Problem>> = BTreeMap::new();
        for (mut problem, k) in errors.into_problems().into_iter().zip(located) {
            let prefix = format!("$.{field}[{k}]").len();
            problem.path = format!("$.{field}[{}]{}", indices[k], &problem.path[prefix..]);
            named.entry(k).or_default().push(problem);
        }
        let back = take(&mut document);
        kept = Vec::with_capacity(back.len());
        for (k, record) in back.into_iter().enumerate() {
            match named.remove(&k) {
                Some(problems) => refused.push(RefusedRecord {
                    index: indices[k],
                    problems,
                }),
                None => kept.push((indices[k], record)),
            }
        }
    }
}

/// The document with its records read one at a time, when only records are at fault: `None`
/// when the input is not a JSON object with a list at `field`, or the rest of the document does
/// not read (the caller then reports the whole document's problems).
#[allow(clippy::type_complexity)]
fn records_one_by_one<T: Document, R: DeserializeOwned>(
    bytes: &[u8],
    field: &str,
) -> Option<(T, Vec<(usize, R)>, Vec<RefusedRecord>, usize)> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    let list = match value.get_mut(field)? {
        serde_json::Value::Array(list) => std::mem::take(list),
        _ => return None,
    };
    let document = T::deserialize(Strict(&value)).ok()?;
    let records = list.len();
    let mut refused = Vec::new();
    let mut kept = Vec::with_capacity(records);
    for (index, record) in list.iter().enumerate() {
        match serde_path_to_error::deserialize::<_, R>(Strict(record)) {
            Ok(r) => kept.push((index, r)),
            Err(e) => {
                let inner = read::json_path(e.path());
                refused.push(RefusedRecord {
                    index,
                    problems: vec![Problem::new(
                        format!("$.{field}[{index}]{}", &inner[1..]),
                        ProblemKind::Shape,
                        read::strip_position(&e.into_inner().to_string()),
                    )],
                });
            }
        }
    }
    Some((document, kept, refused, records))
}

/// `k` in a path that starts `$.<field>[k]`.
fn record_index(path: &str, field: &str) -> Option<usize> {
    let rest = path
        .strip_prefix("$.")?
        .strip_prefix(field)?
        .strip_prefix('[')?;
    let (k, _) = rest.split_once(']')?;
    k.parse().ok()
}

#[cfg(test)]
mod tests {
    use crate::score::AdministrationsDocument;

    fn admin(date: &str, responses: &str) -> String {
        format!(
            r#"{{"instrument": "dca", "date": "{date}", "subject": {{"unit": "wake"}}, "responses": [{responses}]}}"#
        )
    }

    fn document(records: &[String]) -> String {
        format!(
            r#"{{"kind": "administrations", "schema_version": "1.0.0", "administrations": [{}]}}"#,
            records.join(", ")
        )
    }

    #[test]
    fn records_that_do_not_validate_are_refused_with_their_own_indices() {
        let twice = r#"{"item": "a", "value": 1}, {"item": "a", "value": 2}"#;
        let json = document(&[
            admin("2025-01-01", ""),
            admin("2025-13-01", ""),    // does not read
            admin("2025-01-03", twice), // reads, does not validate
            admin("2025-01-04", r#"{"item": "a", "value": 1}"#),
        ]);
        let read = AdministrationsDocument::from_json_partial(json.as_bytes()).unwrap();
        assert_eq!(read.records, 4);
        let kept: Vec<String> = read
            .document
            .administrations
            .iter()
            .map(|a| a.date.to_string())
            .collect();
        assert_eq!(kept, ["2025-01-01", "2025-01-04"]);
        let refused: Vec<(usize, &str)> = read
            .refused
            .iter()
            .map(|r| (r.index, r.problems[0].path.as_str()))
            .collect();
        assert_eq!(
            refused,
            [
                (1, "$.administrations[1].date"),
                (2, "$.administrations[2].responses[1].item"),
            ]
        );
        assert_eq!(read.records, kept.len() + read.refused.len());
    }

    #[test]
    fn a_valid_document_keeps_every_record_and_an_envelope_problem_refuses_all() {
        let json = document(&[admin("2025-01-01", ""), admin("2025-01-02", "")]);
        let read = AdministrationsDocument::from_json_partial(json.as_bytes()).unwrap();
        assert_eq!((read.records, read.refused.len()), (2, 0));
        let bad = json.replace("\"1.0.0\"", "\"2.0.0\"");
        assert!(AdministrationsDocument::from_json_partial(bad.as_bytes()).is_err());
        let bad = json.replace(
            "\"administrations\": [",
            "\"colour\": 1, \"administrations\": [",
        );
        assert!(AdministrationsDocument::from_json_partial(bad.as_bytes()).is_err());
    }
}
