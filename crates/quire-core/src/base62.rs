//! Base62 (`0-9A-Za-z`) encoding and random strings drawn from the OS CSPRNG.

use rand::RngCore;
use rand::TryRngCore;
use rand::rngs::OsRng;

/// The alphabet in digit order: `0-9`, then `A-Z`, then `a-z`.
pub const ALPHABET: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// True when every byte is one of the 62 alphabet characters.
pub fn is_base62(text: &str) -> bool {
    text.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// `len` characters drawn uniformly from the alphabet using the operating system's CSPRNG.
pub fn random_string(len: usize) -> String {
    let mut rng = OsRng.unwrap_err();
    let mut out = String::with_capacity(len);
    let mut bytes = [0u8; 64];
    while out.len() < len {
        // One system call per 64 bytes instead of one per character.
        rng.fill_bytes(&mut bytes);
        // 248 = 4 × 62: bytes below it map onto the alphabet uniformly; the rest are skipped.
        for b in bytes.iter().filter(|b| **b < 248).take(len - out.len()) {
            out.push(char::from(ALPHABET[usize::from(*b % 62)]));
        }
    }
    out
}

/// `value` written in base62, most significant digit first, left-padded with `0` to `width` characters.
pub fn encode_padded(mut value: u64, width: usize) -> String {
    let mut digits = Vec::with_capacity(width.max(11));
    while value > 0 {
        digits.push(ALPHABET[(value % 62) as usize]);
        value /= 62;
    }
    while digits.len() < width {
        digits.push(b'0');
    }
    digits.reverse();
    digits.into_iter().map(char::from).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_most_significant_digit_first_with_padding() {
        assert_eq!(encode_padded(0, 6), "000000");
        assert_eq!(encode_padded(61, 6), "00000z");
        assert_eq!(encode_padded(62, 6), "000010");
        assert_eq!(encode_padded(u32::MAX as u64, 6), "4gfFC3");
    }

    #[test]
    fn random_strings_use_only_the_alphabet() {
        let s = random_string(500);
        assert_eq!(s.len(), 500);
        assert!(is_base62(&s));
        assert_ne!(random_string(32), random_string(32));
    }
}
