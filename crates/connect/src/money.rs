//! Amounts on the wire: vendors count in the currency's minor unit (cents), the
//! store in exact decimals. Conversions are exact or refused; never a float.

use countersign_domain::Amount;
use rust_decimal::Decimal;

/// Currencies with no minor unit (Stripe's list of zero-decimal currencies).
const ZERO_DECIMAL: &[&str] = &[
    "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv",
    "xaf", "xof", "xpf",
];

fn exponent(currency: &str) -> u32 {
    if ZERO_DECIMAL.contains(&currency.to_ascii_lowercase().as_str()) {
        0
    } else {
        2
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MinorUnitError {
    #[error("{amount} {currency} is not a whole number of the currency's smallest unit")]
    NotWhole { amount: String, currency: String },
    #[error("{amount} {currency} is too large to send")]
    TooLarge { amount: String, currency: String },
}

/// `amount` in `currency`'s smallest unit: 12.34 USD is 1234, 500 JPY is 500.
pub fn to_minor(amount: Amount, currency: &str) -> Result<i64, MinorUnitError> {
    let scaled = amount.decimal() * Decimal::from(10_i64.pow(exponent(currency)));
    if !scaled.fract().is_zero() {
        return Err(MinorUnitError::NotWhole {
            amount: amount.to_string(),
            currency: currency.to_uppercase(),
        });
    }
    i64::try_from(scaled).map_err(|_| MinorUnitError::TooLarge {
        amount: amount.to_string(),
        currency: currency.to_uppercase(),
    })
}

/// `minor` units of `currency` as an amount: 1234 USD cents is 12.34.
pub fn from_minor(minor: i64, currency: &str) -> Amount {
    Amount::from_decimal(Decimal::new(minor, exponent(currency)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn amount(text: &str) -> Amount {
        Amount::from_str(text).expect("an amount")
    }

    #[test]
    fn cents_both_ways() {
        assert_eq!(to_minor(amount("12.34"), "usd"), Ok(1234));
        assert_eq!(to_minor(amount("0.10"), "EUR"), Ok(10));
        assert_eq!(from_minor(1234, "usd"), amount("12.34"));
        assert_eq!(from_minor(5, "usd"), amount("0.05"));
    }

    #[test]
    fn zero_decimal_currencies_count_whole_units() {
        assert_eq!(to_minor(amount("500"), "jpy"), Ok(500));
        assert_eq!(from_minor(500, "JPY"), amount("500"));
        assert!(matches!(
            to_minor(amount("500.50"), "jpy"),
            Err(MinorUnitError::NotWhole { .. })
        ));
    }
}
