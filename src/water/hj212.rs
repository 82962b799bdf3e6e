//! HJ 212-2017 packets (污染物在线监控（监测）系统数据传输标准), as online monitors' data
//! loggers send them (issue 12 item 3). Pure: bytes in, a [`Packet`] or a [`Rejection`] with its
//! reason out — never a panic, whatever the input (a listener and a file import both count the
//! rejections and go on).
//!
//! ```text
//! ##0457QN=20210320163101890;ST=32;CN=2011;PW=123456;MN=81733553213013;Flag=4;CP=&&DataTime=20210320013400;w01018-Rtd=194.200,w01018-Flag=N&&6E80\r\n
//! ^^ ^^^^ data segment (declared length: 4 digits, at most 1024)                                                                    ^^^^ CRC16
//! ```
//!
//! - **Frame**: `##`, the data segment's length in 4 decimal digits, the data segment, the CRC of
//!   the data segment in 4 hex digits (either case), then CR LF (optional here: a log file may
//!   have lost it). A declared length that is not the segment's, a CRC that does not match, a
//!   frame cut short: each is refused saying so.
//! - **CRC** (Annex A): register 0xFFFF; per byte `reg = (reg >> 8) ^ byte`, then 8 times shift
//!   right, XOR 0xA001 when the bit shifted out was 1.
//! - **Data segment**: `QN`, `ST`, `CN`, `PW`, `MN`, `Flag` (and `PNUM`/`PNO` of split packets)
//!   separated by `;`, then `CP=&&…&&`. `CN` must be a command this module knows ([`COMMANDS`]).
//! - **CP**: groups separated by `;`, fields by `,`, each `key=value`. `code-Suffix` fields belong
//!   to a monitoring factor (`w01018-Rtd=194.2`, `w01018-Flag=N`, `w21003-SampleTime=…`; their
//!   order is free); other keys (`DataTime`, `RtdInterval`, …) to the packet. A factor code has
//!   the 2017 shape (a letter and 5 digits, `w01018`) or the 2005 shape (3 characters, `011`);
//!   the 2005 codes this app reads are mapped to their 2017 codes ([`LEGACY_CODES`]).
//! - **Values** are kept as the decimal text sent (`194.200`): loads are computed exactly from
//!   it, never through a float. **Data flags** are N, F, M, S, D, C, T, B ([`DataFlag`]).
//! - **Times** (`QN`, `DataTime`, `SampleTime`) are the logger's local time, `YYYYMMDDhhmmss`
//!   (`QN` adds milliseconds); a date that does not exist is refused.

use chrono::NaiveDateTime;
use serde::Serialize;

/// The most a data segment may hold (HJ 212-2017 §6.3.1: 0–1024 characters).
pub const MAX_DATA_LEN: usize = 1024;

/// Commands (`CN`) this module reads: uploads of data and status, and the set/query commands and
/// replies a logger mixes into the same log.
pub const COMMANDS: &[(&str, &str)] = &[
    ("1000", "set timeout and retries"),
    ("1011", "query field time"),
    ("1012", "set field time"),
    ("1013", "field time calibration request"),
    ("1061", "query real-time data interval"),
    ("1062", "set real-time data interval"),
    ("1063", "query minute data interval"),
    ("1064", "set minute data interval"),
    ("1072", "set field access password"),
    ("2011", "real-time data"),
    ("2012", "stop sending real-time data"),
    ("2021", "equipment running status"),
    ("2022", "stop sending running status"),
    ("2031", "daily data"),
    ("2041", "daily equipment running time"),
    ("2051", "minute data"),
    ("2061", "hourly data"),
    ("2081", "logger restart time"),
    ("3020", "upload field equipment information"),
    ("9011", "request reply"),
    ("9012", "execution result"),
    ("9013", "notification reply"),
    ("9014", "data reply"),
];

/// HJ 212-2005 factor codes old loggers still send, and their 2017 codes.
pub const LEGACY_CODES: &[(&str, &str)] = &[
    ("B01", "w00000"), // flow
    ("001", "w01001"), // pH
    ("010", "w01017"), // BOD5
    ("011", "w01018"), // COD
    ("060", "w21003"), // NH3-N
    ("065", "w21001"), // TN
    ("101", "w21011"), // TP
];

crate::text_enum! {
    /// A value's data flag (HJ 212-2017 Table 8).
    pub enum DataFlag {
        /// Normal.
        Normal = "N",
        /// The monitored equipment stopped (停运).
        Stopped = "F",
        /// Maintenance (维护).
        Maintenance = "M",
        /// Set or entered by hand (手工输入).
        Manual = "S",
        /// Fault (故障).
        Fault = "D",
        /// Calibration (校准).
        Calibration = "C",
        /// Over the upper measuring limit (超测上限).
        OverRange = "T",
        /// Communication abnormal (通讯异常).
        CommFault = "B",
    }
}

impl DataFlag {
    /// Whether a value with this flag is valid monitoring data (HJ 356: only normal data counts).
    pub fn is_valid(self) -> bool {
        self == DataFlag::Normal
    }
}

/// One monitoring factor of a packet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Factor {
    /// The 2017 code (`w01018`); a 2005 code is mapped ([`LEGACY_CODES`]).
    pub code: String,
    /// The code as sent, when it was a 2005 code.
    pub sent_as: Option<String>,
    pub rtd: Option<String>,
    pub avg: Option<String>,
    pub min: Option<String>,
    pub max: Option<String>,
    pub cou: Option<String>,
    pub flag: Option<DataFlag>,
    pub sample_time: Option<NaiveDateTime>,
    /// Other `code-Suffix` fields (`ZsRtd`, `EFlag`, …) as sent, in order.
    pub other: Vec<(String, String)>,
}

/// A packet that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packet {
    /// Request number: the logger's time with milliseconds (`YYYYMMDDhhmmsszzz`).
    pub qn: Option<String>,
    /// System code (`32` surface water, `21`/`22` air …).
    pub st: Option<String>,
    /// Command code, one of [`COMMANDS`].
    pub cn: String,
    /// Access password, as sent (never shown).
    pub pw: Option<String>,
    /// The monitoring point's unique code.
    pub mn: String,
    pub flag: Option<u32>,
    /// `DataTime` of the CP: the time the values are for (logger local time).
    pub data_time: Option<NaiveDateTime>,
    pub factors: Vec<Factor>,
    /// Other CP fields (`RtdInterval`, …) as sent, in order.
    pub fields: Vec<(String, String)>,
}

crate::text_enum! {
    /// Why a packet was refused (counted per reason by the listener and the import).
    pub enum RejectReason {
        /// Not `##` + 4 digits at the start (or not ASCII text).
        BadHeader = "bad_header",
        /// The declared length is not the data segment's.
        BadLength = "bad_length",
        /// The frame ends before its CRC.
        Truncated = "truncated",
        /// The CRC does not match the data segment.
        BadCrc = "bad_crc",
        /// A command code this module does not know.
        UnknownCommand = "unknown_command",
        /// A field is malformed (missing `=`, an unknown factor code shape, a bad value or time).
        BadField = "bad_field",
    }
}

/// A refused packet: the reason and a sentence naming what was wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejection {
    pub reason: RejectReason,
    pub detail: String,
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.reason, self.detail)
    }
}

fn reject(reason: RejectReason, detail: impl Into<String>) -> Rejection {
    Rejection { reason, detail: detail.into() }
}

/// The HJ 212 CRC16 of `data` (Annex A).
pub fn crc16(data: &[u8]) -> u16 {
    let mut reg: u16 = 0xFFFF;
    for &b in data {
        reg = (reg >> 8) ^ u16::from(b);
        for _ in 0..8 {
            let out = reg & 1;
            reg >>= 1;
            if out == 1 {
                reg ^= 0xA001;
            }
        }
    }
    reg
}

/// A short, printable excerpt of untrusted text for a message.
fn shown(s: &str) -> String {
    let t: String = s.chars().take(40).collect();
    let t = crate::text::shown(&t);
    if s.chars().count() > 40 {
        format!("{t}…")
    } else {
        t
    }
}

fn time14(field: &str, v: &str) -> Result<NaiveDateTime, Rejection> {
    if v.len() != 14 || !v.bytes().all(|b| b.is_ascii_digit()) {
        return Err(reject(RejectReason::BadField, format!("{field} '{}' is not YYYYMMDDhhmmss", shown(v))));
    }
    NaiveDateTime::parse_from_str(v, "%Y%m%d%H%M%S")
        .map_err(|_| reject(RejectReason::BadField, format!("{field} '{v}' is not a date and time that exists")))
}

fn decimal(field: &str, v: &str) -> Result<String, Rejection> {
    let body = v.strip_prefix('-').unwrap_or(v);
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let ok = !int.is_empty()
        && int.len() <= 15
        && frac.len() <= 9
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
        && (!body.contains('.') || !frac.is_empty());
    if ok {
        Ok(v.to_string())
    } else {
        Err(reject(RejectReason::BadField, format!("{field} '{}' is not a decimal number", shown(v))))
    }
}

/// The 2017 code of a factor code as sent (`None`: not a factor code's shape).
fn factor_code(code: &str) -> Option<(String, Option<String>)> {
    let b = code.as_bytes();
    if b.len() == 6 && b[0].is_ascii_lowercase() && b[1..].iter().all(u8::is_ascii_digit) {
        return Some((code.to_string(), None));
    }
    LEGACY_CODES.iter().find(|(old, _)| *old == code).map(|(old, new)| (new.to_string(), Some(old.to_string())))
}

/// Parses one packet (`##…` up to and including its optional CR LF).
pub fn parse(bytes: &[u8]) -> Result<Packet, Rejection> {
    let text = std::str::from_utf8(bytes)
        .ok()
        .filter(|t| t.is_ascii())
        .ok_or_else(|| reject(RejectReason::BadHeader, "the packet is not ASCII text"))?;
    let frame = text.strip_suffix("\r\n").unwrap_or(text);
    if !frame.starts_with("##") {
        return Err(reject(RejectReason::BadHeader, format!("a packet starts with ##, not '{}'", shown(frame))));
    }
    let len_text = frame.get(2..6).filter(|l| l.len() == 4 && l.bytes().all(|b| b.is_ascii_digit()));
    let Some(len_text) = len_text else {
        return Err(reject(RejectReason::BadHeader, "## is not followed by a 4-digit data length"));
    };
    let declared: usize = len_text.parse().map_err(|_| reject(RejectReason::BadHeader, "bad data length"))?;
    if declared > MAX_DATA_LEN {
        return Err(reject(RejectReason::BadLength, format!("declared length {declared} is over {MAX_DATA_LEN}")));
    }
    let rest = &frame[6..];
    // The CRC is the last 4 characters when they are hex and the segment is not shorter than declared.
    let crc_ok_shape = |s: &str| s.len() == 4 && s.bytes().all(|b| b.is_ascii_hexdigit());
    if rest.len() < 4 || !crc_ok_shape(&rest[rest.len() - 4..]) {
        return Err(reject(
            RejectReason::Truncated,
            format!("the frame ends without a CRC (declared length {declared}, {} characters follow)", rest.len()),
        ));
    }
    let (data, crc_text) = rest.split_at(rest.len() - 4);
    if data.len() != declared {
        if data.len() < declared && !data.ends_with("&&") {
            return Err(reject(
                RejectReason::Truncated,
                format!("declared length {declared}, but only {} characters arrived", data.len()),
            ));
        }
        let mut detail = format!("declared length {declared}, data segment is {} characters", data.len());
        if u16::from_str_radix(crc_text, 16).ok() != Some(crc16(data.as_bytes())) {
            detail.push_str(&format!("; CRC {crc_text} does not match"));
        }
        return Err(reject(RejectReason::BadLength, detail));
    }
    let want = crc16(data.as_bytes());
    if u16::from_str_radix(crc_text, 16).ok() != Some(want) {
        return Err(reject(
            RejectReason::BadCrc,
            format!("CRC {crc_text} does not match the data segment ({want:04X})"),
        ));
    }
    parse_segment(data)
}

fn parse_segment(data: &str) -> Result<Packet, Rejection> {
    let cp_at = data.find("CP=&&").ok_or_else(|| reject(RejectReason::BadField, "no CP=&&…&& in the data segment"))?;
    let head = &data[..cp_at];
    let cp_all = &data[cp_at + 5..];
    let cp = cp_all
        .strip_suffix("&&")
        .ok_or_else(|| reject(RejectReason::BadField, "CP=&& is not closed by && at the end of the data segment"))?;
    let mut p = Packet {
        qn: None,
        st: None,
        cn: String::new(),
        pw: None,
        mn: String::new(),
        flag: None,
        data_time: None,
        factors: Vec::new(),
        fields: Vec::new(),
    };
    for item in head.split(';').filter(|s| !s.is_empty()) {
        let (k, v) = item
            .split_once('=')
            .ok_or_else(|| reject(RejectReason::BadField, format!("'{}' is not key=value", shown(item))))?;
        match k {
            "QN" => {
                if v.len() != 17 || !v.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(reject(RejectReason::BadField, format!("QN '{}' is not YYYYMMDDhhmmsszzz", shown(v))));
                }
                time14("QN", &v[..14])?;
                p.qn = Some(v.to_string());
            }
            "ST" => p.st = Some(v.to_string()),
            "CN" => p.cn = v.to_string(),
            "PW" => p.pw = Some(v.to_string()),
            "MN" => p.mn = v.to_string(),
            "Flag" => {
                p.flag = Some(v.parse().map_err(|_| {
                    reject(RejectReason::BadField, format!("Flag '{}' is not a whole number", shown(v)))
                })?)
            }
            "PNUM" | "PNO" => p.fields.push((k.to_string(), v.to_string())),
            other => {
                return Err(reject(RejectReason::BadField, format!("'{}' is not a data-segment field", shown(other))))
            }
        }
    }
    if p.cn.is_empty() {
        return Err(reject(RejectReason::BadField, "no CN (command code)"));
    }
    if !COMMANDS.iter().any(|(c, _)| *c == p.cn) {
        return Err(reject(
            RejectReason::UnknownCommand,
            format!("CN '{}' is not a command this app reads", shown(&p.cn)),
        ));
    }
    if p.mn.is_empty() || p.mn.len() > 24 {
        return Err(reject(RejectReason::BadField, format!("MN '{}' is not a monitoring point code", shown(&p.mn))));
    }
    for group in cp.split(';').filter(|s| !s.is_empty()) {
        for item in group.split(',').filter(|s| !s.is_empty()) {
            let (k, v) = item
                .split_once('=')
                .ok_or_else(|| reject(RejectReason::BadField, format!("'{}' in CP is not key=value", shown(item))))?;
            let Some((code, suffix)) = k.split_once('-') else {
                if k == "DataTime" {
                    p.data_time = Some(time14("DataTime", v)?);
                } else {
                    p.fields.push((k.to_string(), v.to_string()));
                }
                continue;
            };
            let (code17, sent_as) = factor_code(code).ok_or_else(|| {
                reject(
                    RejectReason::BadField,
                    format!("'{}' is not a factor code (w01018, a21026, 011 …)", shown(code)),
                )
            })?;
            let i = match p.factors.iter().position(|f| f.code == code17) {
                Some(i) => i,
                None => {
                    p.factors.push(Factor { code: code17, sent_as, ..Factor::default() });
                    p.factors.len() - 1
                }
            };
            let f = &mut p.factors[i];
            let name = format!("{code}-{suffix}");
            let slot = match suffix {
                "Rtd" => Some(&mut f.rtd),
                "Avg" => Some(&mut f.avg),
                "Min" => Some(&mut f.min),
                "Max" => Some(&mut f.max),
                "Cou" => Some(&mut f.cou),
                _ => None,
            };
            if let Some(slot) = slot {
                if slot.is_some() {
                    return Err(reject(RejectReason::BadField, format!("{name} is given twice")));
                }
                *slot = Some(decimal(&name, v)?);
                continue;
            }
            match suffix {
                "Flag" => {
                    f.flag = Some(DataFlag::parse("flag", v).map_err(|_| {
                        reject(RejectReason::BadField, format!("{name} '{}' is not one of N F M S D C T B", shown(v)))
                    })?)
                }
                "SampleTime" => f.sample_time = Some(time14(&name, v)?),
                _ => f.other.push((suffix.to_string(), v.to_string())),
            }
        }
    }
    Ok(p)
}

/// Splits a log of packets (a file a logger or a gateway wrote, one packet per line, CR LF or
/// LF) into its non-blank lines with their 1-based line numbers. Every line is returned — one
/// that is not a packet is refused by [`parse`] with its reason and counted, never dropped.
pub fn split_log(bytes: &[u8]) -> Vec<(usize, &[u8])> {
    let mut out = Vec::new();
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        out.push((i + 1, line));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Guards the CRC against the standard's Annex A example (data segment → 1C80).
    #[test]
    fn crc_of_the_annex_a_example() {
        let data =
            b"QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&";
        assert_eq!(crc16(data), 0x1C80);
    }

    #[test]
    fn values_are_decimal_text_and_flags_are_closed() {
        assert!(decimal("x", "194.200").is_ok());
        assert!(decimal("x", "-0.5").is_ok());
        for bad in ["", "1e5", "1.", ".5", "NaN", "1,5", "１"] {
            assert!(decimal("x", bad).is_err(), "{bad}");
        }
        assert!(DataFlag::parse("f", "N").is_ok());
        assert!(DataFlag::parse("f", "X").is_err());
    }
}
