//! Exact money. Amounts are decimals with two places, written as strings in every
//! file, payload and database column ("12.50"), never as binary floats.

use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use ts_rs::TS;

/// An amount of money in the order's currency, exact to the cent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, TS)]
#[ts(type = "string")]
pub struct Amount(Decimal);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AmountError {
    #[error("`{0}` is not an amount of money: write it as a decimal string such as \"12.50\"")]
    Malformed(String),
    #[error("`{0}` has more than two decimal places")]
    TooPrecise(String),
    #[error("`{0}` is negative")]
    Negative(String),
}

impl Amount {
    pub const ZERO: Amount = Amount(Decimal::ZERO);

    /// An amount from a decimal, rounded half away from zero to cents.
    pub fn from_decimal(value: Decimal) -> Self {
        Amount(
            value
                .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
                .normalize_cents(),
        )
    }

    /// Reads a money value that the source wrote as a JSON float (tau-bench's data):
    /// the float's shortest decimal rendering is parsed exactly, then rounded to cents.
    pub fn from_json_number(value: &serde_json::Number) -> Result<Self, AmountError> {
        let text = value.to_string();
        let decimal = Decimal::from_str(&text)
            .or_else(|_| Decimal::from_scientific(&text))
            .map_err(|_| AmountError::Malformed(text.clone()))?;
        Ok(Amount::from_decimal(decimal))
    }

    pub fn decimal(self) -> Decimal {
        self.0
    }

    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    pub fn checked_sub(self, other: Amount) -> Option<Amount> {
        let difference = self.0 - other.0;
        (difference >= Decimal::ZERO).then(|| Amount::from_decimal(difference))
    }

    pub fn saturating_sub(self, other: Amount) -> Amount {
        self.checked_sub(other).unwrap_or(Amount::ZERO)
    }
}

trait NormalizeCents {
    fn normalize_cents(self) -> Self;
}

impl NormalizeCents for Decimal {
    /// Always exactly two decimal places, so "5" and "5.00" are the same value and
    /// render the same way.
    fn normalize_cents(mut self) -> Self {
        self.rescale(2);
        self
    }
}

impl std::ops::Add for Amount {
    type Output = Amount;
    fn add(self, rhs: Amount) -> Amount {
        Amount::from_decimal(self.0 + rhs.0)
    }
}

impl std::iter::Sum for Amount {
    fn sum<I: Iterator<Item = Amount>>(iter: I) -> Amount {
        iter.fold(Amount::ZERO, |total, amount| total + amount)
    }
}

impl FromStr for Amount {
    type Err = AmountError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let trimmed = text.trim();
        let well_formed = !trimmed.is_empty()
            && trimmed
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
            && trimmed.matches('.').count() <= 1;
        if !well_formed {
            return Err(AmountError::Malformed(text.to_owned()));
        }
        let value =
            Decimal::from_str(trimmed).map_err(|_| AmountError::Malformed(text.to_owned()))?;
        if value.is_sign_negative() && !value.is_zero() {
            return Err(AmountError::Negative(text.to_owned()));
        }
        if value.scale() > 2 {
            return Err(AmountError::TooPrecise(text.to_owned()));
        }
        Ok(Amount::from_decimal(value))
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Amount::from_str(&text).map_err(serde::de::Error::custom)
    }
}

impl schemars::JsonSchema for Amount {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Amount".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[0-9]+(\\.[0-9]{1,2})?$",
            "description": "An amount of money in the order's currency, as a decimal string with at most two places (\"12.50\"), never a number."
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_two_places() {
        assert_eq!(Amount::from_str("12.5").unwrap().to_string(), "12.50");
        assert_eq!(Amount::from_str("7").unwrap().to_string(), "7.00");
    }

    #[test]
    fn rejects_floats_in_disguise_and_negatives() {
        assert!(matches!(
            Amount::from_str("1.005"),
            Err(AmountError::TooPrecise(_))
        ));
        assert!(matches!(
            Amount::from_str("-3.00"),
            Err(AmountError::Negative(_))
        ));
        assert!(matches!(
            Amount::from_str("1e3"),
            Err(AmountError::Malformed(_))
        ));
        assert!(matches!(
            Amount::from_str(""),
            Err(AmountError::Malformed(_))
        ));
    }

    #[test]
    fn json_floats_become_exact_cents() {
        let n: serde_json::Number = serde_json::from_str("536.65").unwrap();
        assert_eq!(Amount::from_json_number(&n).unwrap().to_string(), "536.65");
        // 0.1 + 0.2 as a float sum would print 0.30000000000000004
        let n: serde_json::Number = serde_json::from_str("0.30000000000000004").unwrap();
        assert_eq!(Amount::from_json_number(&n).unwrap().to_string(), "0.30");
    }

    #[test]
    fn sums_are_exact() {
        let total: Amount = ["0.10", "0.20", "0.30"]
            .iter()
            .map(|s| Amount::from_str(s).unwrap())
            .sum();
        assert_eq!(total.to_string(), "0.60");
        let a = Amount::from_str("10.00").unwrap();
        let b = Amount::from_str("10.01").unwrap();
        assert_eq!(a.checked_sub(b), None);
        assert_eq!(b.checked_sub(a).unwrap().to_string(), "0.01");
    }
}
