//! Per-document limits (API.md §9) with their documented defaults.

use std::time::Duration;

/// Resource limits applied to every render. `Default` gives the values of API.md §9; every field can be
/// changed by the operator. Exceeding one fails the render with its `ERR_LIMIT_0xx` code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// `ERR_LIMIT_001`: pages per PDF.
    pub pages: u32,
    /// `ERR_LIMIT_002`: images per document.
    pub images: u32,
    /// `ERR_LIMIT_003`: rows per sheet (Excel's own maximum by default).
    pub rows_per_sheet: u32,
    /// `ERR_LIMIT_004`: sheets per workbook.
    pub sheets: u32,
    /// `ERR_LIMIT_005`: columns per sheet (Excel's own maximum by default).
    pub columns: u32,
    /// `ERR_LIMIT_006`: output file size in bytes.
    pub output_bytes: u64,
    /// `ERR_LIMIT_007`: loop iterations per document (all loops, tables and lists together).
    pub loop_iterations: u64,
    /// `ERR_LIMIT_008`: component nesting depth.
    pub nesting_depth: u32,
    /// `ERR_LIMIT_009`: components after loops and conditionals are expanded.
    pub components: u64,
    /// `ERR_LIMIT_010`: render time per document. Checked between phases (resolution, layout, export);
    /// a Typst compile in progress is not interrupted, so a render can overshoot by one phase.
    pub render_time: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            pages: 1_000,
            images: 500,
            rows_per_sheet: 1_048_576,
            sheets: 100,
            columns: 16_384,
            output_bytes: 50 * 1024 * 1024,
            loop_iterations: 100_000,
            nesting_depth: 32,
            components: 200_000,
            render_time: Duration::from_secs(60),
        }
    }
}
