//! Chinese full-text search: the terms a text is indexed under and a query asks for, and where a text
//! matches them.
//!
//! Both stores index the same terms, computed here: jieba's search-mode segmentation (long words are
//! also cut into the dictionary words inside them), plus every two-character run inside a word of three
//! or more Chinese characters, so that a two-character query (噪音, 欠薪, 拆迁) finds the word however
//! the text around it was segmented. A query is segmented the same way and every one of its terms must
//! be present. SQLite keeps the terms in an FTS5 table, PostgreSQL in a weighted `tsvector`: an
//! inverted index in both, which a trigram index is not for two-character words.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use jieba_rs::Jieba;

pub(crate) fn jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(Jieba::new)
}

/// Loads the dictionary now (about half a second) rather than on the first search.
pub fn warm_up() {
    let _ = jieba();
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

/// A token worth indexing: letters, digits or Chinese characters; lower-cased. Punctuation, spaces
/// and masking stars are not, nor runs longer than `MAX_TERM_CHARS` (no one searches for those, and
/// PostgreSQL refuses lexemes over 2 KB).
fn clean(token: &str) -> Option<String> {
    let t: String = token.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect();
    (!t.is_empty() && t.chars().count() <= MAX_TERM_CHARS).then_some(t)
}

pub const MAX_TERM_CHARS: usize = 64;

/// The terms a text is indexed under, each once, in a stable order.
pub fn index_terms(text: &str) -> Vec<String> {
    let mut out = BTreeSet::new();
    for token in jieba().cut_for_search(text, false) {
        let Some(t) = clean(token) else { continue };
        let chars: Vec<char> = t.chars().collect();
        if chars.len() >= 3 && chars.iter().all(|c| is_han(*c)) {
            for pair in chars.windows(2) {
                out.insert(pair.iter().collect::<String>());
            }
        }
        out.insert(t);
    }
    out.into_iter().collect()
}

/// The terms a query asks for (all must match), at most `MAX_QUERY_TERMS`.
pub fn query_terms(query: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for token in jieba().cut(query, false) {
        if let Some(t) = clean(token)
            && !out.contains(&t)
        {
            out.push(t);
        }
    }
    out.truncate(MAX_QUERY_TERMS);
    out
}

pub const MAX_QUERY_TERMS: usize = 8;

pub const MAX_SIMILARITY_TERMS: usize = 12;

/// The words of a draft to look for in other messages: its terms of two or more characters (one
/// character says little of the subject), without stop words (`words::is_stop_word`), longest first
/// (the more telling), at most `MAX_SIMILARITY_TERMS`.
pub fn similarity_terms(text: &str) -> Vec<String> {
    let mut terms: Vec<String> =
        index_terms(text).into_iter().filter(|t| t.chars().count() >= 2 && !crate::words::is_stop_word(t)).collect();
    terms.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
    terms.truncate(MAX_SIMILARITY_TERMS);
    terms
}

/// How much a message asks the same as a draft's `terms`: 2 for each term in its title, 1 for each
/// only in its text (or replies). Both sides are `index_terms`, sorted.
pub fn similarity(terms: &[String], title: &[String], text: &[String]) -> u32 {
    terms
        .iter()
        .map(|t| {
            if title.binary_search(t).is_ok() {
                2
            } else if text.binary_search(t).is_ok() {
                1
            } else {
                0
            }
        })
        .sum()
}

/// A match in a text: `start` and `len` in characters (not bytes), for highlighting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    pub start: usize,
    pub len: usize,
}

/// Where the terms stand in `text` (case-insensitive), left to right, without overlaps.
pub fn marks(text: &str, terms: &[String]) -> Vec<Mark> {
    let lower: Vec<char> = text.chars().flat_map(char::to_lowercase).collect();
    // Lower-casing may change the length of a few scripts' letters; then marks would be off: give none.
    if lower.len() != text.chars().count() {
        return Vec::new();
    }
    let mut found: Vec<Mark> = Vec::new();
    for term in terms {
        let t: Vec<char> = term.chars().collect();
        if t.is_empty() || t.len() > lower.len() {
            continue;
        }
        for start in 0..=lower.len() - t.len() {
            if lower[start..start + t.len()] == t[..] {
                found.push(Mark { start, len: t.len() });
            }
        }
    }
    found.sort_by_key(|m| (m.start, std::cmp::Reverse(m.len)));
    let mut out: Vec<Mark> = Vec::new();
    for m in found {
        if out.last().is_none_or(|last| m.start >= last.start + last.len) {
            out.push(m);
        }
    }
    out
}

/// A window of about `width` characters of `text` around its first match, with the matches inside it;
/// the start of the text when nothing matches.
pub fn snippet(text: &str, terms: &[String], width: usize) -> (String, Vec<Mark>) {
    let chars: Vec<char> = text.chars().collect();
    let all = marks(text, terms);
    let from = all.first().map(|m| m.start.saturating_sub(width / 4)).unwrap_or(0);
    let to = (from + width).min(chars.len());
    let from = to.saturating_sub(width).min(from);
    let window: String = chars[from..to].iter().collect();
    let inside = all
        .into_iter()
        .filter(|m| m.start >= from && m.start + m.len <= to)
        .map(|m| Mark { start: m.start - from, len: m.len })
        .collect();
    (window, inside)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similarity_looks_for_the_subject_and_weighs_titles() {
        let terms = similarity_terms("您好，我们小区旁边工地夜间施工噪音很大，希望尽快处理");
        assert!(terms.contains(&"噪音".to_string()) && terms.contains(&"施工".to_string()), "{terms:?}");
        assert!(!terms.iter().any(|t| t == "希望" || t == "您好" || t.chars().count() < 2), "{terms:?}");
        let title = index_terms("工地夜间施工噪音");
        let text = index_terms("晚上十点以后还在施工");
        let other = index_terms("公交线路调整");
        assert!(similarity(&terms, &title, &text) > similarity(&terms, &[], &text));
        assert_eq!(similarity(&terms, &other, &other), 0);
    }

    #[test]
    fn a_two_character_word_is_indexed_however_its_neighbours_run() {
        for text in ["夜间施工噪音扰民", "工地噪音很大", "噪音", "楼下餐馆油烟噪音严重", "施工噪音问题"]
        {
            assert!(index_terms(text).contains(&"噪音".to_string()), "{text}: {:?}", index_terms(text));
        }
        assert!(index_terms("老板欠薪至今未付").contains(&"欠薪".to_string()));
        assert!(index_terms("拆迁补偿款迟迟不到位").contains(&"拆迁".to_string()));
    }

    #[test]
    fn queries_segment_like_the_index() {
        assert_eq!(query_terms("噪音"), vec!["噪音"]);
        let terms = query_terms("加装电梯");
        let indexed = index_terms("老旧小区加装电梯进展缓慢");
        assert!(terms.iter().all(|t| indexed.contains(t)), "{terms:?} in {indexed:?}");
        assert_eq!(query_terms("  ，。！ "), Vec::<String>::new());
        assert_eq!(query_terms("Wi-Fi 信号"), vec!["wi", "fi", "信号"]);
    }

    #[test]
    fn very_long_runs_are_not_terms() {
        let long = "a".repeat(3000);
        assert_eq!(index_terms(&format!("{long} 噪音")), vec!["噪音"]);
    }

    #[test]
    fn masked_digits_and_punctuation_are_not_terms() {
        let terms = index_terms("联系电话139****0002。");
        assert!(terms.iter().all(|t| !t.contains('*') && !t.contains('。')), "{terms:?}");
    }

    #[test]
    fn marks_count_characters_and_do_not_overlap() {
        let terms = vec!["噪音".to_string(), "噪音扰民".to_string()];
        assert_eq!(marks("夜间噪音扰民，噪音", &terms), vec![Mark { start: 2, len: 4 }, Mark { start: 7, len: 2 }]);
        assert_eq!(marks("ABC abc", &["abc".to_string()]), vec![Mark { start: 0, len: 3 }, Mark { start: 4, len: 3 }]);
    }

    #[test]
    fn a_snippet_is_a_window_around_the_first_match() {
        let text = format!("{}噪音{}", "前".repeat(100), "后".repeat(100));
        let (s, m) = snippet(&text, &["噪音".to_string()], 40);
        assert_eq!(s.chars().count(), 40);
        assert_eq!(m.len(), 1);
        assert_eq!(s.chars().skip(m[0].start).take(2).collect::<String>(), "噪音");
        let (s, m) = snippet("没有匹配", &["噪音".to_string()], 40);
        assert_eq!((s.as_str(), m.len()), ("没有匹配", 0));
    }
}
