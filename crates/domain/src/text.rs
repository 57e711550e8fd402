//! The one rule for the text people send: titles, bodies, names, and every query and path value.
//!
//! `clean` either refuses a string, naming the first character it refuses, or returns it in the form it
//! is stored and compared in: NFC, with every line break a single LF. It refuses:
//!
//! - control characters: C0 (NUL, ESC …), DEL and C1 (U+0080–U+009F, so NEL too). PostgreSQL rejects
//!   NUL outright, and escapes rewrite terminals of whoever views a log or an export.
//!   A multiline text keeps LF and TAB; a line refuses LF, CR, U+2028 and U+2029 as `line_break`, and
//!   TAB as `control_character` (a tab in a title is a paste from a spreadsheet, not an intent).
//! - bidirectional controls: the embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) that
//!   make `标题\u{202e}gpj.exe` read as `标题exe.jpg`, and also the marks LRM, RLM and ALM (U+200E,
//!   U+200F, U+061C). The marks reorder less, but they are invisible, so they split a sensitive word or
//!   a duplicate title as well as a zero-width space does, and the board's languages have no need of them.
//! - noncharacters: U+FDD0–U+FDEF and the last two code points of every plane (U+FFFE, U+FFFF, …).
//! - invisible characters: every format character (`Cf`: ZWSP, ZWNJ, ZWJ, WJ, BOM, soft hyphen, U+180E,
//!   invisible operators, tags …) and the few other characters that show as nothing (the combining
//!   grapheme joiner, the Hangul fillers, the blank Braille pattern: the tools of blank display names).
//!   Three exceptions keep emoji working: a ZWJ directly between two emoji (👨‍👩‍👧, 👩🏽‍💻, 🏳️‍🌈), a
//!   variation selector directly after a visible character (❤️, keycaps, and the ideographic variation
//!   sequences of rare characters in names), and the tags of a subdivision flag (🏴 + `gbeng` + cancel tag).
//!   Only one selector at a time: a run of them is how data is hidden behind an emoji.
//!
//! Private-use characters are allowed: rare characters in Chinese names (生僻字) still travel as
//! GB 18030 private-use code points. Unassigned code points are allowed too, because the next Unicode
//! version fills them (new emoji first) before our tables know.
//!
//! `clean` neither trims nor limits length: that is each field's rule, checked on the cleaned value.
//! Positions count characters (Unicode scalar values) from 0, as `Array.from(s)` does in a browser.

use std::borrow::Cow;

use unicode_general_category::{GeneralCategory, get_general_category};
use unicode_normalization::UnicodeNormalization;

/// Which characters a field may hold besides the ordinary ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextKind {
    /// One line: titles, names, query and path values. No line break, no tab.
    Line,
    /// Running text: message bodies, replies, comments. Line feeds and tabs are allowed.
    Multiline,
}

/// Why a string was refused; `code()` is what clients branch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextProblemKind {
    /// A line break in a `Line` field.
    LineBreak,
    /// C0 (but LF and TAB in `Multiline`), DEL or C1.
    ControlCharacter,
    /// A bidirectional embedding, override, isolate or mark.
    BidiControl,
    /// A zero-width or otherwise invisible character outside an emoji sequence.
    InvisibleCharacter,
    /// A code point Unicode promises never to assign.
    Noncharacter,
}

impl TextProblemKind {
    pub const ALL: [TextProblemKind; 5] = [
        TextProblemKind::LineBreak,
        TextProblemKind::ControlCharacter,
        TextProblemKind::BidiControl,
        TextProblemKind::InvisibleCharacter,
        TextProblemKind::Noncharacter,
    ];

    pub fn code(self) -> &'static str {
        match self {
            TextProblemKind::LineBreak => "line_break",
            TextProblemKind::ControlCharacter => "control_character",
            TextProblemKind::BidiControl => "bidi_control",
            TextProblemKind::InvisibleCharacter => "invisible_character",
            TextProblemKind::Noncharacter => "noncharacter",
        }
    }

    fn words(self) -> &'static str {
        match self {
            TextProblemKind::LineBreak => "the line break",
            TextProblemKind::ControlCharacter => "the control character",
            TextProblemKind::BidiControl => "the bidirectional control character",
            TextProblemKind::InvisibleCharacter => "the invisible character",
            TextProblemKind::Noncharacter => "the noncharacter",
        }
    }
}

/// The first character `clean` refused, and where it is in the text as sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[error("contains {} U+{:04X} at position {position}", kind.words(), u32::from(*ch))]
pub struct TextProblem {
    pub kind: TextProblemKind,
    pub ch: char,
    /// Index of `ch` among the characters of the input, from 0.
    pub position: usize,
}

impl TextProblem {
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }

    /// For people: "contains the control character U+0000 at position 3".
    pub fn message(&self) -> String {
        self.to_string()
    }
}

/// Checks `text` and returns it NFC-normalised with CRLF, CR, U+2028 and U+2029 turned into LF.
/// Text that is already clean (nearly all of it) comes back borrowed.
pub fn clean(text: &str, kind: TextKind) -> Result<Cow<'_, str>, TextProblem> {
    let has_breaks = check(text, kind)?;
    let text = if has_breaks { Cow::Owned(unify_line_breaks(text)) } else { Cow::Borrowed(text) };
    // NFC makes and moves only plain characters (a test goes through all of them), so checking before
    // normalising is checking the result, and positions stay those of the text as the client sent it.
    if unicode_normalization::is_nfc(&text) { Ok(text) } else { Ok(Cow::Owned(text.nfc().collect())) }
}

/// Whether `clean` would accept `text` unchanged: a check for values stored before this rule.
pub fn is_clean(text: &str, kind: TextKind) -> bool {
    matches!(clean(text, kind), Ok(Cow::Borrowed(_)))
}

/// The characters the rule refuses wherever they stand, as ranges: what may never appear in a text of
/// this kind. (A few more are refused only where they stand alone, e.g. a zero-width joiner outside an
/// emoji; those are in the ranges too, so a text built of other characters is always accepted.) For
/// the OpenAPI document, which states the rule as a pattern.
pub fn refused_ranges(kind: TextKind) -> Vec<(char, char)> {
    debug_assert!(class('a') == Class::Plain);
    let mut ranges: Vec<(char, char)> = vec![];
    // Only characters of another class than plain text can be refused.
    for c in (0..=0x10FFFF_u32).filter_map(char::from_u32).filter(|c| class(*c) != Class::Plain) {
        let mut buf = [0u8; 8];
        buf[0] = b'a';
        let len = c.encode_utf8(&mut buf[1..]).len();
        let text = |from: usize| std::str::from_utf8(&buf[from..=len]).unwrap_or_default();
        // Taken alone, or after a letter (a variation selector is accepted after one): refused either way.
        if check(text(1), kind).is_ok() && check(text(0), kind).is_ok() {
            continue;
        }
        match ranges.last_mut() {
            Some((_, end)) if (*end as u32) + 1 == c as u32 || (*end as u32 == 0xD7FF && c as u32 == 0xE000) => {
                *end = c
            }
            _ => ranges.push((c, c)),
        }
    }
    ranges
}

const ZWJ: char = '\u{200D}';
const VS16: char = '\u{FE0F}';
const BLACK_FLAG: char = '\u{1F3F4}';
const CANCEL_TAG: char = '\u{E007F}';

/// What a character is on its own, before its neighbours are looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Plain,
    LineFeed,
    /// CR, LINE SEPARATOR, PARAGRAPH SEPARATOR: line breaks stored as LF.
    OtherBreak,
    Tab,
    Control,
    Bidi,
    Noncharacter,
    Invisible,
    Joiner,
    /// Variation selectors, Mongolian free variation selectors included.
    Selector,
    Tag,
}

fn class(c: char) -> Class {
    match c {
        ' '..='~' => Class::Plain,
        '\n' => Class::LineFeed,
        '\r' | '\u{2028}' | '\u{2029}' => Class::OtherBreak,
        '\t' => Class::Tab,
        '\0'..='\u{1F}' | '\u{7F}'..='\u{9F}' => Class::Control,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}' => Class::Bidi,
        '\u{FDD0}'..='\u{FDEF}' => Class::Noncharacter,
        _ if u32::from(c) & 0xFFFE == 0xFFFE => Class::Noncharacter,
        ZWJ => Class::Joiner,
        '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}' | '\u{180B}'..='\u{180D}' | '\u{180F}' => Class::Selector,
        '\u{E0020}'..=CANCEL_TAG => Class::Tag,
        // Not format characters, yet drawn as nothing.
        '\u{034F}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}' | '\u{2800}' | '\u{3164}' | '\u{FFA0}' => {
            Class::Invisible
        }
        // Most of what people write here, with no format character among it: skipping the lookup makes
        // Chinese text ten times faster in debug builds, where the category table is slow.
        '\u{2E80}'..='\u{A4CF}' | '\u{AC00}'..='\u{D7A3}' | '\u{FF01}'..='\u{FF9F}' => Class::Plain,
        _ if get_general_category(c) == GeneralCategory::Format => Class::Invisible,
        _ => Class::Plain,
    }
}

/// The first refused character, or whether the text has line breaks other than LF.
fn check(text: &str, kind: TextKind) -> Result<bool, TextProblem> {
    let line = kind == TextKind::Line;
    let mut has_breaks = false;
    let (mut prev, mut before_prev) = (None, None);
    // Tag characters still to come in a subdivision flag already checked whole.
    let mut flag_tags = 0;
    let mut rest = text.chars();
    let mut position = 0;
    while let Some(c) = rest.next() {
        let refused = match class(c) {
            Class::Plain => None,
            Class::LineFeed | Class::OtherBreak if line => Some(TextProblemKind::LineBreak),
            Class::LineFeed => None,
            Class::OtherBreak => {
                has_breaks = true;
                None
            }
            Class::Tab if line => Some(TextProblemKind::ControlCharacter),
            Class::Tab => None,
            Class::Control => Some(TextProblemKind::ControlCharacter),
            Class::Bidi => Some(TextProblemKind::BidiControl),
            Class::Noncharacter => Some(TextProblemKind::Noncharacter),
            Class::Joiner if joins_emoji(prev, before_prev, rest.clone()) => None,
            Class::Selector if prev.is_some_and(takes_selector) => None,
            Class::Tag if flag_tags > 0 => {
                flag_tags -= 1;
                None
            }
            Class::Invisible | Class::Joiner | Class::Selector | Class::Tag => {
                Some(TextProblemKind::InvisibleCharacter)
            }
        };
        if let Some(kind) = refused {
            return Err(TextProblem { kind, ch: c, position });
        }
        if c == BLACK_FLAG {
            flag_tags = subdivision_tags(rest.clone());
        }
        before_prev = prev;
        prev = Some(c);
        position += 1;
    }
    Ok(has_breaks)
}

/// A ZWJ is allowed between two emoji; the left one may carry a skin tone or VS16 (👩🏽‍💻, 🏳️‍🌈).
fn joins_emoji(prev: Option<char>, before_prev: Option<char>, after: std::str::Chars<'_>) -> bool {
    let left = match prev {
        Some(p) if is_pictograph(p) => true,
        Some(p) if is_skin_tone(p) || p == VS16 => before_prev.is_some_and(is_pictograph),
        _ => false,
    };
    left && stays_pictograph(after)
}

/// Whether the text starts with an emoji that NFC keeps one: ↔ followed by U+0338 composes into ↮,
/// which is none, and the ZWJ before it would stand alone in the cleaned text.
fn stays_pictograph(mut text: std::str::Chars<'_>) -> bool {
    let Some(first) = text.next().filter(|&c| is_pictograph(c)) else {
        return false;
    };
    // What may compose with or reorder before it: marks, and the few starters that combine backwards.
    let marks = text.take_while(|&c| {
        unicode_normalization::char::canonical_combining_class(c) != 0
            || unicode_normalization::is_nfc_quick(std::iter::once(c)) != unicode_normalization::IsNormalized::Yes
    });
    std::iter::once(first).chain(marks).nfc().next().is_some_and(is_pictograph)
}

/// A variation selector follows a visible character: not a space, a break, a joiner or another selector.
fn takes_selector(prev: char) -> bool {
    class(prev) == Class::Plain && !prev.is_whitespace()
}

/// How many tag characters after a black flag spell a subdivision (2–7 lower-case letters or digits,
/// then CANCEL TAG: 🏴 + `gbeng` + cancel is the flag of England), counting the cancel tag; 0 if they do not.
fn subdivision_tags(after_flag: std::str::Chars<'_>) -> usize {
    let mut spec = 0;
    for c in after_flag {
        match c {
            CANCEL_TAG if (2..=7).contains(&spec) => return spec + 1,
            '\u{E0030}'..='\u{E0039}' | '\u{E0061}'..='\u{E007A}' if spec < 7 => spec += 1,
            _ => return 0,
        }
    }
    0
}

fn is_skin_tone(c: char) -> bool {
    ('\u{1F3FB}'..='\u{1F3FF}').contains(&c)
}

/// Unicode 16 `Extended_Pictographic` (emoji-data.txt): the characters an emoji ZWJ sequence joins.
const PICTOGRAPHS: &[(u32, u32)] = &[
    (0x00A9, 0x00A9),
    (0x00AE, 0x00AE),
    (0x203C, 0x203C),
    (0x2049, 0x2049),
    (0x2122, 0x2122),
    (0x2139, 0x2139),
    (0x2194, 0x2199),
    (0x21A9, 0x21AA),
    (0x231A, 0x231B),
    (0x2328, 0x2328),
    (0x2388, 0x2388),
    (0x23CF, 0x23CF),
    (0x23E9, 0x23F3),
    (0x23F8, 0x23FA),
    (0x24C2, 0x24C2),
    (0x25AA, 0x25AB),
    (0x25B6, 0x25B6),
    (0x25C0, 0x25C0),
    (0x25FB, 0x25FE),
    (0x2600, 0x2605),
    (0x2607, 0x2612),
    (0x2614, 0x2685),
    (0x2690, 0x2705),
    (0x2708, 0x2712),
    (0x2714, 0x2714),
    (0x2716, 0x2716),
    (0x271D, 0x271D),
    (0x2721, 0x2721),
    (0x2728, 0x2728),
    (0x2733, 0x2734),
    (0x2744, 0x2744),
    (0x2747, 0x2747),
    (0x274C, 0x274C),
    (0x274E, 0x274E),
    (0x2753, 0x2755),
    (0x2757, 0x2757),
    (0x2763, 0x2767),
    (0x2795, 0x2797),
    (0x27A1, 0x27A1),
    (0x27B0, 0x27B0),
    (0x27BF, 0x27BF),
    (0x2934, 0x2935),
    (0x2B05, 0x2B07),
    (0x2B1B, 0x2B1C),
    (0x2B50, 0x2B50),
    (0x2B55, 0x2B55),
    (0x3030, 0x3030),
    (0x303D, 0x303D),
    (0x3297, 0x3297),
    (0x3299, 0x3299),
    (0x1F000, 0x1F0FF),
    (0x1F10D, 0x1F10F),
    (0x1F12F, 0x1F12F),
    (0x1F16C, 0x1F171),
    (0x1F17E, 0x1F17F),
    (0x1F18E, 0x1F18E),
    (0x1F191, 0x1F19A),
    (0x1F1AD, 0x1F1E5),
    (0x1F201, 0x1F20F),
    (0x1F21A, 0x1F21A),
    (0x1F22F, 0x1F22F),
    (0x1F232, 0x1F23A),
    (0x1F23C, 0x1F23F),
    (0x1F249, 0x1F3FA),
    (0x1F400, 0x1F53D),
    (0x1F546, 0x1F64F),
    (0x1F680, 0x1F6FF),
    (0x1F774, 0x1F77F),
    (0x1F7D5, 0x1F7FF),
    (0x1F80C, 0x1F80F),
    (0x1F848, 0x1F84F),
    (0x1F85A, 0x1F85F),
    (0x1F888, 0x1F88F),
    (0x1F8AE, 0x1F8FF),
    (0x1F90C, 0x1F93A),
    (0x1F93C, 0x1F945),
    (0x1F947, 0x1FAFF),
    (0x1FC00, 0x1FFFD),
];

fn is_pictograph(c: char) -> bool {
    let c = u32::from(c);
    PICTOGRAPHS
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// CRLF and lone CR (old Mac exports), and the Unicode separators (pasted from word processors), as LF.
fn unify_line_breaks(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push('\n');
            }
            '\u{2028}' | '\u{2029}' => out.push('\n'),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refused_ranges_hold_what_is_refused_and_only_that() {
        for kind in [TextKind::Line, TextKind::Multiline] {
            let ranges = refused_ranges(kind);
            let refused = |c: char| ranges.iter().any(|(a, b)| (*a..=*b).contains(&c));
            for c in ['\0', '\u{1b}', '\u{202e}', '\u{200b}', '\u{200d}', '\u{fe0f}', '\u{ffff}', '\u{e0041}'] {
                assert!(refused(c), "{c:?} as {kind:?}");
            }
            for c in ['a', '中', '，', '😀', '\u{e000}'] {
                assert!(!refused(c), "{c:?} as {kind:?}");
            }
            assert_eq!(refused('\n'), kind == TextKind::Line);
            assert_eq!(refused('\t'), kind == TextKind::Line);
        }
    }

    proptest! {
        /// The OpenAPI document's pattern is the complement of these ranges: any text built of other
        /// characters must be accepted.
        #[test]
        fn text_outside_the_refused_ranges_is_accepted(s in "\\PC{0,40}", line in any::<bool>()) {
            let kind = if line { TextKind::Line } else { TextKind::Multiline };
            let ranges = refused_ranges(kind);
            let allowed: String = s.chars().filter(|c| !ranges.iter().any(|(a, b)| (*a..=*b).contains(c))).collect();
            prop_assert!(clean(&allowed, kind).is_ok(), "{allowed:?}");
        }
    }
    use TextKind::{Line, Multiline};
    use TextProblemKind::*;
    use proptest::prelude::*;
    use unicode_normalization::IsNormalized;

    #[test]
    fn refused() {
        // (text, kind, problem, character, position)
        let cases: &[(&str, TextKind, TextProblemKind, char, usize)] = &[
            ("abc\0", Multiline, ControlCharacter, '\0', 3),
            ("标题\u{1b}[31m红", Line, ControlCharacter, '\u{1b}', 2),
            ("a\u{7}", Multiline, ControlCharacter, '\u{7}', 1),
            ("a\u{b}b", Multiline, ControlCharacter, '\u{b}', 1),
            ("a\u{c}b", Multiline, ControlCharacter, '\u{c}', 1),
            ("a\u{1f}", Multiline, ControlCharacter, '\u{1f}', 1),
            ("del\u{7f}", Line, ControlCharacter, '\u{7f}', 3),
            ("\u{80}", Line, ControlCharacter, '\u{80}', 0),
            ("nel\u{85}", Multiline, ControlCharacter, '\u{85}', 3),
            ("\u{9f}", Multiline, ControlCharacter, '\u{9f}', 0),
            ("a\tb", Line, ControlCharacter, '\t', 1),
            ("a\nb", Line, LineBreak, '\n', 1),
            ("a\r\nb", Line, LineBreak, '\r', 1),
            ("a\rb", Line, LineBreak, '\r', 1),
            ("a\u{2028}b", Line, LineBreak, '\u{2028}', 1),
            ("a\u{2029}b", Line, LineBreak, '\u{2029}', 1),
            ("标题\u{202e}gpj.exe", Line, BidiControl, '\u{202e}', 2),
            ("\u{202a}", Multiline, BidiControl, '\u{202a}', 0),
            ("\u{202b}", Multiline, BidiControl, '\u{202b}', 0),
            ("\u{202c}", Multiline, BidiControl, '\u{202c}', 0),
            ("\u{202d}", Multiline, BidiControl, '\u{202d}', 0),
            ("x\u{2066}", Line, BidiControl, '\u{2066}', 1),
            ("x\u{2067}", Line, BidiControl, '\u{2067}', 1),
            ("x\u{2068}", Line, BidiControl, '\u{2068}', 1),
            ("x\u{2069}", Line, BidiControl, '\u{2069}', 1),
            ("敏\u{200e}感", Line, BidiControl, '\u{200e}', 1),
            ("敏\u{200f}感", Line, BidiControl, '\u{200f}', 1),
            ("\u{61c}", Line, BidiControl, '\u{61c}', 0),
            ("\u{fdd0}", Line, Noncharacter, '\u{fdd0}', 0),
            ("\u{fdef}", Line, Noncharacter, '\u{fdef}', 0),
            ("a\u{fffe}", Line, Noncharacter, '\u{fffe}', 1),
            ("a\u{ffff}", Multiline, Noncharacter, '\u{ffff}', 1),
            ("\u{1fffe}", Line, Noncharacter, '\u{1fffe}', 0),
            ("\u{10ffff}", Line, Noncharacter, '\u{10ffff}', 0),
            ("敏\u{200b}感", Line, InvisibleCharacter, '\u{200b}', 1),
            ("敏\u{200c}感", Line, InvisibleCharacter, '\u{200c}', 1),
            ("敏\u{200d}感", Line, InvisibleCharacter, '\u{200d}', 1),
            ("敏\u{2060}感", Line, InvisibleCharacter, '\u{2060}', 1),
            ("\u{feff}标题", Line, InvisibleCharacter, '\u{feff}', 0),
            ("soft\u{ad}hyphen", Multiline, InvisibleCharacter, '\u{ad}', 4),
            ("\u{180e}", Line, InvisibleCharacter, '\u{180e}', 0),
            ("x\u{2061}y", Line, InvisibleCharacter, '\u{2061}', 1),
            ("x\u{2062}y", Line, InvisibleCharacter, '\u{2062}', 1),
            ("x\u{2063}y", Line, InvisibleCharacter, '\u{2063}', 1),
            ("x\u{2064}y", Line, InvisibleCharacter, '\u{2064}', 1),
            ("x\u{206a}", Line, InvisibleCharacter, '\u{206a}', 1),
            ("x\u{fff9}", Line, InvisibleCharacter, '\u{fff9}', 1),
            ("\u{600}1", Line, InvisibleCharacter, '\u{600}', 0),
            ("\u{e0001}", Line, InvisibleCharacter, '\u{e0001}', 0),
            ("\u{1bca0}", Line, InvisibleCharacter, '\u{1bca0}', 0),
            ("a\u{34f}b", Line, InvisibleCharacter, '\u{34f}', 1),
            ("\u{3164}", Line, InvisibleCharacter, '\u{3164}', 0),
            ("\u{115f}", Line, InvisibleCharacter, '\u{115f}', 0),
            ("\u{ffa0}", Line, InvisibleCharacter, '\u{ffa0}', 0),
            ("\u{2800}\u{2800}", Line, InvisibleCharacter, '\u{2800}', 0),
            ("\u{17b4}", Line, InvisibleCharacter, '\u{17b4}', 0),
            // A ZWJ outside an emoji sequence: at an end, or next to a letter.
            ("👨\u{200d}", Line, InvisibleCharacter, '\u{200d}', 1),
            ("\u{200d}👨", Line, InvisibleCharacter, '\u{200d}', 0),
            ("👨\u{200d}a", Line, InvisibleCharacter, '\u{200d}', 1),
            ("a\u{200d}👨", Line, InvisibleCharacter, '\u{200d}', 1),
            ("👨\u{200d}\u{200d}👩", Line, InvisibleCharacter, '\u{200d}', 1),
            ("🏽\u{200d}👩", Line, InvisibleCharacter, '\u{200d}', 1),
            ("👩\u{200d}↔\u{338}", Line, InvisibleCharacter, '\u{200d}', 1),
            ("👩\u{200d}↔\u{301}\u{338}", Line, InvisibleCharacter, '\u{200d}', 1),
            // Selectors only one at a time, after something visible.
            ("\u{fe0f}", Line, InvisibleCharacter, '\u{fe0f}', 0),
            ("❤\u{fe0f}\u{fe0f}", Line, InvisibleCharacter, '\u{fe0f}', 2),
            ("😀\u{fe00}\u{fe01}\u{fe02}", Line, InvisibleCharacter, '\u{fe01}', 2),
            ("a \u{fe0f}", Line, InvisibleCharacter, '\u{fe0f}', 2),
            ("a\n\u{fe0f}", Multiline, InvisibleCharacter, '\u{fe0f}', 2),
            ("葛\u{e0100}\u{e0101}", Line, InvisibleCharacter, '\u{e0101}', 2),
            // Tags only as a subdivision flag, whole.
            ("a\u{e0061}", Line, InvisibleCharacter, '\u{e0061}', 1),
            ("🏴\u{e0067}\u{e0062}", Line, InvisibleCharacter, '\u{e0067}', 1),
            ("🏴\u{e0067}\u{e007f}", Line, InvisibleCharacter, '\u{e0067}', 1),
            ("🏴\u{e0041}\u{e0042}\u{e007f}", Line, InvisibleCharacter, '\u{e0041}', 1),
            (
                "🏴\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f}\u{e007f}",
                Line,
                InvisibleCharacter,
                '\u{e007f}',
                7,
            ),
            (
                "🏴\u{e0061}\u{e0062}\u{e0063}\u{e0064}\u{e0065}\u{e0066}\u{e0067}\u{e0068}\u{e007f}",
                Line,
                InvisibleCharacter,
                '\u{e0061}',
                1,
            ),
        ];
        for &(text, kind, problem, ch, position) in cases {
            assert_eq!(clean(text, kind), Err(TextProblem { kind: problem, ch, position }), "{text:?} as {kind:?}");
            assert!(!is_clean(text, kind));
        }
    }

    #[test]
    fn allowed() {
        // (text, kind, cleaned)
        let cases: &[(&str, TextKind, &str)] = &[
            ("", Line, ""),
            ("小区旁工地夜间施工噪音扰民", Line, "小区旁工地夜间施工噪音扰民"),
            (
                "您好！请问，何时解决？（急）【重要】“引号”《书名》、。；：……——",
                Line,
                "您好！请问，何时解决？（急）【重要】“引号”《书名》、。；：……——",
            ),
            ("你好\u{3000}世界 a\u{a0}b", Line, "你好\u{3000}世界 a\u{a0}b"),
            ("ＡＢＣ１２３", Line, "ＡＢＣ１２３"),
            ("👨\u{200d}👩\u{200d}👧", Line, "👨\u{200d}👩\u{200d}👧"),
            ("👩🏽\u{200d}💻", Line, "👩🏽\u{200d}💻"),
            ("🏳\u{fe0f}\u{200d}🌈", Line, "🏳\u{fe0f}\u{200d}🌈"),
            ("❤\u{fe0f}\u{200d}🔥", Line, "❤\u{fe0f}\u{200d}🔥"),
            ("🏴\u{200d}☠\u{fe0f}", Line, "🏴\u{200d}☠\u{fe0f}"),
            ("🧑\u{200d}🦰", Line, "🧑\u{200d}🦰"),
            ("👩\u{200d}↔\u{301}", Line, "👩\u{200d}↔\u{301}"),
            (
                "🏴\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f}",
                Line,
                "🏴\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f}",
            ),
            ("1\u{fe0f}\u{20e3}", Line, "1\u{fe0f}\u{20e3}"),
            ("🇨🇳 点赞👍🏻", Line, "🇨🇳 点赞👍🏻"),
            ("葛\u{e0100}", Line, "葛\u{e0100}"),
            ("ᠭ\u{180b}", Line, "ᠭ\u{180b}"),
            ("\u{e000}\u{f8ff}\u{f0000}", Line, "\u{e000}\u{f8ff}\u{f0000}"),
            ("\u{50000}", Line, "\u{50000}"),
            ("\u{fffd}\u{fffc}", Line, "\u{fffd}\u{fffc}"),
            ("第一行\n第二行\t缩进\n", Multiline, "第一行\n第二行\t缩进\n"),
            ("a\r\nb\rc\r\n\r\nd\r", Multiline, "a\nb\nc\n\nd\n"),
            ("a\u{2028}b\u{2029}c", Multiline, "a\nb\nc"),
            ("Cafe\u{301}", Line, "Café"),
            ("e\u{301}\r\n", Multiline, "é\n"),
            ("\u{1100}\u{1161}", Line, "가"),
            ("a\u{307}\u{323}", Line, "\u{1ea1}\u{307}"),
        ];
        for &(text, kind, cleaned) in cases {
            assert_eq!(clean(text, kind).as_deref(), Ok(cleaned), "{text:?} as {kind:?}");
            assert_eq!(is_clean(text, kind), text == cleaned, "{text:?} as {kind:?}");
        }
    }

    #[test]
    fn clean_text_is_not_copied() {
        assert!(matches!(clean("小区旁工地 noise 👨\u{200d}👩\u{200d}👧", Line), Ok(Cow::Borrowed(_))));
        assert!(matches!(clean("第一行\n第二行", Multiline), Ok(Cow::Borrowed(_))));
        assert!(matches!(clean("a\r\nb", Multiline), Ok(Cow::Owned(_))));
    }

    #[test]
    fn problems_read_well() {
        let p = clean("abc\0", Line).unwrap_err();
        assert_eq!(p.code(), "control_character");
        assert_eq!(p.message(), "contains the control character U+0000 at position 3");
        let p = clean("标题\u{202e}gpj.exe", Line).unwrap_err();
        assert_eq!(p.message(), "contains the bidirectional control character U+202E at position 2");
        let p = clean("\u{10ffff}", Line).unwrap_err();
        assert_eq!(p.message(), "contains the noncharacter U+10FFFF at position 0");
        let codes: Vec<_> = TextProblemKind::ALL.iter().map(|k| k.code()).collect();
        assert_eq!(codes, ["line_break", "control_character", "bidi_control", "invisible_character", "noncharacter"]);
    }

    #[test]
    fn normalising_neither_makes_nor_moves_a_refused_character() {
        // Why `clean` may check before it normalises, over every character: NFC reorders, composes and
        // decomposes only plain characters, into plain characters.
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let reordered = unicode_normalization::char::canonical_combining_class(c) != 0;
            let changed = unicode_normalization::is_nfc_quick(std::iter::once(c)) != IsNormalized::Yes;
            let mut parts = Vec::new();
            unicode_normalization::char::decompose_canonical(c, |d| parts.push(d));
            let composite = parts != [c];
            if reordered || changed || composite {
                assert_eq!(class(c), Class::Plain, "{c:?}");
                assert!(parts.iter().all(|&d| class(d) == Class::Plain), "{c:?}");
                // Emoji are left alone (the one emoji that composes, ↔ + U+0338, has `stays_pictograph`).
                assert!(!is_pictograph(c), "{c:?}");
                // A variation selector's neighbour stays visible, or stays a space.
                assert_eq!(c.is_whitespace(), parts.iter().any(|d| d.is_whitespace()), "{c:?}");
            }
        }
    }

    #[test]
    fn the_shortcut_for_chinese_skips_no_format_character() {
        let shortcut = ['\u{2E80}'..='\u{A4CF}', '\u{AC00}'..='\u{D7A3}', '\u{FF01}'..='\u{FF9F}'];
        for c in shortcut.into_iter().flatten() {
            assert!(get_general_category(c) != GeneralCategory::Format || class(c) != Class::Plain, "{c:?}");
        }
    }

    /// What no cleaned text may hold, written without `class` so it checks the rule rather than repeat it.
    fn forbidden(c: char, kind: TextKind) -> bool {
        let n = u32::from(c);
        let allowed_control = kind == Multiline && (c == '\n' || c == '\t');
        (n < 0x20 && !allowed_control)
            || (0x7F..=0x9F).contains(&n)
            || c == '\r'
            || c == '\u{2028}'
            || c == '\u{2029}'
            || (0x202A..=0x202E).contains(&n)
            || (0x2066..=0x2069).contains(&n)
            || [0x200B, 0x200C, 0x200E, 0x200F, 0x061C, 0x2060, 0xFEFF, 0x00AD, 0x180E].contains(&n)
            || (0xFDD0..=0xFDEF).contains(&n)
            || n & 0xFFFE == 0xFFFE
    }

    /// Pieces that meet the rule's edges, mixed with any character at all.
    fn tricky_text() -> impl Strategy<Value = String> {
        let allowed = proptest::sample::select(vec![
            "a",
            "e",
            "\u{301}",
            "\u{323}",
            "\u{307}",
            "\u{338}",
            "标",
            " ",
            "\u{3000}",
            "\t",
            "\n",
            "\r\n",
            "\r",
            "\u{2028}",
            "👨",
            "👩",
            "🏽",
            "❤",
            "↔",
            "\u{200d}",
            "\u{fe0f}",
            "\u{fe0e}",
            "\u{e0100}",
            "🏴",
            "\u{e0067}",
            "\u{e0062}\u{e007f}",
            "🏴\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f}",
            "\u{1100}",
            "\u{1161}",
            "\u{e000}",
            "👨\u{200d}👩\u{200d}👧",
        ]);
        let refused = proptest::sample::select(vec![
            "\0", "\u{1b}", "\u{85}", "\u{202e}", "\u{2066}", "\u{200e}", "\u{200b}", "\u{feff}", "\u{ffff}",
            "\u{fdd0}",
        ]);
        let piece = prop_oneof![
            8 => allowed.prop_map(String::from),
            1 => refused.prop_map(String::from),
            1 => any::<char>().prop_map(String::from),
        ];
        proptest::collection::vec(piece, 0..16).prop_map(|pieces| pieces.concat())
    }

    fn kind() -> impl Strategy<Value = TextKind> {
        prop_oneof![Just(Line), Just(Multiline)]
    }

    proptest! {
        // More cases than the default: about a quarter of the tricky texts pass, and those are the point.
        #![proptest_config(ProptestConfig::with_cases(1024))]

        #[test]
        fn cleaned_text_is_clean(text in tricky_text(), kind in kind()) {
            if let Ok(cleaned) = clean(&text, kind) {
                prop_assert_eq!(clean(&cleaned, kind), Ok(Cow::Borrowed(&*cleaned)));
                prop_assert!(is_clean(&cleaned, kind));
                prop_assert!(unicode_normalization::is_nfc(&cleaned));
                prop_assert!(!cleaned.chars().any(|c| forbidden(c, kind)), "{:?}", cleaned);
            }
        }

        #[test]
        fn the_problem_points_at_the_character(text in tricky_text(), kind in kind()) {
            if let Err(p) = clean(&text, kind) {
                prop_assert_eq!(text.chars().nth(p.position), Some(p.ch));
                prop_assert!(!p.message().is_empty());
            }
        }

        #[test]
        fn a_line_is_cleaned_alike_as_multiline(text in tricky_text()) {
            if let Ok(line) = clean(&text, Line) {
                prop_assert_eq!(clean(&text, Multiline), Ok(line));
            }
        }

        #[test]
        fn never_panics(text in "\\PC{0,40}|.{0,40}", kind in kind()) {
            let _ = clean(&text, kind);
        }
    }
}
