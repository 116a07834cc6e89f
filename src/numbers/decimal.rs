//! The exact decimal the numbers are computed on: digits as typed, or a
//! stored number at Excel's 15 significant digits.

use std::fmt;

/// An exact decimal: `digits × 10^-scale`, non-negative.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Dec {
    digits: u128,
    scale: i32,
}

impl Dec {
    pub(super) const ZERO: Dec = Dec {
        digits: 0,
        scale: 0,
    };

    pub(super) fn from_integer(n: u128) -> Dec {
        Dec {
            digits: n,
            scale: 0,
        }
        .normalized()
    }

    /// `12.5`, `0012`, `.5`; at most 30 significant digits.
    pub(super) fn parse(text: &str) -> Option<Dec> {
        let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
        if text.ends_with('.') || (whole.is_empty() && fraction.is_empty()) {
            return None;
        }
        let all = format!("{whole}{fraction}");
        if !all.chars().all(|c| c.is_ascii_digit()) || all.trim_start_matches('0').len() > 30 {
            return None;
        }
        let digits = all.parse().ok()?;
        let scale = i32::try_from(fraction.len()).ok()?;
        Some(Dec { digits, scale }.normalized())
    }

    /// A finite non-negative number at 15 significant digits, as Excel shows it.
    pub(super) fn from_f64(n: f64) -> Dec {
        // Fast path, same result: a number with at most six decimals and
        // fewer than 15 digits is exactly `digits / 10^scale` at 15
        // significant digits (it lies within one part in 4.5e15 of it).
        let abs = n.abs();
        let mut power = 1.0_f64;
        for scale in 0..=6 {
            let scaled = abs * power;
            if scaled < 1e15 && scaled.fract() == 0.0 {
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                // a whole number below 1e15
                return Dec {
                    digits: scaled as u128,
                    scale,
                }
                .normalized();
            }
            power *= 10.0;
        }
        let text = format!("{:.14e}", abs);
        let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
        let exponent: i32 = exponent.parse().unwrap_or(0);
        Dec::parse(mantissa).unwrap_or(Dec::ZERO).shift(exponent)
    }

    /// Times `10^power`.
    pub(super) fn shift(self, power: i32) -> Dec {
        Dec {
            digits: self.digits,
            scale: self.scale - power,
        }
        .normalized()
    }

    fn normalized(mut self) -> Dec {
        if self.digits == 0 {
            return Dec::ZERO;
        }
        while self.digits.is_multiple_of(10) {
            self.digits /= 10;
            self.scale -= 1;
        }
        self
    }

    pub(super) fn is_zero(self) -> bool {
        self.digits == 0
    }

    pub(super) fn is_whole(self) -> bool {
        self.scale <= 0
    }

    pub(super) fn to_f64(self) -> f64 {
        // Parsing is correctly rounded: `0.35` gives the same f64 as the literal.
        format!("{}e{}", self.digits, -self.scale)
            .parse()
            .unwrap_or(f64::NAN)
    }
}

impl fmt::Display for Dec {
    /// Plain digits, no exponent, no trailing zeros: `125000`, `0.35`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.digits.to_string();
        let Ok(scale) = usize::try_from(self.scale) else {
            let zeros = usize::try_from(-self.scale).unwrap_or(0);
            return write!(f, "{digits}{}", "0".repeat(zeros));
        };
        if scale == 0 {
            write!(f, "{digits}")
        } else if digits.len() > scale {
            let (whole, fraction) = digits.split_at(digits.len() - scale);
            write!(f, "{whole}.{fraction}")
        } else {
            write!(f, "0.{}{digits}", "0".repeat(scale - digits.len()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::numbers::chinese::chinese_integer;
    #[test]
    fn decimal_arithmetic_is_exact() {
        assert_eq!(
            Dec::parse("12.5").map(|d| d.shift(4).to_string()),
            Some("125000".into())
        );
        assert_eq!(Dec::parse(".5").map(|d| d.to_string()), Some("0.5".into()));
        assert_eq!(Dec::parse("5."), None);
        assert_eq!(Dec::from_f64(0.35).to_string(), "0.35");
        assert_eq!(Dec::from_f64(1e-7).to_string(), "0.0000001");
        assert_eq!(chinese_integer("十五"), Some(15));
        assert_eq!(chinese_integer("二〇二五"), Some(2025));
        assert_eq!(chinese_integer("百千"), None);
    }

    #[test]
    fn the_fast_reading_of_a_float_agrees_with_its_fifteen_digits() {
        // the reference: the number printed at 15 significant digits
        let slow = |n: f64| {
            let text = format!("{:.14e}", n.abs());
            let (mantissa, exponent) = text.split_once('e').expect("e");
            let exponent: i32 = exponent.parse().expect("exponent");
            Dec::parse(mantissa).expect("digits").shift(exponent)
        };
        let mut values = vec![0.0, 1.0, 0.1, 0.35, 12.5, 89.995, 0.30000000000000004];
        values.extend([
            999_999_999_999_999.0,
            1e15,
            123_456.789_012,
            2.0_f64.powi(52),
        ]);
        // every k / 10^j for small k, and pseudo-random numbers of every size
        for j in 0..8 {
            for k in 0..2_000 {
                values.push(f64::from(k) / 10f64.powi(j));
            }
        }
        let mut state = 20_231_215_u64;
        for _ in 0..20_000 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            let bits = (state >> 11) as f64 / (1u64 << 53) as f64;
            let exponent = i32::try_from(state % 24).expect("small") - 8;
            values.push(bits * 10f64.powi(exponent));
            values.push((bits * 1e6).round() / 100.0);
        }
        for n in values {
            assert_eq!(Dec::from_f64(n), slow(n), "{n:e}");
        }
    }
}
