//! `backup now|list|verify|restore` on the real binary: a copy in the folder (0600), its check
//! (`--json`), a corrupted copy failing `verify` with exit 1, restore's preview without
//! `--confirm`, and the restore itself keeping the old file aside.

mod plant_cli;

use plant_cli::Cli;
use std::path::Path;

fn flip_pages(path: &Path) {
    let mut b = std::fs::read(path).unwrap();
    let page = u16::from_be_bytes([b[16], b[17]]) as usize;
    let mut at = page;
    while at + 8 < b.len() {
        for x in &mut b[at..at + 8] {
            *x ^= 0x5A;
        }
        at += page;
    }
    std::fs::write(path, b).unwrap();
}

#[test]
fn backup_now_list_verify_and_restore() {
    let c = Cli::new();
    let folder = c.db.parent().unwrap().join("usb");
    // No folder set: a clear refusal that names the setting, the file unchanged.
    let e = c.refused(&["backup", "now"]);
    assert!(e.contains("backup_folder"), "{e}");
    std::fs::create_dir(&folder).unwrap();
    c.ok(&["settings", "set", "backup_folder", folder.to_str().unwrap()]);
    c.ok(&["settings", "set", "contact", "备份前"]);

    let r = c.json(&["backup", "now", "--json"]);
    assert_eq!(r["copy"]["ok"], true, "{r}");
    assert_eq!(r["copy"]["plant_code"], "SZ01");
    assert_eq!(r["copy"]["integrity"], "ok");
    assert_eq!(r["copy"]["audit_verify"], "ok");
    let name = r["file_name"].as_str().unwrap().to_string();
    assert!(name.starts_with("ehs-ledger_SZ01_") && name.ends_with("Z.sqlite"), "{name}");
    let copy = folder.join(&name);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777, 0o600);
    }

    let l = c.json(&["backup", "list", "--json"]);
    assert_eq!(l["copies"].as_array().unwrap().len(), 1);
    assert_eq!(l["copies"][0]["good"], true);
    assert!(l["last_good_at"].is_string());
    assert!(c.ok(&["backup", "verify", copy.to_str().unwrap()]).contains("audit chain and records ok"));

    // Restore without --confirm: only the preview.
    c.ok(&["settings", "set", "contact", "备份后"]);
    let pv = c.json(&["backup", "restore", copy.to_str().unwrap(), "--json"]);
    assert_eq!(pv["restorable"], true, "{pv}");
    assert_eq!(pv["copy"]["plant_code"], "SZ01");
    assert!(c.ok(&["settings", "list"]).contains("备份后"), "the preview changed nothing");
    // A wrong confirmation is refused, the file unchanged.
    let e = c.refused(&["backup", "restore", copy.to_str().unwrap(), "--confirm", "SZ99"]);
    assert!(e.contains("confirm"), "{e}");

    let out = c.json(&["backup", "restore", copy.to_str().unwrap(), "--confirm", "SZ01", "--json"]);
    let aside = out["kept_aside"].as_str().unwrap();
    assert!(Path::new(aside).exists(), "{out}");
    assert!(c.ok(&["settings", "list"]).contains("备份前"), "the copy is in place");
    c.ok(&["audit", "verify"]);

    // A corrupted copy: verify says so with exit 1, and it cannot be restored.
    let broken = folder.join("ehs-ledger_SZ01_20200101T000000Z.sqlite");
    std::fs::copy(&copy, &broken).unwrap();
    flip_pages(&broken);
    let o = c.run(&["backup", "verify", broken.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stdout));
    assert!(String::from_utf8_lossy(&o.stderr).contains("fails its check"));
    let o = c.run(&["backup", "restore", broken.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot restore"));
}

fn jpeg(path: &Path, w: u32, h: u32) {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 60]));
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85).encode_image(&img).unwrap();
    std::fs::write(path, out).unwrap();
}

/// Guards the photos in backups: `backup now --json` carries the photo counts, a second backup
/// copies nothing new, `verify` exits 1 naming a changed photo in the store, and `restore` puts
/// the lost photo folder back so `hazard check` proves every photo again.
#[test]
fn backups_carry_the_hazard_photos() {
    let c = Cli::new();
    let dir = c.db.parent().unwrap().to_path_buf();
    let folder = dir.join("usb");
    std::fs::create_dir(&folder).unwrap();
    c.ok(&["settings", "set", "backup_folder", folder.to_str().unwrap()]);
    let h = c.json(&["hazard", "add", "--area", "喷房", "--description", "护罩缺失", "--json"]);
    let number = h["number"].as_str().unwrap().to_string();
    let pic = dir.join("护罩.jpg");
    jpeg(&pic, 900, 600);
    let ph =
        c.json(&["hazard", "photo", "add", &number, "--file", pic.to_str().unwrap(), "--stage", "before", "--json"]);
    let sha = ph["sha256"].as_str().unwrap().to_string();

    let r = c.json(&["backup", "now", "--json"]);
    assert_eq!(r["photos"]["copied"], 2, "the original and its downscaled copy: {r}");
    assert_eq!(r["copy"]["photos"]["files"], 2);
    assert_eq!(r["copy"]["photos"]["present"], 2);
    assert_eq!(r["copy"]["ok"], true);
    let stored = folder.join("ehs-ledger_SZ01.files/photos").join(&sha[..2]).join(format!("{sha}.jpg"));
    assert!(stored.is_file(), "{}", stored.display());
    let copy = folder.join(r["file_name"].as_str().unwrap());

    // Copies are named by the second: the next one a second later.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let out = c.ok(&["backup", "now"]);
    assert!(out.contains("2 files named, 0 copied"), "{out}");
    assert!(c.ok(&["backup", "verify", copy.to_str().unwrap()]).contains("2 files named, 2 in the photo store"));

    // A photo changed in the store: verify exits 1 and names it.
    let good = std::fs::read(&stored).unwrap();
    std::fs::write(&stored, b"swapped").unwrap();
    let o = c.run(&["backup", "verify", copy.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains(&format!("{sha}.jpg")),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    std::fs::write(&stored, good).unwrap();

    // The disk lost the photo folder: the preview says what comes back, the restore brings it.
    std::fs::remove_dir_all(dir.join("plant.files")).unwrap();
    assert!(c.run(&["hazard", "check"]).status.code() != Some(0));
    let pv = c.json(&["backup", "restore", copy.to_str().unwrap(), "--json"]);
    assert_eq!(pv["photos"]["from_backup"], 2, "{pv}");
    assert_eq!(pv["photos"]["complete"], true);
    let rr = c.json(&["backup", "restore", copy.to_str().unwrap(), "--confirm", "SZ01", "--json"]);
    assert_eq!(rr["photos_copied"], 2, "{rr}");
    assert!(c.ok(&["hazard", "check"]).contains("photo files: ok"));
}
