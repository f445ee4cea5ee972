//! What each symbology accepts, checked before encoding so a bad value gets a message that says what is
//! wrong: letters in an EAN, an odd-length ITF, a wrong check digit. EAN/UPC check digits are computed
//! when left out and verified when given.

use super::Symbology;

/// Code 39's own characters (no full-ASCII extension: most scanners have it switched off).
const CODE39_CHARSET: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-. $/+%";

/// Longest 1-D payloads the encoders take (characters).
const MAX_LINEAR_CHARS: usize = 80;

/// The exact text the encoder gets: check digit added for EAN/UPC (UPC-A as its EAN-13 form).
pub(super) fn normalise(symbology: Symbology, payload: &str) -> Result<String, String> {
    match symbology {
        Symbology::Ean13 => gtin(symbology, payload, 12),
        Symbology::Ean8 => gtin(symbology, payload, 7),
        Symbology::UpcA => gtin(symbology, payload, 11).map(|digits| format!("0{digits}")),
        Symbology::Itf => {
            digits_only(symbology, payload)?;
            if !payload.len().is_multiple_of(2) {
                return Err(format!(
                    "ITF encodes digits in pairs, so the value needs an even number of digits; {payload:?} has {} \
                     (add a leading 0)",
                    payload.len()
                ));
            }
            max_chars(symbology, payload)?;
            Ok(payload.to_owned())
        }
        Symbology::Code39 => {
            if let Some(bad) = payload.chars().find(|c| !CODE39_CHARSET.contains(*c)) {
                let hint = if bad.is_ascii_lowercase() { " (Code 39 has capital letters only)" } else { "" };
                return Err(format!("Code 39 cannot encode {bad:?}; it takes 0-9, A-Z, space and - . $ / + %{hint}"));
            }
            max_chars(symbology, payload)?;
            Ok(payload.to_owned())
        }
        Symbology::Code128 => {
            if let Some(bad) = payload.chars().find(|c| !c.is_ascii()) {
                return Err(format!("Code 128 encodes ASCII characters only; {bad:?} is not one"));
            }
            max_chars(symbology, payload)?;
            Ok(payload.to_owned())
        }
        Symbology::Qr(_) | Symbology::DataMatrix | Symbology::Pdf417 => Ok(payload.to_owned()),
    }
}

fn max_chars(symbology: Symbology, payload: &str) -> Result<(), String> {
    let count = payload.chars().count();
    if count > MAX_LINEAR_CHARS {
        return Err(format!(
            "{} values can be at most {MAX_LINEAR_CHARS} characters long; this one has {count}",
            symbology.name()
        ));
    }
    Ok(())
}

fn digits_only(symbology: Symbology, payload: &str) -> Result<(), String> {
    match payload.chars().find(|c| !c.is_ascii_digit()) {
        Some(bad) => Err(format!("{} values are digits only; {payload:?} contains {bad:?}", symbology.name())),
        None => Ok(()),
    }
}

/// EAN-13 / EAN-8 / UPC-A: `data` digits, or `data + 1` with a check digit that must be right.
fn gtin(symbology: Symbology, payload: &str, data: usize) -> Result<String, String> {
    digits_only(symbology, payload)?;
    let digits: Vec<u32> = payload.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() == data {
        return Ok(format!("{payload}{}", check_digit(&digits)));
    }
    if digits.len() == data + 1 {
        let expected = check_digit(&digits[..data]);
        let given = digits[data];
        if given != expected {
            return Err(format!(
                "the {} check digit of {payload:?} is wrong: the last digit is {given}, it should be {expected} \
                 (or leave it out and it is computed)",
                symbology.name()
            ));
        }
        return Ok(payload.to_owned());
    }
    Err(format!(
        "{} values have {data} digits (or {} with the check digit); {payload:?} has {}",
        symbology.name(),
        data + 1,
        digits.len()
    ))
}

/// The GS1 mod-10 check digit: weights 3, 1, 3, … from the rightmost data digit.
pub(super) fn check_digit(data: &[u32]) -> u32 {
    let sum: u32 = data.iter().rev().enumerate().map(|(i, d)| if i % 2 == 0 { d * 3 } else { *d }).sum();
    (10 - sum % 10) % 10
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gs1_check_digits() {
        // 4006381333931 (EAN-13), 96385074 (EAN-8), 036000291452 (UPC-A).
        assert_eq!(check_digit(&[4, 0, 0, 6, 3, 8, 1, 3, 3, 3, 9, 3]), 1);
        assert_eq!(check_digit(&[9, 6, 3, 8, 5, 0, 7]), 4);
        assert_eq!(check_digit(&[0, 3, 6, 0, 0, 0, 2, 9, 1, 4, 5]), 2);
    }

    #[test]
    fn wrong_check_digit_letters_and_odd_itf_are_refused() {
        assert!(normalise(Symbology::Ean13, "4006381333932").expect_err("wrong").contains("should be 1"));
        assert!(normalise(Symbology::Ean13, "40063813339A").expect_err("letter").contains("digits only"));
        assert!(normalise(Symbology::Itf, "12345").expect_err("odd").contains("even number"));
        assert!(normalise(Symbology::UpcA, "03600029145").is_ok_and(|s| s == "0036000291452"));
        assert!(normalise(Symbology::Code39, "abc").expect_err("lower").contains("capital"));
    }
}
