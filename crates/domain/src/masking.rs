//! What the public sees of a message's text: phone numbers, resident ID numbers, bank card numbers and
//! e-mail addresses are masked, because writers often paste them to be called back.
//!
//! Writers (and people who want to publish someone else's number) write numbers in many ways, so the
//! text is first turned into a *normalised view*: every char is NFKC-normalised (full-width and
//! mathematical digits become ASCII), decimal digits of every script become ASCII digits, separators
//! are folded (every space to `' '`, every dash to `'-'`, middle dots to `'.'`) and invisible chars
//! (zero-width, soft hyphen, bidi controls, combining marks, variation selectors) are dropped. Each
//! unit of the view remembers the original char it came from, so a number found in the view is
//! replaced in the original text from its first to its last char, and everything else is copied
//! unchanged.
//!
//! In the view, a *group* is a maximal run of digits and a *run* is a sequence of groups joined by
//! one separator: one or two spaces, or one of `-` `.` `/` with at most one space on either side, or
//! `)` (plus a space) after a group opened by `(`, for `(020)87654321`. Line breaks never join groups.
//! A number is a sequence of whole groups of a run (a number inside a longer group is never one: an
//! order number stays as it is). What is masked, and how:
//!
//! | kind | rule | masked as |
//! | --- | --- | --- |
//! | mobile | `1[3-9]` + 9 digits, any grouping; a `86`/`0086` prefix (also `+86`, `(+86)`) is kept as written | `138****5678` |
//! | landline | `010`/`02x` + 8 digits or `0[3-9]xx` + 7–8 digits, subscriber not starting with 0; area code its own group (or in brackets) or the whole number glued | area code as written + `****5678` |
//! | ID, 18 | 17 digits + digit/`X`; grouped ones need a province code, a birth date `YYYYMMDD` (1900–2099) and one separator throughout; a single group is masked as it is | `110101********1234` |
//! | ID, 15 | 15 digits with a province code and a birth date `YYMMDD` | `110101******123` |
//! | bank card | 16–19 digits passing Luhn; grouped ones use one separator throughout | first 4 + one `*` per hidden digit + last 4 |
//! | e-mail | `local@domain.tld` after NFKC (so `＠` counts) | first char of the local part + `***`, domain as written |
//!
//! False positives are kept down by: the checks above (mobile prefix, area codes, province and date,
//! Luhn); a decimal point next to a number that has no dots itself (`3.14159265358`, `13800138000.5`)
//! means a fraction, not a number; and a grouped landline or card whose run goes on with the same
//! separator it uses inside (`0571 8888 9999 1234 5678`) is part of a longer code, not a number.
//! Mobile numbers are masked even there (`2023 138 0013 8000`): their prefix is a strong enough sign,
//! and `1 138 0013 8000` would otherwise slip through.
//!
//! The masked text is masked again until nothing is found, so the output never holds a maskable number
//! and masking is idempotent. Every pass masks at least one number (fewer ASCII letters and digits in
//! the view) or one e-mail (one `@` fewer with a local part before it), so this ends, almost always
//! after the second pass.

use std::borrow::Cow;

use unicode_general_category::{GeneralCategory as Gc, get_general_category};
use unicode_normalization::char::decompose_compatible;

/// Masks personal numbers and e-mail addresses in `text` (see the module doc for what and how).
pub fn mask_public_text(text: &str) -> String {
    let mut current = Cow::Borrowed(text);
    while may_hold_personal_data(&current) {
        let mut view = normalised_view(&current);
        let found = find(&mut view);
        if found.is_empty() {
            break;
        }
        current = Cow::Owned(replace(&current, &view, &found));
    }
    current.into_owned()
}

/// Whether `mask_public_text` would change `text`, e.g. to refuse a search query that is a phone number.
pub fn contains_personal_data(text: &str) -> bool {
    may_hold_personal_data(text) && !find(&mut normalised_view(text)).is_empty()
}

/// The fast path: every number needs a char that is numeric and every e-mail an at sign. (A few CJK
/// symbols that are not numeric expand to digits under NFKC, like `㏩` to `10日` and `㎡` to `m2`, but
/// at most two at either end with a letter between, so alone they never make a number; a test checks
/// this for every char.)
fn may_hold_personal_data(text: &str) -> bool {
    text.chars().any(|c| {
        if c.is_ascii() {
            c.is_ascii_digit() || c == '@'
        } else {
            // Ideographs and Hangul syllables are letters (`Lo`): skipping them first saves most lookups.
            !is_cjk_or_hangul(c) && (c.is_numeric() || c == '＠' || c == '﹫')
        }
    })
}

/// A unit of the normalised view that stands for any char that can be no part of a number or an
/// e-mail address (CJK, `。`, a line break, letters outside ASCII…). Consecutive ones are merged.
const OTHER: u8 = 0;

/// One unit of the normalised view: an ASCII byte (or `OTHER`) and the byte range of the original char
/// it comes from (one char may give several units, as `⑽` gives `(10)`).
#[derive(Clone, Copy, Debug)]
struct Unit {
    b: u8,
    start: usize,
    end: usize,
}

fn normalised_view(text: &str) -> Vec<Unit> {
    // No capacity up front: consecutive `OTHER` units merge, so CJK text gives far fewer units than bytes.
    let mut units: Vec<Unit> = Vec::new();
    for (start, c) in text.char_indices() {
        let end = start + c.len_utf8();
        let mut push = |b: u8| {
            if b == OTHER
                && let Some(last) = units.last_mut()
                && last.b == OTHER
            {
                last.end = end;
            } else {
                units.push(Unit { b, start, end });
            }
        };
        if c.is_ascii() {
            if let Some(b) = ascii_unit(c as u8) {
                push(b);
            }
        } else if is_cjk_or_hangul(c) {
            push(OTHER);
        } else {
            // Per-char NFKD: NFKC of a single char differs from it only by composing non-ASCII letters
            // with their marks, and all those are `OTHER` (or their marks dropped) here anyway.
            decompose_compatible(c, |d| {
                if let Some(b) = unit_of(d) {
                    push(b);
                }
            });
        }
    }
    units
}

/// Ideographs and Hangul syllables, the bulk of the text: no decomposition to look up.
fn is_cjk_or_hangul(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7A3 | 0x20000..=0x3FFFF)
}

/// `None`: the char is invisible and left out of the view.
fn ascii_unit(b: u8) -> Option<u8> {
    match b {
        b'\t' | b' ' => Some(b' '),
        b'\n' | b'\r' | 0x0B | 0x0C => Some(OTHER),
        0..=0x1F | 0x7F => None,
        _ => Some(b),
    }
}

fn unit_of(d: char) -> Option<u8> {
    if d.is_ascii() {
        return ascii_unit(d as u8);
    }
    match get_general_category(d) {
        Gc::DecimalNumber => Some(b'0' + decimal_value(d)),
        Gc::SpaceSeparator => Some(b' '),
        Gc::DashPunctuation => Some(b'-'),
        Gc::Format | Gc::NonspacingMark | Gc::EnclosingMark | Gc::Control => None,
        // Default-ignorable code points that are not assigned yet render as nothing.
        Gc::Unassigned if matches!(d as u32, 0x2060..=0x206F | 0xFFF0..=0xFFF8 | 0xE0000..=0xE0FFF) => None,
        _ => match d {
            // Hangul fillers, which render as nothing (U+3164 and U+FFA0 decompose to U+1160).
            '\u{115F}' | '\u{1160}' => None,
            '\u{2212}' => Some(b'-'),
            '\u{00B7}' | '\u{2022}' | '\u{2027}' | '\u{30FB}' | '\u{FF65}' => Some(b'.'),
            _ => Some(OTHER),
        },
    }
}

/// The value of a decimal digit (`Nd`) of any script. Unicode encodes them in runs of ten, zero to
/// nine, never breaking a run (a stability policy); adjacent runs (the mathematical digits) are each
/// whole, so the offset from the start of the contiguous `Nd` range, modulo 10, is the value.
fn decimal_value(d: char) -> u8 {
    let mut zero = d as u32;
    while let Some(p) = char::from_u32(zero.wrapping_sub(1))
        && get_general_category(p) == Gc::DecimalNumber
    {
        zero -= 1;
    }
    ((d as u32 - zero) % 10) as u8
}

/// A found number or address: units `from..=to` of the view are replaced by `masked`.
#[derive(Debug)]
struct Found {
    from: usize,
    to: usize,
    masked: String,
}

fn find(view: &mut [Unit]) -> Vec<Found> {
    let mut found = Vec::new();
    find_emails(view, &mut found);
    find_numbers(view, &mut found);
    found.sort_unstable_by_key(|f| f.from);
    found
}

/// Copies `text` with each found span (from its first to its last original char, invisible chars inside
/// included) replaced.
fn replace(text: &str, view: &[Unit], found: &[Found]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for f in found {
        let from = view[f.from].start.max(copied);
        let to = view[f.to].end;
        if to <= copied {
            continue;
        }
        out.push_str(&text[copied..from]);
        out.push_str(&f.masked);
        copied = to;
    }
    out.push_str(&text[copied..]);
    out
}

/// Local parts are the usual `[A-Za-z0-9._%+-]`; `*` is not one of them, so a masked address is no
/// address any more.
fn is_local(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-')
}

fn find_emails(view: &mut [Unit], found: &mut Vec<Found>) {
    for at in 0..view.len() {
        if view[at].b != b'@' {
            continue;
        }
        let mut from = at;
        while from > 0 && is_local(view[from - 1].b) {
            from -= 1;
        }
        while from < at && view[from].b == b'.' {
            from += 1;
        }
        if from == at {
            continue;
        }
        let mut end = at + 1;
        while end < view.len() && (view[end].b.is_ascii_alphanumeric() || matches!(view[end].b, b'-' | b'.')) {
            end += 1;
        }
        if !is_domain(&view[at + 1..end]) {
            continue;
        }
        found.push(Found { from, to: at - 1, masked: format!("{}***", view[from].b as char) });
        // The local part is no part of a number now (`13800138000@qq.com` is one address).
        for u in &mut view[from..at] {
            u.b = OTHER;
        }
    }
}

/// At least two labels, the last (a sentence's full stop aside) of two or more letters.
fn is_domain(units: &[Unit]) -> bool {
    let mut s: Vec<u8> = units.iter().map(|u| u.b).collect();
    while s.last() == Some(&b'.') {
        s.pop();
    }
    let labels: Vec<&[u8]> = s.split(|&b| b == b'.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| !l.is_empty() && l.len() <= 63 && l[0] != b'-' && l[l.len() - 1] != b'-')
        && labels.last().is_some_and(|tld| tld.len() >= 2 && tld.iter().all(u8::is_ascii_alphabetic))
}

/// A maximal run of digits in the view: units `start..end`, and the `X` or `x` that follows it (an ID's
/// check char), if any.
#[derive(Clone, Copy, Debug)]
struct Group {
    start: usize,
    end: usize,
    x: Option<u8>,
}

/// What joins two groups of a run. `kind` is the separator (`' '` for spaces only).
#[derive(Clone, Copy, Debug)]
struct Gap {
    kind: u8,
    /// Exactly one `.`: a decimal point, perhaps.
    dot_only: bool,
    /// `)` after a group opened by `(`: only a landline's area code may be followed by one.
    bracket: bool,
}

fn is_digit(view: &[Unit], i: usize) -> bool {
    view.get(i).is_some_and(|u| u.b.is_ascii_digit())
}

/// The gap after the group `start..end`, and where the next group starts.
fn gap_after(view: &[Unit], start: usize, end: usize) -> Option<(Gap, usize)> {
    let b = |i: usize| view.get(i).map_or(OTHER, |u| u.b);
    if b(end) == b')' && start > 0 && b(start - 1) == b'(' {
        let next = if b(end + 1) == b' ' { end + 2 } else { end + 1 };
        return is_digit(view, next).then_some((Gap { kind: b')', dot_only: false, bracket: true }, next));
    }
    let mut q = end;
    while b(q) == b' ' && q - end < 2 {
        q += 1;
    }
    let mut kind = b' ';
    if q - end <= 1 && matches!(b(q), b'-' | b'.' | b'/') {
        kind = b(q);
        q += 1;
        if b(q) == b' ' {
            q += 1;
        }
    }
    let gap = Gap { kind, dot_only: kind == b'.' && q == end + 1, bracket: false };
    (q > end && is_digit(view, q)).then_some((gap, q))
}

/// The longest number (in digits, with a prefix) worth trying: `0086` + a mobile.
const MAX_DIGITS: usize = 19 + 4;

fn find_numbers(view: &[Unit], found: &mut Vec<Found>) {
    let mut run = Run::default();
    let mut p = 0;
    while p < view.len() {
        if !is_digit(view, p) {
            p += 1;
            continue;
        }
        run.clear();
        loop {
            let start = p;
            while is_digit(view, p) {
                p += 1;
            }
            let x = view.get(p).map(|u| u.b).filter(|b| matches!(b, b'X' | b'x'));
            run.push(view, Group { start, end: p, x });
            if x.is_some() {
                p += 1;
                break;
            }
            match gap_after(view, start, p) {
                Some((gap, next)) => {
                    run.gaps.push(gap);
                    p = next;
                }
                None => break,
            }
        }
        run.find(found);
    }
}

/// The groups of one run, with their digits laid end to end (`offs[k]` is where group `k` starts in
/// `digits`; `pos` maps each digit to its unit).
#[derive(Default)]
struct Run {
    groups: Vec<Group>,
    gaps: Vec<Gap>,
    digits: Vec<u8>,
    pos: Vec<usize>,
    offs: Vec<usize>,
}

impl Run {
    fn clear(&mut self) {
        self.groups.clear();
        self.gaps.clear();
        self.digits.clear();
        self.pos.clear();
        self.offs.clear();
        self.offs.push(0);
    }

    fn push(&mut self, view: &[Unit], g: Group) {
        self.groups.push(g);
        self.digits.extend(view[g.start..g.end].iter().map(|u| u.b));
        self.pos.extend(g.start..g.end);
        self.offs.push(self.digits.len());
    }

    /// From left to right, the longest number starting at each group; the search goes on after it.
    fn find(&self, found: &mut Vec<Found>) {
        let n = self.groups.len();
        let mut i = 0;
        while i < n {
            let mut best = None;
            let mut j = i;
            while j < n && self.offs[j + 1] - self.offs[i] <= MAX_DIGITS {
                if let Some(f) = self.classify(i, j) {
                    best = Some((j, f));
                }
                j += 1;
            }
            match best {
                Some((j, f)) => {
                    found.push(f);
                    i = j + 1;
                }
                None => i += 1,
            }
        }
    }

    /// Whether groups `i..=j` make a number, and how it is masked.
    fn classify(&self, i: usize, j: usize) -> Option<Found> {
        let (lo, hi) = (self.offs[i], self.offs[j + 1]);
        let d = &self.digits[lo..hi];
        let single = i == j;
        let inner = &self.gaps[i..j];
        let before = if i > 0 { Some(self.gaps[i - 1]) } else { None };
        let after = self.gaps.get(j).copied();
        if inner.iter().skip(1).any(|g| g.bracket) {
            return None;
        }
        let bracketed = inner.first().is_some_and(|g| g.bracket);
        let dotted = inner.iter().any(|g| g.kind == b'.');
        if !dotted && (before.is_some_and(|g| g.dot_only) || after.is_some_and(|g| g.dot_only)) {
            return None;
        }
        let uniform = |gaps: &[Gap]| gaps.windows(2).all(|w| w[0].kind == w[1].kind);
        // Whether the run goes on before or after with a separator used inside: then the groups are part
        // of a longer code. `skip_before` ignores a country code `86`/`0086` opening the run.
        let stands_alone = |skip_before: bool| {
            let used = |g: Gap| inner.iter().any(|k| k.kind == g.kind);
            !(before.is_some_and(|g| !skip_before && used(g)) || after.is_some_and(used))
        };
        let found =
            |from_digit: usize, to: usize, masked: String| Some(Found { from: self.pos[from_digit], to, masked });
        let last_digit = self.pos[hi - 1];

        let id: Option<(Cow<[u8]>, usize)> = match (d.len(), self.groups[j].x) {
            (17, Some(x)) => Some(([d, &[x]].concat().into(), last_digit + 1)),
            (18, _) => Some((d.into(), last_digit)),
            _ => None,
        };
        if let Some((id, to)) = id
            && !bracketed
            && (single || (uniform(inner) && plausible_id(&id, true)))
        {
            return found(lo, to, format!("{}********{}", ascii(&id[..6]), ascii(&id[14..])));
        }
        if !bracketed && d.len() == 15 && (single || uniform(inner)) && plausible_id(d, false) {
            return found(lo, last_digit, format!("{}******{}", ascii(&d[..6]), ascii(&d[12..])));
        }
        let national = match d.len() {
            11 => Some(0),
            13 if d.starts_with(b"86") => Some(2),
            15 if d.starts_with(b"0086") => Some(4),
            _ => None,
        };
        if let Some(k) = national
            && !bracketed
            && is_mobile(&d[k..])
        {
            return found(lo + k, last_digit, format!("{}****{}", ascii(&d[k..k + 3]), ascii(&d[k + 7..])));
        }
        if let Some(area) = area_code_len(d)
            && (if area == 3 { 8..=8 } else { 7..=8 }).contains(&(d.len() - area))
            && d[area] != b'0'
            && (single
                || (self.offs[i + 1] - lo == area && uniform(&inner[1..]) && stands_alone(self.is_country_code(i))))
        {
            return found(lo + area, last_digit, format!("****{}", ascii(&d[d.len() - 4..])));
        }
        if (16..=19).contains(&d.len()) && !bracketed && (single || (uniform(inner) && stands_alone(false))) && luhn(d)
        {
            let stars = "*".repeat(d.len() - 8);
            return found(lo, last_digit, format!("{}{stars}{}", ascii(&d[..4]), ascii(&d[d.len() - 4..])));
        }
        None
    }

    /// Whether group `i` follows a country code opening the run, as in `+86 010 12345678`.
    fn is_country_code(&self, i: usize) -> bool {
        i == 1 && matches!(&self.digits[..self.offs[1]], b"86" | b"0086")
    }
}

fn ascii(d: &[u8]) -> &str {
    std::str::from_utf8(d).unwrap_or_default()
}

fn is_mobile(d: &[u8]) -> bool {
    d.len() == 11 && d[0] == b'1' && (b'3'..=b'9').contains(&d[1])
}

/// `010`, `02x` (3 digits) or `0[3-9]xx` (4 digits); `01x` other than `010` and `00` are none.
fn area_code_len(d: &[u8]) -> Option<usize> {
    if d.len() < 10 || d[0] != b'0' {
        return None;
    }
    match (d[1], d[2]) {
        (b'1', b'0') | (b'2', _) => Some(3),
        (b'3'..=b'9', _) => Some(4),
        _ => None,
    }
}

/// The first two digits of a resident ID: the province (83 is for residence permits of Taiwan residents).
const PROVINCES: [u8; 35] = [
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63,
    64, 65, 71, 81, 82, 83,
];

/// A province code and a birth date: `YYYYMMDD` (1900–2099) at 6 for 18-digit IDs, `YYMMDD` for 15.
fn plausible_id(d: &[u8], long: bool) -> bool {
    let num = |s: &[u8]| s.iter().fold(0u32, |n, &b| n * 10 + u32::from(b - b'0'));
    if !PROVINCES.contains(&(num(&d[..2]) as u8)) {
        return false;
    }
    let (year, rest) = if long { (num(&d[6..10]), &d[10..14]) } else { (1900 + num(&d[6..8]), &d[8..12]) };
    let (month, day) = (num(&rest[..2]), num(&rest[2..]));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    };
    (1900..=2099).contains(&year) && (1..=days).contains(&day)
}

fn luhn(d: &[u8]) -> bool {
    let sum: u32 = d
        .iter()
        .rev()
        .enumerate()
        .map(|(k, &b)| {
            let v = u32::from(b - b'0');
            if k % 2 == 1 { if v * 2 > 9 { v * 2 - 9 } else { v * 2 } } else { v }
        })
        .sum();
    sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Each way of writing a number, and exactly what the public sees.
    const MASKED: &[(&str, &str)] = &[
        // Mobiles.
        ("请回电13812345678谢谢", "请回电138****5678谢谢"),
        ("13800138000", "138****8000"),
        ("138 0013 8000", "138****8000"),
        ("138-0013-8000", "138****8000"),
        ("138.0013.8000", "138****8000"),
        ("138/0013/8000", "138****8000"),
        ("138 0013-8000", "138****8000"),
        ("138 - 0013 - 8000", "138****8000"),
        ("138  0013  8000", "138****8000"),
        ("1 3 8 0 0 1 3 8 0 0 0", "138****8000"),
        ("1380 0138 000", "138****8000"),
        ("138\u{A0}0013\u{A0}8000", "138****8000"),
        ("138\u{3000}0013\u{3000}8000", "138****8000"),
        ("138–0013–8000", "138****8000"),
        ("138—0013—8000", "138****8000"),
        ("138－0013－8000", "138****8000"),
        ("138·0013·8000", "138****8000"),
        ("138\t0013\t8000", "138****8000"),
        ("+8613812345678", "+86138****5678"),
        ("+86 138 0013 8000", "+86 138****8000"),
        ("+86-13800138000", "+86-138****8000"),
        ("+86 13800138000", "+86 138****8000"),
        ("(+86)13800138000", "(+86)138****8000"),
        ("(+86) 138 0013 8000", "(+86) 138****8000"),
        ("（+86）138 0013 8000", "（+86）138****8000"),
        ("＋８６　１３８　００１３　８０００", "＋８６　138****8000"),
        ("0086 13800138000", "0086 138****8000"),
        ("008613800138000", "0086138****8000"),
        ("86-138-0013-8000", "86-138****8000"),
        ("8613800138000", "86138****8000"),
        ("86 13800138000", "86 138****8000"),
        ("１３８００１３８０００", "138****8000"),
        ("１３８ ００１３ ８０００", "138****8000"),
        ("١٣٨٠٠١٣٨٠٠٠", "138****8000"),
        ("۱۳۸۰۰۱۳۸۰۰۰", "138****8000"),
        ("१३८००१३८०००", "138****8000"),
        ("১৩৮০০১৩৮০০০", "138****8000"),
        ("๑๓๘๐๐๑๓๘๐๐๐", "138****8000"),
        ("𝟏𝟑𝟖𝟎𝟎𝟏𝟑𝟖𝟎𝟎𝟎", "138****8000"),
        ("𝟷𝟹𝟾𝟶𝟶𝟷𝟹𝟾𝟶𝟶𝟶", "138****8000"),
        ("𝟙𝟛𝟠𝟘𝟘𝟙𝟛𝟠𝟘𝟘𝟘", "138****8000"),
        ("①③⑧⓪⓪①③⑧⓪⓪⓪", "138****8000"),
        ("13８００١٣8𝟎00", "138****8000"),
        ("1\u{20E3}3\u{20E3}8\u{20E3}00138000", "138****8000"),
        ("138\u{200B}0013\u{200B}8000", "138****8000"),
        ("1380\u{200C}0138000", "138****8000"),
        ("13800\u{200D}138000", "138****8000"),
        ("138\u{2060}00138000", "138****8000"),
        ("1380013\u{FEFF}8000", "138****8000"),
        ("138\u{AD}0013\u{AD}8000", "138****8000"),
        ("138\u{200B} \u{200B}0013 8000", "138****8000"),
        ("1\u{0332}3\u{0332}8\u{0332}00138000", "138****8000"),
        ("电话\u{200B}13800138000\u{200B}。", "电话\u{200B}138****8000\u{200B}。"),
        ("我的电话是：138 0013 8000，请联系。", "我的电话是：138****8000，请联系。"),
        ("（电话：１３８－００１３－８０００）", "（电话：138****8000）"),
        ("“13800138000”", "“138****8000”"),
        ("第13800138000号", "第138****8000号"),
        ("2023 13800138000", "2023 138****8000"),
        ("2023年13800138000", "2023年138****8000"),
        ("2023 13800138000 000", "2023 138****8000 000"),
        ("13800138000/13900139000", "138****8000/139****9000"),
        ("13800138000、13900139000", "138****8000、139****9000"),
        ("13800138000 13900139000", "138****8000 139****9000"),
        ("电话13800138000.", "电话138****8000."),
        ("tel:13800138000", "tel:138****8000"),
        // Landlines.
        ("座机010-12345678", "座机010-****5678"),
        ("010 1234 5678", "010 ****5678"),
        ("0755 1234 5678", "0755 ****5678"),
        ("0755-2345678", "0755-****5678"),
        ("(020)87654321", "(020)****4321"),
        ("（020）87654321", "（020）****4321"),
        ("(0755) 8888 9999", "(0755) ****9999"),
        ("（０２０）８７６５４３２１", "（０２０）****4321"),
        ("02087654321", "020****4321"),
        ("075588889999", "0755****9999"),
        ("０１０－１２３４５６７８", "０１０－****5678"),
        ("+86 010 12345678", "+86 010 ****5678"),
        ("电话：010 8765 4321。", "电话：010 ****4321。"),
        ("010-1234\u{200B}5678", "010-****5678"),
        ("010-12345678 13800138000", "010-****5678 138****8000"),
        ("Tel 010 8765 4321 / 138 0013 8000", "Tel 010 ****4321 / 138****8000"),
        // Resident IDs.
        ("身份证110101199003071234。", "身份证110101********1234。"),
        ("身份证11010119900307123X", "身份证110101********123X"),
        ("11010119900307123x", "110101********123x"),
        ("11010119900307123Ｘ", "110101********123X"),
        ("110101 19900307 1234", "110101********1234"),
        ("110101 19900307 123X", "110101********123X"),
        ("110101-1990-0307-1234", "110101********1234"),
        ("1101 0119 9003 0712 34", "110101********1234"),
        ("110101.19900307.1234", "110101********1234"),
        ("１１０１０１１９９００３０７１２３４", "110101********1234"),
        ("١١٠١٠١١٩٩٠٠٣٠٧١٢٣٤", "110101********1234"),
        ("110101\u{200B}19900307\u{200B}1234", "110101********1234"),
        ("110101 20000229 1234", "110101********1234"),
        ("110101900307123", "110101******123"),
        ("110101 900307 123", "110101******123"),
        ("身份证：４４０３０１８５１２３１００１。", "身份证：440301******001。"),
        ("2023 110101199003071234", "2023 110101********1234"),
        // Bank cards.
        ("4111111111111111", "4111********1111"),
        ("4111 1111 1111 1111", "4111********1111"),
        ("6222021234567890128", "6222***********0128"),
        ("6222 0212 3456 7890 128", "6222***********0128"),
        ("6222-0212-3456-7890-128", "6222***********0128"),
        ("卡号：６２２８ ４８００ １２３４ ５６７１，", "卡号：6228********5671，"),
        // E-mails.
        ("zhang@example.com", "z***@example.com"),
        ("请发到zhangsan@163.com。", "请发到z***@163.com。"),
        ("ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ", "z***＠ｅｘａｍｐｌｅ．ｃｏｍ"),
        ("zhang﹫example.com", "z***﹫example.com"),
        ("li.si+news@mail.example.org.", "l***@mail.example.org."),
        ("13800138000@qq.com", "1***@qq.com"),
        ("邮箱：Wang_Wu@gov.cn，谢谢", "邮箱：W***@gov.cn，谢谢"),
        ("a@b.cn", "a***@b.cn"),
        ("x@13800138000.com", "x***@138****8000.com"),
    ];

    /// Numbers that are no personal data, left exactly as written.
    const KEPT: &[&str] = &[
        "2023-05-01",
        "2023/05/01",
        "2023.05.01",
        "2023年5月1日",
        "2023 05 01",
        "12,345.67元",
        "12.5",
        "3 000元",
        "1 380 013 800元",
        "10:30",
        "10:30:45",
        "1.2.3",
        "v2.13.0",
        "192.168.1.1",
        "1/2",
        "3.14159265358",
        "订单号123812345678901",
        "订单号12345678901234567890",
        "12345678901234567890123",
        "1234 5678 9012 3456 7890",
        "0571 8888 9999 0000 1234",
        "0571888899990000",
        "第1380013800号",
        "1380013800",
        "138 0013 800",
        "113800138000",
        "138001380001",
        "12800138000",
        "0123456789",
        "00123456789",
        "01112345678",
        "010-1234567",
        "邮编100000",
        "QQ群：12345678",
        "110101 19901307 1234",
        "110101 19900230 1234",
        "991234 19900307 1234",
        "110101 991307 123",
        "860123456789012",
        "1234567890123456",
        "@张三 你好",
        "user@localhost",
        "价格@10元",
        "a@b",
        "第１章",
        "",
    ];

    #[test]
    fn masks_every_way_of_writing_a_number() {
        for (text, expected) in MASKED {
            assert_eq!(mask_public_text(text), *expected, "{text:?}");
            assert!(contains_personal_data(text), "{text:?}");
            assert!(!contains_personal_data(expected), "{expected:?}");
        }
    }

    #[test]
    fn leaves_other_numbers_alone() {
        for text in KEPT {
            assert_eq!(mask_public_text(text), *text);
            assert!(!contains_personal_data(text), "{text:?}");
        }
    }

    #[test]
    fn decimal_values_of_every_script() {
        // Nd chars come in whole runs of ten, which `decimal_value` relies on.
        let mut run = 0;
        for u in 0..=0x11_0000u32 {
            match char::from_u32(u).filter(|&c| get_general_category(c) == Gc::DecimalNumber) {
                Some(c) => {
                    assert_eq!(u32::from(decimal_value(c)), run % 10, "{c:?}");
                    run += 1;
                }
                None => {
                    assert_eq!(run % 10, 0, "U+{u:04X}");
                    run = 0;
                }
            }
        }
        assert_eq!(decimal_value('٧'), 7);
        assert_eq!(decimal_value('𝟿'), 9);
    }

    #[test]
    fn the_fast_path_skips_nothing_maskable() {
        // A char that the fast path lets by never gives an `@`, and gives at most two digits at either
        // end, with a letter between (`㏩` is `10日`, `㎡` is `m2`): a run made of such chars alone has
        // at most four digits, too few for any number.
        for c in (0..=0x10_FFFFu32).filter_map(char::from_u32) {
            assert!(!(is_cjk_or_hangul(c) && c.is_numeric()), "{c:?}");
            if may_hold_personal_data(c.encode_utf8(&mut [0; 4])) {
                continue;
            }
            let view = normalised_view(c.encode_utf8(&mut [0; 4]));
            let bytes: Vec<u8> = view.iter().map(|u| u.b).collect();
            assert!(!bytes.contains(&b'@'), "{c:?}");
            let is_digit = |b: &&u8| b.is_ascii_digit();
            let leading = bytes.iter().take_while(is_digit).count();
            let trailing = bytes.iter().rev().take_while(is_digit).count();
            assert!(leading <= 2 && trailing <= 2, "{c:?}");
            assert!(leading == 0 || bytes.iter().any(|b| !b.is_ascii_digit() && !b" -./()".contains(b)), "{c:?}");
        }
    }

    /// Digits-only form of what the view of `text` holds, separators and unmaskable chars dropped.
    fn view_digits(text: &str) -> String {
        normalised_view(text)
            .iter()
            .filter(|u| u.b.is_ascii_alphanumeric() || u.b == b'*')
            .map(|u| u.b as char)
            .collect()
    }

    #[test]
    #[ignore = "a timing, run with --release --ignored --nocapture"]
    fn timing() {
        let para = "市民反映：小区门口道路破损严重，雨天积水，出行很不方便，希望有关部门尽快维修。";
        let mut text = String::new();
        while text.chars().count() < 5_000 {
            text.push_str(para);
        }
        let plain = text.clone();
        let at = |t: &str, chars: usize| t.char_indices().nth(chars).map_or(t.len(), |(i, _)| i);
        text.insert_str(at(&text, 300), "联系电话138 0013 8000，");
        text.insert_str(at(&text, 3000), "身份证110101199003071234，");
        text.push_str("邮箱zhang@example.com，座机010-12345678，2023年5月1日。");
        let dense: String = "Order 12345, qty 3, 2023-05-01, 0571 8888 9999 0000 1234; ".repeat(85);
        for (name, t) in [
            ("5,000 chars, 4 numbers", &text),
            ("5,000 chars, no digits", &plain),
            ("5,000 ASCII chars, digits", &dense),
        ] {
            let n = 2_000;
            let start = std::time::Instant::now();
            for _ in 0..n {
                std::hint::black_box(mask_public_text(std::hint::black_box(t)));
            }
            println!("{name}: {:?} per call", start.elapsed() / n);
        }
    }

    const SEPARATORS: &[&str] = &[" ", "-", ".", "/", " - ", "  ", "\u{A0}", "\u{3000}", "–", "—", "－", "．", "\t"];
    const INVISIBLE: &[char] = &['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{AD}', '\u{34F}'];
    /// Zeros of digit scripts: ASCII, full-width, Arabic-Indic, extended Arabic-Indic, Devanagari,
    /// Bengali, Thai, mathematical bold, double-struck, sans-serif and monospace.
    const ZEROS: &[u32] = &[0x30, 0xFF10, 0x660, 0x6F0, 0x966, 0x9E6, 0xE50, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7F6];

    /// A number as digits, cut into groups of random sizes and written in random ways.
    #[derive(Debug, Clone)]
    struct Written {
        digits: String,
        text: String,
    }

    fn digit_strategy() -> impl Strategy<Value = u32> {
        prop_oneof![4 => Just(0x30), 3 => proptest::sample::select(ZEROS)]
    }

    /// Writes `digits` cut at `cuts`, joined by `seps`, each digit in a script of `zeros`, with invisible
    /// chars of `inv` after some chars.
    fn write(digits: &str, cuts: &[usize], seps: &[&str], zeros: &[u32], inv: &[Option<char>]) -> String {
        let mut out = String::new();
        let mut k = 0;
        for (i, d) in digits.chars().enumerate() {
            if i > 0 && cuts.contains(&i) {
                out.push_str(seps[k % seps.len()]);
                k += 1;
            }
            match d.to_digit(10) {
                Some(v) => out.push(char::from_u32(zeros[i % zeros.len()] + v).unwrap()),
                None => out.push(d),
            }
            if let Some(c) = inv[i % inv.len()] {
                out.push(c);
            }
        }
        out
    }

    fn cuts(len: usize) -> impl Strategy<Value = Vec<usize>> {
        proptest::collection::vec(1..len, 0..len)
    }

    fn invisibles() -> impl Strategy<Value = Vec<Option<char>>> {
        proptest::collection::vec(
            prop_oneof![6 => Just(None), 1 => proptest::sample::select(INVISIBLE).prop_map(Some)],
            1..20,
        )
    }

    fn scripts() -> impl Strategy<Value = Vec<u32>> {
        proptest::collection::vec(digit_strategy(), 1..20)
    }

    fn mobile() -> impl Strategy<Value = Written> {
        const PREFIXES: &[&str] =
            &["", "+86", "+86 ", "+86-", "0086", "0086 ", "86", "86 ", "(+86)", "（+86）", "＋８６", "(+86) "];
        (
            "1[3-9][0-9]{9}",
            proptest::sample::select(PREFIXES),
            cuts(11),
            proptest::collection::vec(proptest::sample::select(SEPARATORS), 1..5),
            scripts(),
            invisibles(),
        )
            .prop_map(|(digits, prefix, cuts, seps, zeros, inv)| Written {
                text: format!("{prefix}{}", write(&digits, &cuts, &seps, &zeros, &inv)),
                digits,
            })
    }

    fn date() -> impl Strategy<Value = (u32, u32, u32)> {
        (1900..2100u32, 1..=12u32, 1..=28u32)
    }

    fn id18() -> impl Strategy<Value = Written> {
        (
            proptest::sample::select(&PROVINCES[..]),
            "[0-9]{4}",
            date(),
            "[0-9]{3}",
            prop_oneof!["[0-9]", Just("X".into()), Just("x".into()), Just("Ｘ".into())],
            cuts(18),
            proptest::sample::select(SEPARATORS),
            scripts(),
            invisibles(),
        )
            .prop_map(|(p, area, (y, m, d), seq, check, cuts, sep, zeros, inv)| {
                let digits = format!("{p}{area}{y}{m:02}{d:02}{seq}");
                let text = format!("{}{check}", write(&digits, &cuts, &[sep], &zeros, &inv));
                let check = if check == "Ｘ" { "X".to_string() } else { check };
                Written { digits: format!("{digits}{check}"), text }
            })
    }

    fn id15() -> impl Strategy<Value = Written> {
        (
            proptest::sample::select(&PROVINCES[..]),
            "[0-9]{4}",
            date(),
            "[0-9]{3}",
            cuts(15),
            proptest::sample::select(SEPARATORS),
            scripts(),
            invisibles(),
        )
            .prop_map(|(p, area, (y, m, d), seq, cuts, sep, zeros, inv)| {
                let digits = format!("{p}{area}{:02}{m:02}{d:02}{seq}", y % 100);
                Written { text: write(&digits, &cuts, &[sep], &zeros, &inv), digits }
            })
    }

    fn card() -> impl Strategy<Value = Written> {
        (
            "[1-9][0-9]{14,17}",
            prop_oneof![Just(None), cuts(19).prop_map(Some)],
            proptest::sample::select(SEPARATORS),
            scripts(),
            invisibles(),
        )
            .prop_map(|(body, cuts, sep, zeros, inv)| {
                let check = (0..10).map(|c| format!("{body}{c}")).find(|d| luhn(d.as_bytes())).unwrap();
                // Grouped by 4, as written on cards, or at random.
                let cuts = cuts.unwrap_or_else(|| (4..check.len()).step_by(4).collect());
                Written { text: write(&check, &cuts, &[sep], &zeros, &inv), digits: check }
            })
    }

    fn landline() -> impl Strategy<Value = Written> {
        const AREAS: &[&str] = &["010", "020", "021", "027", "0755", "0571", "0311", "0991"];
        (
            proptest::sample::select(AREAS),
            "[1-9][0-9]{7}",
            any::<bool>(),
            0..5usize,
            cuts(8),
            proptest::sample::select(SEPARATORS),
            scripts(),
            invisibles(),
        )
            .prop_map(|(area, mut sub, short, form, cuts, sep, zeros, inv)| {
                // Subscriber numbers have 8 digits after a 3-digit area code, 7 or 8 after a 4-digit one.
                if short && area.len() == 4 {
                    sub.pop();
                }
                let sub_text = write(&sub, &cuts, &[sep], &zeros, &inv);
                let area_text = write(area, &[], &[], &zeros, &inv);
                let text = match form {
                    0 => write(&format!("{area}{sub}"), &[], &[], &zeros, &inv),
                    1 => format!("({area_text}){sub_text}"),
                    2 => format!("（{area_text}） {sub_text}"),
                    3 => format!("{area_text}-{sub_text}"),
                    _ => format!("{area_text} {sub_text}"),
                };
                Written { text, digits: format!("{area}{sub}") }
            })
    }

    fn around() -> impl Strategy<Value = String> {
        "[a-zA-Z，。：！？、“”（）\u{4e00}-\u{9fa5} ]{0,8}"
    }

    fn any_text() -> impl Strategy<Value = String> {
        prop_oneof![
            "\\PC{0,80}",
            "[0-9 .\\-/()+xX@a-z]{0,80}",
            "[0-9０-９٠-٩𝟎-𝟗 .\\-/()（）+＋xXＸ@＠.a-z\u{200B}\u{AD}\u{A0}\u{3000}—年号电话]{0,80}",
            proptest::collection::vec(prop_oneof![mobile(), id18(), id15(), card(), landline()], 0..4)
                .prop_map(|ns| ns.into_iter().map(|n| n.text).collect::<Vec<_>>().join(" ")),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn a_number_never_survives(
            before in around(),
            n in prop_oneof![mobile(), id18(), id15(), card(), landline()],
            after in around(),
        ) {
            let text = format!("{before}{}{after}", n.text);
            prop_assert!(contains_personal_data(&text));
            let masked = mask_public_text(&text);
            prop_assert!(!view_digits(&masked).contains(&n.digits), "{masked:?} shows {}", n.digits);
            prop_assert!(!contains_personal_data(&masked), "{masked:?}");
            prop_assert!(masked.starts_with(&before) && masked.ends_with(&after), "{masked:?}");
        }

        #[test]
        fn the_masked_text_holds_nothing_to_mask(s in any_text()) {
            prop_assert!(!contains_personal_data(&mask_public_text(&s)));
        }

        #[test]
        fn masking_is_idempotent(s in any_text()) {
            let once = mask_public_text(&s);
            prop_assert_eq!(mask_public_text(&once), once);
        }

        #[test]
        fn text_without_digits_or_at_signs_is_unchanged(s in "\\PC{0,80}") {
            let s: String = s.chars().filter(|c| !c.is_numeric() && !matches!(c, '@' | '＠' | '﹫')).collect();
            prop_assert_eq!(mask_public_text(&s), s);
        }
    }
}
