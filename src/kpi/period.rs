//! Calendar periods of the KPI series: months (`2026-03`) and quarters (`2026-Q1`),
//! numbered from year 0 so that a date's period is found without making its label.

use chrono::{Datelike, NaiveDate};

/// Every period of `months` months (1 or 3) from the earliest date given to the latest.
#[derive(Debug, Clone, Copy)]
pub(super) struct Periods {
    months: u32,
    first: i32,
    len: usize,
}

impl Periods {
    /// The periods spanning `dates` (in any order); `None` when there are none.
    pub(super) fn spanning(dates: &[NaiveDate], months: u32) -> Option<Periods> {
        let index = |d: &NaiveDate| number(*d, months);
        let first = dates.iter().map(index).min()?;
        let last = dates.iter().map(index).max()?;
        Some(Periods {
            months,
            first,
            len: (last - first) as usize + 1,
        })
    }

    pub(super) fn len(&self) -> usize {
        self.len
    }

    /// The position of the period date `d` falls in, when it is one of these.
    pub(super) fn slot(&self, d: NaiveDate) -> Option<usize> {
        let k = usize::try_from(number(d, self.months) - self.first).ok()?;
        (k < self.len).then_some(k)
    }

    /// The label of the period at position `k`: `2026-03` or `2026-Q1`.
    pub(super) fn label(&self, k: usize) -> String {
        label(self.first + k as i32, self.months)
    }
}

/// The label of the quarter date `d` falls in: `2026-Q1`.
pub fn quarter(d: NaiveDate) -> String {
    label(number(d, 3), 3)
}

/// The label of period `number` of `months` months: `2026-03` or `2026-Q1`.
fn label(number: i32, months: u32) -> String {
    let m = number * months as i32;
    let (year, month0) = (m.div_euclid(12), m.rem_euclid(12));
    match months {
        1 => format!("{year:04}-{:02}", month0 + 1),
        _ => format!("{year:04}-Q{}", month0 / 3 + 1),
    }
}

/// The number of the period of `months` months that date `d` falls in, from year 0.
fn number(d: NaiveDate, months: u32) -> i32 {
    (d.year() * 12 + d.month0() as i32).div_euclid(months as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn periods_span_the_dates_and_are_labelled_as_months_and_quarters() {
        let dates = [day("2026-03-31"), day("2025-11-02"), day("2026-01-15")];
        let months = Periods::spanning(&dates, 1).unwrap();
        let labels: Vec<String> = (0..months.len()).map(|k| months.label(k)).collect();
        assert_eq!(
            labels,
            ["2025-11", "2025-12", "2026-01", "2026-02", "2026-03"]
        );
        assert_eq!(months.slot(day("2026-01-01")), Some(2));
        assert_eq!(months.slot(day("2025-10-31")), None);
        assert_eq!(months.slot(day("2026-04-01")), None);
        let quarters = Periods::spanning(&dates, 3).unwrap();
        let labels: Vec<String> = (0..quarters.len()).map(|k| quarters.label(k)).collect();
        assert_eq!(labels, ["2025-Q4", "2026-Q1"]);
        assert_eq!(quarters.slot(day("2026-03-31")), Some(1));
        assert_eq!(quarters.slot(day("2025-09-30")), None);
        assert!(Periods::spanning(&[], 3).is_none());
        let early = Periods::spanning(&[day("0001-02-03")], 3).unwrap();
        assert_eq!(early.label(0), "0001-Q1");
        assert_eq!(quarter(day("2026-12-31")), "2026-Q4");
    }
}
