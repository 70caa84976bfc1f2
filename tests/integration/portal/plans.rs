//! `plans`: the profile's contracts as a bare array, cancelling one (an
//! empty 200), and the plans on sale.

use endpointgen::{Client, Error};
use generated_example::fake_portal::ids;
use generated_example::portal::endpoints::plans;
use generated_example::portal::{CancelPlan, ContractId};
use serde_json::json;

use super::{ada, ada_as, as_ada, json_body, last};

#[tokio::test]
async fn my_is_a_bare_array_of_the_active_profiles_contracts() {
    let (fake, client) = ada_as(ids::ADA_COMPANY).await;

    let contracts = client.send(plans::my()).await.unwrap();

    as_ada(&last(&fake, "GET", "/api/public/plans/my", None));
    assert_eq!(contracts.len(), 1);
    let contract = &contracts[0];
    assert_eq!(contract.id, ContractId(ids::ADA_COMPANY_CONTRACT));
    assert_eq!(contract.tariff.name, "Private office for four");
    assert_eq!(contract.price, Some(1450.0));
    assert_eq!(contract.renewal_date.as_ref().unwrap().as_str(), "2026-10-01T00:00:00");
    assert_eq!(contract.renewal_date_utc.as_ref().unwrap().as_str(), "2026-09-30T23:00:00Z");
    assert_eq!(contract.cancellation_date, None);
}

#[tokio::test]
async fn cancel_posts_the_contract_and_my_shows_the_cancellation() {
    let (fake, client) = ada().await;

    let () = client.send(plans::cancel(CancelPlan { contract_id: ContractId(ids::ADA_CONTRACT) })).await.unwrap();

    let request = last(&fake, "POST", "/api/public/plans/cancel", None);
    as_ada(&request);
    assert_eq!(json_body(&request), json!({ "ContractId": ids::ADA_CONTRACT }));
    let contracts = client.send(plans::my()).await.unwrap();
    assert_eq!(contracts[0].cancellation_date.as_ref().unwrap().as_str(), "2026-12-31T00:00:00");

    let again =
        client.send(plans::cancel(CancelPlan { contract_id: ContractId(ids::ADA_CONTRACT) })).await.unwrap_err();
    assert!(matches!(again, Error::Api(plans::CancelError::BadRequest(_))), "{again:?}");
    let others = CancelPlan { contract_id: ContractId(ids::CHARLES_CONTRACT) };
    let error = client.send(plans::cancel(others)).await.unwrap_err();
    assert!(matches!(error, Error::Api(plans::CancelError::NotFound(_))), "{error:?}");
}

#[tokio::test]
async fn published_is_public() {
    let (fake, _) = ada().await;
    let anonymous = Client::new(fake.base_url()).unwrap();

    let on_sale = anonymous.send(plans::published()).await.unwrap();

    assert_eq!(last(&fake, "GET", "/api/public/plans/published", None).authorization, None);
    let names: Vec<&str> = on_sale.iter().map(|plan| plan.name.as_str()).collect();
    assert_eq!(names, ["Flexi desk - 10 days", "Virtual office", "Private office for four"]);
    assert_eq!(on_sale[2].description, None);
    assert_eq!(on_sale[0].currency.as_ref().unwrap().code, "GBP");
}
