//! OpenAPI's parameter styles and form bodies, end to end: the clients of
//! `api-spec/openapi/param-styles-3.1.yaml` (imported) and of
//! `api-spec/fixtures/valid/param_styles.yaml` (the same in the spec
//! format) send each row of OpenAPI 3.1's style examples table, and a
//! server on 127.0.0.1 records the query string, headers and body exactly
//! as they arrived.

use std::sync::{Arc, Mutex};

use endpointgen::Client;

mod imported {
    endpointgen::generate!(openapi = "../api-spec/openapi/param-styles-3.1.yaml");
}

mod native {
    endpointgen::generate!("../api-spec/fixtures/valid/param_styles.yaml");
}

/// What the server received: the path, the raw query, the headers that
/// the test looks at, and the body.
#[derive(Debug, Clone, Default, PartialEq)]
struct Received {
    path: String,
    query: Option<String>,
    cookie: Option<String>,
    headers: Vec<(String, String)>,
    body: String,
}

/// A server that answers 204 to everything and records what it received.
async fn recording_server() -> (String, Arc<Mutex<Vec<Received>>>, tokio::task::JoinHandle<()>) {
    let received = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&received);
    let app = axum::Router::new().fallback(move |request: axum::extract::Request| {
        let log = Arc::clone(&log);
        async move {
            let (parts, body) = request.into_parts();
            let body = axum::body::to_bytes(body, 1 << 20).await.unwrap();
            let headers = parts
                .headers
                .iter()
                .filter(|(name, _)| name.as_str().starts_with("x-"))
                .map(|(name, value)| (name.as_str().to_owned(), value.to_str().unwrap().to_owned()))
                .collect();
            log.lock().unwrap().push(Received {
                path: parts.uri.path().to_owned(),
                query: parts.uri.query().map(str::to_owned),
                cookie: parts.headers.get("cookie").map(|value| value.to_str().unwrap().to_owned()),
                headers,
                body: String::from_utf8(body.to_vec()).unwrap(),
            });
            axum::http::StatusCode::NO_CONTENT
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base_url, received, server)
}

fn colors() -> Vec<String> {
    ["blue", "black", "brown"].map(str::to_owned).to_vec()
}

/// The query strings of OpenAPI's table, for `color`.
const TABLE: [(&str, &str); 8] = [
    ("/form/list", "color=blue&color=black&color=brown"),
    ("/form/object", "R=100&G=200&B=150"),
    ("/form-joined/list", "color=blue,black,brown"),
    ("/form-joined/object", "color=R,100,G,200,B,150"),
    ("/space/list", "color=blue%20black%20brown"),
    ("/space/object", "color=R%20100%20G%20200%20B%20150"),
    ("/pipe/list", "color=blue|black|brown"),
    ("/pipe/object", "color=R|100|G|200|B|150"),
];

macro_rules! sends_the_table {
    ($api:ident) => {{
        use $api::Rgb;
        use $api::endpoints::{deep, form, form_joined, pipe, space};
        let (base_url, received, server) = recording_server().await;
        let client = Client::new(&base_url).unwrap();
        let rgb = || Rgb { r: 100, g: 200, b: 150 };
        client.send(form::form_list(colors())).await.unwrap();
        client.send(form::form_object(rgb())).await.unwrap();
        client.send(form_joined::form_joined_list(colors())).await.unwrap();
        client.send(form_joined::form_joined_object(rgb())).await.unwrap();
        client.send(space::space_list(colors())).await.unwrap();
        client.send(space::space_object(rgb())).await.unwrap();
        client.send(pipe::pipe_list(colors())).await.unwrap();
        client.send(pipe::pipe_object(rgb())).await.unwrap();
        client.send(deep::deep_object(rgb())).await.unwrap();
        let filter = [("size", "L"), ("a]b=c&d", "e[f]|g h#")].map(|(k, v)| (k.to_owned(), v.to_owned())).into();
        client.send(deep::deep_object(rgb()).filter(filter)).await.unwrap();
        let received = received.lock().unwrap().clone();
        let sent: Vec<(&str, Option<&str>)> =
            received.iter().map(|request| (request.path.as_str(), request.query.as_deref())).collect();
        let mut expected: Vec<(&str, Option<&str>)> = TABLE.iter().map(|(path, query)| (*path, Some(*query))).collect();
        expected.push(("/deep/object", Some("color[R]=100&color[G]=200&color[B]=150")));
        // The map's keys in order; every delimiter inside a key or a value
        // is encoded.
        expected.push((
            "/deep/object",
            Some("color[R]=100&color[G]=200&color[B]=150&filter[a%5Db%3Dc%26d]=e%5Bf%5D%7Cg%20h%23&filter[size]=L"),
        ));
        assert_eq!(sent, expected);
        server.abort();
    }};
}

#[tokio::test]
async fn the_openapi_style_table_reaches_the_server_as_written_imported() {
    sends_the_table!(imported);
}

#[tokio::test]
async fn the_openapi_style_table_reaches_the_server_as_written_native() {
    sends_the_table!(native);
}

/// Values with every delimiter, a percent sign, non-ASCII text and a line
/// break: each stays one element of its list.
const HOSTILE: [&str; 8] = ["a,b", "c|d", "e f", "g&h=i", "#1", "100%", "caf\u{e9}", "x\r\ny"];

#[tokio::test]
async fn hostile_values_stay_inside_their_element() {
    use imported::endpoints::{form, form_joined, headers, pipe, space};
    let (base_url, received, server) = recording_server().await;
    let client = Client::new(&base_url).unwrap();
    let hostile = || HOSTILE.map(str::to_owned).to_vec();
    client.send(form::form_list(hostile())).await.unwrap();
    client.send(form_joined::form_joined_list(hostile())).await.unwrap();
    client.send(space::space_list(hostile())).await.unwrap();
    client.send(pipe::pipe_list(hostile())).await.unwrap();
    client.send(headers::headers(hostile())).await.unwrap();
    let received = received.lock().unwrap().clone();
    let encoded = ["a%2Cb", "c%7Cd", "e%20f", "g%26h%3Di", "%231", "100%25", "caf%C3%A9", "x%0D%0Ay"];
    let queries: Vec<Option<&str>> = received.iter().map(|request| request.query.as_deref()).collect();
    let repeated: Vec<String> = encoded.iter().map(|value| format!("color={value}")).collect();
    assert_eq!(
        queries,
        [
            Some(repeated.join("&").as_str()),
            Some(format!("color={}", encoded.join(",")).as_str()),
            Some(format!("color={}", encoded.join("%20")).as_str()),
            Some(format!("color={}", encoded.join("|")).as_str()),
            None,
        ]
    );
    assert_eq!(received[4].headers, [("x-colors".to_owned(), encoded.join(","))]);
    server.abort();
}

#[tokio::test]
async fn lists_and_objects_in_headers_are_simple_style() {
    use imported::Rgb;
    use imported::endpoints::headers;
    let (base_url, received, server) = recording_server().await;
    let client = Client::new(&base_url).unwrap();
    let rgb = || Rgb { r: 100, g: 200, b: 150 };
    client.send(headers::headers(colors()).x_rgb(rgb()).x_rgb_exploded(rgb())).await.unwrap();
    client.send(headers::headers(Vec::new())).await.unwrap();
    let received = received.lock().unwrap().clone();
    let header = |name: &str, value: &str| (name.to_owned(), value.to_owned());
    assert_eq!(
        received[0].headers,
        [
            header("x-colors", "blue,black,brown"),
            header("x-rgb", "R,100,G,200,B,150"),
            header("x-rgb-exploded", "R=100,G=200,B=150"),
        ]
    );
    // An empty list sends no header.
    assert_eq!(received[1].headers, []);
    server.abort();
}

#[tokio::test]
async fn cookies_are_encoded_and_join_the_client_s_own() {
    use imported::endpoints::cookies;
    let (base_url, received, server) = recording_server().await;
    let plain = Client::new(&base_url).unwrap();
    plain.send(cookies::cookies("a b;c=d,e").colors(colors())).await.unwrap();
    let with_cookie = Client::builder(&base_url).default_header("Cookie", "theme=dark").build().unwrap();
    with_cookie.send(cookies::cookies("s1")).await.unwrap();
    let received = received.lock().unwrap().clone();
    assert_eq!(received[0].cookie.as_deref(), Some("session=a%20b%3Bc%3Dd%2Ce; colors=blue,black,brown"));
    assert_eq!(received[1].cookie.as_deref(), Some("theme=dark; session=s1"));
    server.abort();
}

macro_rules! sends_form_bodies {
    ($api:ident) => {{
        use $api::endpoints::calls;
        use $api::{CreateCallBody, CreateCallBodyStatusCallbackEventItem as Event, Rgb};
        let (base_url, received, server) = recording_server().await;
        let client = Client::new(&base_url).unwrap();
        let body = CreateCallBody {
            to: "+1 555&x=1".to_owned(),
            status_callback_event: Some(vec![Event::Initiated, Event::Ringing, Event::Completed]),
            tags: Some(vec!["a|b".to_owned(), "c".to_owned()]),
            filter: Some(Rgb { r: 100, g: 200, b: 150 }),
            timeout: None,
        };
        client.send(calls::create_call(body)).await.unwrap();
        let received = received.lock().unwrap().clone();
        assert_eq!(
            received[0].body,
            "To=%2B1+555%26x%3D1\
             &StatusCallbackEvent=initiated&StatusCallbackEvent=ringing&StatusCallbackEvent=completed\
             &Tags=a%7Cb|c&Filter[R]=100&Filter[G]=200&Filter[B]=150"
        );
        server.abort();
    }};
}

#[tokio::test]
async fn form_bodies_repeat_lists_and_follow_their_encoding_imported() {
    sends_form_bodies!(imported);
}

#[tokio::test]
async fn form_bodies_repeat_lists_and_follow_their_encoding_native() {
    sends_form_bodies!(native);
}

mod choice {
    endpointgen::generate!(openapi = "../api-spec/openapi/query-choice-3.1.yaml");
}

/// Discord's query parameter that is a string or a list of ids whose
/// elements may be null: the list repeats its key and a `None` element
/// sends nothing; the string is one value, its commas encoded.
#[tokio::test]
async fn a_choice_between_a_string_and_a_list_sends_the_member_it_holds() {
    use choice::{PreviewPruneIncludeRoles, Snowflake};
    let (base_url, received, server) = recording_server().await;
    let client = Client::new(&base_url).unwrap();
    let ids = vec![Some(Snowflake("1".to_owned())), None, Some(Snowflake("3".to_owned()))];
    let prune = || choice::endpoints::guilds::preview_prune("g1");
    client.send(prune().include_roles(PreviewPruneIncludeRoles::ListSnowflake(ids))).await.unwrap();
    client.send(prune().include_roles(PreviewPruneIncludeRoles::String("1,2".to_owned()))).await.unwrap();
    client.send(prune()).await.unwrap();
    let received = received.lock().unwrap().clone();
    let queries: Vec<Option<&str>> = received.iter().map(|request| request.query.as_deref()).collect();
    assert_eq!(queries, [Some("include_roles=1&include_roles=3"), Some("include_roles=1%2C2"), None]);
    server.abort();
}

mod deep {
    endpointgen::generate!(openapi = "../api-spec/openapi/deep-objects-3.0.yaml");
}

/// Stripe's nested data: `deepObject` at every depth, lists by index, in
/// the query and in a form body, and the empty string that unsets a field.
#[tokio::test]
async fn deep_objects_nest_at_every_depth_with_lists_by_index() {
    use deep::endpoints::subscriptions;
    use deep::{
        GetSubscriptionsCreated, GetSubscriptionsCreatedRangeQuerySpecs, PostSubscriptionsBody,
        PostSubscriptionsBodyItemsItem, PostSubscriptionsBodyItemsItemPriceData,
        PostSubscriptionsBodyItemsItemPriceDataRecurring, PostSubscriptionsBodyItemsItemPriceDataRecurringInterval,
        PostSubscriptionsBodyItemsItemTaxRates, PostSubscriptionsBodyMetadata, PostSubscriptionsBodyMetadataEmpty,
    };
    let (base_url, received, server) = recording_server().await;
    let client = Client::new(&base_url).unwrap();

    let range = GetSubscriptionsCreatedRangeQuerySpecs { gte: Some(1), lt: Some(9), ..Default::default() };
    let list = || subscriptions::get_subscriptions().expand(vec!["data.customer".to_owned(), "a[0]&b=c".to_owned()]);
    client.send(list().created(GetSubscriptionsCreated::RangeQuerySpecs(range)).limit(3)).await.unwrap();
    client.send(subscriptions::get_subscriptions().created(GetSubscriptionsCreated::I64(5))).await.unwrap();

    let item = PostSubscriptionsBodyItemsItem {
        price_data: Some(PostSubscriptionsBodyItemsItemPriceData {
            currency: "eur".to_owned(),
            product: "prod 1".to_owned(),
            recurring: PostSubscriptionsBodyItemsItemPriceDataRecurring {
                interval: PostSubscriptionsBodyItemsItemPriceDataRecurringInterval::Month,
                interval_count: None,
            },
        }),
        tax_rates: Some(PostSubscriptionsBodyItemsItemTaxRates::ListString(vec!["t1".to_owned(), "t2".to_owned()])),
        ..Default::default()
    };
    let metadata = [("order[id]".to_owned(), "6735".to_owned())].into_iter().collect();
    let body = |metadata| PostSubscriptionsBody {
        customer: "cus_1".to_owned(),
        items: Some(vec![
            item.clone(),
            PostSubscriptionsBodyItemsItem { price: Some("p2".to_owned()), ..Default::default() },
        ]),
        metadata: Some(metadata),
        expand: None,
    };
    client
        .send(subscriptions::post_subscriptions(body(PostSubscriptionsBodyMetadata::MapString(metadata))))
        .await
        .unwrap();
    let unset = PostSubscriptionsBodyMetadata::Empty(PostSubscriptionsBodyMetadataEmpty::Empty);
    client.send(subscriptions::post_subscriptions(body(unset))).await.unwrap();

    let received = received.lock().unwrap().clone();
    assert_eq!(
        received[0].query.as_deref(),
        // The brackets and `&` inside a value are encoded: it stays one element.
        Some("created[gte]=1&created[lt]=9&expand[0]=data.customer&expand[1]=a%5B0%5D%26b%3Dc&limit=3")
    );
    assert_eq!(received[1].query.as_deref(), Some("created=5"));
    assert_eq!(
        received[2].body,
        "customer=cus_1\
         &items[0][tax_rates][0]=t1&items[0][tax_rates][1]=t2\
         &items[0][price_data][currency]=eur&items[0][price_data][product]=prod+1\
         &items[0][price_data][recurring][interval]=month\
         &items[1][price]=p2\
         &metadata[order%5Bid%5D]=6735"
    );
    assert_eq!(
        received[3].body,
        "customer=cus_1&items[0][tax_rates][0]=t1&items[0][tax_rates][1]=t2&items[0][price_data][currency]=eur&items[0][price_data][product]=prod+1&items[0][price_data][recurring][interval]=month&items[1][price]=p2&metadata="
    );
    server.abort();
}
