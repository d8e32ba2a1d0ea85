//! The SVG writer: elements and attributes written in the order given, text and attribute
//! values escaped for XML, numbers through [`fmt_number`](super::fmt_number).

use super::{Svg, fmt_number};

/// An attribute value: text (escaped when written) or a number (formatted when written).
pub(crate) enum Value<'a> {
    Text(&'a str),
    Owned(String),
    Number(f64),
}

impl From<f64> for Value<'_> {
    fn from(v: f64) -> Self {
        Value::Number(v)
    }
}

impl<'a> From<&'a str> for Value<'a> {
    fn from(v: &'a str) -> Self {
        Value::Text(v)
    }
}

impl From<String> for Value<'_> {
    fn from(v: String) -> Self {
        Value::Owned(v)
    }
}

/// The attributes of one element, in the order they are written.
pub(crate) type Attrs<'a> = Vec<(&'static str, Value<'a>)>;

/// Escapes the five characters XML gives meaning to: `&`, `<`, `>`, `"` and `'`.
pub(crate) fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters other than tab and newline are not allowed in XML 1.0.
            c if c.is_control() && c != '\t' && c != '\n' => out.push(' '),
            c => out.push(c),
        }
    }
}

/// An SVG document being written, one element per line.
pub(crate) struct SvgWriter {
    out: String,
    width: u32,
    height: u32,
    open: Vec<&'static str>,
}

impl SvgWriter {
    /// A document `width` × `height` pixels, its viewBox the same size.
    pub(crate) fn new(width: u32, height: u32, title: &str) -> Self {
        let mut w = SvgWriter {
            out: String::new(),
            width,
            height,
            open: Vec::new(),
        };
        w.open(
            "svg",
            vec![
                ("xmlns", "http://www.w3.org/2000/svg".into()),
                ("width", f64::from(width).into()),
                ("height", f64::from(height).into()),
                ("viewBox", format!("0 0 {width} {height}").into()),
                ("font-family", "sans-serif".into()),
                ("role", "img".into()),
            ],
        );
        w.text_element("title", Vec::new(), title);
        w.empty(
            "rect",
            vec![
                ("class", "background".into()),
                ("x", 0.0.into()),
                ("y", 0.0.into()),
                ("width", f64::from(width).into()),
                ("height", f64::from(height).into()),
                ("fill", "#FFFFFF".into()),
            ],
        );
        w
    }

    fn start_tag(&mut self, name: &str, attrs: Attrs<'_>) {
        for _ in 0..self.open.len() {
            self.out.push_str("  ");
        }
        self.out.push('<');
        self.out.push_str(name);
        for (key, value) in attrs {
            self.out.push(' ');
            self.out.push_str(key);
            self.out.push_str("=\"");
            match value {
                Value::Text(t) => escape(t, &mut self.out),
                Value::Owned(t) => escape(&t, &mut self.out),
                Value::Number(n) => self.out.push_str(&fmt_number(n)),
            }
            self.out.push('"');
        }
    }

    /// Opens an element; [`close`](Self::close) ends it.
    pub(crate) fn open(&mut self, name: &'static str, attrs: Attrs<'_>) {
        self.start_tag(name, attrs);
        self.out.push_str(">\n");
        self.open.push(name);
    }

    /// Closes the element opened last.
    pub(crate) fn close(&mut self) {
        if let Some(name) = self.open.pop() {
            for _ in 0..self.open.len() {
                self.out.push_str("  ");
            }
            self.out.push_str("</");
            self.out.push_str(name);
            self.out.push_str(">\n");
        }
    }

    /// An element without content.
    pub(crate) fn empty(&mut self, name: &str, attrs: Attrs<'_>) {
        self.start_tag(name, attrs);
        self.out.push_str("/>\n");
    }

    /// An element holding only text.
    pub(crate) fn text_element(&mut self, name: &str, attrs: Attrs<'_>, text: &str) {
        self.start_tag(name, attrs);
        self.out.push('>');
        escape(text, &mut self.out);
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// Closes every open element and returns the document.
    pub(crate) fn finish(mut self) -> Svg {
        while !self.open.is_empty() {
            self.close();
        }
        Svg {
            width: self.width,
            height: self.height,
            text: self.out,
        }
    }
}

/// The `points` attribute of a polyline: `x,y` pairs separated by spaces.
pub(crate) fn points(coords: &[(f64, f64)]) -> String {
    let mut s = String::new();
    for (i, (x, y)) in coords.iter().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(&fmt_number(*x));
        s.push(',');
        s.push_str(&fmt_number(*y));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five_xml_characters() {
        let mut out = String::new();
        escape(r#"a & b < c > d " e ' f"#, &mut out);
        assert_eq!(out, "a &amp; b &lt; c &gt; d &quot; e &apos; f");
    }

    #[test]
    fn writes_nested_elements_and_closes_them() {
        let mut w = SvgWriter::new(10, 20, "T <1>");
        w.open("g", vec![("class", "x".into())]);
        w.empty("line", vec![("x1", 1.5.into())]);
        let svg = w.finish();
        let text = svg.as_str();
        assert!(text.contains(r#"width="10" height="20" viewBox="0 0 10 20""#));
        assert!(text.contains("<title>T &lt;1&gt;</title>"));
        assert!(text.contains("  <g class=\"x\">\n    <line x1=\"1.5\"/>\n  </g>\n</svg>\n"));
    }

    #[test]
    fn points_are_pairs() {
        assert_eq!(points(&[(1.0, 2.25), (3.333, 4.0)]), "1,2.25 3.33,4");
    }
}
