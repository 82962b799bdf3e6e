//! Issue 12 item 3: the HJ 212-2017 parser against the conformance set in
//! `../shared/fixtures/hj212` (packets as real loggers send them, each with its verdict), and
//! hostile input: every malformed packet is refused with its reason, none panics.

use ehs_ledger::water::hj212::{self, DataFlag, RejectReason};
use std::path::PathBuf;

fn fixture(name: &str) -> Vec<u8> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/hj212");
    std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e} (the fixtures live in ../shared)"))
}

/// Guards the verdicts of the fixtures' README, and the values read from them.
#[test]
fn the_conformance_set_gets_its_verdicts() {
    let a = hj212::parse(&fixture("annex-a-official.txt")).unwrap();
    assert_eq!((a.cn.as_str(), a.mn.as_str()), ("1062", "010000A8900016F000169DC0"));
    assert_eq!(a.fields, vec![("RtdInterval".to_string(), "30".to_string())]);

    let w = hj212::parse(&fixture("wastewater-rtd-2011.txt")).unwrap();
    assert_eq!(w.cn, "2011");
    assert_eq!(w.data_time.unwrap().to_string(), "2021-03-20 01:34:00");
    let cod = w.factors.iter().find(|f| f.code == "w01018").unwrap();
    assert_eq!(cod.rtd.as_deref(), Some("194.200"));
    assert_eq!(cod.flag, Some(DataFlag::Normal));
    assert_eq!(cod.sample_time.unwrap().to_string(), "2021-03-20 01:34:00");
    assert_eq!(w.factors.iter().find(|f| f.code == "w00000").unwrap().rtd.as_deref(), Some("181.682"));
    assert_eq!(w.factors.len(), 6);

    let h = hj212::parse(&fixture("wastewater-hour-2061.txt")).unwrap();
    assert_eq!((h.cn.as_str(), h.factors.len()), ("2061", 15));
    let nh3 = h.factors.iter().find(|f| f.code == "w21003").unwrap();
    assert_eq!(nh3.avg.as_deref(), Some("0.16"));

    let air = hj212::parse(&fixture("air-rtd-2011.txt")).unwrap();
    assert_eq!(air.factors.len(), 8, "Flag before Rtd is the same factor");
    assert!(air.factors.iter().all(|f| f.rtd.is_some() && f.flag == Some(DataFlag::Normal)));

    let bad = hj212::parse(&fixture("flue-gas-bad-length.txt")).unwrap_err();
    assert_eq!(bad.reason, RejectReason::BadLength);
    assert!(bad.detail.contains("declared length 428") && bad.detail.contains("431"), "{}", bad.detail);
    assert!(bad.detail.contains("CRC 0b40 does not match"), "{}", bad.detail);
}

/// Guards each refusal reason on a valid packet changed in one way.
#[test]
fn every_kind_of_damage_is_refused_with_its_reason() {
    let good = fixture("wastewater-rtd-2011.txt");
    let text = String::from_utf8(good.clone()).unwrap();
    let reason = |b: &[u8]| hj212::parse(b).unwrap_err().reason;
    // One changed digit in the data: the CRC.
    let changed = text.replacen("194.200", "194.201", 1);
    assert_eq!(reason(changed.as_bytes()), RejectReason::BadCrc);
    // Cut off mid-way (a dropped connection).
    assert_eq!(reason(&good[..200]), RejectReason::Truncated);
    assert_eq!(reason(b"##04"), RejectReason::BadHeader);
    assert_eq!(reason(b""), RejectReason::BadHeader);
    assert_eq!(reason(b"hello\r\n"), RejectReason::BadHeader);
    assert_eq!(reason("##0457中文".as_bytes()), RejectReason::BadHeader);
    // A re-framed packet with a valid CRC but an unknown command, a bad flag, an impossible date.
    let frame = |data: &str| format!("##{:04}{data}{:04X}\r\n", data.len(), hj212::crc16(data.as_bytes()));
    let base = "QN=20210320163101890;ST=32;CN=2011;PW=123456;MN=81733553213013;Flag=4;CP=&&DataTime=20210320013400;w01018-Rtd=194.2,w01018-Flag=N&&";
    assert!(hj212::parse(frame(base).as_bytes()).is_ok());
    assert!(hj212::parse(frame(base).trim_end().as_bytes()).is_ok(), "a log line without CR LF");
    for (data, want) in [
        (base.replace("CN=2011", "CN=7777"), RejectReason::UnknownCommand),
        (base.replace("Flag=N", "Flag=Q"), RejectReason::BadField),
        (base.replace("DataTime=20210320013400", "DataTime=20210230013400"), RejectReason::BadField),
        (base.replace("194.2", "1.9e2"), RejectReason::BadField),
        (base.replace("w01018-Rtd", "w1018-Rtd"), RejectReason::BadField),
        (base.replace(",w01018-Flag=N", ",w01018-Rtd=1"), RejectReason::BadField),
        (base.replace("CP=&&", "CP=&"), RejectReason::BadField),
        (base.trim_end_matches("&&").to_string(), RejectReason::BadField),
    ] {
        let r = hj212::parse(frame(&data).as_bytes()).unwrap_err();
        assert_eq!(r.reason, want, "{data}: {r}");
    }
    // Declared length over the standard's 1024.
    assert_eq!(reason(b"##9999abcd"), RejectReason::BadLength);
}

/// Guards against panics: every prefix and many single-byte changes of every fixture give a
/// packet or a refusal.
#[test]
fn no_input_panics() {
    let mut n = 0;
    for name in ["annex-a-official.txt", "wastewater-rtd-2011.txt", "wastewater-hour-2061.txt", "air-rtd-2011.txt"] {
        let good = fixture(name);
        for end in 0..good.len() {
            let _ = hj212::parse(&good[..end]);
            n += 1;
        }
        for i in 0..good.len() {
            for b in [0u8, b'#', b'&', b';', b',', b'=', b'-', 0xFF, b'\n'] {
                let mut v = good.clone();
                v[i] = b;
                let _ = hj212::parse(&v);
                n += 1;
            }
        }
    }
    assert!(n > 10_000);
}

/// A packet log split into lines: every non-blank line is an item, numbered.
#[test]
fn a_log_is_split_into_numbered_lines() {
    let mut log = fixture("annex-a-official.txt");
    log.extend_from_slice(b"\r\n   \r\ngarbage\n");
    log.extend(fixture("wastewater-rtd-2011.txt"));
    let items = hj212::split_log(&log);
    assert_eq!(items.iter().map(|(l, _)| *l).collect::<Vec<_>>(), vec![1, 4, 5]);
    let verdicts: Vec<bool> = items.iter().map(|(_, b)| hj212::parse(b).is_ok()).collect();
    assert_eq!(verdicts, vec![true, false, true]);
}
