//! Open data: the public board as CSV or XLSX for any public filter. Both are written a page of
//! messages at a time (the CSV straight onto the wire, the XLSX through a constant-memory worksheet in
//! a temporary file), so memory stays the same whatever the size of the export.

use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, get, web};
use liuyan_persistence::Db;
use liuyan_persistence::exports::{self, ExportRow};
use liuyan_persistence::messages::MessageFilter;
use std::io::Seek;

use liuyan_domain::spreadsheet::csv_cell;

use crate::dto::ExportQuery;
use crate::error::{ApiError, ApiResult, BadRequest, Unprocessable};
use crate::routes::messages::parse_time;
use crate::state::AppState;

/// Messages read per page of an export.
const PAGE: u64 = 1000;

const HEADER: [&str; 15] = [
    "id",
    "created_at",
    "region_code",
    "region",
    "leader",
    "unit",
    "type",
    "domain",
    "status",
    "title",
    "body",
    "reply",
    "first_replied_at",
    "satisfaction",
    "closed_at",
];

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn record(r: &ExportRow) -> [String; 15] {
    let time = |t: Option<chrono::DateTime<chrono::Utc>>| t.map(|t| t.to_rfc3339()).unwrap_or_default();
    [
        r.id.to_string(),
        r.created_at.to_rfc3339(),
        r.region_code.clone(),
        r.region.clone(),
        r.leader.clone(),
        r.unit.clone().unwrap_or_default(),
        r.message_type.clone(),
        r.domain.clone(),
        r.status.clone(),
        r.title.clone(),
        r.body.clone(),
        r.reply.clone().unwrap_or_default(),
        time(r.first_answered_at),
        r.satisfaction.clone().unwrap_or_default(),
        time(r.closed_at),
    ]
}

fn filter(q: &ExportQuery) -> ApiResult<MessageFilter> {
    Ok(MessageFilter {
        region: q.region.as_ref().map(|r| r.0.clone()),
        leader: q.leader,
        unit: q.unit,
        message_type: q.message_type,
        domain: q.domain,
        status: q.status,
        topic: q.topic,
        from: q.from.as_deref().map(|s| parse_time(s, "from", false)).transpose()?,
        to: q.to.as_deref().map(|s| parse_time(s, "to", true)).transpose()?,
    })
}

fn csv_chunk(header: bool, rows: &[ExportRow]) -> Result<Bytes, ApiError> {
    let mut start = Vec::new();
    if header {
        // A byte-order mark, so spreadsheet programs read the file as UTF-8.
        start.extend_from_slice(b"\xEF\xBB\xBF");
    }
    let mut w = csv::Writer::from_writer(start);
    let internal = |e: csv::Error| ApiError::Internal(e.to_string());
    if header {
        w.write_record(HEADER).map_err(internal)?;
    }
    for r in rows {
        // Text from the public goes into a spreadsheet: never as a formula.
        w.write_record(record(r).iter().map(|cell| csv_cell(cell).into_owned())).map_err(internal)?;
    }
    w.into_inner().map(Bytes::from).map_err(|e| ApiError::Internal(e.to_string()))
}

/// Public messages (masked text, latest published reply) as CSV, newest first, streamed.
#[utoipa::path(tag = "open data", params(ExportQuery), responses(
    (status = 200, description = "UTF-8 CSV with a byte-order mark and a header row", content_type = "text/csv", body = String),
    (status = 400, response = BadRequest),
    (status = 422, response = Unprocessable),
))]
#[get("/exports/messages.csv")]
pub async fn messages_csv(state: web::Data<AppState>, q: web::Query<ExportQuery>) -> ApiResult<HttpResponse> {
    let filter = filter(&q)?;
    // The first page is read before answering, so a failure is still a proper error.
    let first = exports::page(&state.db, &filter, None, PAGE).await?;
    let head = csv_chunk(true, &first.items)?;
    struct Next {
        db: Db,
        filter: MessageFilter,
        before: Option<i64>,
    }
    let rest =
        futures::stream::unfold(Next { db: state.db.clone(), filter, before: first.next_after }, |s| async move {
            let before = s.before?;
            let chunk = match exports::page(&s.db, &s.filter, Some(before), PAGE).await {
                Ok(page) => csv_chunk(false, &page.items).map(|b| (b, page.next_after)),
                Err(e) => Err(ApiError::from(e)),
            };
            match chunk {
                Ok((bytes, next)) => Some((Ok(bytes), Next { before: next, ..s })),
                // The answer has begun: all that is left is to cut it short.
                Err(e) => {
                    tracing::error!(error = %e, "export stopped");
                    Some((Err(actix_web::Error::from(e)), Next { before: None, ..s }))
                }
            }
        });
    let body = futures::StreamExt::chain(futures::stream::once(async move { Ok::<_, actix_web::Error>(head) }), rest);
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(("Content-Disposition", "attachment; filename=\"messages.csv\""))
        .streaming(body))
}

/// The same rows as an Excel workbook (one sheet, `messages`).
#[utoipa::path(tag = "open data", params(ExportQuery), responses(
    (status = 200, description = "An XLSX workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = String),
    (status = 400, response = BadRequest),
    (status = 422, response = Unprocessable),
))]
#[get("/exports/messages.xlsx")]
pub async fn messages_xlsx(
    state: web::Data<AppState>,
    req: HttpRequest,
    q: web::Query<ExportQuery>,
) -> ApiResult<HttpResponse> {
    let filter = filter(&q)?;
    let internal = |e: rust_xlsxwriter::XlsxError| ApiError::Internal(e.to_string());
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet_with_constant_memory();
    sheet.set_name("messages").map_err(internal)?;
    for (col, h) in HEADER.iter().enumerate() {
        sheet.write_string(0, col as u16, *h).map_err(internal)?;
    }
    let (mut row, mut before) = (1u32, None);
    loop {
        let page = exports::page(&state.db, &filter, before, PAGE).await?;
        for r in &page.items {
            for (col, v) in record(r).iter().enumerate() {
                if col == 0 {
                    sheet.write_number(row, 0, r.id as f64).map_err(internal)?;
                } else if !v.is_empty() {
                    sheet.write_string(row, col as u16, v).map_err(internal)?;
                }
            }
            row += 1;
        }
        match page.next_after {
            Some(next) => before = Some(next),
            None => break,
        }
    }
    // Zipping is CPU work: off the server's threads, into an unnamed temporary file.
    let file = web::block(move || -> Result<std::fs::File, String> {
        let mut file = tempfile::tempfile().map_err(|e| e.to_string())?;
        book.save_to_writer(&mut file).map_err(|e| e.to_string())?;
        file.rewind().map_err(|e| e.to_string())?;
        Ok(file)
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))?
    .map_err(ApiError::Internal)?;
    let named = actix_files::NamedFile::from_file(file, "messages.xlsx")
        .map_err(|e| ApiError::Internal(e.to_string()))?
        .set_content_type(XLSX.parse().expect("a valid media type"));
    Ok(named.into_response(&req))
}
