//! The report written as one HTML page: an inline style sheet laid out for screen and for
//! print on A4 and US Letter, the charts as inline SVG, no script and nothing loaded.

use std::fmt::Write as _;

use super::tables::HtmlTable;
use super::{Report, Section};
use crate::plot::Svg;

/// The style sheet. The text column is at most 180 mm: A4 (210 mm) and US Letter (215.9 mm)
/// less 15 mm margins each side; figures and table rows are not split across pages, and
/// table headers repeat on each printed page.
const STYLE: &str = "\
@page { margin: 15mm; }
html { color: #111; background: #fff; }
body { font-family: sans-serif; font-size: 10.5pt; line-height: 1.4; margin: 0; }
main { max-width: 180mm; margin: 0 auto; padding: 6mm 4mm; }
h1 { font-size: 18pt; margin: 0 0 2mm; }
h2 { font-size: 14pt; margin: 8mm 0 2mm; border-bottom: 1px solid #999; break-after: avoid; }
h3 { font-size: 11pt; margin: 4mm 0 1mm; break-after: avoid; }
p { margin: 0 0 2mm; }
.meta, .measures, .source, footer { color: #444; font-size: 9pt; }
.source { font-style: italic; }
.findings h3 { margin-top: 3mm; }
figure { margin: 4mm 0; break-inside: avoid; }
figure svg { display: block; width: 100%; height: auto; }
figcaption { font-weight: bold; margin-bottom: 1mm; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; margin: 1mm 0 3mm; }
thead { display: table-header-group; }
th, td { border-bottom: 1px solid #ccc; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
th { border-bottom: 1.5px solid #333; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
tr { break-inside: avoid; }
.empty { color: #444; font-style: italic; }
footer { margin-top: 8mm; border-top: 1px solid #999; padding-top: 2mm; }
";

/// Escapes text for HTML content and attribute values.
fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Control characters are not allowed in HTML text; a space keeps words apart.
            c if c.is_control() && c != '\n' && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
}

fn element(out: &mut String, open: &str, text: &str, close: &str) {
    out.push_str(open);
    escape(text, out);
    out.push_str(close);
    out.push('\n');
}

/// Greedy word wrap at `width` characters; a word longer than the width stands alone.
pub(super) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut len = 0;
    for word in text.split_whitespace() {
        let n = word.chars().count();
        if len > 0 && len + 1 + n > width {
            lines.push(std::mem::take(&mut line));
            len = 0;
        }
        if len > 0 {
            line.push(' ');
            len += 1;
        }
        line.push_str(word);
        len += n;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

fn section_head<T>(out: &mut String, section: &Section<T>) {
    element(out, "<p class=\"measures\">", &section.measures, "</p>");
    element(out, "<p class=\"source\">Source: ", &section.source, "</p>");
}

/// The SVG with each of its ids (and every reference to one) prefixed, so that the patterns
/// of two charts on one page, each with its own `tier-2`, stay apart.
fn with_ids_prefixed(svg: &str, prefix: &str) -> String {
    svg.replace(" id=\"", &format!(" id=\"{prefix}"))
        .replace("url(#", &format!("url(#{prefix}"))
        .replace("href=\"#", &format!("href=\"#{prefix}"))
}

fn figure(out: &mut String, index: usize, section: &Section<Svg>) {
    out.push_str("<figure>\n");
    element(out, "<figcaption>", &section.heading, "</figcaption>");
    out.push_str(&with_ids_prefixed(
        section.body.as_str(),
        &format!("f{}-", index + 1),
    ));
    section_head(out, section);
    out.push_str("</figure>\n");
}

fn table(out: &mut String, section: &Section<HtmlTable>) {
    out.push_str("<section class=\"table\">\n");
    element(out, "<h3>", &section.heading, "</h3>");
    section_head(out, section);
    let t = &section.body;
    if t.rows.is_empty() {
        element(out, "<p class=\"empty\">", &t.empty, "</p>");
        out.push_str("</section>\n");
        return;
    }
    let class = |i: usize| {
        if t.numeric.contains(&i) {
            " class=\"num\""
        } else {
            ""
        }
    };
    out.push_str("<table>\n<thead><tr>");
    for (i, h) in t.header.iter().enumerate() {
        let _ = write!(out, "<th{}>", class(i));
        escape(h, out);
        out.push_str("</th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &t.rows {
        out.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            let _ = write!(out, "<td{}>", class(i));
            escape(cell, out);
            out.push_str("</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

pub(super) fn page(report: &Report) -> String {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str(
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"implsci\">\n",
    );
    element(&mut out, "<title>", &report.title, "</title>");
    let _ = writeln!(out, "<style>\n{STYLE}</style>\n</head>\n<body>\n<main>");
    out.push_str("<header>\n");
    element(&mut out, "<h1>", &report.title, "</h1>");
    element(
        &mut out,
        "<p class=\"meta\">",
        &format!(
            "As of {}. Read: {}.",
            report.as_of,
            report.inputs_read.join("; ")
        ),
        "</p>",
    );
    out.push_str("</header>\n");

    out.push_str("<section class=\"findings\">\n<h2>Summary</h2>\n");
    for finding in &report.findings {
        element(&mut out, "<h3>", finding.topic.label(), "</h3>");
        element(&mut out, "<p>", &finding.text, "</p>");
    }
    out.push_str("</section>\n");

    out.push_str("<section class=\"charts\">\n<h2>Charts</h2>\n");
    if report.figures.is_empty() {
        element(
            &mut out,
            "<p class=\"empty\">",
            "No chart: the inputs given hold nothing to draw.",
            "</p>",
        );
    }
    for (i, section) in report.figures.iter().enumerate() {
        figure(&mut out, i, section);
    }
    out.push_str("</section>\n");

    out.push_str("<section class=\"tables\">\n<h2>Tables</h2>\n");
    for section in &report.tables {
        table(&mut out, section);
    }
    out.push_str("</section>\n");
    element(
        &mut out,
        "<footer>",
        &format!(
            "Made with implsci {} from the inputs listed at the top of the page.",
            env!("CARGO_PKG_VERSION")
        ),
        "</footer>",
    );
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::{with_ids_prefixed, wrap};

    #[test]
    fn ids_and_their_references_are_prefixed() {
        let svg =
            r##"<pattern id="tier-2"/><rect data-id="x" fill="url(#tier-2)"/><use href="#m"/>"##;
        assert_eq!(
            with_ids_prefixed(svg, "f2-"),
            r##"<pattern id="f2-tier-2"/><rect data-id="x" fill="url(#f2-tier-2)"/><use href="#f2-m"/>"##
        );
    }

    #[test]
    fn wrap_breaks_at_the_width_and_keeps_long_words_whole() {
        assert_eq!(wrap("a bb ccc dddd", 6), ["a bb", "ccc", "dddd"]);
        assert_eq!(wrap("abcdefgh ij", 4), ["abcdefgh", "ij"]);
        assert!(wrap("   ", 10).is_empty());
    }
}
