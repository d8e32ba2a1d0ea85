//! The marks of a panel: its title, the Full Implementation line, each plan's band and median,
//! the date axis, and the sizes they take.

use std::fmt::Write as _;

use jiff::civil::Date;

use crate::plot::frame::{self, Area, LABEL_SIZE, TICK_SIZE};
use crate::plot::palette::{BLACK, DASHES};
use crate::plot::scale::LinearScale;
use crate::plot::svg::SvgWriter;
use crate::plot::{estimate_text_width, fmt_number};

use super::{FULL_IMPLEMENTATION, GAP, MIN_PANEL, PLAN_COLOURS, Panel, Points};

/// A panel's title: its unit's name, cut to fit, and its count.
pub(super) fn panel_title(w: &mut SvgWriter, panel: &Panel<'_>, bounds: Area) {
    let bold = LABEL_SIZE * 1.1;
    let count_text = panel
        .count
        .map_or_else(String::new, |(n, _)| format!(" (n = {n})"));
    let room = bounds.right - bounds.left - estimate_text_width(&count_text, bold) - 4.0;
    let title = format!(
        "{}{count_text}",
        frame::fit(&panel.label, room.max(0.0), bold)
    );
    w.text_element(
        "text",
        vec![
            ("class", "panel-title".into()),
            ("x", bounds.left.into()),
            ("y", (bounds.top + 12.0).into()),
            ("font-size", LABEL_SIZE.into()),
            ("font-weight", "bold".into()),
            ("fill", BLACK.into()),
        ],
        &title,
    );
}

/// The Full Implementation line at 50%, labelled at its right end.
pub(super) fn full_implementation_line(
    w: &mut SvgWriter,
    plot: Area,
    y: &LinearScale,
    of_level: bool,
) {
    let fy = y.map(FULL_IMPLEMENTATION);
    w.empty(
        "line",
        vec![
            ("class", "full-implementation".into()),
            ("data-value", FULL_IMPLEMENTATION.into()),
            ("x1", plot.left.into()),
            ("y1", fy.into()),
            ("x2", plot.right.into()),
            ("y2", fy.into()),
            ("stroke", BLACK.into()),
            ("stroke-width", 1.0.into()),
        ],
    );
    let fi_label = if of_level {
        "half the units: the level's date"
    } else {
        "Full Implementation (50%)"
    };
    w.text_element(
        "text",
        vec![
            ("class", "full-implementation-label".into()),
            ("x", (plot.right - 3.0).into()),
            ("y", (fy - 3.0).into()),
            ("font-size", TICK_SIZE.into()),
            ("text-anchor", "end".into()),
            ("fill", BLACK.into()),
            ("stroke", "#FFFFFF".into()),
            ("stroke-width", 3.0.into()),
            ("paint-order", "stroke".into()),
        ],
        fi_label,
    );
}

/// The band (a path of closed shapes, one per run of points with a share) and the median
/// line (a path broken where there is no share) of plan `k`.
pub(super) fn band_and_median(
    w: &mut SvgWriter,
    k: usize,
    points: &Points,
    x_of: &dyn Fn(Date) -> f64,
    y: &LinearScale,
) {
    let mut band = String::new();
    let mut median = String::new();
    let mut run: Vec<(f64, (f64, f64, f64))> = Vec::new();
    let mut flush = |run: &mut Vec<(f64, (f64, f64, f64))>| {
        if run.is_empty() {
            return;
        }
        for (i, (px, (_, m, _))) in run.iter().enumerate() {
            let op = if i == 0 { 'M' } else { 'L' };
            let _ = write!(median, "{op}{},{} ", fmt_number(*px), fmt_number(y.map(*m)));
        }
        for (i, (px, (_, _, hi))) in run.iter().enumerate() {
            let op = if i == 0 { 'M' } else { 'L' };
            let _ = write!(band, "{op}{},{} ", fmt_number(*px), fmt_number(y.map(*hi)));
        }
        for (px, (lo, _, _)) in run.iter().rev() {
            let _ = write!(band, "L{},{} ", fmt_number(*px), fmt_number(y.map(*lo)));
        }
        band.push_str("Z ");
        run.clear();
    };
    for &(date, share) in points {
        match share {
            Some(s) => run.push((x_of(date), s)),
            None => flush(&mut run),
        }
    }
    flush(&mut run);
    if !band.is_empty() {
        w.empty(
            "path",
            vec![
                ("class", "band".into()),
                ("d", band.trim_end().to_string().into()),
                ("fill", format!("url(#forecast-band-{k})").into()),
                ("stroke", "none".into()),
            ],
        );
    }
    let mut attrs = vec![
        ("class", "median".into()),
        ("d", median.trim_end().to_string().into()),
        ("fill", "none".into()),
        ("stroke", colour(k).into()),
        ("stroke-width", 2.0.into()),
    ];
    if let Some(d) = dash(k) {
        attrs.push(("stroke-dasharray", d.into()));
    }
    w.empty("path", attrs);
}

/// The x axis of a panel: a tick at each 1 January within `from..=to`, labelled with the
/// year, and at each 1 July too when the span holds fewer than three years; labels that would
/// overlap the last one written, or run past the plot's right edge, are left out.
pub(super) fn x_axis(
    w: &mut SvgWriter,
    plot: Area,
    from: Date,
    to: Date,
    x_of: &dyn Fn(Date) -> f64,
) {
    let mut ticks: Vec<(Date, String)> = Vec::new();
    let years = || (from.year()..=to.year()).filter_map(|y| Date::new(y, 1, 1).ok());
    let january: Vec<Date> = years().filter(|d| (from..=to).contains(d)).collect();
    let halves = january.len() < 3;
    for year in from.year()..=to.year() {
        if let Ok(d) = Date::new(year, 1, 1)
            && (from..=to).contains(&d)
        {
            ticks.push((d, year.to_string()));
        }
        if halves
            && let Ok(d) = Date::new(year, 7, 1)
            && (from..=to).contains(&d)
        {
            ticks.push((d, format!("Jul {year}")));
        }
    }
    w.open("g", vec![("class", "axis x".into())]);
    let mut last: Option<f64> = None;
    for (d, label) in ticks {
        let tx = x_of(d);
        let half = estimate_text_width(&label, TICK_SIZE) / 2.0 + 4.0;
        if last.is_none_or(|l| tx - half >= l) && tx + half - 4.0 <= plot.right {
            frame::x_tick(w, plot, tx, &label);
            last = Some(tx + half);
        }
    }
    w.close();
}

pub(super) fn empty_message(w: &mut SvgWriter, area: Area, text: &str) {
    w.text_element(
        "text",
        vec![
            ("class", "no-data".into()),
            ("x", f64::midpoint(area.left, area.right).into()),
            ("y", f64::midpoint(area.top, area.bottom).into()),
            ("font-size", LABEL_SIZE.into()),
            ("text-anchor", "middle".into()),
            ("fill", BLACK.into()),
        ],
        text,
    );
}

/// Plan `k`'s colour.
pub(super) fn colour(k: usize) -> &'static str {
    PLAN_COLOURS[k % PLAN_COLOURS.len()]
}

/// Plan `k`'s dash pattern.
pub(super) fn dash(k: usize) -> Option<&'static str> {
    DASHES[k % DASHES.len()]
}

/// How many panels fit across, at least one and no more than there are.
pub(super) fn column_count(inner_width: f64, panels: usize) -> usize {
    let fit = ((inner_width + GAP) / (MIN_PANEL + GAP)).floor();
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a small non-negative whole number"
    )]
    let fit = if fit.is_finite() && fit > 0.0 {
        fit.min(1000.0) as usize
    } else {
        1
    };
    fit.clamp(1, panels.max(1))
}

/// A height in whole pixels, at most `u32::MAX`.
pub(super) fn pixels(height: f64) -> u32 {
    let h = height.ceil().clamp(1.0, f64::from(u32::MAX));
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "clamped to the range of u32 just above"
    )]
    let h = h as u32;
    h
}

/// A count of panels, rows or columns as a pixel-space number.
pub(super) fn as_f64(n: usize) -> f64 {
    f64::from(u32::try_from(n).unwrap_or(u32::MAX))
}
