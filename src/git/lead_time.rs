//! Lead times: how long a release's commits waited between their author date and the
//! release, as median (mean of the two middle values for an even count) and nearest-rank
//! 90th percentile.

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use super::Commit;

/// Lead times of a release's commits, in days.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct LeadTime {
    /// Median ([`median`]).
    pub median: f64,
    /// Nearest-rank 90th percentile.
    pub p90: f64,
    pub commits: usize,
    /// Commits dated after the release (clock skew), counted as zero.
    pub skewed: usize,
}

/// The nearest-rank percentile `p` (0–100] of sorted `values`: the smallest value with
/// at least p% of the values at or below it.
pub fn nearest_rank(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil().max(1.0) as usize;
    sorted.get(rank.min(sorted.len()) - 1).copied()
}

/// The median of sorted `values`: the middle value, or the mean of the two middle values
/// for an even count. The one median of relbook (lead times, time to restore, days
/// between releases, slips).
pub fn median(sorted: &[f64]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

impl LeadTime {
    /// Lead time of each commit = `release` − its author date, in days.
    pub fn compute(commits: &[Commit], release: DateTime<FixedOffset>) -> Option<LeadTime> {
        let mut skewed = 0;
        let mut days: Vec<f64> = commits
            .iter()
            .map(|c| {
                let d = (release - c.time).num_seconds() as f64 / 86_400.0;
                if d < 0.0 {
                    skewed += 1;
                }
                d.max(0.0)
            })
            .collect();
        days.sort_by(f64::total_cmp);
        Some(LeadTime {
            median: median(&days)?,
            p90: nearest_rank(&days, 90.0)?,
            commits: days.len(),
            skewed,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0];
        assert_eq!(nearest_rank(&v, 50.0), Some(5.0));
        assert_eq!(nearest_rank(&v, 90.0), Some(9.0));
        assert_eq!(nearest_rank(&[3.0], 90.0), Some(3.0));
        assert_eq!(nearest_rank(&[], 50.0), None);
    }

    #[test]
    fn median_is_the_mean_of_the_two_middle_values_for_an_even_count() {
        assert_eq!(median(&[1.0, 3.0]), Some(2.0));
        assert_eq!(median(&[1.0, 2.0, 10.0]), Some(2.0));
        assert_eq!(median(&[0.0, 1.0, 2.0, 10.0]), Some(1.5));
        assert_eq!(median(&[7.0]), Some(7.0));
        assert_eq!(median(&[]), None);
    }
}
