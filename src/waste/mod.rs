//! Hazardous waste (HJ 1259-2022). This release: the catalogue ([`catalogue`]), the plant's
//! waste streams ([`stream`]) and the generation ledger ([`generation`], table B.1). Storage,
//! shipments and manifests build on these.

pub mod catalogue;
pub mod generation;
pub mod stream;
