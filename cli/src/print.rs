//! Output shared by the areas: JSON, the one-line forms of movements, shipments, receivers and
//! solid-waste records, ledger tables, GRI figures, alerts and their severity.

use chrono::NaiveDate;
use ehs_ledger::alerts::Alert;
use ehs_ledger::units::Grams;
use ehs_ledger::waste::category::PlantCategory;
use ehs_ledger::waste::export::TableView;
use ehs_ledger::waste::gri::{percent, GriWaste};
use ehs_ledger::waste::receiver::Counterparty;
use ehs_ledger::waste::shipment::Shipment;
use ehs_ledger::waste::{solid, storage};
use ehs_ledger::Error;
use serde::Serialize;

/// Pretty JSON on stdout (every `--json`).
pub fn json<T: Serialize + ?Sized>(v: &T) -> Result<(), Error> {
    println!("{}", serde_json::to_string_pretty(v)?);
    Ok(())
}

/// `waste alerts` / `receiver alerts`: one line per alert (most urgent first, as the core sorts
/// them), or the list as JSON.
pub fn alerts(day: NaiveDate, list: &[Alert], empty: &str, json: bool) -> Result<(), Error> {
    if json {
        return self::json(list);
    }
    if list.is_empty() {
        println!("{empty} on {day}");
    }
    for a in list {
        // Severity first, upper case: CRITICAL, WARNING, INFO.
        println!("{:<8} {:<24} {}", a.severity.as_str().to_uppercase(), a.subject, a.message);
    }
    Ok(())
}

/// `waste category`: the management category with the reason it came out that way, its
/// inputs, the years, and the filings due.
pub fn category(c: &PlantCategory, json: bool) -> Result<(), Error> {
    if json {
        return self::json(c);
    }
    println!("{} ({}): {}", c.category_zh, c.category, c.reason);
    if c.computed != c.category {
        println!("  computed from the inputs: {}", c.computed);
    }
    let i = &c.inputs;
    let yes_no = |b: bool| if b { "yes" } else { "no" };
    println!(
        "  inputs: {} year(s) of ledger{}; EIA/permit estimate {}; operating licence {}; own facility {}",
        i.years_of_ledger,
        i.ledger_since.as_deref().map(|d| format!(" (since {d})")).unwrap_or_default(),
        i.eia_estimate_t.as_deref().map(|t| format!("{t} t")).unwrap_or_else(|| "not set".into()),
        yes_no(i.operating_licence),
        yes_no(i.own_facility),
    );
    if let Some(a) = i.authority_category {
        println!(
            "  authority: {a} ({}{})",
            i.authority_doc,
            i.authority_date.as_deref().map(|d| format!(", {d}")).unwrap_or_default()
        );
    }
    for (y, t) in &c.years {
        println!("  {y}: {t} t");
    }
    println!("  this year so far: {} t", c.ytd_t);
    for f in &c.upcoming {
        println!("  due {} ({} days): {} {}", f.due, f.days_left, f.filing, f.period);
    }
    Ok(())
}

/// A storage movement (入库, 出库, reversal).
pub fn movement(m: &storage::Movement, json: bool) -> Result<(), Error> {
    if json {
        return self::json(m);
    }
    println!("{} {} {} {} {} kg ({})", m.batch_code, m.kind, m.facility_code, m.container_id, m.quantity_kg, m.id);
    Ok(())
}

/// A shipment with its lines and each line's chain back to generation.
pub fn shipment(s: &Shipment, json: bool) -> Result<(), Error> {
    if json {
        return self::json(s);
    }
    println!(
        "manifest {}  {}  {} → {}  {} kg  {}  due {}{}",
        s.manifest_no,
        s.status.as_str(),
        s.shipped_at_local,
        s.receiver_name,
        s.total_kg,
        s.purpose,
        s.confirmation_due,
        if s.overdue { "  OVERDUE" } else { "" }
    );
    if s.accepted_total_g != s.total_g {
        println!("  accepted {} kg (rejected lines are back in stock and not counted)", s.accepted_total_kg);
    }
    if s.confirmed_late {
        println!("  confirmed LATE: after the deadline {}", s.confirmation_due);
    }
    for l in &s.lines {
        println!(
            "  {:>2} {} {:<12} {} {:>12} kg{}{}  chain {} ← {} ← {}",
            l.line_no,
            l.batch_code,
            l.container_id,
            l.code,
            l.quantity_kg,
            l.received_kg.as_ref().map(|r| format!(" / received {r} kg")).unwrap_or_default(),
            match (l.rejected, &l.return_batch) {
                (false, _) => String::new(),
                (true, Some(b)) => format!("  REJECTED, back in stock {b}"),
                (true, None) => "  REJECTED, return not booked (waste return)".into(),
            },
            l.out_batch,
            l.in_batch.as_deref().unwrap_or("-"),
            l.generation_batch.as_deref().unwrap_or("-"),
        );
    }
    if let Some(w) = &s.manifest_warning {
        println!("  warning: {w}");
    }
    if let Some(r) = &s.override_reason {
        println!("  licence override: {r}");
    }
    Ok(())
}

/// A receiver or transporter with the licence in force.
pub fn party(c: &Counterparty, json: bool) -> Result<(), Error> {
    if json {
        return self::json(c);
    }
    let lic = c
        .current
        .as_ref()
        .map(|l| format!("{} {} → {} [{}]", l.licence_no, l.licence_type, l.valid_to, l.categories.join(",")))
        .unwrap_or_else(|| "no licence in force".into());
    println!("{:<12} {:<30} {:?}  {lic}  ({})", c.kind, c.name, c.status, c.id);
    Ok(())
}

/// A general solid-waste record (generation or outbound).
pub fn sw_record(r: &solid::SwRecord, json: bool) -> Result<(), Error> {
    if json {
        return self::json(r);
    }
    println!(
        "{} {} {} {} {} t {}{}",
        r.batch_code,
        r.at_local,
        r.code,
        r.stream_name,
        r.quantity_t,
        r.route.map(|r| r.as_str()).unwrap_or(""),
        if r.receiver_name.is_empty() { String::new() } else { format!(" → {}", r.receiver_name) }
    );
    Ok(())
}

/// A ledger table as tab-separated text: title, subtitle, header, rows, footer.
pub fn table(v: &TableView, json: bool) -> Result<(), Error> {
    if json {
        return self::json(v);
    }
    println!("{}", v.title);
    for line in &v.subtitle {
        println!("{line}");
    }
    println!("{}", v.columns.iter().map(|c| c.header.as_str()).collect::<Vec<_>>().join("\t"));
    for r in &v.rows {
        println!("{}", r.join("\t"));
    }
    if (v.rows.len() as u32) < v.total_rows {
        println!("… {} of {} rows shown", v.rows.len(), v.total_rows);
    }
    for line in &v.footer {
        println!("{line}");
    }
    Ok(())
}

/// GRI 306-3/4/5 for a period: generated, diverted, disposed of, by route, and both rates.
pub fn gri(g: &GriWaste, json: bool) -> Result<(), Error> {
    if json {
        return self::json(g);
    }
    let t = |g: i64| Grams(g).t_string();
    println!("GRI 306 waste, {} – {}", g.from, g.to);
    println!(
        "306-3 generated: hazardous {} t, non-hazardous {} t",
        t(g.generated_hazardous_g),
        t(g.generated_non_hazardous_g)
    );
    println!(
        "306-4 diverted: {} t    306-5 disposal: {} t    stock change {} t",
        t(g.diverted_g),
        t(g.disposal_g),
        t(g.stock_change_g)
    );
    for r in &g.routes {
        println!(
            "  {:<16} {:<13} {:<8} {:>12} t",
            r.route,
            if r.hazardous { "hazardous" } else { "non-hazardous" },
            if r.onsite { "onsite" } else { "offsite" },
            r.tonnes
        );
    }
    let pct = |b: Option<i64>| b.map(|b| format!("{} %", percent(b))).unwrap_or_else(|| "n/a".into());
    println!("GRI diversion (306-4 / 306-3): {}", pct(g.gri_diversion_bp));
    println!("Zero-waste-to-landfill diversion (WtE counts as diverted): {}", pct(g.zwtl_diversion_bp));
    if !g.unmapped_methods.is_empty() {
        println!("note: methods without a GRI mapping, counted by purpose: {}", g.unmapped_methods.join(", "));
    }
    Ok(())
}
