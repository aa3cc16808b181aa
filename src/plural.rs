//! Counting words: "1 release", "2 releases". The one pluralising rule of the pages (the
//! `plural` Tera filter, the native release pages) and of the commands' messages. A leaf:
//! it imports nothing of ours.

use std::collections::HashMap;

/// `one` when `n` is 1, else `many`.
pub fn word<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// `n` and its word: `count(1, "release", "releases")` is "1 release".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", word(n, one, many))
}

/// The Tera filter `plural`: `{{ n | plural(one="release") }}` is "1 release" or
/// "2 releases"; `many="fixes"` for a plural that is not `one` + "s"; `bare=true` for the
/// word alone ("checklists").
pub fn tera_filter(
    value: &tera::Value,
    args: &HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let n = value
        .as_u64()
        .or_else(|| value.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64))
        .ok_or_else(|| tera::Error::msg(format!("plural: {value} is not a count")))?;
    let one = args
        .get("one")
        .and_then(|v| v.as_str())
        .ok_or_else(|| tera::Error::msg("plural needs one=\"word\""))?;
    let many = args
        .get("many")
        .and_then(|v| v.as_str())
        .map_or_else(|| format!("{one}s"), str::to_string);
    let n = usize::try_from(n).unwrap_or(usize::MAX);
    let bare = args.get("bare").and_then(|v| v.as_bool()).unwrap_or(false);
    Ok(tera::Value::String(if bare {
        word(n, one, &many).to_string()
    } else {
        count(n, one, &many)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(count(0, "release", "releases"), "0 releases");
        assert_eq!(count(1, "release", "releases"), "1 release");
        assert_eq!(count(2, "fix", "fixes"), "2 fixes");
        let args = |pairs: &[(&str, tera::Value)]| -> HashMap<String, tera::Value> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect()
        };
        let one = args(&[("one", "counted release".into())]);
        assert_eq!(tera_filter(&1.into(), &one).unwrap(), "1 counted release");
        assert_eq!(tera_filter(&3.into(), &one).unwrap(), "3 counted releases");
        let fixes = args(&[
            ("one", "fix".into()),
            ("many", "fixes".into()),
            ("bare", true.into()),
        ]);
        assert_eq!(tera_filter(&2.into(), &fixes).unwrap(), "fixes");
        assert!(tera_filter(&"x".into(), &one).is_err());
    }
}
