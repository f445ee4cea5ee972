//! Criterion benchmarks of each post-processing step on a one-page PDF.
fn main() {}
