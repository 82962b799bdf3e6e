//! Storage facilities and container movements (HJ 1259-2022 B.2 入库 / B.3 出库).
//!
//! Stock is never stored: a container's stock in a facility is the sum of its movements
//! (into − out). Every movement is checked against that derived stock in the same write
//! transaction, so no container, facility or stream can go negative. A wrong movement is
//! cancelled by a reversal row with a reason; nothing is edited or deleted. Alerts (storage
//! age, 贮存点 3 t cap, permitted capacity) are computed from the same sums with
//! [`rules`].

//!
//! Folders by concern: [`facility`] (kinds, registration), `movement` (B.2/B.3 and reversals),
//! `stock` (derived balances and containers in stock), `putaway` (the checks before a put-away:
//! 贮存点 cap, capacity, incompatible wastes — and their editable pair register), `alerts` (storage alerts through the one
//! alert model), `overview` (the inventory screen), [`rules`] (pure clocks and caps) and
//! [`totals`] (reads and checks of the trigger-kept caches).

mod alerts;
pub mod facility;
mod movement;
mod overview;
mod putaway;
pub mod rules;
mod stock;
pub mod totals;

pub use alerts::*;
pub use facility::*;
pub use movement::*;
pub use overview::*;
pub use putaway::*;
use stock::facility_stock;
pub use stock::*;
