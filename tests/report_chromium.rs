//! The report in a real browser: headless Chromium draws the page to a screenshot that is not
//! blank, and prints it to PDF on A4 and on US Letter.
//!
//! Chromium is looked for on `PATH` (`chromium`, `chromium-browser`, `google-chrome`). Without
//! it the tests say so and pass, unless `IMPLSCI_REQUIRE_CHROMIUM` is set (CI sets it once it
//! has installed Chromium), when they fail.

#[path = "report/example.rs"]
mod example;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The Chromium binary, or `None` (and a line saying so) when there is none and none is
/// required.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        for dir in std::env::split_paths(&path) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    assert!(
        std::env::var_os("IMPLSCI_REQUIRE_CHROMIUM").is_none(),
        "IMPLSCI_REQUIRE_CHROMIUM is set, but no Chromium is on PATH"
    );
    eprintln!("Chromium is not installed: the browser checks are skipped");
    None
}

/// Runs Chromium headless on `page` with `args`, killed after two minutes.
fn run(chromium: &Path, args: &[String], page: &Path) {
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
        ])
        .args(["--no-first-run", "--disable-extensions"])
        .args(args)
        .arg(format!("file://{}", page.display()))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("Chromium starts");
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("waiting for Chromium") {
            assert!(status.success(), "Chromium failed: {status}");
            return;
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("Chromium did not finish in two minutes");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A scratch directory of this test binary's own.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("report_chromium")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir
}

fn write_report(dir: &Path, style: Option<&str>) -> PathBuf {
    let x = example::inputs();
    let mut html = example::example_report(&x).to_html();
    if let Some(page) = style {
        html = html.replacen("@page { margin: 15mm; }", page, 1);
        assert!(html.contains(page));
    }
    let path = dir.join("report.html");
    std::fs::write(&path, html).expect("writing the page");
    path
}

#[test]
fn the_page_draws_to_a_screenshot_that_is_not_blank() {
    let Some(chromium) = chromium() else { return };
    let dir = scratch("screenshot");
    let page = write_report(&dir, None);
    let shot = dir.join("shot.png");
    run(
        &chromium,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1000,1400".into(),
        ],
        &page,
    );
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(&shot).expect("the screenshot"),
    ));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("a buffer size")];
    let info = reader.next_frame(&mut buf).expect("a frame");
    assert_eq!((info.width, info.height), (1000, 1400));
    let channels = info.color_type.samples();
    let pixels = &buf[..info.buffer_size()];
    let dark = pixels
        .chunks(channels)
        .filter(|p| p.iter().take(3).any(|&v| v < 128))
        .count();
    let total = (info.width * info.height) as usize;
    // Text and rules cover a few percent of a page of prose; a blank page has none.
    assert!(dark * 100 > total, "{dark} dark pixels of {total}");
}

/// The pages of a PDF as Chromium writes them: each page object, and its media box.
fn pages(pdf: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(pdf);
    let mut boxes = Vec::new();
    for (i, _) in text.match_indices("/Type /Page") {
        let rest = &text[i + "/Type /Page".len()..];
        if rest.starts_with('s') {
            continue; // the page tree, not a page
        }
        let object_end = rest.find("endobj").unwrap_or(rest.len());
        let object_start = text[..i].rfind(" obj").unwrap_or(0);
        let object = &text[object_start..i + "/Type /Page".len() + object_end];
        let media = object
            .find("/MediaBox")
            .map(|m| {
                let b = &object[m..];
                b[..b.find(']').unwrap_or(b.len())].to_string()
            })
            .unwrap_or_default();
        boxes.push(media);
    }
    boxes
}

fn print(paper: &str, style: &str, width_points: f64) {
    let Some(chromium) = chromium() else { return };
    let dir = scratch(paper);
    let page = write_report(&dir, Some(style));
    let pdf = dir.join("report.pdf");
    run(
        &chromium,
        &[
            format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer".into(),
        ],
        &page,
    );
    let bytes = std::fs::read(&pdf).expect("the PDF");
    assert!(bytes.starts_with(b"%PDF-"));
    let boxes = pages(&bytes);
    assert!(boxes.len() >= 2, "{} pages", boxes.len());
    for b in &boxes {
        let numbers: Vec<f64> = b
            .trim_start_matches("/MediaBox")
            .trim_start_matches([' ', '['])
            .split_whitespace()
            .filter_map(|n| n.parse().ok())
            .collect();
        assert_eq!(numbers.len(), 4, "{b}");
        assert!((numbers[2] - width_points).abs() < 2.0, "{paper}: {b}");
    }
}

#[test]
fn the_page_prints_on_a4() {
    // A4 is 210 mm wide: 595.3 points.
    print("a4", "@page { size: A4; margin: 15mm; }", 595.3);
}

#[test]
fn the_page_prints_on_letter() {
    // US Letter is 8.5 in wide: 612 points.
    print("letter", "@page { size: letter; margin: 15mm; }", 612.0);
}
