//! Reading the `administrations` table, long or wide, into a document.

use std::collections::HashSet;

use super::build::Build;
use super::items::{Items, Named};
use super::{AdministrationsOptions, TABLE};
use crate::Document;
use crate::score::{AdministrationsDocument, InstrumentDefinition};
use crate::tables::source::{Reading, missing_table};
use crate::tables::write::{EXTENSION_PREFIX, JSON_SUFFIX};
use crate::tables::{Column, ImportError, Imported, ReadOptions, Source, Table, TableProblem};

/// The table's own columns; in a wide table every other column is an item or an extension.
pub(super) const COLUMNS: &[Column] = &[
    Column::required("date"),
    Column::required("subject"),
    Column::optional("respondent"),
    Column::optional("respondents"),
    Column::optional("decision"),
    Column::optional("item"),
    Column::optional("value"),
];

/// Reads the table `administrations` of `source` as administrations of `instrument` into a
/// document, with the account of its rows.
///
/// The table is named `administrations` (`administrations.csv` in a
/// [`Folder`](crate::tables::Folder)). Which instrument it holds, and whether its subjects are
/// units, practitioners or teams, the table does not say: the caller does, with `instrument`
/// and `how`.
///
/// # The two layouts
///
/// - **Long** (the table has both an `item` and a `value` column): one row per item response,
///   with `date`, `subject`, `item`, `value` and optionally `respondent`, `respondents` and
///   `decision`.
///   The rows that share a date and a subject are one administration, in the order the
///   administrations first appear; its responses are in row order. A row whose `item` and
///   `value` are both blank names the administration (and its respondent) without a
///   response, so that an administration with no response is still written.
/// - **Wide** (otherwise): one row per administration, with `date`, `subject`, optionally
///   `respondent`, `respondents` and `decision`, and one column per item, headed by the item's id. The
///   responses are in the order of the columns. Each row's date and subject are its
///   administration's: a second row with the same date and subject (and respondent) is
///   refused, as a row entered twice.
///
/// Dates are read with the [`ReadOptions`]' format; subjects and respondents are ids.
///
/// # Which columns are items (wide)
///
/// A column whose header is not one of the table's own (`date`, `subject`, `respondent`,
/// `respondents`, `decision`) is matched against the instrument's item ids:
///
/// 1. a header the [`ColumnMap`](crate::tables::ColumnMap) maps to an item
///    (`--map "Q1=1.1"`) is that item;
/// 2. a header that is an item's id exactly (trimmed) is that item, so `1.1` and `11` stay
///    apart even though headers are otherwise matched without punctuation;
/// 3. a header that reads as exactly one item's id when case, spaces and punctuation are set
///    aside (`T1 1` for `t1-1`) is that item; one that reads as several (`1_1`, when the
///    instrument has both `1.1` and `11`) is refused, asking for the id as it is written;
/// 4. a header that **looks like an item** and is none is refused at the header: *it has the
///    form of one of the instrument's item ids once every run of digits is read as "a
///    number"* (case aside, and any run of spaces or punctuation read as one separator). So
///    `1.16` and `2.1` look like items of an instrument numbered `1.1` … `1.15`, and `t1-16`
///    like one of `t1-1` …; `Notes`, `2024` or `Team size` do not. A header with no digit
///    never looks like an item. This is the crate's own rule: a column that holds ratings
///    for an item the instrument lacks is a wrong instrument or a typo, and its ratings would
///    otherwise vanish into `extensions`;
/// 5. any other column, and every column headed `extensions.KEY` or `KEY [json]`, goes under
///    its administration's `extensions` (or, with [`ReadOptions::strict`], is refused).
///
/// A wide table in which no column is an item is refused: its ratings would all be lost.
///
/// # Blank cells
///
/// A blank rating is an item **left unanswered**: a [`Response`](crate::score::Response)
/// with `value: None`, which is how the crate writes an unanswered item (the `Response`'s own
/// documentation) and which the scoring counts as missing under the instrument's
/// missing-response rule, exactly as it counts an item with no response at all. An item with no column (wide), or with no row
/// (long), has no response. Writing a table, an unanswered item is a blank cell.
///
/// # The decision
///
/// A `decision` cell records the team's decision at the end of an exploration
/// ([`Administration::decision`](crate::score::Administration::decision)): `adopt`,
/// `replicate` or `de_implement`, matched as headers are, without regard to case, spaces or
/// punctuation (`De-implement`). Like `respondents`, it is the administration's, not a row's:
/// a blank cell says nothing, and the rows of one administration that give one give the same
/// (a second, different decision is refused at its cell). Which instruments take a decision
/// (the Hexagon Tool 2018) is for
/// [`check_administrations`](crate::score::check_administrations) to say, as the instrument's
/// other rules are.
///
/// ```
/// use implsci::score::{ExplorationDecision, Instrument};
/// use implsci::score::instruments::hexagon::hexagon_2018;
/// use implsci::tables::{AdministrationsOptions, Folder, ReadOptions, SubjectKind, import_administrations};
///
/// let hexagon = hexagon_2018("hexagon-2018".parse()?);
/// let csv = "date,subject,decision,evidence,supports,usability,need,fit,capacity\n\
///            2025-03-08,lincoln-es,De-implement,2,1,2,3,1,2\n\
///            2025-03-09,wake-es,,4,4,5,5,4,4\n";
/// # let dir = std::env::temp_dir().join(format!("implsci-doc-adm-decision-{}", std::process::id()));
/// # std::fs::create_dir_all(&dir)?;
/// std::fs::write(dir.join("administrations.csv"), csv)?;
/// let how = AdministrationsOptions::new(SubjectKind::Unit);
/// let doc = import_administrations(&mut Folder::new(&dir), hexagon.definition(), &how, &ReadOptions::default())?.document;
/// assert_eq!(doc.administrations[0].decision, Some(ExplorationDecision::DeImplement));
/// assert_eq!(doc.administrations[1].decision, None);
///
/// std::fs::write(dir.join("administrations.csv"), csv.replace("De-implement", "pilot"))?;
/// let err = import_administrations(&mut Folder::new(&dir), hexagon.definition(), &how, &ReadOptions::default()).unwrap_err();
/// assert!(err.to_string().contains("administrations.csv:2:3 (decision): \"pilot\" is not a decision; \
///     expected one of: adopt, replicate, de_implement"), "{err}");
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Respondents, members' votes and the consensus
///
/// A `respondents` cell lists who answered, separated by `;` (`m1; m2; m3`); the lists of an
/// administration's rows are joined, each person once, in order.
///
/// With a `respondent` column, the rows of one administration (one date and subject) are told
/// apart by respondent:
///
/// - the rows whose respondent is the **consensus marker** (`consensus` unless
///   [`AdministrationsOptions::consensus`](crate::tables::AdministrationsOptions::consensus)
///   says otherwise; matched without regard to ASCII case) hold the administration's
///   ratings;
/// - every other respondent is a **member**: the members join the administration's
///   `respondents` (after those listed), in the order they first appear, and their own
///   ratings are kept under the administration's `extensions` as `votes`, so that no vote is
///   lost: `"votes": [{"respondent": "m1", "responses": [{"item": "1.1", "value": 2}, …]}, …]`,
///   one entry per member with a rating, in the order the members first appear, each response
///   as in the document (a whole rating as a JSON integer, an unanswered one as `null`);
/// - without a consensus row, an administration may have one respondent, whose ratings are the
///   administration's (a coach's observation). Ratings of two or more members without a
///   consensus row are refused: the table does not say which are the administration's;
/// - a row with a blank respondent is refused among rows that name one;
/// - a `votes` column (an extension) is refused beside members' ratings, which it would hide.
///
/// ```
/// use implsci::score::{InstrumentDefinition, ItemDefinition, Scale};
/// use implsci::tables::{AdministrationsOptions, Folder, ReadOptions, SubjectKind, import_administrations};
///
/// let mut def = InstrumentDefinition::new("local".parse()?, "Local", "1", Scale::whole(0.0, 2.0));
/// for id in ["a", "b"] { def.items.push(ItemDefinition::new(id.parse()?, None)); }
/// let csv = "date,subject,respondent,item,value\n\
///            2025-03-08,lincoln-es,m1,a,2\n\
///            2025-03-08,lincoln-es,m2,a,1\n\
///            2025-03-08,lincoln-es,consensus,a,2\n\
///            2025-03-08,lincoln-es,consensus,b,\n";
/// # let dir = std::env::temp_dir().join(format!("implsci-doc-adm-votes-{}", std::process::id()));
/// # std::fs::create_dir_all(&dir)?;
/// std::fs::write(dir.join("administrations.csv"), csv)?;
/// let how = AdministrationsOptions::new(SubjectKind::Unit);
/// let doc = import_administrations(&mut Folder::new(&dir), &def, &how, &ReadOptions::default())?.document;
/// let admin = &doc.administrations[0];
/// assert_eq!(admin.respondents.len(), 2);
/// assert_eq!((admin.responses[0].value, admin.responses[1].value), (Some(2.0), None));
/// assert_eq!(
///     admin.extensions["votes"],
///     serde_json::json!([
///         {"respondent": "m1", "responses": [{"item": "a", "value": 2}]},
///         {"respondent": "m2", "responses": [{"item": "a", "value": 1}]},
///     ])
/// );
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// A school team rates the TFI's items by consensus (Source: Algozzine et al. (2014),
/// *School-wide PBIS Tiered Fidelity Inventory*, OSEP Technical Assistance Center on PBIS, as
/// cited in [`tfi`](crate::score::instruments::tfi)); keeping each member's rating beside the
/// agreed one, the `consensus` marker and the `;` between respondents are the crate's own
/// conventions.
///
/// # Problems
///
/// Every problem is reported at once, at its file, row and column: a required column missing,
/// a bad or blank date or subject, a rating that is not a number or is off the instrument's
/// scale (or not whole on a scale of whole ratings), an item the instrument does not have, an
/// item answered twice, a column that looks like an item the instrument lacks. A row with a
/// problem is refused and counted so in its [`Tally`](crate::tables::Tally); when there is any
/// problem, there is no document. The ratings are checked with the scale's own rule, the one
/// [`check_administrations`](crate::score::check_administrations) applies; the instrument's
/// further rules (its scoring) are for the scoring to apply.
///
/// # Example
///
/// ```
/// use implsci::score::{Instrument, ScoreSubject};
/// use implsci::score::instruments::tfi::{tier_instrument, Tier, TfiVersion};
/// use implsci::tables::{AdministrationsOptions, DateFormat, Folder, ReadOptions, SubjectKind, import_administrations};
///
/// // A TFI 2.1 Tier 1 numbered 1.1 … 1.15, kept as a scoring sheet with US dates.
/// let ids: Vec<String> = (1..=15).map(|i| format!("1.{i}")).collect();
/// let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
/// let tier1 = tier_instrument(TfiVersion::V2_1, Tier::Tier1, "tfi-2.1-tier-1".parse()?, &ids)?;
/// let sheet = "School,Date,1.1,1.2,1.3,1.4,1.5,1.6,1.7,1.8,1.9,1.10,1.11,1.12,1.13,1.14,1.15,Notes\n\
///              lincoln-es,3/8/2025,2,2,1,2,2,1,1,2,2,2,1,2,2,,2,first year\n";
/// # let dir = std::env::temp_dir().join(format!("implsci-doc-adm-import-{}", std::process::id()));
/// # std::fs::create_dir_all(&dir)?;
/// std::fs::write(dir.join("administrations.csv"), sheet)?;
/// let options = ReadOptions::default()
///     .map("School=subject".parse()?)
///     .date_format(DateFormat::Pattern("%m/%d/%Y".into()));
/// let how = AdministrationsOptions::new(SubjectKind::Unit);
/// let imported = import_administrations(&mut Folder::new(&dir), tier1.definition(), &how, &options)?;
/// let admin = &imported.document.administrations[0];
/// assert_eq!(admin.subject, ScoreSubject::Unit("lincoln-es".parse()?));
/// assert_eq!(admin.date, jiff::civil::date(2025, 3, 8));
/// assert_eq!((admin.responses.len(), admin.responses[13].value), (15, None)); // 1.14 unanswered
/// assert_eq!(admin.extensions["Notes"], "first year");
/// // The blank item is missing, and the TFI refuses a score with an item missing.
/// assert_eq!(tier1.score(admin)?.percent, None);
///
/// // A rating off the 0–2 scale is refused at its cell.
/// std::fs::write(dir.join("administrations.csv"), sheet.replace(",2,first", ",3,first"))?;
/// let err = import_administrations(&mut Folder::new(&dir), tier1.definition(), &how, &options).unwrap_err();
/// assert!(err.to_string().ends_with("administrations.csv:2:17 (1.15): item `1.15`: 3 is outside the scale 0 to 2"), "{err}");
/// assert_eq!((err.tallies[0].used, err.tallies[0].refused), (0, 1));
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`ImportError`] with every problem, each at its file, row and column, when the table is
/// missing or any cell or column is refused (see above for the rules).
pub fn import_administrations(
    source: &mut dyn Source,
    instrument: &InstrumentDefinition,
    how: &AdministrationsOptions,
    options: &ReadOptions,
) -> Result<Imported<AdministrationsDocument>, ImportError> {
    let mut problems = Vec::new();
    // Unknown columns are refused here rather than by the reading: a wide table's item
    // columns are unknown to it, and are not to be refused.
    let lenient = options.clone().strict(false);
    let Some(reading) = Reading::open(source, TABLE, COLUMNS, &lenient, &mut problems) else {
        if problems.is_empty() {
            problems.push(missing_table(source, TABLE));
        }
        return Err(ImportError {
            problems,
            tallies: Vec::new(),
        });
    };
    let items = Items::new(instrument);
    let form = Form::of(reading.reader.table(), &items, options, &mut problems);
    let mut build = Build::new(&items, how, &options.date_format, form);
    let mut tally = reading.each(&mut problems, |table, row, problems| {
        let before = problems.len();
        build.row(table, row, problems);
        if problems.len() > before {
            build.refused.insert(row.number());
        }
    });
    let mut refused = std::mem::take(&mut build.refused);
    let administrations = build.finish(&mut problems, |row| {
        if refused.insert(row) {
            tally.used = tally.used.saturating_sub(1);
            tally.refused += 1;
        }
    });
    let (administrations, rows): (Vec<_>, Vec<u64>) = administrations.into_iter().unzip();
    let document = AdministrationsDocument::new(administrations);
    // Then the document is validated as any document is, each problem at its administration's
    // first row.
    if problems.is_empty()
        && let Err(e) = document.validate()
    {
        for p in e.problems() {
            let at = p
                .path
                .strip_prefix("$.administrations[")
                .and_then(|rest| rest.split(']').next()?.parse::<usize>().ok())
                .and_then(|i| rows.get(i).copied())
                .unwrap_or(1);
            problems.push(TableProblem::at_row(
                &tally.file,
                at,
                format!("{}: {}", p.path, p.message),
            ));
        }
    }
    // Problems found once every row was read go with their rows; the header's stay first.
    problems.sort_by_key(|p| p.row);
    if problems.is_empty() {
        Ok(Imported {
            document,
            tallies: vec![tally],
        })
    } else {
        Err(ImportError {
            problems,
            tallies: vec![tally],
        })
    }
}

/// Where a table's ratings are.
pub(super) enum Form {
    /// In the `item` and `value` columns.
    Long,
    /// In the item columns.
    Wide {
        /// (position of the column, position of its item in the definition)
        columns: Vec<(usize, usize)>,
        /// The headers that are not extensions: item columns, and those refused as items.
        not_extensions: HashSet<String>,
    },
}

impl Form {
    /// The table's form, from its header; problems of the header (an item column the
    /// instrument lacks, with `strict` an unknown column) are recorded.
    fn of(
        table: &Table,
        items: &Items<'_>,
        options: &ReadOptions,
        problems: &mut Vec<TableProblem>,
    ) -> Self {
        let at_header = |i: usize, message: String| TableProblem {
            column: Some(i + 1),
            header: table.headers().get(i).cloned(),
            ..TableProblem::at_row(table.file(), 1, message)
        };
        let (item, value) = (table.has("item"), table.has("value"));
        if item != value {
            let (has, lacks) = if item {
                ("item", "value")
            } else {
                ("value", "item")
            };
            problems.push(TableProblem::at_row(
                table.file(),
                1,
                format!(
                    "a column `{has}` and no column `{lacks}`: a long table has both, a wide \
                     table (one column per item) neither"
                ),
            ));
        }
        if item && value {
            if options.strict {
                problems.extend(table.refuse_unknown());
            }
            return Self::Long;
        }
        let mut columns: Vec<(usize, usize)> = Vec::new();
        let mut not_extensions = HashSet::new();
        let mut unknown = table.unknown_headers().peekable();
        for (i, header) in table.headers().iter().enumerate() {
            // A header's text decides whether the table knows it, so walking the unknown
            // headers in step with all of them finds their positions.
            if unknown.peek() != Some(&header.as_str()) {
                continue;
            }
            unknown.next();
            let trimmed = header.trim();
            if trimmed.starts_with(EXTENSION_PREFIX) || trimmed.ends_with(JSON_SUFFIX.trim_start())
            {
                continue;
            }
            let mapped = options
                .map
                .column_for(header)
                .and_then(|to| items.normalized_as(to));
            match mapped.unwrap_or_else(|| items.name(header)) {
                Named::Item(k) => {
                    not_extensions.insert(header.clone());
                    if let Some(&(first, _)) = columns.iter().find(|(_, other)| *other == k) {
                        let id = &items.definition().items[k].id;
                        problems.push(at_header(
                            i,
                            format!("the item `{id}` again (first in column {})", first + 1),
                        ));
                    } else {
                        columns.push((i, k));
                    }
                }
                Named::Ambiguous(several) => {
                    not_extensions.insert(header.clone());
                    problems.push(at_header(i, items.ambiguous(header, &several)));
                }
                Named::LooksLikeAnItem => {
                    not_extensions.insert(header.clone());
                    problems.push(at_header(i, items.no_such_item(header)));
                }
                Named::Other => {}
            }
        }
        if let (true, Some(first)) = (not_extensions.is_empty(), items.definition().items.first()) {
            problems.push(TableProblem::at_row(
                table.file(),
                1,
                format!(
                    "no column is an item of the instrument `{}` (its items are: {}); head \
                     each item's column with its id, or map it (`--map \"Q1={}\"`)",
                    items.definition().id,
                    items.list(),
                    first.id,
                ),
            ));
        }
        if options.strict {
            problems.extend(table.refuse_unknown().into_iter().filter(|p| {
                p.header
                    .as_ref()
                    .is_none_or(|h| !not_extensions.contains(h))
            }));
        }
        Self::Wide {
            columns,
            not_extensions,
        }
    }
}
