//! The password policy for every account, whether self-registered, created by an admin or changed.
//!
//! In order, a password is refused when it is:
//! 1. not 8 to 128 characters long (characters, not bytes: 8 Chinese characters are 8) → `length`;
//! 2. only whitespace, or one character repeated → `too_weak`;
//! 3. built on the account's own details (phone, e-mail, login, display name, enterprise name, credit
//!    code): it contains one of them, or one written backwards, or it is part of one → `personal_info`.
//!    Details shorter than 4 characters are ignored (a two-character name is in too many passwords),
//!    and for an e-mail address its local part counts too. Case is ignored;
//! 4. guessed by zxcvbn in fewer than 10^10 tries (score below `MIN_SCORE`), with the same details as
//!    its user inputs → `too_weak`, carrying zxcvbn's warning and suggestions for people.
//!
//! zxcvbn is given only a password's first 40 characters: its time grows with the square of the length
//! (about 20 ms for its own cap of 100 characters, 3 ms for 40, in a release build). A prefix is never
//! stronger than the whole, so this may refuse a long password whose start is weak, never accept a weak one.

use zxcvbn::Score;

pub const MIN_CHARS: usize = 8;
pub const MAX_CHARS: usize = 128;
/// zxcvbn's score 3, "safely unguessable: moderate protection from an offline slow-hash attack": what
/// its authors recommend, and the project's own example passwords (`correct-horse-battery`,
/// `demo-pass-2026` …) reach it. Online guessing can be throttled; a leaked hash is attacked offline.
pub const MIN_SCORE: Score = Score::Three;
/// Shorter details match too much by chance to refuse a password for.
const MIN_PERSONAL_CHARS: usize = 4;
/// How much of a password zxcvbn judges; see the module comment.
const JUDGED_CHARS: usize = 40;

/// Why a password was refused; `code()` is what clients branch on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordProblem {
    #[error("must be between {min} and {max} characters")]
    Length { min: usize, max: usize },
    /// Easy to guess. `warning` and `suggestions` are zxcvbn's English advice, when it has some.
    #[error("is too easy to guess{}", advice(warning.as_deref(), suggestions))]
    TooWeak { warning: Option<String>, suggestions: Vec<String> },
    #[error("must not contain the account's phone number, e-mail, name or credit code")]
    PersonalInfo,
}

impl PasswordProblem {
    pub const CODES: [&'static str; 3] = ["length", "too_weak", "personal_info"];

    pub fn code(&self) -> &'static str {
        match self {
            PasswordProblem::Length { .. } => "length",
            PasswordProblem::TooWeak { .. } => "too_weak",
            PasswordProblem::PersonalInfo => "personal_info",
        }
    }

    /// For people, after the field's name: "must be between 8 and 128 characters".
    pub fn message(&self) -> String {
        self.to_string()
    }
}

fn advice(warning: Option<&str>, suggestions: &[String]) -> String {
    let parts: Vec<&str> = warning.into_iter().chain(suggestions.iter().map(String::as_str)).collect();
    if parts.is_empty() { String::new() } else { format!(": {}", parts.join(" ")) }
}

/// Checks a new password against the policy. `personal` holds what the account is known by (phone,
/// e-mail, login, display name, enterprise name, credit code); absent ones may be passed as "".
pub fn check_password(password: &str, personal: &[&str]) -> Result<(), PasswordProblem> {
    let chars = password.chars().count();
    if !(MIN_CHARS..=MAX_CHARS).contains(&chars) {
        return Err(PasswordProblem::Length { min: MIN_CHARS, max: MAX_CHARS });
    }
    let mut rest = password.chars();
    let first = rest.next();
    if password.chars().all(char::is_whitespace) || rest.all(|c| Some(c) == first) {
        return Err(PasswordProblem::TooWeak { warning: None, suggestions: Vec::new() });
    }

    let details = personal_details(personal);
    let lower = password.to_lowercase();
    for detail in &details {
        let backwards: String = detail.chars().rev().collect();
        if lower.contains(detail.as_str()) || lower.contains(&backwards) || detail.contains(&lower) {
            return Err(PasswordProblem::PersonalInfo);
        }
    }

    let judged = match password.char_indices().nth(JUDGED_CHARS) {
        Some((end, _)) => &password[..end],
        None => password,
    };
    let inputs: Vec<&str> = details.iter().map(String::as_str).collect();
    let estimate = zxcvbn::zxcvbn(judged, &inputs);
    if estimate.score() < MIN_SCORE {
        let feedback = estimate.feedback();
        return Err(PasswordProblem::TooWeak {
            warning: feedback.and_then(|f| f.warning()).map(|w| w.to_string()),
            suggestions: feedback.map(|f| f.suggestions().iter().map(|s| s.to_string()).collect()).unwrap_or_default(),
        });
    }
    Ok(())
}

/// The account's details as a password must not use them: trimmed, lower-cased, an e-mail's local part
/// added, the short ones left out.
fn personal_details(personal: &[&str]) -> Vec<String> {
    let mut details = Vec::new();
    for value in personal {
        let value = value.trim().to_lowercase();
        if let Some((local, _domain)) = value.split_once('@') {
            details.push(local.to_string());
        }
        details.push(value);
    }
    details.retain(|d| d.chars().count() >= MIN_PERSONAL_CHARS);
    details.sort();
    details.dedup();
    details
}

#[cfg(test)]
mod tests {
    use super::*;

    const PHONE: &str = "13800138000";
    const ACCOUNT: &[&str] = &[PHONE, "Zhang.Wei@Example.com", "zhangwei88", "张伟", "", "91350100M000100Y43"];

    #[test]
    fn refused() {
        let long = "x".repeat(64) + &"y".repeat(65);
        // (password, the account's details, code)
        let cases: &[(&str, &[&str], &str)] = &[
            ("abc-de7", &[], "length"),
            ("一二三四五六七", &[], "length"),
            (&long, &[], "length"),
            ("", &[], "length"),
            ("12345678", &[], "too_weak"),
            ("password", &[], "too_weak"),
            ("        ", &[], "too_weak"),
            ("\t \u{3000}  \n  ", &[], "too_weak"),
            ("aaaaaaaa", &[], "too_weak"),
            ("我我我我我我我我", &[], "too_weak"),
            ("qwertyui", &[], "too_weak"),
            ("1qaz2wsx", &[], "too_weak"),
            ("iloveyou", &[], "too_weak"),
            ("Password1", &[], "too_weak"),
            ("P@ssw0rd", &[], "too_weak"),
            ("woaini1314", &[], "too_weak"),
            ("13800138000a", &[], "too_weak"),
            ("long-enough", &[], "too_weak"),
            // Judged by its first 40 characters.
            (&("password".repeat(5) + "-tulip-harbor-9-correct-horse"), &[], "too_weak"),
            (PHONE, ACCOUNT, "personal_info"),
            ("13800138000a", ACCOUNT, "personal_info"),
            ("x00083100831x", ACCOUNT, "personal_info"),
            ("my-ZHANG.WEI-secret", ACCOUNT, "personal_info"),
            ("zhang.wei@example.com", ACCOUNT, "personal_info"),
            ("ZhangWei88!!", ACCOUNT, "personal_info"),
            ("91350100m000100y43", ACCOUNT, "personal_info"),
            ("91350100M000", ACCOUNT, "personal_info"),
            ("某某科技有限公司的密码", &["某某科技有限公司"], "personal_info"),
            // The e2e admin's: its login is `admin`.
            ("admin-pass-2026", &["admin", "系统管理员"], "personal_info"),
        ];
        for &(password, personal, code) in cases {
            let problem = check_password(password, personal).expect_err(password);
            assert_eq!(problem.code(), code, "{password:?}: {problem}");
        }
    }

    #[test]
    fn accepted() {
        let long = "correct-horse-battery-staple ".repeat(5)[..128].to_string();
        // (password, the account's details)
        let cases: &[(&str, &[&str])] = &[
            // The project's own: tests, e2e, demo seed, README.
            ("correct-horse-battery", &[]),
            ("correct-horse-battery", ACCOUNT),
            ("a-long-secret-1", &["13900000002"]),
            ("demo-pass-2026", &["admin", "13800000001"]),
            ("e2e-pass-2026", &[]),
            ("admin-pass-2026", &[]),
            ("new-password-1", &["wang@example.com", "老王"]),
            (&long, &[]),
            // A detail under 4 characters does not count, nor does an empty one.
            ("张伟的通勤路线很长", &["张伟", ""]),
            ("zw-tulip-harbor-9", ACCOUNT),
            ("ILoveChina2026", &[]),
        ];
        for &(password, personal) in cases {
            assert_eq!(check_password(password, personal), Ok(()), "{password:?}");
        }
    }

    #[test]
    fn problems_read_well() {
        assert_eq!(check_password("short", &[]).unwrap_err().message(), "must be between 8 and 128 characters");
        assert_eq!(check_password("aaaaaaaa", &[]).unwrap_err().message(), "is too easy to guess");
        let weak = check_password("password", &[]).unwrap_err();
        assert!(weak.message().starts_with("is too easy to guess: This is a top-10 common password."), "{weak}");
        assert_eq!(
            check_password(PHONE, &[PHONE]).unwrap_err().message(),
            "must not contain the account's phone number, e-mail, name or credit code"
        );
        let codes: Vec<_> = [
            PasswordProblem::Length { min: 8, max: 128 },
            PasswordProblem::TooWeak { warning: None, suggestions: Vec::new() },
            PasswordProblem::PersonalInfo,
        ]
        .iter()
        .map(PasswordProblem::code)
        .collect();
        assert_eq!(codes, PasswordProblem::CODES);
    }

    #[test]
    fn a_long_password_is_checked_quickly() {
        // The slowest kinds for zxcvbn: random characters, and l33t substitutions everywhere. A release build
        // takes 3 ms; the bound is loose for debug builds on a busy machine.
        let worst = [
            "k#9Lq!2vZ@m7^Xw$Rt5&Yb0*Hn3(Pd8)Gs6-Je4+Fa1=Uc".repeat(3)[..128].to_string(),
            "a4@e3i1!o0s5$t7".repeat(9)[..128].to_string(),
            "p@$$w0rd".repeat(16),
            "1qaz2wsx3edc4rfv".repeat(8),
            "20261231".repeat(16),
            "我家门前有两棵枣树".repeat(15)[..].chars().take(128).collect(),
        ];
        for password in &worst {
            let start = std::time::Instant::now();
            let _ = check_password(password, ACCOUNT);
            assert!(start.elapsed() < std::time::Duration::from_millis(100), "{password}: {:?}", start.elapsed());
        }
    }
}
