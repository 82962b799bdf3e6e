//! A manual outfall for the tests that need a wastewater exceedance: DW001 with COD sampled
//! monthly against an upper limit of 100 mg/L, and one lab sample at a time.

use chrono::{DateTime, Utc};
use ehs_ledger::plant::Session;
use ehs_ledger::water::outfall::{
    self, DischargeMode, Frequency, MonitoringMethod, NewLimit, NewOutfall, NewParam, UnitClass,
};
use ehs_ledger::water::readings::{self, SampleInput, SampleValue};
use ehs_ledger::Store;

/// Adds DW001 (direct, key unit) with COD ≤ 100 mg/L, sampled monthly by hand.
pub fn cod_outfall(store: &mut Store, admin: &Session, now: DateTime<Utc>) {
    outfall::add(
        store,
        admin,
        NewOutfall {
            code: "DW001".into(),
            name: "总排口".into(),
            discharge_mode: DischargeMode::Direct,
            unit_class: UnitClass::Key,
            receiving: String::new(),
            permit_no: String::new(),
            permit_expires_on: None,
            mn: None,
            params: vec![NewParam {
                code: "cod".into(),
                name: None,
                method: MonitoringMethod::Manual,
                frequency: Frequency::Monthly,
                factor_code: None,
                limits: vec![NewLimit {
                    upper: Some("100".into()),
                    lower: None,
                    months: None,
                    valid_from: "2020-01-01".into(),
                    basis: String::new(),
                }],
            }],
        },
        now,
    )
    .unwrap();
}

/// One COD lab result at DW001, sampled at plant-local `at` (`YYYY-MM-DDTHH:MM`).
pub fn cod_sample(store: &mut Store, admin: &Session, at: &str, value: &str, now: DateTime<Utc>) {
    readings::add_sample(
        store,
        admin,
        SampleInput {
            outfall: "DW001".into(),
            sampled_at: at.into(),
            lab: "lab".into(),
            values: vec![SampleValue { param: "cod".into(), value: value.into(), method: String::new() }],
        },
        now,
    )
    .unwrap();
}
