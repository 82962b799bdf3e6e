//! HQ mode (issue 11): what the group's HQ does with the plants' weekly packets. So far only the
//! appendix's arithmetic (`rounding`): how a consolidated figure is rounded, reconciled with its
//! segment columns and turned into an intensity, exactly.
pub mod rounding;
