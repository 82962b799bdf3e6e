//! Outbound shipments with their transfer manifests (转移联单) — HJ 1259-2022 B.5 委外利用/处置 —
//! and the receiver's confirmation.
//!
//! One shipment is one vehicle trip under one manifest number, with one line per container.
//! Shipping posts, in one transaction, the B.3 take-out of every container (never more than its
//! stock), the shipment and its B.5 lines; it is refused when the receiver's (or transporter's)
//! licence is not in force on the shipping day or does not cover a line's code, unless an admin
//! overrides with a written reason (kept on the shipment and in the audit trail). The
//! confirmation records the received weight per line, reconciled against the shipped weight
//! with the plant's tolerance; it is due 5 working days after receipt (plant calendar).
//! A shipment is never edited: voiding it reverses its take-outs.
//!
//! By concern: `check` (every rule, read-only, and the preview), `ship` (posting and voiding),
//! `confirm` (the receiver's confirmation), `read` (shipments with their chain), `alerts`
//! (confirmations due or overdue).

mod alerts;
mod check;
mod confirm;
mod read;
mod ship;

pub use alerts::*;
pub use check::*;
pub use confirm::*;
pub use read::*;
pub use ship::*;
