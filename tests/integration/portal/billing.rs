//! `billing`: invoices, the invoice PDF behind a link token, contracts.

use endpointgen::{Client, Error};
use generated_example::fake_portal::ids;
use generated_example::portal::endpoints::{billing, token};
use generated_example::portal::{ContractId, InvoiceId, LinkToken};

use super::{ada, as_ada, last};

#[tokio::test]
async fn invoices_filter_by_paid_and_keep_the_misspelled_total() {
    let (fake, client) = ada().await;

    let all = client.send(billing::invoices()).await.unwrap();

    as_ada(&last(&fake, "GET", "/api/public/billing/invoices/my", None));
    assert_eq!(all.total_items, Some(4));
    let unpaid = &all.records[0];
    assert_eq!(unpaid.id, InvoiceId(ids::ADA_UNPAID_INVOICE));
    assert_eq!(unpaid.invoice_number, "INV-2026-0003");
    assert_eq!(unpaid.total_formated, "£204.00");
    assert_eq!(unpaid.due_date.to_string(), "2026-09-15");
    assert!((unpaid.due_amount - 204.0).abs() < f64::EPSILON);
    assert_eq!(unpaid.currency.code, "GBP");

    let paid = client.send(billing::invoices().paid(true).credit_notes(false)).await.unwrap();
    last(&fake, "GET", "/api/public/billing/invoices/my", Some("paid=true&creditNotes=false"));
    let numbers: Vec<&str> = paid.records.iter().map(|invoice| invoice.invoice_number.as_str()).collect();
    assert_eq!(numbers, ["INV-2026-0002", "INV-2026-0001"]);
    assert!(paid.records.iter().all(|invoice| invoice.paid_on.is_some()));
    let credit_notes = client.send(billing::invoices().credit_notes(true)).await.unwrap();
    assert_eq!(credit_notes.records[0].invoice_number, "CN-2026-0004");
}

#[tokio::test]
async fn invoice_pdf_is_a_real_pdf_behind_a_link_token() {
    let (fake, client) = ada().await;
    let link_token = client.send(token::download_token()).await.unwrap().into_value();
    // The link works without the bearer token, as the portal opens it.
    let anonymous = Client::new(fake.base_url()).unwrap();

    let pdf =
        anonymous.send(billing::invoice_pdf(InvoiceId(ids::ADA_UNPAID_INVOICE), link_token.clone())).await.unwrap();

    let request =
        last(&fake, "GET", "/api/public/billing/invoices/1600000003/pdf", Some(&format!("t={}", link_token.0)));
    assert_eq!(request.authorization, None);
    assert_eq!(request.accept.as_deref(), Some("application/pdf"));
    assert!(pdf.starts_with(b"%PDF-1.4\n"), "{:?}", &pdf[..16]);
    assert!(pdf.ends_with(b"%%EOF\n"));
    let text = String::from_utf8_lossy(&pdf);
    assert!(text.contains("(Invoice INV-2026-0003) Tj") && text.contains("(Total: GBP 204.00) Tj"), "{text}");
    // `startxref` points at the cross-reference table, whose entries point
    // at the objects, byte for byte.
    let xref_at: usize = text.rsplit("startxref\n").next().unwrap().lines().next().unwrap().parse().unwrap();
    let xref = String::from_utf8_lossy(&pdf[xref_at..]);
    assert!(xref.starts_with("xref\n0 7\n"), "{xref}");
    for (object, entry) in xref.lines().skip(3).take(6).enumerate() {
        let offset: usize = entry[..10].parse().unwrap();
        assert!(pdf[offset..].starts_with(format!("{} 0 obj\n", object + 1).as_bytes()), "object {}", object + 1);
    }

    let stale = anonymous
        .send(billing::invoice_pdf(InvoiceId(ids::ADA_UNPAID_INVOICE), LinkToken("lnk-forged".to_owned())))
        .await
        .unwrap_err();
    assert!(matches!(stale, Error::Api(billing::InvoicePdfError::Unauthorized(_))), "{stale:?}");
    assert!(!format!("{stale} {stale:?}").contains("lnk-forged"), "the link token shows in the error");
    let others = anonymous.send(billing::invoice_pdf(InvoiceId(ids::CHARLES_INVOICE), link_token)).await.unwrap_err();
    assert!(matches!(others, Error::Api(billing::InvoicePdfError::NotFound(_))), "{others:?}");
}

#[tokio::test]
async fn contracts_are_wrapped_in_contracts() {
    let (fake, client) = ada().await;

    let contracts = client
        .send(billing::contracts().shape("Contracts.Id,Contracts.Tariff.Name,Contracts.InPausedPeriod"))
        .await
        .unwrap();

    as_ada(&last(
        &fake,
        "GET",
        "/api/public/billing/coworkerContracts",
        Some("_shape=Contracts.Id%2CContracts.Tariff.Name%2CContracts.InPausedPeriod"),
    ));
    let contract = &contracts.contracts[0];
    assert_eq!(contract.id, ContractId(ids::ADA_CONTRACT));
    assert_eq!(contract.tariff.name, "Flexi desk - 10 days");
    assert_eq!(contract.tariff.id, None, "projected away");
    assert!(!contract.in_paused_period);
    assert_eq!(contract.start_date, None);
}
