//! Checks every chart test makes: the SVG is well-formed XML (roxmltree), renders with a real
//! SVG renderer (resvg) at its declared size and is not blank; its marks are found by their
//! `class` and `data-*` attributes.

#![allow(dead_code)]

use implsci::plot::Svg;

pub type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

/// Renders the SVG and checks its size and that some pixel is not white.
pub fn renders(svg: &Svg) -> Result {
    let tree = resvg::usvg::Tree::from_str(svg.as_str(), &resvg::usvg::Options::default())?;
    let size = tree.size().to_int_size();
    assert_eq!((size.width(), size.height()), (svg.width(), svg.height()));
    let mut pixmap =
        resvg::tiny_skia::Pixmap::new(size.width(), size.height()).ok_or("a pixmap")?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::default(),
        &mut pixmap.as_mut(),
    );
    assert_eq!(
        (pixmap.width(), pixmap.height()),
        (svg.width(), svg.height())
    );
    let inked = pixmap
        .pixels()
        .iter()
        .filter(|p| p.alpha() > 0 && (p.red() < 200 || p.green() < 200 || p.blue() < 200))
        .count();
    assert!(
        inked > 100,
        "the chart rendered nearly blank ({inked} inked pixels)"
    );
    Ok(())
}

/// The elements whose `class` attribute is exactly `class`.
pub fn marks<'a>(doc: &'a roxmltree::Document<'a>, class: &str) -> Vec<roxmltree::Node<'a, 'a>> {
    doc.descendants()
        .filter(|n| n.attribute("class") == Some(class))
        .collect()
}

/// A number attribute of a mark.
pub fn num(node: roxmltree::Node<'_, '_>, attr: &str) -> f64 {
    node.attribute(attr)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no number attribute {attr}"))
}

/// A text attribute of a mark ("" when absent).
pub fn attr<'a>(node: roxmltree::Node<'a, '_>, name: &str) -> &'a str {
    node.attribute(name).unwrap_or("")
}
