//! Hazardous waste (HJ 1259-2022). Stored: the catalogue ([`catalogue`]), the plant's waste
//! streams ([`stream`]) and the generation ledger ([`generation`], table B.1). Pure rules that
//! storage, shipments and manifests will build on: management category and declaration
//! calendar ([`category`]), manifest numbers, confirmation deadlines and weight reconciliation
//! ([`manifest`]), storage clocks, the 贮存点 cap and containment ([`storage_rules`]), HJ 1276
//! label IDs ([`label`]).

pub mod catalogue;
pub mod category;
pub mod export;
pub mod generation;
pub mod gri;
pub mod import;
pub mod label;
pub mod manifest;
pub mod own;
pub mod receiver;
pub mod shipment;
pub mod solid;
pub mod storage;
pub mod storage_rules;
pub mod storage_totals;
pub mod stream;
