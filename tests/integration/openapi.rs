//! OpenAPI documents: the four of progenitor's repository and three OpenAPI
//! 3.1 documents of our own, each imported by the macro, compiled here, and
//! used: requests built, responses decoded.

use endpointgen::auth::{Optional, Public, Required};
use endpointgen::{Endpoint, StatusCode};
use std::marker::PhantomData;

use crate::fixtures::{auth_of, header, json, request, response};

mod keeper {
    endpointgen::generate!(openapi = "../api-spec/openapi/keeper.json");
}

mod buildomat {
    endpointgen::generate!(openapi = "../api-spec/openapi/buildomat.json");
}

mod propolis {
    endpointgen::generate!(openapi = "../api-spec/openapi/propolis-server.json");
}

mod nexus {
    endpointgen::generate!(openapi = "../api-spec/openapi/nexus.json");
}

mod bookings {
    endpointgen::generate!(openapi = "../api-spec/openapi/bookings-3.1.yaml");
}

mod catalog {
    endpointgen::generate!(openapi = "../api-spec/openapi/catalog-3.1.json");
}

mod text_json {
    endpointgen::generate!(openapi = "../api-spec/openapi/text-json-3.1.yaml");
}

mod json_params {
    endpointgen::generate!(openapi = "../api-spec/openapi/json-params-3.1.yaml");
}

mod untyped_fields {
    endpointgen::generate!(openapi = "../api-spec/openapi/untyped-fields-3.1.yaml");
}

fn uuid(n: u128) -> endpointgen::Uuid {
    endpointgen::Uuid::from_u128(n)
}

#[test]
fn keeper_sends_its_authorization_header_and_reads_its_answers() {
    use keeper::endpoints::{enrol, ping, report};
    use keeper::{EnrolBody, OutputRecord, ReportId, ReportOutputBody};

    let sent = request(&enrol::enrol("Bearer t0k", EnrolBody { host: "h1".into(), key: "k".into() }));
    assert_eq!((sent.method().as_str(), sent.uri().path()), ("POST", "/enrol"));
    assert_eq!(header(&sent, "authorization"), Some("Bearer t0k"));
    assert_eq!(json(sent.body()), serde_json::json!({"host": "h1", "key": "k"}));

    let time = "2024-05-06T07:08:09Z".parse::<endpointgen::DateTime>().unwrap();
    let id = ReportId { host: "h".into(), job: "j".into(), pid: 42, time: time.clone(), uuid: "u".into() };
    let record = OutputRecord { msg: "m".into(), stream: "stdout".into(), time };
    let sent = request(&report::report_output("Bearer x", ReportOutputBody { id, record }));
    assert_eq!(json(sent.body())["id"]["pid"], 42);

    let pong = ping::Ping::decode(response(201, r#"{"host": "h1", "ok": true}"#)).unwrap();
    assert!(pong.ok);
    assert_eq!(pong.host, "h1");
}

#[test]
fn buildomat_sends_unions_in_the_query_and_bytes_and_reads_empty_answers() {
    use buildomat::endpoints::{header_arg, tasks, things, worker};
    use buildomat::{GetThingOrThingsId, ObjWithOptionArray};

    let one = request(&things::get_thing_or_things().id(GetThingOrThingsId::String("a".into())));
    assert_eq!(one.uri(), "https://api.test/v1/things?id=a");
    let many = request(&things::get_thing_or_things().id(GetThingOrThingsId::ListString(vec!["a".into(), "b".into()])));
    assert_eq!(many.uri(), "https://api.test/v1/things?id=a&id=b");

    let sent = request(&worker::worker_task_upload_chunk("t1".to_owned(), b"\x00\x01".to_vec()));
    assert_eq!(header(&sent, "content-type"), Some("application/octet-stream"));
    assert_eq!(sent.body(), &[0, 1]);

    // `enum: [null]`: nothing worth reading.
    assert!(buildomat::endpoints::control::ControlHold::decode(response(200, "null")).is_ok());
    let sent = request(&header_arg::header_arg().accept_language(buildomat::HeaderArgAcceptLanguage::De));
    assert_eq!(header(&sent, "accept-language"), Some("de"));
    // The document gives this download no body schema: any body is fine.
    let () = tasks::TaskOutputDownload::decode(response(200, "anything")).unwrap();

    // A list of optional tasks, and `oneOf: [{}]` next to `allOf`: the task.
    let value: ObjWithOptionArray = serde_json::from_str(r#"{"things": [null], "stranger-things": []}"#).unwrap();
    assert_eq!(value.things, [None]);
}

#[test]
fn propolis_sends_a_body_on_get_and_reads_errors_by_class() {
    use propolis::endpoints::instance;
    use propolis::{Error, InstanceMigrateStatusRequest, InstanceStateRequested};

    let sent = request(&instance::instance_migrate_status(InstanceMigrateStatusRequest { migration_id: uuid(9) }));
    assert_eq!((sent.method().as_str(), sent.uri().path()), ("GET", "/instance/migrate/status"));
    assert_eq!(json(sent.body()), serde_json::json!({"migration_id": "00000000-0000-0000-0000-000000000009"}));

    let sent = request(&instance::instance_state_put(InstanceStateRequested::Reboot));
    assert_eq!(json(sent.body()), serde_json::json!("Reboot"));

    let error = instance::InstanceGet::decode(response(404, r#"{"message": "gone", "request_id": "r1"}"#)).unwrap_err();
    let endpointgen::Error::Api(instance::InstanceGetError::ClientError(status, Error { message, .. })) = &error else {
        panic!("{error:?}")
    };
    assert_eq!((status.as_u16(), message.as_str()), (404, "gone"));
    assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
    let error = instance::InstanceGet::decode(response(503, r#"{"message": "busy", "request_id": "r2"}"#)).unwrap_err();
    assert!(matches!(error, endpointgen::Error::Api(instance::InstanceGetError::ServerError(..))), "{error:?}");
}

const DISK: &str = r#"{
    "block_size": 512, "description": "d", "device_path": "/dev/a", "id": "00000000-0000-0000-0000-000000000001",
    "name": "disk-a", "project_id": "00000000-0000-0000-0000-000000000002", "size": 1024,
    "state": {"state": "attached", "instance": "00000000-0000-0000-0000-000000000003"},
    "time_created": "2024-01-01T00:00:00Z", "time_modified": "2024-01-02T00:00:00Z"
}"#;

#[test]
#[allow(deprecated, reason = "nexus deprecates many of its endpoints, which still work")]
fn nexus_builds_its_requests() {
    use nexus::endpoints::{disks, hidden, instances, login, organizations};
    use nexus::{
        ByteCount, DeviceAuthRequest, InstanceCpuCount, InstanceCreate, InstanceNetworkInterfaceAttachment, Name,
        NameOrId, NameOrIdSortMode,
    };

    let sent = request(&disks::disk_view_by_id(uuid(5)));
    assert_eq!(
        (sent.method().as_str(), sent.uri().path()),
        ("GET", "/by-id/disks/00000000-0000-0000-0000-000000000005")
    );
    assert_eq!(header(&sent, "accept"), Some("application/json"));

    let sent = request(&disks::disk_view_v1(NameOrId::Name(Name("disk-a".into()))).project(NameOrId::Id(uuid(2))));
    assert_eq!(sent.uri(), "https://api.test/v1/disks/disk-a?project=00000000-0000-0000-0000-000000000002");

    let sent = request(
        &organizations::organization_list()
            .limit(10)
            .page_token("next".to_owned())
            .sort_by(NameOrIdSortMode::IdAscending),
    );
    assert_eq!(sent.uri(), "https://api.test/organizations?limit=10&page_token=next&sort_by=id_ascending");

    // Path parameters follow the path, whatever order the document lists them in.
    let sent = request(&instances::instance_view(Name("o".into()), Name("p".into()), Name("i".into())));
    assert_eq!(sent.uri().path(), "/organizations/o/projects/p/instances/i");

    let create = InstanceCreate {
        description: "web".into(),
        disks: Vec::new(),
        external_ips: Vec::new(),
        hostname: "web-1".into(),
        memory: ByteCount(1 << 30),
        name: Name("web".into()),
        ncpus: InstanceCpuCount(2),
        network_interfaces: Some(InstanceNetworkInterfaceAttachment::Default),
        start: true,
        // `format: byte` with `default: ""`: a default the import keeps.
        user_data: endpointgen::Base64Bytes::default(),
    };
    let sent = request(&instances::instance_create_v1(NameOrId::Name(Name("p".into())), create));
    let body = json(sent.body());
    assert_eq!(body["network_interfaces"], serde_json::json!({"type": "default"}));
    assert_eq!((body["memory"].as_u64(), body["ncpus"].as_u64()), (Some(1 << 30), Some(2)));

    let sent = request(&hidden::device_auth_request(DeviceAuthRequest { client_id: uuid(7) }));
    assert_eq!(header(&sent, "content-type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(sent.body(), b"client_id=00000000-0000-0000-0000-000000000007");
    let _: PhantomData<Public> = auth_of(&hidden::device_auth_request(DeviceAuthRequest { client_id: uuid(7) }));

    let sent = request(&login::login_saml(Name("silo".into()), Name("idp".into()), b"<xml/>".to_vec()));
    assert_eq!(header(&sent, "content-type"), Some("application/octet-stream"));
}

#[test]
#[allow(deprecated, reason = "nexus deprecates many of its endpoints, which still work")]
fn nexus_decodes_its_responses_and_errors() {
    use nexus::endpoints::{disks, hidden};
    use nexus::{Datum, DiskState, Error};

    let disk = disks::DiskViewById::decode(response(200, DISK)).unwrap();
    assert_eq!(disk.state, DiskState::Attached(nexus::DiskStateAttached { instance: uuid(3) }));
    assert_eq!((disk.block_size.0, disk.image_id), (512, None));
    let detached = DISK.replace(
        r#"{"state": "attached", "instance": "00000000-0000-0000-0000-000000000003"}"#,
        r#"{"state": "detached"}"#,
    );
    assert_eq!(disks::DiskViewById::decode(response(200, &detached)).unwrap().state, DiskState::Detached);

    let error =
        disks::DiskViewById::decode(response(404, r#"{"message": "not found", "request_id": "r"}"#)).unwrap_err();
    let endpointgen::Error::Api(disks::DiskViewByIdError::ClientError(status, Error { error_code: None, message, .. })) =
        &error
    else {
        panic!("{error:?}")
    };
    assert_eq!((*status, message.as_str()), (StatusCode::NOT_FOUND, "not found"));
    assert_eq!(error.to_string(), r#"the API answered 404 ClientError: Error (the server says "not found")"#);

    // `default` with `*/*` and no success response: the answer, as bytes.
    let bytes = hidden::DeviceAuthRequest::decode(response(200, "<html>")).unwrap();
    assert_eq!(&bytes[..], b"<html>");

    let page = disks::DiskMetricsList::decode(response(
        200,
        r#"{"items": [{"datum": {"type": "i64", "datum": 3}, "timestamp": "2024-01-01T00:00:00Z"}], "next_page": null}"#,
    ))
    .unwrap();
    assert_eq!(page.items[0].datum, Datum::I64(nexus::DatumI64 { datum: 3 }));
    assert!(page.next_page.is_none());
}

#[test]
fn bookings_maps_security_bodies_and_responses_of_openapi_3_1() {
    use bookings::endpoints::{bookings as group, resources, session};
    use bookings::{
        BookingId, BookingStatus, CreateBookingBody, ListBookingsSort, LoginBody, PatchBookingsByBookingIdBody,
        ResourceRef,
    };

    assert_eq!(bookings::BASE_URL, "https://eu.bookings.example.com/v2", "server variables take their defaults");
    let endpoint = group::list_bookings()
        .page_size(50)
        .status(vec![BookingStatus::Pending, BookingStatus::Confirmed])
        .sort(ListBookingsSort::MinusStart)
        .x_request_id(uuid(1));
    let _: PhantomData<Required<bookings::auth::Token>> = auth_of(&endpoint);
    let sent = request(&endpoint);
    assert_eq!(sent.uri(), "https://api.test/bookings?pageSize=50&status=pending&status=confirmed&sort=-start");
    assert_eq!(header(&sent, "x-request-id"), Some("00000000-0000-0000-0000-000000000001"));
    // `since` says `required: false` in so many words: a builder method, not
    // an argument, and not sent unless set.
    let since = "2024-06-01".parse::<endpointgen::Date>().unwrap();
    assert_eq!(request(&group::list_bookings().since(since)).uri(), "https://api.test/bookings?since=2024-06-01");
    assert_eq!(request(&group::list_bookings()).uri(), "https://api.test/bookings");

    let start = "2024-06-01T09:00:00Z".parse::<endpointgen::DateTime>().unwrap();
    let end = "2024-06-01T17:00:00Z".parse::<endpointgen::DateTime>().unwrap();
    let body = CreateBookingBody {
        resource: ResourceRef::Name("desk-4".into()),
        start,
        end,
        seats: 1,
        note: None,
        tags: None,
    };
    let sent = request(&group::create_booking(body));
    assert_eq!(
        json(sent.body()),
        serde_json::json!({"resource": "desk-4", "start": "2024-06-01T09:00:00Z", "end": "2024-06-01T17:00:00Z", "seats": 1})
    );

    let endpoint = group::get_booking(BookingId(7));
    let _: PhantomData<Optional<bookings::auth::Token>> = auth_of(&endpoint);
    let endpoint = resources::get_resource(ResourceRef::Id(12));
    let _: PhantomData<Required<bookings::auth::PartnerKey>> = auth_of(&endpoint);
    assert_eq!(request(&endpoint).uri().path(), "/resources/12");
    assert_eq!(
        <bookings::auth::PartnerKey as endpointgen::auth::ApiKeyScheme>::IN,
        endpointgen::auth::ApiKeyIn::Header("x-partner-key")
    );

    let patch = group::patch_bookings_by_booking_id(BookingId(7))
        .body(PatchBookingsByBookingIdBody { note: Some("hi".into()), seats: None });
    let sent = request(&patch);
    assert_eq!(header(&sent, "content-type"), Some("application/merge-patch+json"));
    assert_eq!(json(sent.body()), serde_json::json!({"note": "hi"}));

    let login = LoginBody { username: "ann".into(), password: "s3cret".into(), remember: Some(true) };
    assert!(!format!("{login:?}").contains("s3cret"), "a password is secret");
    let endpoint = session::login(login);
    let _: PhantomData<Public> = auth_of(&endpoint);
    assert_eq!(request(&endpoint).body(), b"username=ann&password=s3cret&remember=true");

    let sent = request(&resources::upload_photo(5, vec![0x89, b'P']));
    assert_eq!(header(&sent, "content-type"), Some("image/png"));
    assert_eq!(header(&request(&group::get_invoice(BookingId(7))), "accept"), Some("application/pdf"));
}

#[test]
fn bookings_decodes_merged_objects_tagged_members_and_errors() {
    use bookings::endpoints::bookings as group;
    use bookings::{Booking, Desk, DeskKind, Priority, Problem, Resource, Room};

    let booking: Booking = group::GetBooking::decode(response(
        200,
        r#"{"createdAt": "2024-01-01T00:00:00Z", "id": 7, "status": "confirmed", "start": "2024-06-01T09:00:00Z",
            "end": "2024-06-01T17:00:00Z", "resource": {"kind": "room", "id": 3, "name": "Blue", "seats": 8}}"#,
    ))
    .unwrap();
    assert_eq!(booking.priority, Priority::Normal, "the default of a `$ref` with siblings");
    assert!(booking.guests.is_empty() && booking.updated_at.is_none() && booking.extras.is_none());
    assert_eq!(
        booking.resource,
        Resource::Room(Room { kind: "room".into(), id: 3, name: "Blue".into(), seats: 8, floor: None })
    );
    let desk: Resource = serde_json::from_str(r#"{"kind": "desk", "id": 1, "name": "D1"}"#).unwrap();
    assert_eq!(desk, Resource::Desk(Desk { kind: DeskKind::Desk, id: 1, name: "D1".into(), standing: None }));

    let error = group::GetBooking::decode(response(404, "")).unwrap_err();
    assert!(matches!(error, endpointgen::Error::Api(group::GetBookingError::NotFound(_))), "{error:?}");
    let error = group::GetBooking::decode(response(500, r#"{"title": "boom"}"#)).unwrap_err();
    let endpointgen::Error::Api(group::GetBookingError::Other(status, Problem { title, r#type, .. })) = &error else {
        panic!("{error:?}")
    };
    assert_eq!((status.as_u16(), title.as_str(), r#type.as_str()), (500, "boom", "about:blank"));

    let error = group::CreateBooking::decode(response(409, r#"{"title": "taken"}"#)).unwrap_err();
    assert!(matches!(error, endpointgen::Error::Api(group::CreateBookingError::Conflict(_))), "exact before 4XX");
    let error = group::CreateBooking::decode(response(400, r#"{"title": "bad"}"#)).unwrap_err();
    assert!(matches!(error, endpointgen::Error::Api(group::CreateBookingError::ClientError(..))), "{error:?}");
    assert!(group::CancelBooking::decode(response(204, "")).is_ok());
    let pdf = group::GetInvoice::decode(response(200, "%PDF")).unwrap();
    assert_eq!(&pdf[..], b"%PDF");
}

/// `text/json` is JSON to the importer and to the checks alike (they once
/// kept lists of their own, and the checks refused the body the importer
/// wrote: `unknown body content text/json`).
#[test]
fn text_json_bodies_are_sent_and_read_as_json() {
    use text_json::endpoints::notes::{AddNote, add_note};
    use text_json::{AddNoteBody, Note};

    let sent = request(&add_note(AddNoteBody { text: "hi".to_owned() }));
    assert_eq!(header(&sent, "content-type"), Some("text/json"));
    assert_eq!(json(sent.body()), serde_json::json!({"text": "hi"}));
    assert_eq!(header(&sent, "accept"), Some("text/json"));
    let note = AddNote::decode(response(200, r#"{"id": 1, "text": "hi"}"#)).unwrap();
    assert_eq!(note, Note { id: 1, text: "hi".to_owned() });
}

#[test]
fn parameters_with_json_content_are_sent_as_their_json_text() {
    use json_params::SearchItemsFilter;
    use json_params::endpoints::items::search_items;

    let filter = SearchItemsFilter { name: Some("a&b".to_owned()), ids: Some(vec![1, 2]) };
    let sent = request(&search_items(filter.clone()));
    assert_eq!(sent.uri().query(), Some("filter=%7B%22name%22%3A%22a%26b%22%2C%22ids%22%3A%5B1%2C2%5D%7D"));
    assert_eq!(header(&sent, "x-context"), None);
    let sent = request(&search_items(filter).x_context(vec!["x".to_owned(), "y".to_owned()]));
    assert_eq!(header(&sent, "x-context"), Some(r#"["x","y"]"#));
}

#[test]
fn a_required_name_without_a_schema_and_a_form_field_without_a_type_are_sent_as_any() {
    use untyped_fields::endpoints::{invites::invite, payments::pay};
    use untyped_fields::{InviteBody, PayBody};

    let body = InviteBody { login: None, id: serde_json::json!(7) };
    assert_eq!(json(request(&invite(body)).body()), serde_json::json!({"id": 7}));

    let form = PayBody { amount: "10".to_owned(), parameter: Some(serde_json::json!({"k": "v w"})) };
    let sent = request(&pay(form));
    assert_eq!(header(&sent, "content-type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(String::from_utf8_lossy(sent.body()), "Amount=10&k=v+w");
}

#[test]
fn catalog_maps_untagged_unions_nulls_and_recursive_schemas() {
    use catalog::endpoints::{admin, categories, products, search};
    use catalog::{
        Category, Hit, ListProductsAcceptLanguage, ListProductsQ, Money, MoneyCurrency, ProductVariant, Query,
        QueryFilter, QueryFilterText, Size, Sku,
    };

    let csv = catalog::endpoints::export_csv::ExportCsv::decode(response(200, "a,b")).unwrap();
    assert_eq!(&csv[..], b"a,b");
    let sent = request(
        &products::list_products()
            .category(vec![1, 2])
            .q(ListProductsQ::I64(5))
            .accept_language(ListProductsAcceptLanguage::Fr),
    );
    assert_eq!(sent.uri(), "https://api.test/products?category=1&category=2&q=5");
    assert_eq!((header(&sent, "accept-language"), header(&sent, "accept")), (Some("fr"), Some("application/json")));

    let product = products::GetProduct::decode(response(
        200,
        r#"{"sku": "A-1", "name": "Pen", "price": {"amount": 1.5, "currency": "EUR"}, "variant": {"size": 3}}"#,
    ))
    .unwrap()
    .unwrap();
    assert_eq!(product.price, Money { amount: 1.5, currency: Some(MoneyCurrency::Eur) });
    assert_eq!(product.variant, Some(ProductVariant::Size(Size { size: 3 })));
    assert!(products::GetProduct::decode(response(200, "null")).unwrap().is_none());

    let sent = request(&products::replace_product(Sku("A-1".into()), b"Pen".to_vec()));
    assert_eq!((header(&sent, "content-type"), sent.uri().path()), (Some("text/plain"), "/products/A-1"));

    let category: Category = categories::GetCategory::decode(response(
        200,
        r#"{"id": "00000000-0000-0000-0000-000000000001", "name": "root",
            "children": [{"id": "00000000-0000-0000-0000-000000000002", "name": "kid"}]}"#,
    ))
    .unwrap();
    assert_eq!(category.children[0].name, "kid");
    assert!(category.children[0].children.is_empty() && category.parent.is_none());

    let query = Query { filter: QueryFilter::Text(QueryFilterText { text: "pen".into() }), limit: None };
    assert_eq!(json(request(&search::search().body(query)).body()), serde_json::json!({"filter": {"text": "pen"}}));
    let hits = search::Search::decode(response(
        200,
        r#"[{"type": "CategoryHit", "category": {"id": "00000000-0000-0000-0000-000000000001", "name": "c"}}]"#,
    ))
    .unwrap();
    assert!(matches!(&hits[0], Hit::CategoryHit(hit) if hit.category.name == "c"), "{hits:?}");

    let error = admin::CreateProduct::decode(response(422, r#"{"fields": {"name": ["empty"]}}"#)).unwrap_err();
    let endpointgen::Error::Api(admin::CreateProductError::UnprocessableContent(invalid)) = error else {
        panic!("{error:?}")
    };
    assert_eq!(invalid.fields.unwrap()["name"], ["empty"]);
}

/// The documents above, from this crate's directory.
const DOCUMENTS: &[&str] = &[
    "../api-spec/openapi/keeper.json",
    "../api-spec/openapi/buildomat.json",
    "../api-spec/openapi/propolis-server.json",
    "../api-spec/openapi/nexus.json",
    "../api-spec/openapi/bookings-3.1.yaml",
    "../api-spec/openapi/catalog-3.1.json",
    "../api-spec/openapi/text-json-3.1.yaml",
    "../api-spec/openapi/answers-3.1.yaml",
    "../api-spec/openapi/credentials-3.1.yaml",
    "../api-spec/openapi/query-choice-3.1.yaml",
    "../api-spec/openapi/json-params-3.1.yaml",
    "../api-spec/openapi/all-of-auth-3.1.yaml",
    "../api-spec/openapi/untyped-fields-3.1.yaml",
    "../api-spec/openapi/deep-objects-3.0.yaml",
];

/// Documents with parts that cannot be generated: operations left out by
/// the importer and by the checks, schemas read as `any` by both.
const WITH_WARNINGS: &[&str] = &[
    "../api-spec/fixtures/warnings/unsupported.openapi.yaml",
    "../api-spec/fixtures/warnings/checked_like_a_spec.openapi.yaml",
    "../api-spec/fixtures/warnings/schemas_checked_like_a_spec.openapi.yaml",
    "../api-spec/fixtures/warnings/paging_extensions.openapi.yaml",
];

/// `generate!(openapi = …)`, `Config::openapi(…)` and `endpointgen import`
/// followed by the spec it writes give the same code, also where parts of
/// the document are left out (the spec leaves out what the client does).
#[test]
fn the_macro_the_build_script_and_an_imported_spec_give_the_same_code() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("openapi-three-paths");
    std::fs::create_dir_all(&dir).unwrap();
    for document in DOCUMENTS.iter().chain(WITH_WARNINGS) {
        let (items, tracked) = crate::generation::split_file_tracking(endpointgen_codegen::expand_macro(
            quote::quote!(openapi = #document),
        ));
        assert!(tracked.len() == 1 && tracked[0].contains(&document[2..]), "{tracked:?}");
        let generated = endpointgen_codegen::generate(
            &[endpointgen_codegen::Input::openapi(document)],
            &endpointgen_codegen::Options::default(),
        )
        .unwrap();
        let formatted = crate::generation::assert_macro_items_are(&items, &generated.code, document);

        let endpointgen_codegen::GeneratedFile { name, code: from_config, .. } =
            endpointgen_codegen::Config::new().openapi(document).skip_rerun_lines().generate_string().unwrap();
        assert_eq!(from_config, formatted, "{document}: the build script's code differs from the macro's");

        let (spec, warnings) = endpointgen_codegen::import_openapi(document).unwrap();
        assert_eq!(warnings.to_string(), generated.warnings.to_string(), "{document}: the import warns otherwise");
        let spec_path = dir.join(format!("{name}.yaml"));
        std::fs::write(&spec_path, &spec).unwrap();
        let from_spec = endpointgen_codegen::generate(
            &[endpointgen_codegen::Input::file(&spec_path)],
            &endpointgen_codegen::Options::default(),
        )
        .unwrap_or_else(|error| panic!("{document}: the imported spec does not generate:\n{error}"));
        assert!(from_spec.warnings.is_empty(), "{document}: a spec has no warnings");
        assert_eq!(
            endpointgen_codegen::format(&from_spec.code, document),
            formatted,
            "{document}: the imported spec's code differs from the macro's"
        );
    }
}

/// The spec's API as OpenAPI is ordered and named otherwise in these ways,
/// which docs/openapi.md lists: an API without a title gets its name as
/// title, and the endpoints of a group come in the order of their paths.
fn normalized(mut api: endpointgen_codegen::ir::Api) -> endpointgen_codegen::ir::Api {
    fn sort(group: &mut endpointgen_codegen::ir::Group) {
        group.endpoints.sort_by(|a, b| a.fn_name.cmp(&b.fn_name));
        for child in &mut group.groups {
            sort(child);
        }
    }
    api.title = Some(api.title.unwrap_or_else(|| api.name.clone()));
    sort(&mut api.root);
    api
}

/// Specs exported as OpenAPI 3.1 (YAML and JSON) and imported again give
/// the same API: the same types, endpoints, errors and auth.
#[test]
fn an_exported_spec_imports_as_the_same_api() {
    let fixtures = std::path::Path::new("../api-spec/fixtures/valid");
    let spec = |files: Vec<std::path::PathBuf>| {
        let input = |path: &std::path::PathBuf| {
            if crate::fixtures::is_openapi(path) {
                endpointgen_codegen::Input::openapi(path)
            } else {
                endpointgen_codegen::Input::file(path)
            }
        };
        files.iter().map(input).collect()
    };
    let mut cases: Vec<Vec<endpointgen_codegen::Input>> =
        vec![spec(vec!["../api-spec/portal.yaml".into(), "../api-spec/portal-extras.yaml".into()])];
    cases.extend(
        crate::fixtures::VALID.iter().map(|files| spec(files.iter().map(|file| fixtures.join(file)).collect())),
    );
    // The imported documents too: what the importer makes, the exporter
    // writes.
    cases.extend(DOCUMENTS.iter().map(|document| vec![endpointgen_codegen::Input::openapi(document)]));
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("openapi-round-trip");
    std::fs::create_dir_all(&dir).unwrap();
    for inputs in cases {
        let files: Vec<String> = inputs.iter().map(|input| input.shown().to_owned()).collect();
        let (api, _) = endpointgen_codegen::load(&inputs).unwrap();
        for (format, extension) in
            [(endpointgen_codegen::OpenApiFormat::Yaml, "yaml"), (endpointgen_codegen::OpenApiFormat::Json, "json")]
        {
            let document = endpointgen_codegen::export_openapi(&inputs, format).unwrap();
            let path = dir.join(format!("{}.export.{extension}", api.name));
            std::fs::write(&path, &document).unwrap();
            let imported = match endpointgen_codegen::load(&[endpointgen_codegen::Input::openapi(&path)]) {
                Ok((imported, _)) => imported,
                Err(error) => panic!("{files:?}: the export does not import:\n{error}"),
            };
            let (before, after) = (normalized(api.clone()), normalized(imported));
            assert!(
                before == after,
                "{files:?} ({extension}): the API differs after export and import (-) before (+) after:\n{}",
                crate::fixtures::diff(&format!("{before:#?}"), &format!("{after:#?}"))
                    .lines()
                    .filter(|line| !line.starts_with("  "))
                    .collect::<Vec<_>>()
                    .join("\n")
            );
        }
    }
}

/// The macro shows each warning of an import as the note of a deprecated
/// constant that it uses, which rustc reports as a warning at the macro's
/// spec argument (`tests/ui/openapi_warnings_denied.rs` shows rustc's
/// words), then the summary; the items are the generated code all the
/// same.
#[test]
fn the_macro_gives_each_warning_as_a_deprecation_note() {
    let document = WITH_WARNINGS[0];
    let expansion = endpointgen_codegen::expand_macro(quote::quote!(openapi = #document));
    let (items, tracked, notes) = crate::generation::split_expansion(expansion);
    assert_eq!(tracked.len(), 1, "{tracked:?}");
    let generated = endpointgen_codegen::generate(
        &[endpointgen_codegen::Input::openapi(document)],
        &endpointgen_codegen::Options::default(),
    )
    .unwrap();
    crate::generation::assert_macro_items_are(&items, &generated.code, document);
    let warnings = &generated.warnings;
    let mut expected: Vec<String> =
        warnings.diagnostics().iter().map(|diagnostic| warnings.render_short(diagnostic)).collect();
    expected.extend(warnings.summary());
    assert_eq!(notes, expected);
    assert!(notes[0].starts_with("../api-spec/fixtures/warnings/unsupported.openapi.yaml:30:56: operation `GET /items/{id}` left out: the `matrix` style of parameter `id` is not supported"), "{notes:#?}");
    assert_eq!(notes.last().unwrap(), "3 of 6 operations generated; 3 left out and 5 schemas read as `any`, see above");

    // `strict = true`: a `compile_error!` for each warning, none left.
    let strict = endpointgen_codegen::expand_macro(quote::quote!(openapi = #document, strict = true)).to_string();
    assert_eq!(strict.matches("compile_error").count(), warnings.diagnostics().len(), "{strict:.400}");
    assert!(!strict.contains("deprecated"), "{strict:.400}");
}

/// OpenAPI has one operation per method and path key: an export writes a
/// second endpoint of one method and path under the path with its name as
/// a fragment (`/token/{b}#refresh`, as Box's document does), which the
/// import takes off again: the fragment is never sent.
#[test]
fn an_export_tells_two_endpoints_of_one_method_and_path_apart_by_a_fragment() {
    let text = "spec: 1\nname: clash\nendpoints:\n  token:\n    password: { method: POST, path: \"/token/{a}\", path_params: { a: string } }\n    refresh: { method: POST, path: \"/token/{b}\", path_params: { b: string } }\n    other: { method: PUT, path: \"/token/{c}\", path_params: { c: string } }\n";
    let input = endpointgen_codegen::Input::Inline { shown: "clash.yaml".to_owned(), text: text.to_owned() };
    let (api, _) = endpointgen_codegen::load(std::slice::from_ref(&input)).unwrap();
    let document = endpointgen_codegen::export_openapi(&[input], endpointgen_codegen::OpenApiFormat::Yaml).unwrap();
    assert!(document.contains("/token/{b}#refresh"), "{document}");
    assert!(!document.contains("#password") && !document.contains("#other"), "{document}");
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("clash.export.yaml");
    std::fs::write(&path, &document).unwrap();
    let (imported, _) = endpointgen_codegen::load(&[endpointgen_codegen::Input::openapi(&path)]).unwrap();
    assert!(normalized(api) == normalized(imported), "{document}");
}

/// Streamed answers as documents write them: OpenAPI 3.2's `itemSchema`
/// (an event whose `data` has a `contentSchema`, or text data; a line of
/// JSON lines), the `schema` older documents give an event's data, and a
/// binary answer marked as a stream. Each is imported as its stream, and
/// an answer of JSON and events both, by the body's `stream` (as `OpenAI`'s), as
/// two endpoints.
#[test]
fn streamed_answers_are_imported_from_item_schemas_and_schemas() {
    use endpointgen_codegen::ir::{Response, Streamed, Ty};
    fn find<'a>(
        group: &'a endpointgen_codegen::ir::Group,
        name: &str,
    ) -> Option<&'a endpointgen_codegen::ir::Endpoint> {
        group
            .endpoints
            .iter()
            .find(|endpoint| endpoint.fn_name == name)
            .or_else(|| group.groups.iter().find_map(|inner| find(inner, name)))
    }
    let document = r##"
openapi: 3.1.0
info: { title: streams, version: "1" }
components:
  schemas:
    Chunk: { type: object, required: [n], properties: { n: { type: integer } } }
paths:
  /events:
    get:
      operationId: events
      responses:
        "200":
          description: Events of 3.2.
          content:
            text/event-stream:
              itemSchema:
                type: object
                properties:
                  event: { type: string }
                  data: { type: string, contentMediaType: application/json, contentSchema: { $ref: "#/components/schemas/Chunk" } }
  /log:
    get:
      operationId: log
      responses:
        "200":
          description: Text events of 3.2.
          content:
            text/event-stream:
              itemSchema: { type: object, properties: { data: { type: string } } }
  /older:
    get:
      operationId: older
      responses:
        "200":
          description: An event's data as older documents give it.
          content:
            text/event-stream:
              schema: { $ref: "#/components/schemas/Chunk" }
  /lines:
    get:
      operationId: lines
      responses:
        "200":
          description: JSON lines.
          content:
            application/jsonl:
              itemSchema: { $ref: "#/components/schemas/Chunk" }
  /backup:
    get:
      operationId: backup
      responses:
        "200":
          description: A large download.
          content:
            application/octet-stream:
              schema: { type: string, format: binary }
              x-endpointgen-stream: true
  /small:
    get:
      operationId: small
      responses:
        "200":
          description: A small download.
          content:
            application/octet-stream:
              schema: { type: string, format: binary }
  /completions:
    post:
      operationId: complete
      requestBody:
        content:
          application/json:
            schema: { type: object, properties: { stream: { type: boolean } } }
      responses:
        "200":
          description: JSON, or events when the body says `stream`.
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Chunk" }
            text/event-stream:
              schema: { $ref: "#/components/schemas/Chunk" }
"##;
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("openapi-streams");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("streams.openapi.yaml");
    std::fs::write(&path, document).unwrap();
    let (api, _) = endpointgen_codegen::load(&[endpointgen_codegen::Input::openapi(&path)]).unwrap();
    let answer = |name: &str| {
        let endpoint = find(&api.root, name).unwrap_or_else(|| panic!("no endpoint `{name}`"));
        (endpoint.response.clone(), endpoint.accept.clone())
    };
    let chunk = |response: &Response| {
        matches!(
            response,
            Response::Stream(Streamed::Events { data: Ty::Named(_), text: false } | Streamed::JsonLines(Ty::Named(_)))
        )
    };
    let (events, accept) = answer("events");
    assert!(chunk(&events), "{events:?}");
    assert_eq!(accept.as_deref(), Some("text/event-stream"));
    assert!(matches!(answer("log").0, Response::Stream(Streamed::Events { text: true, .. })));
    assert!(chunk(&answer("older").0));
    let (lines, accept) = answer("lines");
    assert!(chunk(&lines) && matches!(lines, Response::Stream(Streamed::JsonLines(_))), "{lines:?}");
    assert_eq!(accept.as_deref(), Some("application/jsonl"));
    assert_eq!(answer("backup").0, Response::Stream(Streamed::Bytes));
    assert_eq!(answer("small").0, Response::Bytes);
    // OpenAI's way: JSON, or events when the body's `stream` is true. Two
    // endpoints, the second with the events, both sent to the same place.
    assert!(matches!(answer("complete").0, Response::Json(Ty::Named(_))));
    assert!(chunk(&answer("complete_stream").0));
    let streamed = find(&api.root, "complete_stream").unwrap();
    assert_eq!((streamed.method.as_str(), streamed.path_template.as_str()), ("POST", "/completions"));
    assert!(streamed.body.is_some());
    assert!(streamed.description.as_deref().unwrap_or_default().contains("set the body's `stream` field"));
}

/// A chain of 256 schemas, each extending the next by `allOf`, is no loop:
/// each merges every property below it, without a warning, in linear time
/// per schema (it was taken to loop past 32, with an error per schema).
/// Past the limit, see the `all_of_too_deep` warnings fixture.
#[test]
fn a_long_chain_of_all_of_merges_whole() {
    use std::fmt::Write as _;
    const LENGTH: usize = 256;
    let mut document =
        "openapi: 3.1.0\ninfo: { title: Chain, version: '1' }\npaths: {}\ncomponents:\n  schemas:\n".to_owned();
    for index in 0..LENGTH {
        writeln!(
            document,
            "    S{index}:\n      allOf:\n        - $ref: '#/components/schemas/S{}'\n        - {{ type: object, properties: {{ p{index}: {{ type: string }} }} }}",
            index + 1
        )
        .unwrap();
    }
    writeln!(document, "    S{LENGTH}: {{ type: object, properties: {{ last: {{ type: string }} }} }}").unwrap();
    let path = std::env::temp_dir().join(format!("endpointgen-all-of-chain-{}.yaml", std::process::id()));
    std::fs::write(&path, document).unwrap();
    let started = std::time::Instant::now();
    let input = endpointgen_codegen::Input::OpenApi { shown: "chain.yaml".to_owned(), path: path.clone() };
    let generated = endpointgen_codegen::generate(&[input], &endpointgen_codegen::Options::default());
    std::fs::remove_file(&path).unwrap();
    let generated = generated.unwrap_or_else(|error| panic!("{error}"));
    assert!(generated.warnings.is_empty(), "{}", generated.warnings);
    let first = generated.api.types.iter().find(|def| def.spec_name == "S0").unwrap();
    let endpointgen_codegen::ir::TypeKind::Struct(fields) = &first.kind else { panic!("{:?}", first.kind) };
    assert_eq!(fields.len(), LENGTH + 1);
    assert!(started.elapsed().as_secs() < 30, "took {:?}", started.elapsed());
}

/// A date-time that may come without an offset is written, in OpenAPI, as
/// a choice of RFC 3339 and a pattern (endpointgen's export writes its
/// `datetime` so, because `format: date-time` alone requires an offset): it
/// is imported as one `datetime`. A choice with a string of any shape stays
/// a choice.
#[test]
fn a_choice_of_date_time_shapes_is_imported_as_a_datetime() {
    let document = |other: &str| endpointgen_codegen::Input::InlineOpenApi {
        shown: "times.yaml".to_owned(),
        text: format!(
            "openapi: 3.1.0\ninfo: {{ title: Times, version: '1' }}\npaths: {{}}\ncomponents:\n  schemas:\n    \
             Slot:\n      type: object\n      required: [start]\n      properties:\n        start:\n          \
             anyOf:\n            - {{ type: string, format: date-time }}\n            - {other}\n"
        ),
    };
    let (spec, _) = endpointgen_codegen::import_openapi_input(&document(
        r"{ type: string, pattern: '^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$' }",
    ))
    .unwrap();
    assert!(spec.contains("start: datetime"), "{spec}");
    let (spec, _) = endpointgen_codegen::import_openapi_input(&document("{ type: string }")).unwrap();
    assert!(!spec.contains("start: datetime"), "{spec}");
}
