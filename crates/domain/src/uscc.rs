//! The unified social credit code (统一社会信用代码) of an enterprise, GB 32100-2015.

/// The 31 characters a code may use: digits and capitals without I, O, S, V, Z.
const CHARSET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
/// Weight of each of the first 17 positions: 3^(i) mod 31.
const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UsccError {
    Length,
    Character,
    /// Positions 3–8 are the GB/T 2260 administrative division code.
    DivisionCode,
    CheckDigit,
}

fn value(c: u8) -> Option<u32> {
    CHARSET.iter().position(|&x| x == c).map(|p| p as u32)
}

/// The check character for the first 17 characters (already upper-case).
pub fn check_char(first17: &[u8]) -> Option<char> {
    if first17.len() != 17 {
        return None;
    }
    let mut sum = 0;
    for (c, w) in first17.iter().zip(WEIGHTS) {
        sum += value(*c)? * w;
    }
    let check = (31 - sum % 31) % 31;
    Some(CHARSET[check as usize] as char)
}

/// Upper-cases, trims and verifies a code; returns it normalised.
pub fn parse(input: &str) -> Result<String, UsccError> {
    let code = input.trim().to_ascii_uppercase();
    let bytes = code.as_bytes();
    if code.chars().count() != 18 {
        return Err(UsccError::Length);
    }
    if bytes.iter().any(|b| value(*b).is_none()) {
        return Err(UsccError::Character);
    }
    if !bytes[2..8].iter().all(u8::is_ascii_digit) {
        return Err(UsccError::DivisionCode);
    }
    if check_char(&bytes[..17]) != Some(bytes[17] as char) {
        return Err(UsccError::CheckDigit);
    }
    Ok(code)
}

/// How the code is shown in public: the registration and division part, the last two characters.
pub fn mask(code: &str) -> String {
    let chars: Vec<char> = code.chars().collect();
    if chars.len() != 18 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..6].iter().collect();
    let tail: String = chars[16..].iter().collect();
    format!("{head}**********{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_codes() {
        // Published examples of real-format codes.
        assert_eq!(parse("91350100M000100Y43"), Ok("91350100M000100Y43".into()));
        assert_eq!(parse(" 91350100m000100y43 "), Ok("91350100M000100Y43".into()));
        assert_eq!(parse("91350100M000100Y44"), Err(UsccError::CheckDigit));
        assert_eq!(parse("91350100M000100Y4"), Err(UsccError::Length));
        assert_eq!(parse("91350100M000100I43"), Err(UsccError::Character));
        assert_eq!(parse("913A0100M000100Y43"), Err(UsccError::DivisionCode));
        assert_eq!(parse("９１350100M000100Y43"), Err(UsccError::Character));
    }

    #[test]
    fn masking_hides_the_organisation_code() {
        assert_eq!(mask("91350100M000100Y43"), "913501**********43");
    }

    fn first17() -> impl Strategy<Value = String> {
        let ch = proptest::sample::select(CHARSET.to_vec());
        let digit = proptest::sample::select(b"0123456789".to_vec());
        (
            proptest::collection::vec(ch.clone(), 2),
            proptest::collection::vec(digit, 6),
            proptest::collection::vec(ch, 9),
        )
            .prop_map(|(a, b, c)| a.into_iter().chain(b).chain(c).map(char::from).collect())
    }

    proptest! {
        #[test]
        fn a_computed_check_char_always_verifies(s in first17()) {
            let code = format!("{s}{}", check_char(s.as_bytes()).unwrap());
            prop_assert_eq!(parse(&code), Ok(code.clone()));
        }

        #[test]
        fn any_other_check_char_fails(s in first17(), c in proptest::sample::select(CHARSET.to_vec())) {
            let right = check_char(s.as_bytes()).unwrap();
            prop_assume!(c as char != right);
            prop_assert_eq!(parse(&format!("{s}{}", c as char)), Err(UsccError::CheckDigit));
        }

        #[test]
        fn never_panics(s in "\\PC{0,30}") {
            let _ = parse(&s);
            let _ = mask(&s);
        }
    }
}
