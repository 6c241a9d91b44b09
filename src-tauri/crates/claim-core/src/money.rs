//! Whole Korean won. Amounts are `i64` and every sum is checked: a claim can
//! never overflow, it can only be refused.

use serde::Serialize;
use std::fmt;

/// The largest amount the spec accepts for one value or one list's sum (1,000억원).
pub const MAX_WON: i64 = 100_000_000_000;

/// An amount of won. May be negative (a day's drop is negative on a day with a gain).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Won(i64);

impl Won {
    pub const ZERO: Won = Won(0);

    pub const fn new(value: i64) -> Self {
        Won(value)
    }

    pub const fn get(self) -> i64 {
        self.0
    }

    pub fn checked_add(self, other: Won) -> Option<Won> {
        self.0.checked_add(other.0).map(Won)
    }

    pub fn checked_sub(self, other: Won) -> Option<Won> {
        self.0.checked_sub(other.0).map(Won)
    }

    /// Sum that is `None` on overflow instead of wrapping or panicking.
    pub fn checked_sum<I: IntoIterator<Item = Won>>(amounts: I) -> Option<Won> {
        amounts
            .into_iter()
            .try_fold(Won::ZERO, |total, amount| total.checked_add(amount))
    }

    /// `floor(self × numerator / denominator)`, `None` on overflow or a zero
    /// denominator. Integer-only, so a share of money is exact to the won.
    pub fn checked_mul_div_floor(self, numerator: i64, denominator: i64) -> Option<Won> {
        let product = i128::from(self.0).checked_mul(i128::from(numerator))?;
        let quotient = product.checked_div_euclid(i128::from(denominator))?;
        i64::try_from(quotient).ok().map(Won)
    }

    /// Within 0 ..= 1,000억원, the range of every amount and list sum.
    pub fn is_within_limit(self) -> bool {
        (0..=MAX_WON).contains(&self.0)
    }
}

/// `1,234,567원` (and `-19,200원`): how amounts are shown to owners.
impl fmt::Display for Won {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}원", group_thousands(self.0))
    }
}

/// `1234567` → `1,234,567`.
pub fn group_thousands(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if value < 0 {
        out.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// The amount in Hangul words as official forms write it: 1,314,400 →
/// `일백삼십일만사천사백` (used as `금 일백삼십일만사천사백원정`). Every digit
/// is spoken with its place, `일` included (`일십`, `일백`, `일만`), the way
/// forms write amounts so that no digit can be added in front. `영` for
/// zero; `None` for a negative amount, which no claimed total can be.
pub fn hangul_words(value: i64) -> Option<String> {
    const DIGITS: [&str; 10] = ["", "일", "이", "삼", "사", "오", "육", "칠", "팔", "구"];
    const PLACES: [&str; 4] = ["", "십", "백", "천"];
    const GROUPS: [&str; 5] = ["", "만", "억", "조", "경"];
    if value < 0 {
        return None;
    }
    if value == 0 {
        return Some("영".to_owned());
    }
    let mut groups = Vec::new();
    let mut rest = value;
    while rest > 0 {
        groups.push(rest % 10_000);
        rest /= 10_000;
    }
    let mut out = String::new();
    for (group_index, group) in groups.iter().enumerate().rev() {
        if *group == 0 {
            continue;
        }
        for place in (0..4).rev() {
            let digit = (group / 10_i64.pow(place)) % 10;
            if digit > 0 {
                out.push_str(DIGITS.get(usize::try_from(digit).ok()?)?);
                out.push_str(PLACES.get(usize::try_from(place).ok()?)?);
            }
        }
        out.push_str(GROUPS.get(group_index)?);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_in_hangul_words_as_forms_write_them() {
        assert_eq!(
            hangul_words(1_314_400).as_deref(),
            Some("일백삼십일만사천사백")
        );
        assert_eq!(hangul_words(0).as_deref(), Some("영"));
        assert_eq!(hangul_words(10).as_deref(), Some("일십"));
        assert_eq!(hangul_words(10_000).as_deref(), Some("일만"));
        assert_eq!(hangul_words(30_000).as_deref(), Some("삼만"));
        assert_eq!(hangul_words(100_010_001).as_deref(), Some("일억일만일"));
        assert_eq!(hangul_words(150_000_000).as_deref(), Some("일억오천만"));
        assert_eq!(
            hangul_words(100_000_000_000).as_deref(),
            Some("일천억"),
            "the largest amount the spec accepts"
        );
        assert_eq!(
            hangul_words(i64::MAX).as_deref(),
            Some("구백이십이경삼천삼백칠십이조삼백육십팔억오천사백칠십칠만오천팔백칠")
        );
        assert_eq!(hangul_words(-1), None);
    }

    #[test]
    fn displays_with_commas_and_won() {
        assert_eq!(Won::new(1_234_567).to_string(), "1,234,567원");
        assert_eq!(Won::new(0).to_string(), "0원");
        assert_eq!(Won::new(-19_200).to_string(), "-19,200원");
        assert_eq!(Won::new(100).to_string(), "100원");
        assert_eq!(
            Won::new(i64::MIN).to_string(),
            "-9,223,372,036,854,775,808원"
        );
    }

    #[test]
    fn sums_refuse_to_overflow() {
        assert_eq!(Won::checked_sum([Won::new(i64::MAX), Won::new(1)]), None);
        assert_eq!(
            Won::checked_sum([Won::new(2), Won::new(3)]),
            Some(Won::new(5))
        );
        assert_eq!(Won::new(i64::MIN).checked_sub(Won::new(1)), None);
    }

    #[test]
    fn share_is_floored_and_exact() {
        assert_eq!(
            Won::new(1_281_400).checked_mul_div_floor(3500, 10_000),
            Some(Won::new(448_490))
        );
        assert_eq!(Won::new(7).checked_mul_div_floor(1, 2), Some(Won::new(3)));
        assert_eq!(Won::new(7).checked_mul_div_floor(1, 0), None);
        assert_eq!(Won::new(i64::MAX).checked_mul_div_floor(2, 1), None);
    }
}
