//! One module per area, each with its subcommands and one `run`.

pub mod audit;
pub mod backup;
pub mod bench;
pub mod docs;
pub mod hazard;
pub mod hq;
pub mod inspection;
pub mod notify;
pub mod plant;
pub mod receiver;
pub mod report;
pub mod settings;
pub mod shipping;
pub mod solid;
pub mod sync;
pub mod voc;
pub mod waste;
pub mod water;
