//! Scoring: passage [`features`] of the weighed findings, the logistic [`model`], the
//! passage [`score`] (in sections for long texts), passage [`acceptance`] of weak findings
//! once a passage surely is spun, and the per-paper verdict of tortured-phrase screening
//! ([`paper`]).

pub(crate) mod acceptance;
pub(crate) mod features;
pub(crate) mod model;
pub(crate) mod paper;
pub(crate) mod score;
