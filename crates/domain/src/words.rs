//! What a message is about, in words: its keywords, counted by the statistics into hot words (热词),
//! and the stop words left out of keywords and of the search for similar messages.
//!
//! A message's keywords are its `KEYWORDS_PER_MESSAGE` words with the highest TF-IDF weight (jieba's
//! segmentation and its bundled table of inverse document frequencies) in its masked title and text.
//! Only words of two or more characters of the kinds that name a subject count: nouns, verbs, verbal
//! nouns, idioms and abbreviations. Place names are not among them (every message names its place, so
//! a region's hot words would be its own name), nor are people's names. A hot word's count is the
//! number of messages it is a keyword of, so a message that repeats a word counts once.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use jieba_rs::{KeywordExtract, KeywordExtractConfig, TfIdf};

use crate::search::jieba;

/// How people open, ask and thank on a message board: frequent in every message, telling of none.
/// Added to the general list of Chinese stop words (the `stop-words` crate's ISO list).
const BOARD_STOP_WORDS: &[&str] = &[
    "领导",
    "您好",
    "你好",
    "谢谢",
    "感谢",
    "请问",
    "希望",
    "问题",
    "反映",
    "情况",
    "解决",
    "处理",
    "尽快",
    "请求",
    "能否",
    "是否",
    "如何",
    "怎么",
    "为什么",
    "相关",
    "有关",
    "部门",
    "目前",
    "现在",
    "已经",
    "没有",
    "可以",
    "一个",
    "一下",
    "这样",
    "还是",
    "因为",
    "所以",
    "但是",
    "我们",
    "你们",
    "他们",
    "这个",
    "那个",
    "什么",
    "答复",
    "回复",
    "留言",
    "关注",
    "咨询",
    "建议",
    "投诉",
    "求助",
    "麻烦",
    "帮助",
    "市民",
    "群众",
    "百姓",
    "老百姓",
    "本人",
    "家里",
];

/// Parts of speech (jieba's tags) that name a subject: nouns (`n`), other proper nouns (`nz`),
/// organisations (`nt`), verbs (`v`), verbal nouns (`vn`), adjectival nouns (`an`), idioms (`i`),
/// fixed expressions (`l`) and abbreviations (`j`). Left out: places (`ns`), people (`nr`), numbers,
/// times and function words.
const SUBJECT_TAGS: &[&str] = &["n", "nz", "nt", "v", "vn", "an", "i", "l", "j"];

pub const KEYWORDS_PER_MESSAGE: usize = 5;

fn stop_words() -> &'static BTreeSet<String> {
    static WORDS: OnceLock<BTreeSet<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let general = stop_words::lookup("zh").unwrap_or_default();
        general.iter().chain(BOARD_STOP_WORDS).map(|w| w.to_string()).collect()
    })
}

fn extractor() -> &'static TfIdf {
    static EXTRACTOR: OnceLock<TfIdf> = OnceLock::new();
    EXTRACTOR.get_or_init(|| {
        let mut tfidf = TfIdf::default();
        let mut config = KeywordExtractConfig::builder();
        config.set_stop_words(stop_words().clone());
        // The builder only fails on a missing field, and every field has a default.
        if let Ok(config) = config.build() {
            *tfidf.config_mut() = config;
        }
        tfidf
    })
}

/// Whether a word says nothing of what a message is about.
pub fn is_stop_word(word: &str) -> bool {
    stop_words().contains(word)
}

/// A keyword worth counting: letters, digits or Chinese characters, not only digits.
fn countable(word: &str) -> bool {
    word.chars().all(char::is_alphanumeric) && !word.chars().all(|c| c.is_ascii_digit())
}

/// The keywords of a message from its public (masked) title and text, the weightiest first, at most
/// `KEYWORDS_PER_MESSAGE`, lower-cased, each once.
pub fn keywords(title: &str, body: &str) -> Vec<String> {
    let text = format!("{title}\n{body}");
    let tags = SUBJECT_TAGS.iter().map(|t| t.to_string()).collect();
    // Ask for more than kept: the ones made of stars or digits are dropped after weighing.
    let mut out: Vec<String> = Vec::with_capacity(KEYWORDS_PER_MESSAGE);
    for k in extractor().extract_keywords(jieba(), &text, KEYWORDS_PER_MESSAGE * 3, tags) {
        let word = k.keyword.to_lowercase();
        if countable(&word) && !out.contains(&word) {
            out.push(word);
        }
        if out.len() == KEYWORDS_PER_MESSAGE {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_name_the_subject_not_the_place_or_the_politeness() {
        let words = keywords(
            "朝阳路工地夜间施工噪音扰民",
            "您好领导，北京市朝阳路附近的工地每天晚上十点以后还在施工，噪音很大，居民无法休息，希望有关部门管一管，谢谢！",
        );
        assert!(words.contains(&"噪音".to_string()), "{words:?}");
        assert!(words.contains(&"工地".to_string()), "{words:?}");
        for left_out in ["北京市", "朝阳路", "您好", "谢谢", "希望", "领导"] {
            assert!(!words.contains(&left_out.to_string()), "{left_out} in {words:?}");
        }
        assert!(words.len() <= KEYWORDS_PER_MESSAGE);
    }

    #[test]
    fn masked_digits_and_names_are_not_keywords() {
        let words = keywords("欠薪求助", "张三在工地干了八个月，老板欠薪，电话 138****1234，欠薪 123456 元。");
        assert_eq!(words.first().map(String::as_str), Some("欠薪"), "{words:?}");
        assert!(words.iter().all(|w| countable(w) && !w.contains('*')), "{words:?}");
        assert!(!words.contains(&"张三".to_string()), "{words:?}");
    }

    #[test]
    fn the_same_text_gives_the_same_keywords() {
        let a = keywords("小区加装电梯进展缓慢", "加装电梯申请提交半年了仍无答复，老人上下楼很困难。");
        let b = keywords("小区加装电梯进展缓慢", "加装电梯申请提交半年了仍无答复，老人上下楼很困难。");
        assert_eq!(a, b);
        assert!(!a.is_empty());
    }

    #[test]
    fn general_and_board_stop_words_are_known() {
        assert!(is_stop_word("我们"));
        assert!(is_stop_word("您好"));
        assert!(!is_stop_word("噪音"));
    }
}
