//! Cells of the CSV files people open in a spreadsheet. A cell that begins like a formula (`=`, `+`,
//! `-`, `@`, or a tab or carriage return before one) would be run by Excel or LibreOffice as one:
//! `=HYPERLINK(…)` in a message's title becomes a link on a civil servant's screen. OWASP's rule: such
//! a cell is written with a leading apostrophe, which the spreadsheet shows as text.

use std::borrow::Cow;

pub fn csv_cell(value: &str) -> Cow<'_, str> {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{value}"))
    } else {
        Cow::Borrowed(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_written_as_text() {
        for (cell, written) in [
            ("=HYPERLINK(\"http://x\",\"点我\")", "'=HYPERLINK(\"http://x\",\"点我\")"),
            ("+1+1", "'+1+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("正常的标题", "正常的标题"),
            ("1-2", "1-2"),
            ("", ""),
            ("'已有撇号", "'已有撇号"),
        ] {
            assert_eq!(csv_cell(cell), written, "{cell}");
        }
    }
}
