//! Schemas that say more than one object each (`api-spec/fixtures/valid/schemas.openapi.yaml`):
//! their generated types decode the JSON the document describes and encode
//! it back as it was.

use endpointgen::Endpoint;
use serde_json::json;

use crate::fixtures::{json, request, response};

mod api {
    endpointgen::generate!(openapi = "../api-spec/fixtures/valid/schemas.openapi.yaml");
}

use api::endpoints::{attachments, components};
use api::{
    Attachment, Component, ComponentKind, ComponentLabel, ComponentWeight, File, FileType, Folder, FolderType, Item,
    Source, Style, Url,
};

/// Decodes `value` as the response of `E`, and sends what it decoded as the
/// body `body` makes: the JSON that arrives is the JSON that leaves.
fn round_trip<E: Endpoint>(value: &serde_json::Value, body: impl FnOnce(E::Output) -> E) -> E::Output
where
    E::Output: Clone,
{
    let decoded = E::decode(response(200, &value.to_string())).unwrap_or_else(|error| panic!("{value}: {error}"));
    assert_eq!(&json(request(&body(decoded.clone())).body()), value);
    decoded
}

#[test]
fn all_of_parts_that_narrow_a_named_type_are_that_type() {
    let value = json!({
        "type": 2,
        "style": "danger",
        "fallback": 4,
        "created": "2024-05-01T10:00:00Z",
        "label": "ok",
        "weight": 1.5,
    });
    let component = round_trip(&value, components::put_component);
    assert_eq!(component.r#type, ComponentKind::Button);
    assert_eq!(component.style, Style::Danger);
    assert_eq!(component.fallback, Some(ComponentKind::Text));
    assert_eq!(component.created.as_ref().map(endpointgen::DateTime::as_str), Some("2024-05-01T10:00:00Z"));
    // A value the named type does not list is kept, as for any enum.
    let other = round_trip(&json!({"type": 9, "style": "primary"}), components::put_component);
    assert_eq!((other.r#type, other.fallback), (ComponentKind::Unknown(9), None));
    // `null` is `None`, which a body leaves out.
    let null = components::PutComponent::decode(response(200, r#"{"type": 2, "style": "danger", "fallback": null}"#));
    assert_eq!(null.unwrap().fallback, None);
    assert_eq!(ComponentKind::Select.as_i64(), 3);
}

#[test]
fn any_string_or_a_known_one_is_the_enum_and_members_are_named_by_what_they_hold() {
    use api::{ComponentInput, ComponentMaxTokens, ComponentMaxTokensInf, ComponentModel};
    let value = json!({
        "type": 2,
        "style": "primary",
        "model": "gpt-4o",
        "input": [1, 2],
        "max_tokens": "inf",
    });
    let component = round_trip(&value, components::put_component);
    assert_eq!(component.model, Some(ComponentModel::Gpt4o));
    assert_eq!(component.input, Some(ComponentInput::ListI64(vec![1, 2])));
    assert_eq!(component.max_tokens, Some(ComponentMaxTokens::Inf(ComponentMaxTokensInf::Inf)));
    let other =
        round_trip(&json!({"type": 2, "style": "primary", "model": "o9", "input": ["a"]}), components::put_component);
    assert_eq!(other.model, Some(ComponentModel::Unknown("o9".to_owned())));
    assert_eq!(other.input, Some(ComponentInput::ListString(vec!["a".to_owned()])));
}

#[test]
fn a_list_of_types_is_an_untagged_union_of_them() {
    let label = |value: serde_json::Value| {
        round_trip(&json!({"type": 3, "style": "primary", "label": value}), components::put_component).label
    };
    assert_eq!(label(json!("seven")), Some(ComponentLabel::String("seven".to_owned())));
    assert_eq!(label(json!(7)), Some(ComponentLabel::I64(7)));
    let weight = |value: serde_json::Value| {
        round_trip(&json!({"type": 3, "style": "primary", "weight": value}), components::put_component).weight
    };
    assert_eq!(weight(json!(true)), Some(ComponentWeight::Bool(true)));
    assert_eq!(weight(json!(0.25)), Some(ComponentWeight::F64(0.25)));
    let none = Component {
        r#type: ComponentKind::Text,
        style: Style::Secondary,
        fallback: None,
        created: None,
        label: None,
        weight: None,
        model: None,
        input: None,
        max_tokens: None,
    };
    assert_eq!(json(request(&components::put_component(none)).body()), json!({"type": 4, "style": "secondary"}));
    // Neither a string nor an integer: a clear error, not a panic.
    let error = components::PutComponent::decode(response(200, r#"{"type": 3, "style": "primary", "label": [1]}"#))
        .unwrap_err();
    assert!(matches!(error, endpointgen::Error::Decode(_)), "{error:?}");
}

#[test]
fn a_union_with_a_member_that_may_be_null_is_optional() {
    let file = json!({"item": {"type": "file", "id": "f1"}, "source": {"type": "file", "id": "f2"}});
    let attachment = round_trip(&file, attachments::attach);
    assert_eq!(attachment.item, Some(Item::File(File { r#type: FileType::File, id: "f1".to_owned() })));
    assert_eq!(attachment.source, Some(Source::File(File { r#type: FileType::File, id: "f2".to_owned() })));
    let folder = json!({"item": {"type": "folder", "id": "d1", "size": 3}, "source": "https://example.com/a"});
    let attachment = round_trip(&folder, attachments::attach);
    assert_eq!(
        attachment.item,
        Some(Item::Folder(Folder { r#type: FolderType::Folder, id: "d1".to_owned(), size: Some(3) }))
    );
    // A member that is no object: the union is read untagged.
    assert_eq!(attachment.source, Some(Source::Url(Url("https://example.com/a".to_owned()))));
    let nothing = attachments::Attach::decode(response(200, r#"{"item": null}"#)).unwrap();
    assert_eq!(nothing, Attachment { item: None, source: None });
    assert_eq!(json(request(&attachments::attach(nothing)).body()), json!({}));
    let error = attachments::Attach::decode(response(200, r#"{"item": {"type": "file"}}"#)).unwrap_err();
    assert!(error.to_string().contains("id"), "{error}");
}

#[test]
fn properties_next_to_typed_additional_properties_keep_the_others_in_a_map() {
    use api::endpoints::{labels, tags};
    use api::{Labels, Tags};

    let value = json!({"name": "bug", "team": "core", "area": "io"});
    let labels = round_trip(&value, labels::put_labels);
    let others = [("area".to_owned(), "io".to_owned()), ("team".to_owned(), "core".to_owned())];
    assert_eq!(labels, Labels { name: "bug".to_owned(), additional_properties: others.into() });
    // Only named properties: the map is empty.
    assert!(round_trip(&json!({"name": "x"}), labels::put_labels).additional_properties.is_empty());
    // Another property of another type, or a missing field: a clear error.
    let error = labels::PutLabels::decode(response(200, r#"{"name": "bug", "size": 3}"#)).unwrap_err();
    assert!(error.to_string().contains("expected a string"), "{error}");
    let error = labels::PutLabels::decode(response(200, r#"{"team": "core"}"#)).unwrap_err();
    assert!(error.to_string().contains("missing field `name`"), "{error}");

    // Merged from the parts of an `allOf`.
    let value = json!({"color": "red", "weight": 3, "rank": 1});
    let tags = round_trip(&value, tags::put_tags);
    let others = [("rank".to_owned(), 1), ("weight".to_owned(), 3)];
    assert_eq!(tags, Tags { name: None, color: Some("red".to_owned()), additional_properties: others.into() });
}

#[test]
fn a_common_part_next_to_a_choice_is_in_every_member() {
    use api::endpoints::{notes, shapes};
    use api::{Note, NoteLink, NoteText, Shape, ShapeCircle, ShapeSquare};

    let value = json!([
        {"kind": "circle", "name": "c", "radius": 1.5},
        {"kind": "square", "name": "s", "side": 2.0},
    ]);
    let shapes = round_trip(&value, shapes::put_shapes);
    assert_eq!(
        shapes,
        [
            Shape::Circle(ShapeCircle { name: "c".to_owned(), radius: 1.5 }),
            Shape::Square(ShapeSquare { name: "s".to_owned(), side: 2.0 }),
        ]
    );
    // The common part is required in each member.
    let error = shapes::PutShapes::decode(response(200, r#"[{"kind": "circle", "radius": 1.5}]"#)).unwrap_err();
    assert!(error.to_string().contains("missing field `name`"), "{error}");
    let unknown = shapes::PutShapes::decode(response(200, r#"[{"kind": "blob", "name": "b"}]"#)).unwrap();
    assert_eq!(unknown, [Shape::Unknown(json!({"kind": "blob", "name": "b"}))]);

    let text = round_trip(&json!({"id": 1, "text": "hi"}), notes::put_note);
    assert_eq!(text, Note::Text(NoteText { id: 1, text: "hi".to_owned() }));
    let link = round_trip(&json!({"id": 2, "url": "https://example.com"}), notes::put_note);
    assert_eq!(link, Note::Link(NoteLink { id: 2, url: "https://example.com".to_owned() }));
    let error = notes::PutNote::decode(response(200, r#"{"text": "no id"}"#)).unwrap_err();
    assert!(matches!(error, endpointgen::Error::Decode(_)), "{error:?}");
}
