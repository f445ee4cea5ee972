//! The width each column or grid cell offers its content, worked out as the PDF lays the tracks out
//! (points fixed, percentages as fractions of what the gaps leave), so a chart in a column is sized for
//! that column rather than for the page.

use quire_expr::Scope;

use super::Resolver;
use super::doc::Block;
use crate::compile::Node;
use crate::error::RenderError;
use crate::style::{Length, TextTransform};

/// Narrowest width a chart is laid out at, in points.
const MIN_WIDTH: f64 = 72.0;

impl Resolver<'_> {
    /// Each child resolved on its own (one column or grid cell per child, cells wrapping over `count`
    /// tracks), with the available width narrowed to its track while it resolves.
    pub(crate) fn each_child_in_tracks(
        &mut self,
        children: &[Node],
        tracks: &[Length],
        count: usize,
        gap: Length,
        scope: &Scope<'_>,
        transform: TextTransform,
    ) -> Result<Vec<Vec<Block>>, RenderError> {
        let outer = self.content_width;
        let widths = track_widths(outer, tracks, count, gap.as_pt().unwrap_or(0.0));
        let mut out = Vec::with_capacity(children.len());
        for (i, child) in children.iter().enumerate() {
            self.content_width = widths[i % widths.len()];
            let blocks = self.blocks(std::slice::from_ref(child), scope, transform);
            self.content_width = outer;
            out.push(blocks?);
        }
        Ok(out)
    }
}

/// Widths of `count` tracks sharing `total` points with `gap` between them.
fn track_widths(total: f64, tracks: &[Length], count: usize, gap: f64) -> Vec<f64> {
    let count = count.max(1);
    let free = (total - gap * (count - 1) as f64).max(0.0);
    // (fixed points, fraction) per track; a track is one or the other.
    let shares: Vec<(Option<f64>, f64)> = (0..count)
        .map(|i| match tracks.get(i) {
            Some(Length::Pt(pt)) if *pt > 0.0 => (Some(*pt), 0.0),
            Some(Length::Percent(percent)) => (None, percent.max(0.01)),
            _ => (None, 1.0),
        })
        .collect();
    let fixed: f64 = shares.iter().filter_map(|(pt, _)| *pt).sum();
    let fractions: f64 = shares.iter().map(|(_, fr)| fr).sum::<f64>().max(0.01);
    let left = (free - fixed).max(0.0);
    shares.iter().map(|(pt, fr)| pt.unwrap_or(left * fr / fractions).max(MIN_WIDTH)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_columns_share_what_the_gaps_leave() {
        assert_eq!(track_widths(516.0, &[], 2, 16.0), vec![250.0, 250.0]);
    }

    #[test]
    fn fixed_tracks_keep_their_width_and_percentages_share_the_rest() {
        let tracks = [Length::Pt(100.0), Length::Percent(25.0), Length::Percent(75.0)];
        assert_eq!(track_widths(520.0, &tracks, 3, 10.0), vec![100.0, 100.0, 300.0]);
    }
}
