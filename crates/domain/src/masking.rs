//! What the public sees of a message's text: mainland mobile numbers and 18-digit resident ID numbers
//! are masked, because writers often paste them to be called back.

/// Masks phone and ID numbers in `text`. Only whole digit runs count, so a number inside a longer run of
/// digits (an order number, say) is left alone.
pub fn mask_public_text(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        // An ID number may end in X.
        let mut end = i;
        if end - start == 17 && end < chars.len() && matches!(chars[end], 'X' | 'x') {
            end += 1;
            i = end;
        }
        let run: String = chars[start..end].iter().collect();
        out.push_str(&mask_run(&run));
    }
    out
}

fn mask_run(run: &str) -> String {
    let n = run.len();
    let b = run.as_bytes();
    let is_mobile = |s: &[u8]| s.len() == 11 && s[0] == b'1' && (b'3'..=b'9').contains(&s[1]);
    if n == 18 {
        // 110101199003071234 → 110101********1234
        format!("{}********{}", &run[..6], &run[14..])
    } else if is_mobile(b) {
        format!("{}****{}", &run[..3], &run[7..])
    } else if n == 13 && run.starts_with("86") && is_mobile(&b[2..]) {
        format!("86{}****{}", &run[2..5], &run[9..])
    } else {
        run.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn examples() {
        assert_eq!(mask_public_text("请回电13812345678谢谢"), "请回电138****5678谢谢");
        assert_eq!(mask_public_text("+8613812345678"), "+86138****5678");
        assert_eq!(mask_public_text("身份证110101199003071234。"), "身份证110101********1234。");
        assert_eq!(mask_public_text("身份证11010119900307123X"), "身份证110101********123X");
        assert_eq!(mask_public_text("订单号123812345678901"), "订单号123812345678901");
        assert_eq!(mask_public_text("座机010-12345678"), "座机010-12345678");
        assert_eq!(mask_public_text("2023年5月"), "2023年5月");
        assert_eq!(mask_public_text(""), "");
    }

    proptest! {
        #[test]
        fn a_mobile_number_never_survives(prefix in "[^0-9]{0,5}", n in "1[3-9][0-9]{9}", suffix in "[^0-9xX]{0,5}") {
            let masked = mask_public_text(&format!("{prefix}{n}{suffix}"));
            prop_assert!(!masked.contains(&n));
            prop_assert_eq!(masked.chars().count(), prefix.chars().count() + 11 + suffix.chars().count());
        }

        #[test]
        fn an_id_number_never_survives(prefix in "[^0-9]{0,5}", n in "[0-9]{17}[0-9X]", suffix in "[^0-9xX]{0,5}") {
            let masked = mask_public_text(&format!("{prefix}{n}{suffix}"));
            prop_assert!(!masked.contains(&n));
        }

        #[test]
        fn text_without_digits_is_unchanged(s in "[^0-9]{0,50}") {
            prop_assert_eq!(mask_public_text(&s), s);
        }
    }
}
