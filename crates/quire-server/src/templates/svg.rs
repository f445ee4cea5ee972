//! SVG uploads are parsed as XML and refused (never silently rewritten) when they could run code or
//! reach outside the file. The checker lives in the render engine, which applies the same rules to the
//! `svg` component (see `quire_render::svg_problems` for the list and its tests).

pub use quire_render::svg_problems;
