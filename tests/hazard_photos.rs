//! Hazard photos (issue 13 item 2) and the rectification notice (item 6): real JPEG and PNG
//! photos made here, stored once by SHA-256 beside the database with a downscaled copy ≤ 1,280
//! px; refusals at capture (too large, not an image, too many pixels) name the field and write
//! nothing; an after photo only once the hazard is being rectified, paired with its before photo;
//! a file swapped on disk is caught by `read` and `check`; the notice PDF carries the number, the
//! close-out and the photos as image XObjects.

mod common;

use chrono::{DateTime, Duration, TimeZone, Utc};
use ehs_ledger::hazards::hazard::{self, AssignInput, HazardLevel, HazardSource, NewHazard};
use ehs_ledger::hazards::notice;
use ehs_ledger::hazards::photos::{self, PhotoMime, PhotoStage, THUMB_SIDE};
use ehs_ledger::plant::Role;
use ehs_ledger::report::Lang;
use ehs_ledger::{Error, ErrorKind};
use std::path::Path;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 10, 2, 0, 0).unwrap()
}

fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img =
        image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x ^ y) % 256) as u8]));
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85).encode_image(&img).unwrap();
    out
}

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbaImage::from_fn(w, h, |x, y| image::Rgba([200, (x * 3 % 256) as u8, (y * 5 % 256) as u8, 180]));
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png).unwrap();
    out
}

fn count(p: &common::Plant) -> i64 {
    p.store.conn().query_row("SELECT count(*) FROM hazard_photo", [], |r| r.get(0)).unwrap()
}

#[test]
fn photos_are_stored_once_checked_at_capture_paired_and_guarded_against_swaps() {
    let mut p = common::plant();
    let inspector = p.add_user("zhang.san", Role::Inspector);
    let worker = p.add_user("li.si", Role::Inspector);
    let manager = p.add_user("wang.wu", Role::PlantManager);
    let h = hazard::register(
        &mut p.store,
        &inspector,
        NewHazard {
            area: "涂装线 2 号喷房".into(),
            equipment: "排风机 F-2".into(),
            description: "排风机皮带护罩缺失，转动部位外露".into(),
            category: "机械伤害".into(),
            source: HazardSource::Daily,
            level: HazardLevel::General,
            lec: Some(["6".into(), "6".into(), "7".into()]),
            found_at: Some("2026-03-10T09:00".into()),
        },
        now(),
    )
    .unwrap();
    let dir = photos::photo_dir(p.store.path());
    assert!(dir.starts_with(p.dir.path()) && dir.ends_with("plant.files/photos"), "{}", dir.display());

    // A real JPEG larger than the copy's size: the original kept as is, the copy ≤ 1,280 px.
    let big = jpeg(2000, 1500);
    let a = photos::add_photo(
        &mut p.store,
        &inspector,
        &h.number,
        PhotoStage::Before,
        &big,
        "护罩缺失（东侧）",
        None,
        now(),
    )
    .unwrap();
    assert_eq!((a.mime, a.width, a.height, a.size_bytes), (PhotoMime::Jpeg, 2000, 1500, big.len() as i64));
    assert_eq!(common::files_under(&dir).len(), 2, "the original and its copy");
    assert_eq!(photos::read(&p.store, &a.id, false).unwrap(), big);
    let thumb = photos::read(&p.store, &a.id, true).unwrap();
    let t = image::load_from_memory(&thumb).unwrap();
    assert_eq!((t.width(), t.height()), (THUMB_SIDE, 960));

    // The same bytes again: a second record, still one file each.
    let b = photos::add_photo(&mut p.store, &inspector, &h.id, PhotoStage::Before, &big, "", None, now()).unwrap();
    assert_eq!((b.sha256.as_str(), b.thumb_sha256.as_str()), (a.sha256.as_str(), a.thumb_sha256.as_str()));
    assert_eq!(common::files_under(&dir).len(), 2, "identical bytes are stored once");

    // A PNG with transparency, smaller than the copy's size.
    let small = png(300, 200);
    let c = photos::add_photo(&mut p.store, &inspector, &h.id, PhotoStage::Before, &small, "转动部位外露", None, now())
        .unwrap();
    assert_eq!((c.mime, c.width, c.height), (PhotoMime::Png, 300, 200));
    assert!(common::files_under(&dir).iter().any(|f| f.extension().is_some_and(|e| e == "png")));
    assert_eq!(common::files_under(&dir).len(), 4);

    // Refused at capture, naming the field, writing nothing.
    let before = (count(&p), common::files_under(&dir));
    let refused = |bytes: &[u8], stage: PhotoStage, pairs: Option<&str>, p: &mut common::Plant| {
        photos::add_photo(&mut p.store, &inspector, &h.id, stage, bytes, "", pairs, now()).unwrap_err()
    };
    let mut too_big = jpeg(64, 64);
    too_big.resize(photos::MAX_BYTES + 1, 0);
    let e = refused(&too_big, PhotoStage::Before, None, &mut p);
    assert!(matches!(&e, Error::Invalid { field: "file", msg, .. } if msg.english().contains("15 MB")), "{e}");
    let e = refused(b"just some text, named photo.jpg", PhotoStage::Before, None, &mut p);
    assert!(matches!(&e, Error::Invalid { field: "file", msg, .. } if msg.english().contains("JPEG")), "{e}");
    let e = refused(&png(12_001, 1), PhotoStage::Before, None, &mut p);
    assert!(matches!(&e, Error::Invalid { field: "file", msg, .. } if msg.english().contains("12000")), "{e}");
    let mut broken = big.clone();
    broken.truncate(200);
    let e = refused(&broken, PhotoStage::Before, None, &mut p);
    assert!(matches!(&e, Error::Invalid { field: "file", .. }), "{e}");
    // An after photo before anyone was assigned to rectify.
    let e = refused(&small, PhotoStage::After, None, &mut p);
    assert!(matches!(&e, Error::Invalid { field: "stage", .. }), "{e}");
    assert_eq!((count(&p), common::files_under(&dir)), before, "nothing written by a refusal");

    // Assigned: an after photo answering the first before photo.
    hazard::assign(
        &mut p.store,
        &manager,
        &h.id,
        AssignInput {
            assignee: "li.si".into(),
            department: "涂装车间".into(),
            deadline: "2026-03-20".into(),
            measures: "恢复皮带护罩并加装联锁".into(),
            plan: None,
        },
        now(),
    )
    .unwrap();
    let e = refused(&small, PhotoStage::Before, Some(&a.id), &mut p);
    assert!(matches!(&e, Error::Invalid { field: "pairs_with", .. }), "{e}");
    let after = photos::add_photo(
        &mut p.store,
        &manager,
        &h.id,
        PhotoStage::After,
        &jpeg(800, 600),
        "护罩已恢复",
        Some(&a.id),
        now(),
    )
    .unwrap();
    assert_eq!(after.pairs_with.as_deref(), Some(a.id.as_str()));
    let list = photos::photos(p.store.conn(), &h.number).unwrap();
    assert_eq!(
        list.iter().map(|x| x.stage).collect::<Vec<_>>(),
        [PhotoStage::Before; 3].into_iter().chain([PhotoStage::After]).collect::<Vec<_>>()
    );
    assert_eq!(list[0].answered_by, vec![after.id.clone()]);

    // The loop to close-out, then the notice with its photos and the verification and 销号.
    let later = now() + Duration::days(2);
    hazard::rectify(&mut p.store, &worker, &h.id, "护罩已恢复，联锁已加装", later).unwrap();
    hazard::verify(&mut p.store, &manager, &h.id, true, "", later).unwrap();
    hazard::close(&mut p.store, &manager, &h.id, "", later).unwrap();
    let pdf = notice::notice_pdf(&p.store, &h.number, Lang::Zh, later).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let occurrences = |needle: &[u8]| pdf.windows(needle.len()).filter(|w| *w == needle).count();
    assert_eq!(occurrences(b"/DCTDecode"), 3, "the three before photos, embedded as JPEG");
    assert!(occurrences(b"/Image") >= 3, "image XObjects on the page");
    let path = p.dir.path().join(notice::notice_file_name(&h.number, Lang::Zh));
    std::fs::write(&path, &pdf).unwrap();
    if let Ok(out) = std::process::Command::new("pdftotext").arg("-layout").arg(&path).arg("-").output() {
        let text = String::from_utf8_lossy(&out.stdout);
        for want in [
            h.number.as_str(),
            "隐患整改通知书",
            "深圳工厂",
            "涂装车间",
            "252",
            "恢复皮带护罩",
            "验收",
            "销号",
            "护罩缺失（东侧）",
        ] {
            assert!(text.contains(want), "{want} missing from the notice:\n{text}");
        }
    }
    if let Some(keep) = std::env::var_os("EHS_DOCS_KEEP") {
        std::fs::write(Path::new(&keep).join("hazard-notice.pdf"), &pdf).unwrap();
    }
    let en = notice::notice_pdf(&p.store, &h.number, Lang::En, later).unwrap();
    assert!(en.starts_with(b"%PDF"));

    // A before photo no longer after close-out.
    let e = refused(&small, PhotoStage::Before, None, &mut p);
    assert!(matches!(&e, Error::Invalid { field: "stage", .. }), "{e}");

    // Every row audited; the files proved.
    let report = ehs_ledger::audit::records::verify_records(p.store.conn()).unwrap();
    assert_eq!(report.records_differing, 0, "{:?}", report.first_difference);
    photos::check(&p.store).unwrap();

    // A file swapped behind the app's back: read and check refuse it, and so does the notice.
    let swapped =
        common::files_under(&dir).into_iter().find(|f| f.to_string_lossy().contains(&c.thumb_sha256)).unwrap();
    std::fs::write(&swapped, jpeg(10, 10)).unwrap();
    let e = photos::read(&p.store, &c.id, true).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Conflict, "{e}");
    assert!(e.to_string().contains("changed outside the app"), "{e}");
    assert_eq!(photos::read(&p.store, &c.id, false).unwrap(), small, "the original is intact");
    assert!(photos::check(&p.store).unwrap_err().to_string().contains(&c.id));
    assert!(notice::notice_pdf(&p.store, &h.number, Lang::Zh, later).is_err());
    // The swapped file is evidence: adding the same photo again does not overwrite it.
    let e = photos::add_photo(&mut p.store, &manager, &h.id, PhotoStage::After, &small, "", None, later).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Conflict, "{e}");
    assert!(photos::check(&p.store).is_err(), "still detected");
    // A missing file is named too.
    std::fs::remove_file(&swapped).unwrap();
    assert_eq!(photos::read(&p.store, &c.id, true).unwrap_err().kind(), ErrorKind::NotFound);
}
