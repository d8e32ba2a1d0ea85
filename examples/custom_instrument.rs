//! An instrument implsci does not ship, implemented outside the crate, administered to the
//! practitioners of the example state, scored and rolled up every level.
//!
//! The instrument is NoMAD-shaped: 20 items on the four Normalization Process Theory
//! constructs (coherence 4, cognitive participation 4, collective action 7, reflexive
//! monitoring 5; Finch et al. 2018), rated 1 (strongly disagree) to 5 (strongly agree), with
//! "not relevant to my role" recorded as unanswered. `NoMAD` publishes no total score; the rule
//! below (construct means, a construct needing half its items, the total as the mean of the
//! four) is this example's own, to show how an instrument with its own rule plugs in.
//!
//! ```text
//! cargo run --example custom_instrument
//! ```

#![allow(clippy::cast_precision_loss)] // small counts and ratings

use implsci::id::{InstrumentId, SubscaleId};
use implsci::score::rollup::{Aggregate, Scored};
use implsci::score::{
    Administration, Instrument, InstrumentDefinition, ItemDefinition, MissingApplied, MissingRule,
    NotComputable, Response, Scale, Score, ScoreError, ScoreSubject, SubscaleDefinition,
    SubscaleScore,
};
use implsci::system::{System, When};

/// The four constructs and their item counts.
const CONSTRUCTS: [(&str, usize); 4] = [
    ("coherence", 4),
    ("cognitive-participation", 4),
    ("collective-action", 7),
    ("reflexive-monitoring", 5),
];

/// A NoMAD-shaped questionnaire, scored by construct means.
struct Normalization {
    definition: InstrumentDefinition,
}

impl Normalization {
    fn new() -> Result<Self, Box<dyn std::error::Error>> {
        let id: InstrumentId = "nomad-style".parse()?;
        let mut definition = InstrumentDefinition::new(
            id,
            "Normalization questionnaire (NoMAD-style)",
            "example-1",
            Scale::new(1.0, 5.0),
        );
        definition.missing = MissingRule::ProRate { max_missing: 10 };
        for (construct, items) in CONSTRUCTS {
            let sub: SubscaleId = construct.parse()?;
            definition.subscales.push(SubscaleDefinition::new(
                sub.clone(),
                construct.replace('-', " "),
            ));
            for k in 1..=items {
                definition.items.push(ItemDefinition::new(
                    format!("{construct}-{k}").parse()?,
                    Some(sub.clone()),
                ));
            }
        }
        Ok(Self { definition })
    }
}

impl Instrument for Normalization {
    fn definition(&self) -> &InstrumentDefinition {
        &self.definition
    }

    fn score(&self, administration: &Administration) -> Result<Score, ScoreError> {
        let def = &self.definition;
        if administration.instrument != def.id {
            return Err(ScoreError::WrongInstrument {
                expected: def.id.clone(),
                found: administration.instrument.clone(),
            });
        }
        let mut subscales = Vec::new();
        let mut missing = 0u32;
        for sub in &def.subscales {
            let items: Vec<_> = def
                .items
                .iter()
                .filter(|i| i.subscale.as_ref() == Some(&sub.id))
                .collect();
            let mut answered = Vec::new();
            for item in &items {
                match administration
                    .responses
                    .iter()
                    .find(|r| r.item == item.id)
                    .and_then(|r| r.value)
                {
                    Some(v) if def.scale.contains(v) => answered.push(v),
                    Some(v) => {
                        return Err(ScoreError::OutOfScale {
                            item: item.id.clone(),
                            value: v,
                            min: 1.0,
                            max: 5.0,
                        });
                    }
                    None => missing += 1,
                }
            }
            // This example's rule: a construct needs at least half of its items.
            let mean = (answered.len() * 2 >= items.len() && !answered.is_empty())
                .then(|| answered.iter().sum::<f64>() / answered.len() as f64);
            subscales.push(SubscaleScore::new(sub.id.clone(), mean, 5.0));
        }
        let means: Option<Vec<f64>> = subscales.iter().map(|s| s.points).collect();
        let total = means.map(|m| m.iter().sum::<f64>() / m.len() as f64);
        let mut score = Score::new(administration, MissingApplied::new(def.missing, missing));
        score.set_total(total, 5.0);
        score.subscales = subscales;
        if total.is_none() {
            score.not_computable = Some(NotComputable::TooManyMissing {
                missing,
                allowed: 10,
            });
        }
        Ok(score)
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let system = System::from_json(&std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/data/state_system.json"
    ))?)?;
    let instrument: Box<dyn Instrument> = Box::new(Normalization::new()?);

    // Every practitioner answers; the answers are made up, deterministic, and illustrative.
    let mut scores = Vec::new();
    for (n, p) in system.document().practitioners.iter().enumerate() {
        let mut admin = Administration::new(
            instrument.definition().id.clone(),
            "2025-03-01".parse()?,
            ScoreSubject::Practitioner(p.id.clone()),
        );
        for (k, item) in instrument.definition().items.iter().enumerate() {
            // Schools differ: the length of the unit's id tilts the answers up or down.
            let tilt = p.unit.as_str().len() % 3;
            let value = ((n * 7 + k * 3) % 3 + 1 + tilt) as f64;
            // Every ninth answer is "not relevant to my role".
            admin.responses.push(Response::new(item.id.clone(), value));
            if (n + k) % 9 == 0 {
                admin.responses.last_mut().ok_or("no response")?.value = None;
            }
        }
        scores.push(instrument.score(&admin)?);
    }

    let reduced: Vec<Scored> = scores.iter().map(Scored::from_score).collect();
    let rollup = system.rollup_practitioners(&reduced, Aggregate::Mean, When::Current)?;
    println!(
        "{} rolled up the example state (mean percent of the construct means):",
        instrument.definition().name
    );
    for row in &rollup.rows {
        let value = row
            .value
            .map_or_else(|| "not computable".to_string(), |v| format!("{v:.1}%"));
        println!(
            "  {:<10} {:<14} {:>15}   coverage {}",
            row.level.as_str(),
            row.unit.as_str(),
            value,
            row.coverage
        );
    }
    Ok(())
}
