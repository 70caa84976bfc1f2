//! `helpdesk`: messages to the staff.

use endpointgen::Error;
use generated_example::fake_portal::ids;
use generated_example::portal::endpoints::helpdesk;
use generated_example::portal::{HelpDeskMessageId, NewHelpDeskMessage};
use serde_json::json;

use super::{ada, as_ada, json_body, last};

#[tokio::test]
async fn messages_hide_closed_ones_unless_asked() {
    let (fake, client) = ada().await;

    let open = client.send(helpdesk::messages()).await.unwrap();

    as_ada(&last(&fake, "GET", "/api/public/helpdesk/messages", None));
    assert_eq!(open.records.len(), 1);
    let message = &open.records[0];
    assert_eq!(message.subject, "The projector in Babbage flickers");
    assert_eq!(message.department.as_ref().unwrap().name, "Front desk");
    assert_eq!(message.comments[0].message_text, "Thanks, a new cable is on its way.");

    let all = client.send(helpdesk::messages().show_closed(true)).await.unwrap();
    last(&fake, "GET", "/api/public/helpdesk/messages", Some("showClosed=true"));
    assert_eq!(all.records.len(), 2);
    assert!(all.records[1].closed);
}

#[tokio::test]
async fn create_message_posts_it_and_it_shows_up() {
    let (fake, client) = ada().await;
    let message = NewHelpDeskMessage {
        subject: "Locker 7 is stuck".to_owned(),
        message_text: "The key turns but the door does not open.".to_owned(),
        help_desk_department_id: None,
    };

    let confirmation = client.send(helpdesk::create_message(message)).await.unwrap();

    let request = last(&fake, "POST", "/api/public/helpdesk/messages", None);
    as_ada(&request);
    assert_eq!(
        json_body(&request),
        json!({ "Subject": "Locker 7 is stuck", "MessageText": "The key turns but the door does not open." })
    );
    let id = confirmation.into_value().and_then(|value| value.as_i64()).unwrap();
    let open = client.send(helpdesk::messages()).await.unwrap();
    let created = open.records.iter().find(|message| message.id == HelpDeskMessageId(id)).unwrap();
    assert_eq!(created.coworker.as_ref().unwrap().full_name, "Ada Lovelace");
}

#[tokio::test]
async fn close_message_closes_it() {
    let (fake, client) = ada().await;

    let confirmation = client.send(helpdesk::close_message(HelpDeskMessageId(ids::ADA_MESSAGE))).await.unwrap();

    let request = last(&fake, "POST", "/api/public/helpdesk/messages/1900000001/close", None);
    as_ada(&request);
    assert!(request.body.is_empty());
    assert!(confirmation.was_successful);
    assert!(client.send(helpdesk::messages()).await.unwrap().records.is_empty());
    let error = client.send(helpdesk::close_message(HelpDeskMessageId(ids::CHARLES_MESSAGE))).await.unwrap_err();
    assert!(matches!(error, Error::Api(helpdesk::CloseMessageError::NotFound(_))), "{error:?}");
}
