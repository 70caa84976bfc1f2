//! Customers: the accounts and their profiles, switching the active one,
//! benefits, profile updates, settings, and the member directory.

use serde_json::{Map, Value, json};

use super::{
    ADA_EMAIL, ADA_PASSWORD, ADA_TOKEN, Account, CHARLES_EMAIL, CHARLES_PASSWORD, CHARLES_TOKEN, CHARLES_TOTP, Caller,
    PortalState, Profile, Reply, Setting, UNAUTHORIZED, action, as_json, bad_request, confirmed, ids, not_found,
    page_of, refused, serve, space, text, unique_id,
};

/// Ada (three profiles) and Charles (one, with two-factor sign-in), and
/// the settings their profiles start with.
pub(super) fn seed_accounts() -> (Vec<Account>, Vec<Setting>) {
    let empty_benefits = || json!({ "Personal": { "BookingCredits": [], "ExtraServices": [], "TimePasses": [] } });
    let ada = Account {
        email: ADA_EMAIL,
        password: ADA_PASSWORD,
        totp: None,
        access_tokens: vec![ADA_TOKEN.to_owned()],
        user: json!({
            "Id": 1_003_000_042,
            "FullName": "Ada Lovelace",
            "Email": ADA_EMAIL,
            "Active": true,
            "IsAdmin": false,
            "AccessToken": "portal-session-token-do-not-log",
        }),
        default_business: space(),
        profiles: vec![
            profile(
                ids::ADA_PERSONAL,
                "Ada Lovelace",
                None,
                ADA_EMAIL,
                json!({
                    "Personal": {
                        "BookingCredits": [{
                            "Id": 501, "Name": "Meeting room hours", "TotalCredit": 10.0, "RemainingCredit": 6.5,
                            "CaneBeUsedForBookings": true, "CaneBeUsedForEvents": false, "IsUniversalCredit": false,
                            "IsFromTariff": true, "ExpireDate": "2026-12-31T23:59:00"
                        }],
                        "ExtraServices": [],
                        "TimePasses": [{
                            "Id": 601, "TimePass": { "Id": 61, "Name": "Day pass" }, "TotalUses": 5, "RemainingUses": 3,
                            "Used": 2, "IsFromTariff": true, "ExpireDate": null
                        }]
                    },
                    "Team": null
                }),
            ),
            profile(
                ids::ADA_COMPANY,
                "Ada Lovelace",
                Some("Analytical Engines Ltd"),
                "ada@analytical-engines.example",
                json!({
                    "Personal": {
                        "BookingCredits": [{
                            "Id": 502, "Name": "Company credit", "TotalCredit": 250.0, "RemainingCredit": 180.0,
                            "CaneBeUsedForBookings": true, "CaneBeUsedForEvents": true, "IsUniversalCredit": true,
                            "IsFromTariff": false, "ExpireDate": null
                        }],
                        "ExtraServices": [{
                            "Id": 701, "ExtraService": { "Id": 71, "Name": "Printing", "IsPrintingCredit": true },
                            "TotalUses": 500, "RemainingUses": 420, "ChargePeriod": "Month", "IsFromTariff": true,
                            "ExpireDate": null
                        }],
                        "TimePasses": []
                    },
                    "Team": { "BookingCredits": [], "ExtraServices": [], "TimePasses": [] }
                }),
            ),
            profile(ids::ADA_DEACTIVATED, "Ada Lovelace", None, ADA_EMAIL, empty_benefits()),
        ],
        active: ids::ADA_PERSONAL,
    };
    let charles = Account {
        email: CHARLES_EMAIL,
        password: CHARLES_PASSWORD,
        totp: Some(CHARLES_TOTP),
        access_tokens: vec![CHARLES_TOKEN.to_owned()],
        user: json!({
            "Id": 1_003_000_043, "FullName": "Charles Babbage", "Email": CHARLES_EMAIL, "Active": true, "IsAdmin": true
        }),
        default_business: space(),
        profiles: vec![profile(ids::CHARLES_PERSONAL, "Charles Babbage", None, CHARLES_EMAIL, empty_benefits())],
        active: ids::CHARLES_PERSONAL,
    };
    let settings = vec![
        Setting { owner: ids::ADA_PERSONAL, name: "Notifications.Email".to_owned(), value: "True".to_owned() },
        Setting { owner: ids::ADA_PERSONAL, name: "Bookings.DefaultView".to_owned(), value: "Week".to_owned() },
    ];
    (vec![ada, charles], settings)
}

/// A profile; Ada's company profile is the one company profile
/// (`CoworkerType` 2), her profile at a space she left the one deactivated.
fn profile(id: i64, full_name: &str, company: Option<&str>, email: &str, benefits: Value) -> Profile {
    let (full_name, company_name, email) = (full_name.to_owned(), company.map(str::to_owned), email.to_owned());
    Profile { id, full_name, company_name, email, benefits, details: Map::new() }
}

pub(super) fn profiles(state: &mut PortalState, caller: Caller, _: &serve::coworkers::Profiles) -> Reply {
    let account = state.account(caller).ok_or(UNAUTHORIZED)?;
    let profiles: Vec<Value> = account
        .profiles
        .iter()
        .map(|profile| {
            json!({
                "Id": profile.id,
                "FullName": profile.full_name,
                "CompanyName": profile.company_name,
                "Active": profile.id == account.active,
                "IsDefaultProfile": profile.id == account.active,
                "CoworkerType": if profile.id == ids::ADA_COMPANY { 2 } else { 1 },
                "HasVirtualOffice": profile.id == ids::ADA_COMPANY,
                "VirtualOfficePaused": if profile.id == ids::ADA_COMPANY { json!(false) } else { Value::Null },
                "VirtualOfficeContractId": if profile.id == ids::ADA_COMPANY { json!(ids::ADA_COMPANY_CONTRACT) } else { Value::Null },
            })
        })
        .collect();
    Ok(json!({ "User": account.user, "DefaultBusiness": account.default_business, "Profiles": profiles }))
}

pub(super) fn set_current_profile(
    state: &mut PortalState,
    caller: Caller,
    request: &serve::coworkers::SetCurrentProfile,
) -> Reply {
    let account = state.accounts.get_mut(caller.account).ok_or(UNAUTHORIZED)?;
    let requested = request.coworker_id.0;
    // Another account's profile does not exist, for this one ([DOC]).
    let profile = account.profile(requested).ok_or_else(|| not_found("Profile"))?;
    if profile.id == ids::ADA_DEACTIVATED {
        // A business-rule failure: HTTP 200, and the body says so.
        let errors = json!([{
            "AttemptedValue": requested, "Message": "This profile is no longer active.", "PropertyName": "coworkerId"
        }]);
        let message = "This profile is no longer active and cannot be selected.";
        return Ok(action(false, 400, Some(message), Value::Null, errors));
    }
    account.active = requested;
    confirmed(Value::Null)
}

pub(super) fn current_benefits(
    state: &mut PortalState,
    caller: Caller,
    _: &serve::coworkers::CurrentBenefits,
) -> Reply {
    let profile = state.account(caller).and_then(|account| account.profile(caller.profile));
    Ok(profile.ok_or_else(|| not_found("Profile"))?.benefits.clone())
}

pub(super) fn update_profile(
    state: &mut PortalState,
    caller: Caller,
    request: &serve::coworkers::UpdateProfile,
) -> Reply {
    let update = as_json(&request.body).as_object().cloned().unwrap_or_default();
    let mut problems = Vec::new();
    for name in ["Email", "BillingEmail"] {
        if let Some(email) = update.get(name).and_then(Value::as_str)
            && !email.contains('@')
        {
            problems.push((name, "is not a valid email address", json!(email)));
        }
    }
    if update.get("FullName").and_then(Value::as_str).is_some_and(|name| name.trim().is_empty()) {
        problems.push(("FullName", "cannot be empty", json!("")));
    }
    if !problems.is_empty() {
        return Err(bad_request(&problems));
    }
    let Some(profile) = state
        .accounts
        .get_mut(caller.account)
        .and_then(|account| account.profiles.iter_mut().find(|profile| profile.id == caller.profile))
    else {
        return Err(not_found("Profile"));
    };
    // PATCH: only the fields sent change.
    for (name, value) in update {
        match (name.as_str(), &value) {
            ("FullName", Value::String(full_name)) => profile.full_name.clone_from(full_name),
            ("CompanyName", Value::String(company)) => profile.company_name = Some(company.clone()),
            ("Email", Value::String(email)) => profile.email.clone_from(email),
            _ => {}
        }
        if name != "Password" {
            profile.details.insert(name, value);
        }
    }
    confirmed(Value::Null)
}

pub(super) fn save_settings(
    state: &mut PortalState,
    caller: Caller,
    request: &serve::coworkers::SaveSettings,
) -> Reply {
    let coworker_id = request.coworker_id.0;
    if state.account(caller).and_then(|account| account.profile(coworker_id)).is_none() {
        return Err(not_found("Profile"));
    }
    if let Some(nameless) = request.body.iter().find(|setting| setting.name.is_empty()) {
        return Err(bad_request(&[("Name", "is a required field", as_json(nameless))]));
    }
    for setting in &request.body {
        let (name, value) = (setting.name.clone(), setting.value.clone());
        match state.settings.iter_mut().find(|setting| setting.owner == coworker_id && setting.name == name) {
            Some(setting) => setting.value = value,
            None => state.settings.push(Setting { owner: coworker_id, name, value }),
        }
    }
    Ok(Value::Null)
}

/// The members who publish their profile.
fn published() -> Vec<Value> {
    let member = |id: i64, full_name: &str, first: &str, position: Option<&str>, company: &str, tags: &[&str]| {
        json!({
            "Id": id,
            "UniqueId": unique_id(id),
            "FullName": full_name,
            "GuessedFirstName": first,
            "AvatarUrl": format!("https://harbour-works.spaces.example.com/en/coworker/avatar/{id}"),
            "Position": position,
            "CompanyName": company,
            "BusinessArea": "Computing",
            "ProfileSummary": format!("{first} works at {company}."),
            "ProfileWebsite": null,
            "ProfileTagsList": tags,
            "InvoicingSpaceName": "Harbour Works",
        })
    };
    vec![
        member(
            ids::ADA_COMPANY,
            "Ada Lovelace",
            "Ada",
            Some("Founder"),
            "Analytical Engines Ltd",
            &["maths", "engines"],
        ),
        member(ids::MARY, "Mary Somerville", "Mary", Some("Author"), "Analytical Engines Ltd", &["maths", "astronomy"]),
        member(ids::CHARLES_PERSONAL, "Charles Babbage", "Charles", None, "Difference Engines", &["engines"]),
    ]
}

pub(super) fn directory(_: &mut PortalState, _: Caller, request: &serve::coworkers::Directory) -> Reply {
    let query = request.query.as_deref().map(str::to_lowercase);
    let tag = request.tag.as_deref();
    let mut members: Vec<Value> = published()
        .into_iter()
        .filter(|member| {
            query.as_deref().is_none_or(|query| {
                ["FullName", "CompanyName", "ProfileSummary"]
                    .iter()
                    .any(|name| text(member, name).is_some_and(|value| value.to_lowercase().contains(query)))
            })
        })
        .filter(|member| {
            tag.is_none_or(|tag| {
                member
                    .get("ProfileTagsList")
                    .and_then(Value::as_array)
                    .is_some_and(|tags| tags.iter().any(|t| t == tag))
            })
        })
        .collect();
    // order=1: by name; any other value: newest first, which for the fake is
    // the reverse.
    members.sort_by(|a, b| text(a, "FullName").cmp(&text(b, "FullName")));
    if request.order.is_some_and(|order| order != 1) {
        members.reverse();
    }
    Ok(page_of(members, request.page, request.size.unwrap_or(25), "FullName", "ASC"))
}

pub(super) fn directory_profile(_: &mut PortalState, _: Caller, request: &serve::coworkers::DirectoryProfile) -> Reply {
    let coworker_id = request.coworker_id.0;
    let Some(mut member) = published().into_iter().find(|member| member.get("Id") == Some(&json!(coworker_id))) else {
        return Err(not_found("Published profile"));
    };
    let handle = text(&member, "GuessedFirstName").unwrap_or_default().to_lowercase();
    if let Some(fields) = member.as_object_mut() {
        fields.insert("Twitter".to_owned(), json!(null));
        fields.insert("Linkedin".to_owned(), json!(format!("https://www.linkedin.com/in/{handle}")));
        fields.insert("Github".to_owned(), json!(format!("https://github.com/{handle}")));
        fields.insert("Instagram".to_owned(), json!(null));
    }
    Ok(json!({ "Coworker": member }))
}

pub(super) fn directory_meta() -> Value {
    json!({
        "Meta": {
            "DirectoryEnabled": true,
            "DirectoryContents": 2,
            "DirectoryRecords": 1,
            "OnlyInvoicingSpace": false,
            "ShowCheckInMembers": true,
            "Tags": [
                { "Tag": "engines", "Count": 2, "Percentage": 66.7 },
                { "Tag": "maths", "Count": 2, "Percentage": 66.7 },
                { "Tag": "astronomy", "Count": 1, "Percentage": 33.3 }
            ]
        }
    })
}

/// Whether a caller's account is an operator's (`IsAdmin`).
pub(super) fn is_admin(account: &Account) -> bool {
    account.user.get("IsAdmin").and_then(Value::as_bool).unwrap_or(false)
}

/// "Access Denied", as the portal says it to members who call an
/// operator's endpoint: on HTTP 200, in a failed envelope ([RE]).
pub(super) fn access_denied() -> Reply {
    refused(403, "Access Denied")
}
