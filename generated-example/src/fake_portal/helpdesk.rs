//! The help desk: a profile's messages to the staff. Writing one without a
//! subject is the documented 400 with `Errors`.

use serde_json::{Value, json};

use super::{
    Caller, NOW, PortalState, Record, Reply, bad_request, confirmed, ids, owned_mut, refused, serve, set, single_page,
    text, unique_id, utc,
};

fn department(id: i64) -> Value {
    match id {
        2 => json!({ "Id": 2, "Name": "Billing", "Description": "Invoices and payments." }),
        _ => json!({ "Id": 1, "Name": "Front desk", "Description": "Everything about the building." }),
    }
}

/// A help-desk message as the portal answers it.
fn message(id: i64, owner: (i64, &str), subject: &str, text: &str, department_id: i64, created: &str) -> Record {
    let json = json!({
        "Id": id,
        "UniqueId": unique_id(id),
        "Subject": subject,
        "MessageText": text,
        "Closed": false,
        "HasImage": false,
        "Department": department(department_id),
        "Coworker": { "Id": owner.0, "FullName": owner.1 },
        "Comments": [],
        "CreatedOn": created,
        "CreatedOnUtc": utc(created),
    });
    Record { id, owner: owner.0, json }
}

pub(super) fn seed() -> Vec<Record> {
    let ada = (ids::ADA_PERSONAL, "Ada Lovelace");
    let mut open = message(
        ids::ADA_MESSAGE,
        ada,
        "The projector in Babbage flickers",
        "It flickers every few minutes during calls.",
        1,
        "2026-08-29T11:02:00",
    );
    set(
        &mut open.json,
        "Comments",
        json!([{ "Id": 77_001, "MessageText": "Thanks, a new cable is on its way.", "CoworkerFullName": "Front desk", "CreatedOn": "2026-08-29T14:30:00" }]),
    );
    let mut closed = message(
        ids::ADA_CLOSED_MESSAGE,
        ada,
        "Invoice address",
        "Please add my company name.",
        2,
        "2026-07-02T09:00:00",
    );
    set(&mut closed.json, "Closed", json!(true));
    vec![
        open,
        closed,
        message(
            ids::CHARLES_MESSAGE,
            (ids::CHARLES_PERSONAL, "Charles Babbage"),
            "Noise",
            "The street organ outside is too loud.",
            1,
            "2026-08-30T10:00:00",
        ),
    ]
}

pub(super) fn messages(state: &mut PortalState, caller: Caller, request: &serve::helpdesk::Messages) -> Reply {
    let show_closed = request.show_closed.unwrap_or(false);
    let mut mine: Vec<Value> = state
        .messages
        .iter()
        .filter(|record| record.owner == caller.profile)
        .filter(|record| show_closed || record.json.get("Closed") != Some(&json!(true)))
        .map(|record| record.json.clone())
        .collect();
    mine.sort_by(|a, b| text(b, "CreatedOn").cmp(&text(a, "CreatedOn")));
    Ok(single_page(mine, "CreatedOn"))
}

pub(super) fn create_message(
    state: &mut PortalState,
    caller: Caller,
    request: &serve::helpdesk::CreateMessage,
) -> Reply {
    let new = &request.body;
    // The admin REST API's validation answer ([DOC]).
    let missing: Vec<(&str, &str, Value)> = [("Subject", &new.subject), ("MessageText", &new.message_text)]
        .into_iter()
        .filter(|(_, value)| value.trim().is_empty())
        .map(|(name, value)| (name, "is a required field", json!(value)))
        .collect();
    if !missing.is_empty() {
        return Err(bad_request(&missing));
    }
    let department_id = new.help_desk_department_id.unwrap_or(1);
    if !matches!(department_id, 1 | 2) {
        return Err(bad_request(&[(
            "HelpDeskDepartmentId",
            "is not a department of this space",
            json!(department_id),
        )]));
    }
    let id = 1_900_001_000 + state.next();
    let name = state.caller_name(caller);
    let (subject, text) = (new.subject.trim(), new.message_text.trim());
    let record = message(id, (caller.profile, &name), subject, text, department_id, NOW);
    state.messages.push(record);
    confirmed(json!(id))
}

pub(super) fn close_message(state: &mut PortalState, caller: Caller, request: &serve::helpdesk::CloseMessage) -> Reply {
    let id = request.id.0;
    let record = owned_mut(&mut state.messages, caller, id, "Message")?;
    if record.json.get("Closed") == Some(&json!(true)) {
        return refused(400, "This message is closed already.");
    }
    set(&mut record.json, "Closed", json!(true));
    confirmed(Value::Null)
}
