//! Billing: invoices, their PDFs (a small real PDF, behind a link token
//! rather than the bearer header), and the profile's contracts.

use serde_json::{Value, json};

use super::{
    Caller, Failure, PortalState, Record, Reply, UNAUTHORIZED, currency, ids, later, not_found, pounds, serve,
    single_page, text, unique_id,
};

/// An invoice as the invoice list shows it, due 14 days after it was made.
pub(super) fn invoice(id: i64, owner: i64, total: f64, paid: bool, created: &str) -> Record {
    let due_date = later(created, 14 * 24 * 60).and_then(|due| due.get(..10).map(str::to_owned));
    let json = json!({
        "Id": id,
        "UniqueId": unique_id(id),
        "InvoiceNumber": format!("INV-2026-{:04}", id % 10_000),
        "Paid": paid,
        "PaidOn": if paid { later(created, 3 * 24 * 60) } else { None },
        "DueDate": due_date,
        "Draft": false,
        "CreditNote": false,
        "TotalAmount": total,
        "DueAmount": if paid { 0.0 } else { total },
        "TotalFormated": pounds(total),
        "Currency": currency(),
        "BusinessWebAddress": "harbour-works",
        "CreatedOn": created,
    });
    Record { id, owner, json }
}

pub(super) fn seed() -> Vec<Record> {
    let mut credit_note = invoice(ids::ADA_CREDIT_NOTE, ids::ADA_PERSONAL, -24.0, true, "2026-08-12T10:00:00");
    super::set(&mut credit_note.json, "CreditNote", json!(true));
    super::set(&mut credit_note.json, "InvoiceNumber", json!("CN-2026-0004"));
    vec![
        invoice(ids::ADA_PAID_INVOICE, ids::ADA_PERSONAL, 180.0, true, "2026-07-01T09:00:00"),
        invoice(1_600_000_002, ids::ADA_PERSONAL, 180.0, true, "2026-08-01T09:00:00"),
        invoice(ids::ADA_UNPAID_INVOICE, ids::ADA_PERSONAL, 204.0, false, "2026-09-01T09:00:00"),
        credit_note,
        invoice(1_600_000_051, ids::ADA_COMPANY, 1450.0, false, "2026-09-01T09:00:00"),
        invoice(ids::CHARLES_INVOICE, ids::CHARLES_PERSONAL, 96.0, false, "2026-09-01T09:00:00"),
    ]
}

pub(super) fn invoices(state: &mut PortalState, caller: Caller, request: &serve::billing::Invoices) -> Reply {
    let (paid, credit_notes) = (request.paid, request.credit_notes);
    let flag = |record: &Record, name: &str| record.json.get(name).and_then(Value::as_bool).unwrap_or(false);
    let mut mine: Vec<Value> = state
        .invoices
        .iter()
        .filter(|record| record.owner == caller.profile)
        .filter(|record| paid.is_none_or(|paid| flag(record, "Paid") == paid))
        .filter(|record| credit_notes.is_none_or(|credit_notes| flag(record, "CreditNote") == credit_notes))
        .map(|record| record.json.clone())
        .collect();
    // Newest first.
    mine.sort_by(|a, b| text(b, "CreatedOn").cmp(&text(a, "CreatedOn")));
    Ok(single_page(mine, "CreatedOn"))
}

/// The PDF of an invoice of the account whose link token `t` is; the link
/// works without the bearer header ([RE]).
pub(super) fn pdf(state: &PortalState, request: &serve::billing::InvoicePdf) -> Result<Vec<u8>, Failure> {
    let (id, token) = (request.id.0, &request.t.0);
    let account = (state.link_tokens.iter().find(|(known, _)| known == token))
        .and_then(|(_, account)| state.accounts.get(*account))
        .ok_or(UNAUTHORIZED)?;
    let Some(record) = state
        .invoices
        .iter()
        .find(|record| record.id == id && account.profiles.iter().any(|profile| profile.id == record.owner))
    else {
        return Err(not_found("Invoice"));
    };
    let number = text(&record.json, "InvoiceNumber").unwrap_or_default();
    let total = record.json.get("TotalAmount").and_then(Value::as_f64).unwrap_or(0.0);
    let owner = account.profile(record.owner).map(|profile| profile.full_name.clone()).unwrap_or_default();
    Ok(invoice_pdf(number, &owner, &format!("GBP {total:.2}")))
}

/// A one-page PDF 1.4 with the invoice's number, customer and total: small,
/// but real (its cross-reference table points at each object).
pub(super) fn invoice_pdf(number: &str, customer: &str, total: &str) -> Vec<u8> {
    // Text in a PDF string: backslashes and parentheses escaped.
    let escape = |text: &str| text.replace('\\', "\\\\").replace('(', "\\(").replace(')', "\\)");
    let content = format!(
        "BT /F1 20 Tf 72 770 Td (Harbour Works) Tj 0 -34 Td /F1 14 Tf (Invoice {}) Tj \
         0 -22 Td (Customer: {}) Tj 0 -22 Td (Total: {}) Tj ET",
        escape(number),
        escape(customer),
        escape(total)
    );
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
            .to_owned(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
        format!("<< /Title ({}) /Producer (endpointgen fake portal) >>", escape(number)),
    ];
    // The binary comment line tells tools that the file is binary.
    let mut pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (number, object) in (1..).zip(&objects) {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{number} 0 obj\n{object}\nendobj\n").as_bytes());
    }
    let xref = pdf.len();
    let count = objects.len() + 1;
    pdf.extend_from_slice(format!("xref\n0 {count}\n0000000000 65535 f \n").as_bytes());
    for offset in offsets {
        pdf.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!("trailer\n<< /Size {count} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
    );
    pdf
}

pub(super) fn contracts(state: &mut PortalState, caller: Caller, _: &serve::billing::Contracts) -> Reply {
    let mine: Vec<Value> = state
        .contracts
        .iter()
        .filter(|record| record.owner == caller.profile)
        .map(|record| record.json.clone())
        .collect();
    Ok(json!({ "Contracts": mine }))
}
