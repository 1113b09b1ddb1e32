//! Floats printed the way PHP's `http_build_query` prints them: `"%.*G"` with the
//! process's `precision` ini setting, through `php_gcvt` (`precision=14`, PHP's default:
//! `0.1 + 0.2` is `0.3` and `1e20` is `1.0E+20`; `precision=-1`: the shortest text that
//! reads back as the same float, `0.30000000000000004`).

use std::fmt::Write;

/// PHP's default `precision` ini setting, used by `http_build_query` for floats.
pub const DEFAULT_PRECISION: i32 = 14;

/// Above this many digits every float is exact (an `f64` has at most 767 significant
/// decimal digits and a decimal exponent of at most 309), so larger precisions print the
/// same text.
const MAX_DIGITS: i32 = 800;

/// Appends `value` to `out` as PHP 8 `http_build_query` renders it under
/// `precision=14` (before URL encoding). See [`write_php_float_precision`].
pub(crate) fn write_php_float(out: &mut String, value: f64) {
    write_php_float_precision(out, value, DEFAULT_PRECISION);
}

/// `value` as PHP 8 `http_build_query` writes it (before URL encoding) in a process whose
/// `precision` ini setting is `precision`: the same text `Hash::get` must sign for the
/// vendor's `GetHash` to agree in that process.
///
/// ```
/// assert_eq!(justclick::php_float_text(0.1 + 0.2, 14), "0.3");
/// assert_eq!(justclick::php_float_text(0.1 + 0.2, -1), "0.30000000000000004");
/// assert_eq!(justclick::php_float_text(1e20, 17), "1.0E+20");
/// ```
pub fn php_float_text(value: f64, precision: i32) -> String {
    let mut s = String::with_capacity(24);
    write_php_float_precision(&mut s, value, precision);
    s
}

/// Appends `value` to `out` as PHP's `"%.*G"` prints it with `precision`:
/// - `precision` ≥ 1: that many significant digits, rounded half to even like
///   `zend_dtoa` mode 2, trailing zeros dropped; 0 counts as 1;
/// - `precision` < 0 (PHP allows -1): the shortest digits that read back as `value`
///   (`zend_dtoa` mode 0), as for 17 digits otherwise;
///
/// then the exponent form `1.0E+20` when the decimal exponent is below -4 or at least the
/// precision (17 for -1), and `NAN`, `INF`, `-INF`.
pub(crate) fn write_php_float_precision(out: &mut String, value: f64, precision: i32) {
    if value.is_nan() {
        out.push_str("NAN");
        return;
    }
    if value.is_infinite() {
        out.push_str(if value > 0.0 { "INF" } else { "-INF" });
        return;
    }
    if value.is_sign_negative() {
        out.push('-');
    }
    let abs = value.abs();
    if abs == 0.0 {
        out.push('0');
        return;
    }
    let shortest = precision < 0;
    let ndigit = if shortest {
        17
    } else {
        precision.clamp(1, MAX_DIGITS)
    };
    // Rust's `{:e}` is the shortest round-trip form without a precision and correctly
    // rounded (half to even) with one, as zend_dtoa modes 0 and 2 are.
    let mut sci = String::with_capacity(24);
    if shortest {
        let _ = write!(sci, "{abs:e}");
    } else {
        let _ = write!(sci, "{:.*e}", (ndigit - 1) as usize, abs);
    }
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let kept = if shortest {
        None
    } else {
        unstripped_tie(abs, ndigit)
    };
    let digits = match kept {
        Some(kept) => kept,
        None => digits.trim_end_matches('0').to_owned(),
    };
    let digits = if digits.is_empty() {
        "0"
    } else {
        digits.as_str()
    };
    // php_gcvt's `decpt`: position of the decimal point relative to the digits.
    let decpt = exp + 1;
    if decpt > ndigit || decpt < -3 {
        let (first, rest) = digits.split_at(1);
        out.push_str(first);
        out.push('.');
        out.push_str(if rest.is_empty() { "0" } else { rest });
        out.push('E');
        out.push(if exp < 0 { '-' } else { '+' });
        let _ = write!(out, "{}", exp.unsigned_abs());
    } else if decpt <= 0 {
        out.push_str("0.");
        for _ in decpt..0 {
            out.push('0');
        }
        out.push_str(digits);
    } else {
        let decpt = decpt as usize;
        if digits.len() <= decpt {
            out.push_str(digits);
            for _ in digits.len()..decpt {
                out.push('0');
            }
        } else {
            out.push_str(&digits[..decpt]);
            out.push('.');
            out.push_str(&digits[decpt..]);
        }
    }
}

/// zend_dtoa's quirk: with at most 14 digits asked for (its floating-point fast path), an
/// integer below 1e15 whose dropped digits are an exact tie (`5`, `50`, …) that rounds
/// down (even last kept digit) leaves the fast path for the "small integer" path, which
/// keeps trailing zeros: PHP prints 637570235813105.0 as `6.3757023581310E+14` under
/// precision 14, and 1005.0 as `1.00E+3` under precision 3.
fn unstripped_tie(abs: f64, ndigit: i32) -> Option<String> {
    if ndigit > 14 || abs.fract() != 0.0 || !(1.0..1e15).contains(&abs) {
        return None;
    }
    let n = abs as u64;
    let len = n.ilog10() + 1;
    let dropped = len.checked_sub(ndigit as u32).filter(|&d| d > 0)?;
    let unit = 10u64.pow(dropped);
    let head = n / unit;
    (n % unit == unit / 2 && head % 2 == 0).then(|| head.to_string())
}

#[cfg(test)]
mod tests {
    use super::{write_php_float, write_php_float_precision};

    fn php(v: f64) -> String {
        let mut s = String::new();
        write_php_float(&mut s, v);
        s
    }

    #[test]
    fn matches_php_8_output() {
        // Expected strings produced by PHP 8.2's http_build_query (before urlencoding).
        let cases = [
            (0.1 + 0.2, "0.3"),
            (1e20, "1.0E+20"),
            (-0.0, "-0"),
            (0.0, "0"),
            (1.0, "1"),
            (1.0 / 3.0, "0.33333333333333"),
            (99.9, "99.9"),
            (123_456_789_012_345.0, "1.2345678901234E+14"),
            (12_345_678_901_234.5, "12345678901234"),
            (99_999_999_999_999.5, "1.0E+14"),
            (1e14, "1.0E+14"),
            (1e13, "10000000000000"),
            (0.000125, "0.000125"),
            (1e-5, "1.0E-5"),
            (0.000_012_34, "1.234E-5"),
            (2.5e-4, "0.00025"),
            (-1.5, "-1.5"),
            (f64::NAN, "NAN"),
            (f64::NEG_INFINITY, "-INF"),
            (f64::INFINITY, "INF"),
            (1e300, "1.0E+300"),
            (637_570_235_813_105.0, "6.3757023581310E+14"),
            (-637_570_235_813_105.0, "-6.3757023581310E+14"),
            (100_000_000_000_001.0, "1.0E+14"),
            (100_000_000_000_015.0, "1.0000000000002E+14"),
            (100_000_000_000_025.0, "1.0000000000002E+14"),
            (999_999_999_999_995.0, "1.0E+15"),
            (999_999_999_999_985.0, "9.9999999999998E+14"),
            (100_000_000_000_005.0, "1.0000000000000E+14"),
            (5e-324, "4.9406564584125E-324"),
        ];
        for (v, want) in cases {
            assert_eq!(php(v), want, "float {v:e}");
        }
    }

    /// Every line of php_float_vectors.txt (written by php_float_vectors.php with the php
    /// CLI: http_build_query's own text for each float under precisions -1 to 800).
    #[test]
    fn matches_php_under_every_precision() {
        let mut checked = 0;
        let mut wrong = Vec::new();
        for line in include_str!("php_float_vectors.txt").lines() {
            if line.starts_with('#') {
                continue;
            }
            let mut parts = line.splitn(3, ' ');
            let (Some(p), Some(bits), Some(want)) = (parts.next(), parts.next(), parts.next())
            else {
                panic!("bad vector line {line:?}");
            };
            let p: i32 = p.parse().unwrap();
            let v = f64::from_bits(u64::from_str_radix(bits, 16).unwrap());
            let mut got = String::new();
            write_php_float_precision(&mut got, v, p);
            if got != want {
                wrong.push(format!("precision {p}, {v:e}: want {want}, got {got}"));
            }
            checked += 1;
        }
        assert!(checked > 5000, "only {checked} vectors");
        assert!(
            wrong.is_empty(),
            "{} of {checked} differ:\n{}",
            wrong.len(),
            wrong.join("\n")
        );
    }
}
