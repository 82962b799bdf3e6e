//! Wastewater and VOCs (issue 12). So far: [`hj212`], the parser of the packets online
//! monitors' data loggers send (HJ 212-2017), pure and total — every input gives a packet or a
//! refusal with its reason.

pub mod hj212;
