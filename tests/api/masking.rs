//! Privacy on the public board, tried as a writer who types numbers every way: each form of a phone,
//! ID, card or e-mail is masked on the board, in the message page, in both exports, in hot words, and a
//! search for the number finds nothing.

use std::io::Cursor;

use calamine::{Reader, Xlsx};
use liuyan_api_tests::*;
use liuyan_domain::masking::contains_personal_data;
use serde_json::Value;

/// (how it is written, what must never show: its digits, or for an e-mail its name).
const FORMS: [(&str, &str); 17] = [
    ("13800138000", "13800138000"),
    ("138 0013 8000", "13800138000"),
    ("138-0013-8000", "13800138000"),
    ("138.0013.8000", "13800138000"),
    ("+86 138 0013 8000", "13800138000"),
    ("0086-13800138000", "13800138000"),
    ("１３８００１３８０００", "13800138000"),
    ("١٣٨٠٠١٣٨٠٠٠", "13800138000"),
    ("110101 19900307 1234", "110101199003071234"),
    ("11010119900307123X", "11010119900307123"),
    ("110101900307123", "110101900307123"),
    ("010-12345678", "12345678"),
    ("（020）87654321", "87654321"),
    ("0755 1234 5678", "12345678"),
    ("6222 0212 3456 7890 128", "6222021234567890128"),
    ("zhang.san@example.com", "zhang.san"),
    ("ｗａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ", "ｗａｎｇ"),
];

/// What a text shows of a number: its ASCII digits in order (the masked forms keep only a few), and
/// whether any digit of another script is left.
#[track_caller]
fn assert_hidden(text: &str, secret: &str, where_: &str) {
    assert!(!contains_personal_data(text), "{where_}: a maskable number in {text:?}");
    if secret.chars().all(|c| c.is_ascii_digit()) {
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        assert!(!digits.contains(secret), "{where_}: {secret} shows in {text:?}");
        assert!(
            !text.chars().any(|c| c.is_numeric() && !c.is_ascii_digit()),
            "{where_}: digits of another script in {text:?}"
        );
    } else {
        assert!(!text.contains(secret), "{where_}: {secret} shows in {text:?}");
    }
}

fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(o) => o.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

async fn every_form_of_a_number_is_masked_everywhere_the_public_looks(backend: Backend) {
    let app = spawn_app(backend).await;
    let c = cast(&app).await;
    let mut written = vec![];
    for (i, (form, secret)) in FORMS.iter().enumerate() {
        assert!(contains_personal_data(form), "the test's form {form:?} is one the rule knows");
        let title = format!("请回电{form}");
        let body = format!("噪音扰民，我的联系方式是{form}，身份信息同上。第{i}条。");
        let m = c.citizen.writes_message(c.leader, "440100", &title, &body).await.expect(201);
        // The writer sees what they wrote.
        assert_eq!(m["title"], title);
        let id = m["id"].as_i64().unwrap();
        c.moderator.accepts(id).await.expect(200);
        c.office.assigns(id, c.housing_unit, "请核实").await.expect(200);
        let reply =
            c.housing.replies(id, &format!("已联系{form}，问题已处理。")).await.expect(201)["id"].as_i64().unwrap();
        c.moderator.approves(reply).await.expect(200);
        written.push((id, *form, *secret));
    }
    // A number hidden by an invisible character is refused at the door.
    c.citizen
        .writes_message(c.leader, "440100", "回电", "电话138\u{200b}0013\u{200b}8000")
        .await
        .problem(422, "validation_failed");

    let board = app.get("/api/v1/messages?limit=100").await.expect(200);
    assert_eq!(board["items"].as_array().unwrap().len(), FORMS.len());
    for (id, form, secret) in &written {
        let mut texts = vec![];
        strings(&app.get(&format!("/api/v1/messages/{id}")).await.expect(200), &mut texts);
        let item = board["items"].as_array().unwrap().iter().find(|m| m["id"] == *id).unwrap();
        strings(item, &mut texts);
        for t in &texts {
            assert_hidden(t, secret, &format!("message {id} ({form})"));
        }
        // Searching the number, written any way, finds nothing; the words around it still do.
        for query in [*form, *secret] {
            let q = app.get(&format!("/api/v1/messages/search?q={}", urlencode(query))).await.expect(200);
            assert!(q["items"].as_array().unwrap().is_empty(), "searching {query:?} found {q}");
        }
    }
    let found = app.get(&format!("/api/v1/messages/search?q={}", urlencode("噪音"))).await.expect(200);
    assert_eq!(found["items"].as_array().unwrap().len(), FORMS.len());
    for hit in found["items"].as_array().unwrap() {
        let mut texts = vec![];
        strings(hit, &mut texts);
        texts.iter().for_each(|t| assert!(!contains_personal_data(t), "search hit: {t:?}"));
    }
    // Similar messages to a draft that holds a number show none either.
    let similar =
        app.get(&format!("/api/v1/messages/similar?text={}", urlencode("噪音扰民 13800138000"))).await.expect(200);
    let mut texts = vec![];
    strings(&similar, &mut texts);
    texts.iter().for_each(|t| assert!(!contains_personal_data(t), "similar: {t:?}"));

    // Both exports.
    let csv = app.get("/api/v1/exports/messages.csv").await;
    assert_eq!(csv.status, 200);
    let xlsx = app.client.get(app.url("/api/v1/exports/messages.xlsx")).send().await.unwrap().bytes().await.unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(xlsx.to_vec())).expect("the XLSX opens");
    let sheet = book.worksheet_range("messages").unwrap();
    let cells: Vec<String> = sheet.rows().flat_map(|r| r.iter().map(|c| c.to_string())).collect();
    for (_, form, secret) in &written {
        for line in csv.text.lines() {
            assert_hidden(line, secret, &format!("CSV ({form})"));
        }
        for cell in &cells {
            assert_hidden(cell, secret, &format!("XLSX ({form})"));
        }
    }
    // Hot words are words of the masked texts: no number among them.
    let words = app.get("/api/v1/stats/hot-words?limit=100").await.expect(200);
    let mut texts = vec![];
    strings(&words, &mut texts);
    assert!(!texts.is_empty());
    for (_, _, secret) in &written {
        texts.iter().for_each(|t| assert_hidden(t, secret, "hot words"));
    }
}

fn urlencode(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

on_both_databases!(every_form_of_a_number_is_masked_everywhere_the_public_looks);
