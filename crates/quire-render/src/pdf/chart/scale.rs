//! Value axes with "nice" ticks: steps of 1, 2 or 5 × 10ⁿ covering the data, zero included where the
//! chart type needs a baseline.

/// A linear axis from `min` to `max` with a tick every `step`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Scale {
    pub min: f64,
    pub max: f64,
    pub step: f64,
    /// Decimals the step needs (0.25 → 2), for tick labels.
    pub decimals: usize,
}

impl Scale {
    /// An axis covering `lo..=hi` with about `target` intervals; `zero` forces 0 into the range.
    pub(super) fn nice(lo: f64, hi: f64, target: usize, zero: bool) -> Scale {
        let (mut lo, mut hi) = if lo.is_finite() && hi.is_finite() && lo <= hi { (lo, hi) } else { (0.0, 1.0) };
        // Data close to zero reads better from zero; data far from it keeps its own range.
        if zero || (lo > 0.0 && lo <= hi * 0.5) {
            lo = lo.min(0.0);
        }
        if zero || (hi < 0.0 && hi >= lo * 0.5) {
            hi = hi.max(0.0);
        }
        if hi - lo < f64::EPSILON * hi.abs().max(1.0) {
            let pad = if hi == 0.0 { 1.0 } else { hi.abs() * 0.5 };
            if lo >= 0.0 && !zero {
                lo = (lo - pad).max(0.0);
                hi += pad;
            } else if lo >= 0.0 {
                hi += pad;
            } else {
                lo -= pad;
            }
        }
        let step = nice_step((hi - lo) / target.max(1) as f64);
        let min = (lo / step + 1e-9).floor() * step;
        let mut max = (hi / step - 1e-9).ceil() * step;
        if max <= min {
            max = min + step;
        }
        let exponent = step.log10().floor();
        let decimals = if exponent < 0.0 { (-exponent) as usize } else { 0 };
        Scale { min: clean(min, step), max: clean(max, step), step, decimals }
    }

    /// The tick values from `min` to `max`.
    pub(super) fn ticks(&self) -> Vec<f64> {
        let count = ((self.max - self.min) / self.step).round().clamp(1.0, 100.0) as usize;
        (0..=count).map(|i| clean(self.min + i as f64 * self.step, self.step)).collect()
    }

    /// Where `value` sits between `min` (0.0) and `max` (1.0), clamped.
    pub(super) fn fraction(&self, value: f64) -> f64 {
        ((value - self.min) / (self.max - self.min)).clamp(0.0, 1.0)
    }

    /// `value` clamped into the axis.
    pub(super) fn clamp(&self, value: f64) -> f64 {
        value.clamp(self.min, self.max)
    }
}

/// 1, 2 or 5 × 10ⁿ, the nearest to `raw` (thresholds at the geometric means √2, √10, √50).
fn nice_step(raw: f64) -> f64 {
    if !raw.is_finite() || raw <= 0.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(raw.log10().floor());
    let fraction = raw / magnitude;
    let nice = if fraction >= 50f64.sqrt() {
        10.0
    } else if fraction >= 10f64.sqrt() {
        5.0
    } else if fraction >= 2f64.sqrt() {
        2.0
    } else {
        1.0
    };
    nice * magnitude
}

/// `value` rounded to a whole number of steps, so ticks carry no float noise.
fn clean(value: f64, step: f64) -> f64 {
    let rounded = (value / step).round() * step;
    if rounded == 0.0 { 0.0 } else { rounded }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_one_two_or_five_times_a_power_of_ten() {
        let scale = Scale::nice(0.0, 87.0, 5, true);
        assert_eq!((scale.min, scale.max, scale.step), (0.0, 100.0, 20.0));
        assert_eq!(scale.ticks(), vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        assert_eq!(Scale::nice(0.0, 0.9, 4, true).step, 0.2);
        assert_eq!(Scale::nice(0.0, 0.9, 4, true).decimals, 1);
        assert_eq!(Scale::nice(0.0, 42_000.0, 5, true).step, 10_000.0);
    }

    #[test]
    fn negative_values_extend_the_axis_below_zero() {
        let scale = Scale::nice(-35.0, 80.0, 5, true);
        assert!(scale.min <= -35.0 && scale.min > -60.0, "{scale:?}");
        assert!(scale.ticks().contains(&0.0));
    }

    #[test]
    fn a_flat_series_still_gets_a_range() {
        let scale = Scale::nice(5.0, 5.0, 5, false);
        assert!(scale.max > scale.min && scale.min <= 5.0 && scale.max >= 5.0, "{scale:?}");
        assert_eq!(Scale::nice(0.0, 0.0, 5, true).max, 1.0);
    }

    #[test]
    fn data_far_from_zero_keeps_its_own_range() {
        let scale = Scale::nice(1000.0, 1040.0, 4, false);
        assert!(scale.min >= 990.0, "{scale:?}");
    }
}
