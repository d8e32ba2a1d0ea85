//! Named implementation frameworks as views over the model: what each framework says a system
//! must have, and where the crate's data holds the evidence for it.
//!
//! A framework here names its components with their published definitions and reads the
//! crate's measures (alignment, coaching, improvement cycles, driver ratings, scores) as
//! evidence for each. Where the framework publishes no rubric and no crosswalk to the Active
//! Implementation Frameworks, the mapping is **this crate's reading**, marked
//! [`MappingBasis::ByDefinition`](crate::stage::MappingBasis::ByDefinition) as the stage
//! crosswalks are, and every output says so.
//!
//! - [`impact`]: the IMPACT Framework (IMPACT Learning and Leading Group; Pizzuto & Carney,
//!   *Implement with IMPACT*, 2024): six components, each unit's [`impact::ImpactProfile`], and
//!   the shape of a self-assessment grouped by component.
//!
//! ```
//! use implsci::framework::impact::Component;
//! assert_eq!(Component::ALL.len(), 6);
//! assert_eq!(Component::ALL[0].label(), "Inclusion");
//! ```

pub mod impact;
