//! The shape of an IMPACT self-assessment: the user's own items, grouped by component, scored
//! as an item sum with one subscale per component.
//!
//! The IMPACT Framework publishes no items and no rubric (IMPACT Learning and Leading Group,
//! *The IMPACT Framework*; Pizzuto & Carney 2024): the crate ships none. The shape is **this
//! crate's**: a subscale per component, named by [`Component::id`], so a profile can show each
//! component's subscale beside the evidence the data holds
//! ([`EvidenceItem::SelfAssessment`](super::EvidenceItem::SelfAssessment)).
//! `examples/data/impact_self_assessment.json` is an illustrative example, its items made up
//! for the example and marked so.

use super::Component;
use crate::id::{InstrumentId, SubscaleId};
use crate::score::{
    InstrumentDefinition, ItemDefinition, ItemSum, Scale, Score, ScoreError, SubscaleDefinition,
};

/// Why a self-assessment cannot be built.
///
/// ```
/// use implsci::framework::impact::{self_assessment, SelfAssessmentError};
/// use implsci::score::Scale;
/// let err = self_assessment("impact-self".parse()?, "Ours", Scale::whole(0.0, 3.0), []).unwrap_err();
/// assert!(matches!(err, SelfAssessmentError::NoItems));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SelfAssessmentError {
    /// No item was given.
    #[error("a self-assessment needs at least one item")]
    NoItems,
    /// The items do not make an instrument (a duplicate id, a bad scale).
    #[error(transparent)]
    Definition(#[from] ScoreError),
}

/// A self-assessment of the user's `items`, each under its component: an item sum over
/// `scale` with a subscale per component that has items (in [`Component::ALL`]'s order, each
/// named by its [`id`](Component::id) and [`label`](Component::label)), no criterion (the
/// framework sets none) and the default missing rule. The items' own subscales are replaced by
/// their components'.
///
/// ```
/// use implsci::framework::impact::{is_self_assessment, self_assessment, Component};
/// use implsci::score::{Instrument, ItemDefinition, Scale};
///
/// let items = [
///     (Component::Teams, ItemDefinition::new("t1".parse()?, None)),
///     (Component::Inclusion, ItemDefinition::new("i1".parse()?, None)),
/// ];
/// let ours = self_assessment("impact-self".parse()?, "Our IMPACT self-check", Scale::whole(0.0, 3.0), items)?;
/// let def = ours.definition();
/// assert_eq!(def.subscales[0].id.as_str(), "inclusion"); // the framework's order
/// assert_eq!(def.items[0].subscale.as_ref().map(|s| s.as_str()), Some("teams"));
/// assert!(is_self_assessment(def));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`SelfAssessmentError::NoItems`] for no item; [`SelfAssessmentError::Definition`] when the
/// items do not make an instrument ([`ItemSum::new`]'s checks).
pub fn self_assessment(
    id: InstrumentId,
    name: &str,
    scale: Scale,
    items: impl IntoIterator<Item = (Component, ItemDefinition)>,
) -> Result<ItemSum, SelfAssessmentError> {
    let mut used = [false; 6];
    let items: Vec<ItemDefinition> = items
        .into_iter()
        .map(|(component, mut item)| {
            used[component as usize] = true;
            item.subscale = Some(subscale_id(component));
            item
        })
        .collect();
    if items.is_empty() {
        return Err(SelfAssessmentError::NoItems);
    }
    let mut def = InstrumentDefinition::new(id, name, "self-assessment", scale);
    def.source = Some(
        "Shape after the IMPACT Framework's six components (IMPACT Learning and Leading Group; \
         Pizzuto & Carney 2024), one subscale each; the items are the user's: the framework \
         publishes none"
            .into(),
    );
    def.subscales = Component::ALL
        .into_iter()
        .filter(|&c| used[c as usize])
        .map(|c| SubscaleDefinition::new(subscale_id(c), c.label()))
        .collect();
    def.items = items;
    def.criterion = None;
    Ok(ItemSum::new(def)?)
}

/// Whether an instrument has the self-assessment's shape: at least one subscale, and every
/// subscale named by a component's [`id`](Component::id).
///
/// ```
/// use implsci::framework::impact::is_self_assessment;
/// use implsci::score::{Instrument, instruments::builtin};
/// let tfi = builtin("tfi-2.1-tier-1").ok_or("built in")?;
/// assert!(!is_self_assessment(tfi.definition()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn is_self_assessment(definition: &InstrumentDefinition) -> bool {
    !definition.subscales.is_empty()
        && definition
            .subscales
            .iter()
            .all(|s| Component::from_id(s.id.as_str()).is_some())
}

/// The components scores of a self-assessment have subscales for, each with its subscale id,
/// in [`Component::ALL`]'s order; empty when the scores are not all a self-assessment's.
pub(super) fn components_of(scores: &[Score]) -> Vec<(Component, SubscaleId)> {
    let mut found = [false; 6];
    for score in scores {
        if score.subscales.is_empty() {
            return Vec::new();
        }
        for s in &score.subscales {
            match Component::from_id(s.subscale.as_str()) {
                Some(c) => found[c as usize] = true,
                None => return Vec::new(),
            }
        }
    }
    Component::ALL
        .into_iter()
        .filter(|&c| found[c as usize])
        .map(|c| (c, subscale_id(c)))
        .collect()
}

/// A component's subscale id.
fn subscale_id(component: Component) -> SubscaleId {
    // The components' ids are lowercase ASCII words joined by `_`, valid identifiers (the
    // `component_ids_are_valid_subscale_ids` test).
    component
        .id()
        .parse()
        .expect("a component's id is a valid subscale id")
}
