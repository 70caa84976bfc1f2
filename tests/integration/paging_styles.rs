//! Every paging style end to end, over HTTP on loopback, against servers
//! that page as the real APIs do: Slack/Stripe-like cursors in the body,
//! a next page's URL in the body (Django REST framework, Azure's
//! `nextLink`), GitHub's `Link` header, and offset/limit with and without a
//! total. Each serves five items two by two, and where the style lets a
//! server do so, ends with an empty page; the async and the blocking
//! clients see the same items and send the same requests. Then the hostile
//! versions: a next URL at another origin, a cursor handed out again.

use endpointgen::{Client, Error, PagingReason};

use crate::misbehaving_server::{Received, ScriptedServer, http_response, scripted};

mod styles {
    endpointgen::generate!("../api-spec/fixtures/valid/paging_styles.yaml");
}

use styles::endpoints::repos;

const KEY: &str = "k3y-s3cr3t";

/// The five items of every list, two a page.
const PAGES: [&str; 4] = ["[{\"id\":1},{\"id\":2}]", "[{\"id\":3},{\"id\":4}]", "[{\"id\":5}]", "[]"];

fn json(body: &str) -> Vec<u8> {
    http_response("200 OK", &[("content-type", "application/json")], body.as_bytes())
}

/// The value of query parameter `name` in a request.
fn query_value<'r>(request: &'r Received, name: &str) -> Option<&'r str> {
    let (_, query) = request.target.split_once('?')?;
    query.split('&').find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
}

/// The page a cursor, URL or offset points at: `c1` → 1.
fn page_index(request: &Received, name: &str) -> usize {
    query_value(request, name).and_then(|value| value.trim_start_matches('c').parse().ok()).unwrap_or(0)
}

/// Cursors in `meta.next_cursor`, the last page empty, with a null cursor.
async fn cursor_api() -> ScriptedServer {
    scripted(|_, request| {
        let index = page_index(request, "cursor");
        let items = PAGES.get(index).copied().unwrap_or("[]");
        let meta =
            if index + 1 < PAGES.len() { format!("{{\"next_cursor\":\"c{}\"}}", index + 1) } else { "null".into() };
        json(&format!("{{\"data\":{items},\"meta\":{meta}}}"))
    })
    .await
}

/// The next page's absolute URL in `next`, built from the `Host` header as
/// Django REST framework does; the last page empty, with `next: null`.
async fn next_url_api() -> ScriptedServer {
    scripted(|_, request| {
        let index = page_index(request, "page");
        let items = PAGES.get(index).copied().unwrap_or("[]");
        let host = request.header("host").unwrap_or_default();
        let next = if index + 1 < PAGES.len() {
            format!("\"http://{host}/next?page={}&per_page=2\"", index + 1)
        } else {
            "null".into()
        };
        json(&format!("{{\"results\":{items},\"next\":{next}}}"))
    })
    .await
}

/// GitHub's `Link` header, with `prev`, `next` and `last` links, relative
/// here; the last page empty, without a `next`.
async fn link_api(path: &'static str) -> ScriptedServer {
    scripted(move |_, request| {
        let index = page_index(request, "page");
        let items = PAGES.get(index).copied().unwrap_or("[]");
        let mut links = vec![format!("<{path}?page=0>; rel=\"first\"")];
        if index + 1 < PAGES.len() {
            links.push(format!("<{path}?page={}>; rel=\"next\"", index + 1));
        }
        links.push(format!("<{path}?page=3>; rel=\"last\""));
        let link = links.join(", ");
        http_response("200 OK", &[("content-type", "application/json"), ("link", &link)], items.as_bytes())
    })
    .await
}

/// Offset and limit; with `total`, or (without) pages until an empty one.
async fn offset_api(with_total: bool) -> ScriptedServer {
    scripted(move |_, request| {
        let offset: usize = query_value(request, "offset").and_then(|value| value.parse().ok()).unwrap_or(0);
        let items: Vec<String> = (offset + 1..=5).take(2).map(|id| format!("{{\"id\":{id}}}")).collect();
        let items = format!("[{}]", items.join(","));
        if with_total { json(&format!("{{\"items\":{items},\"total\":5}}")) } else { json(&items) }
    })
    .await
}

fn targets(api: &ScriptedServer) -> Vec<String> {
    api.received().into_iter().map(|request| request.target).collect()
}

fn ids(repos: Vec<styles::Repo>) -> Vec<i64> {
    repos.into_iter().map(|repo| repo.id).collect()
}

/// Every item through the async client, then through the blocking one
/// (from a thread of its own: it runs its own runtime); the requests each
/// sent.
async fn both_clients<E>(api: &ScriptedServer, first: E) -> (Vec<i64>, Vec<String>)
where
    E: endpointgen::Paged<Item = styles::Repo, Auth = endpointgen::auth::Public> + Send + Sync + 'static,
    E::Output: Send,
    E::Error: Send + std::fmt::Debug,
{
    let client = Client::new(&api.base_url).unwrap();
    let mut items = client.items(first.clone());
    let mut async_items = Vec::new();
    while let Some(item) = items.next().await {
        async_items.push(item.unwrap());
    }
    let async_requests = targets(api);

    let base_url = api.base_url.clone();
    let blocking_items = tokio::task::spawn_blocking(move || {
        let client = Client::builder(&base_url).build_blocking().unwrap();
        let pages: Vec<_> = client.pages(first).collect::<Result<_, _>>().unwrap();
        pages.into_iter().flat_map(E::into_items).collect::<Vec<_>>()
    })
    .await
    .unwrap();
    let async_items = ids(async_items);
    assert_eq!(ids(blocking_items), async_items, "the blocking client saw other items");
    let all = targets(api);
    assert_eq!(all[async_requests.len()..], async_requests[..], "the blocking client sent other requests");
    (async_items, async_requests)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cursor_from_the_body_is_sent_back_until_it_is_null() {
    let api = cursor_api().await;
    let (items, requests) = both_clients(&api, repos::by_cursor()).await;
    assert_eq!(items, [1, 2, 3, 4, 5]);
    assert_eq!(requests, ["/cursor", "/cursor?cursor=c1", "/cursor?cursor=c2", "/cursor?cursor=c3"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_next_url_in_the_body_is_followed_until_it_is_null() {
    let api = next_url_api().await;
    let (items, requests) = both_clients(&api, repos::by_next_url()).await;
    assert_eq!(items, [1, 2, 3, 4, 5]);
    assert_eq!(requests, ["/next", "/next?page=1&per_page=2", "/next?page=2&per_page=2", "/next?page=3&per_page=2"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_link_header_s_next_is_followed_until_there_is_none() {
    let api = link_api("/link").await;
    let (items, requests) = both_clients(&api, repos::by_link()).await;
    assert_eq!(items, [1, 2, 3, 4, 5]);
    assert_eq!(requests, ["/link", "/link?page=1", "/link?page=2", "/link?page=3"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_offset_moves_by_the_items_received_until_the_total() {
    let api = offset_api(true).await;
    let (items, requests) = both_clients(&api, repos::by_offset()).await;
    assert_eq!(items, [1, 2, 3, 4, 5]);
    // The total says the third page is the last: no empty page is asked for.
    assert_eq!(requests, ["/offset", "/offset?offset=2", "/offset?offset=4"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_offset_without_a_total_ends_at_an_empty_page() {
    let api = offset_api(false).await;
    let (items, requests) = both_clients(&api, repos::by_offset_without_total()).await;
    assert_eq!(items, [1, 2, 3, 4, 5]);
    assert_eq!(requests, ["/plain", "/plain?offset=2", "/plain?offset=4", "/plain?offset=5"]);
}

#[tokio::test]
async fn the_pages_stream_has_the_empty_last_page_and_the_items_stream_skips_it() {
    let api = cursor_api().await;
    let client = Client::new(&api.base_url).unwrap();
    let mut pages = client.pages(repos::by_cursor());
    let mut sizes = Vec::new();
    while let Some(page) = pages.next().await {
        sizes.push(page.unwrap().data.len());
    }
    assert_eq!(sizes, [2, 2, 1, 0]);
}

#[tokio::test]
async fn the_api_key_in_the_query_goes_to_each_next_url_once() {
    // The server's links repeat the key, as some APIs' do.
    let api = scripted(|_, request| {
        let index = page_index(request, "page");
        let items = PAGES.get(index).copied().unwrap_or("[]");
        let link = if index + 1 < PAGES.len() {
            format!("</keyed?page={}&api_key={KEY}>; rel=\"next\"", index + 1)
        } else {
            String::new()
        };
        http_response("200 OK", &[("content-type", "application/json"), ("link", &link)], items.as_bytes())
    })
    .await;
    let client = Client::new(&api.base_url).unwrap().api_key(KEY);
    let mut items = client.items(repos::keyed_link());
    let mut count = 0;
    while let Some(item) = items.next().await {
        item.unwrap();
        count += 1;
    }
    assert_eq!(count, 5);
    let requests = targets(&api);
    assert_eq!(requests.len(), 4);
    for target in &requests {
        assert_eq!(target.matches(KEY).count(), 1, "{target}");
    }
    assert_eq!(requests[1], format!("/keyed?page=1&api_key={KEY}"));
}

/// A page whose next page is at `next`: in the body and the `Link` header.
async fn pointing_at(next: String) -> ScriptedServer {
    scripted(move |_, request| {
        let link = format!("<{next}>; rel=\"next\"");
        let body = if request.target.starts_with("/keyed") {
            "[{\"id\":1}]".to_owned()
        } else {
            format!("{{\"results\":[{{\"id\":1}}],\"next\":\"{next}\"}}")
        };
        http_response("200 OK", &[("content-type", "application/json"), ("link", &link)], body.as_bytes())
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_next_url_at_another_origin_is_not_followed() {
    let elsewhere = scripted(|_, _| json("[]")).await;
    for next in [
        format!("{}/next?page=1", elsewhere.base_url),
        "//evil.example/next".to_owned(),
        "file:///etc/passwd".to_owned(),
    ] {
        let api = pointing_at(next.clone()).await;
        let client = Client::new(&api.base_url).unwrap().api_key(KEY);

        let mut pages = client.pages(repos::by_next_url());
        assert_eq!(pages.next().await.unwrap().unwrap().results.len(), 1, "the page itself is returned");
        let error = pages.next().await.unwrap().unwrap_err();
        let Error::Paging(paging) = &error else { panic!("expected Error::Paging, got {error:?}") };
        assert_eq!((paging.pages, paging.reason), (1, PagingReason::OtherOrigin), "{next}");
        assert!(pages.next().await.is_none());
        for shown in [error.to_string(), format!("{error:?}")] {
            assert!(!shown.contains(KEY) && !shown.contains(&next), "{shown}");
        }

        let mut links = client.pages(repos::keyed_link());
        links.next().await.unwrap().unwrap();
        let error = links.next().await.unwrap().unwrap_err();
        assert!(matches!(&error, Error::Paging(paging) if paging.reason == PagingReason::OtherOrigin), "{error:?}");

        let base_url = api.base_url.clone();
        let blocking = tokio::task::spawn_blocking(move || {
            let client = Client::builder(&base_url).build_blocking().unwrap().api_key(KEY);
            client.pages(repos::keyed_link()).map(|page| page.map(|_| ())).collect::<Vec<_>>()
        })
        .await
        .unwrap();
        assert_eq!(blocking.len(), 2);
        assert!(matches!(&blocking[1], Err(Error::Paging(paging)) if paging.reason == PagingReason::OtherOrigin));
    }
    assert!(elsewhere.received().is_empty(), "a request went to the other origin");
}

#[tokio::test]
async fn a_cursor_handed_out_again_ends_the_pages() {
    let api = scripted(|_, _| json(r#"{"data":[{"id":1}],"meta":{"next_cursor":"same"}}"#)).await;
    let client = Client::new(&api.base_url).unwrap();
    let mut pages = client.pages(repos::by_cursor());
    pages.next().await.unwrap().unwrap();
    pages.next().await.unwrap().unwrap();
    let error = pages.next().await.unwrap().unwrap_err();
    assert!(matches!(&error, Error::Paging(paging) if paging.reason == PagingReason::Repeated), "{error:?}");
    assert_eq!(targets(&api), ["/cursor", "/cursor?cursor=same"]);
}

#[tokio::test]
async fn a_next_url_that_never_ends_is_ended() {
    // Each page points at a new URL: the page limit ends it.
    let api = scripted(|n, _| {
        let next = format!("/next?page={}", n + 1);
        json(&format!("{{\"results\":[{{\"id\":{n}}}],\"next\":\"{next}\"}}"))
    })
    .await;
    let client = Client::builder(&api.base_url).max_pages(4).build().unwrap();
    let mut pages = client.pages(repos::by_next_url());
    let mut fetched = 0;
    let error = loop {
        match pages.next().await.unwrap() {
            Ok(_) => fetched += 1,
            Err(error) => break error,
        }
    };
    assert_eq!(fetched, 4);
    assert!(matches!(&error, Error::Paging(paging) if paging.reason == PagingReason::TooManyPages { limit: 4 }));
}

/// The next request the generated `Paged` makes from a page, sans IO.
fn next_of<E: endpointgen::Paged>(endpoint: &E, body: &str) -> Option<endpointgen::NextPage<E>> {
    let response = endpointgen::http::Response::builder()
        .status(200)
        .header("content-type", "application/json")
        .body(endpointgen::Bytes::from(body.to_owned()))
        .unwrap();
    let page = E::decode(response).unwrap_or_else(|_| panic!("{body} does not decode"));
    endpoint.next_page(&page, &endpointgen::http::HeaderMap::new())
}

fn next_target<E: endpointgen::Paged>(endpoint: &E, body: &str) -> Option<String> {
    let base = endpointgen::BaseUrl::parse("http://127.0.0.1").unwrap();
    match next_of(endpoint, body)? {
        endpointgen::NextPage::Endpoint(next) => {
            Some(next.to_request(&base).unwrap_or_else(|_| panic!("no request")).uri().to_string())
        }
        endpointgen::NextPage::Url(url) => Some(format!("url {url}")),
    }
}

#[test]
fn fields_on_the_way_to_a_cursor_or_a_total_may_be_absent() {
    // An integer cursor, in a required parameter, from an optional object.
    let first = repos::since_id(0);
    assert_eq!(
        next_target(&first, r#"{"body":{"repos":[{"id":1}]},"last":{"id":9}}"#).unwrap(),
        "http://127.0.0.1/since?since=9"
    );
    assert_eq!(next_target(&first, r#"{"body":{"repos":[]}}"#), None);
    // Items through an optional object, and an optional list: absent is none.
    let page = |body: &str| {
        let response =
            endpointgen::http::Response::builder().status(200).body(endpointgen::Bytes::from(body.to_owned())).unwrap();
        <repos::SinceId as endpointgen::Endpoint>::decode(response).unwrap()
    };
    assert_eq!(
        ids(<repos::SinceId as endpointgen::Paged>::into_items(page(r#"{"body":{"repos":[{"id":1},{"id":2}]}}"#))),
        [1, 2]
    );
    assert!(<repos::SinceId as endpointgen::Paged>::into_items(page(r#"{"body":{}}"#)).is_empty());
    assert!(<repos::SinceId as endpointgen::Paged>::into_items(page("{}")).is_empty());

    // An envelope's items role, and a cursor beside it; an empty cursor ends.
    let enveloped = repos::enveloped();
    assert_eq!(
        next_target(&enveloped, r#"{"Items":[{"id":1}],"Cursor":"x"}"#).unwrap(),
        "http://127.0.0.1/enveloped?after=x"
    );
    assert_eq!(next_target(&enveloped, r#"{"Items":[{"id":1}],"Cursor":""}"#), None);

    // An offset in a required parameter, a total through an optional object.
    let counted = repos::counted(0);
    assert_eq!(
        next_target(&counted, r#"{"body":{"repos":[{"id":1},{"id":2}]}}"#).unwrap(),
        "http://127.0.0.1/counted?start=2"
    );
    assert_eq!(next_target(&counted, r#"{"body":{"repos":[{"id":1},{"id":2}]},"meta":{"total":2}}"#), None);
    assert_eq!(
        next_target(&counted, r#"{"body":{"repos":[{"id":1}]},"meta":{"total":9}}"#).unwrap(),
        "http://127.0.0.1/counted?start=1"
    );
    assert_eq!(next_target(&counted, r#"{"meta":{"total":9}}"#), None, "no items is the last page");

    // A URL from the body is handed over as it is; the client resolves it.
    let url = repos::by_next_url();
    assert_eq!(next_target(&url, r#"{"results":[],"next":"/next?page=2"}"#).unwrap(), "url /next?page=2");
    assert_eq!(next_target(&url, r#"{"results":[],"next":" "}"#), None);
}

/// The paging of other tools' OpenAPI extensions, as imported.
#[allow(deprecated, reason = "the import's warnings, which the fixture's snapshot checks")]
mod imported {
    endpointgen::generate!(openapi = "../api-spec/fixtures/warnings/paging_extensions.openapi.yaml");
}

#[tokio::test]
async fn azure_s_next_link_and_speakeasy_s_cursor_page_as_imported() {
    // Azure: `{ "value": [...], "nextLink": "https://…" }`, absolute.
    let azure = scripted(|_, request| {
        let index = page_index(request, "page");
        let host = request.header("host").unwrap_or_default();
        let ids = ["[{\"id\":\"a\"},{\"id\":\"b\"}]", "[{\"id\":\"c\"}]", "[]"];
        let next = if index + 1 < ids.len() {
            format!("\"http://{host}/vaults?page={}&api-version=2024-01-01\"", index + 1)
        } else {
            "null".into()
        };
        json(&format!("{{\"value\":{},\"nextLink\":{next}}}", ids.get(index).copied().unwrap_or("[]")))
    })
    .await;
    let client = Client::new(&azure.base_url).unwrap();
    let mut vaults = client.items(imported::endpoints::vaults::list_vaults());
    let mut ids = Vec::new();
    while let Some(vault) = vaults.next().await {
        ids.push(vault.unwrap().id);
    }
    assert_eq!(ids, ["a", "b", "c"]);
    assert_eq!(targets(&azure).len(), 3);

    // Speakeasy's `nextCursor: $.pagination.next`.
    let speakeasy = scripted(|_, request| {
        let index = page_index(request, "cursor");
        let events = ["[{\"id\":\"e1\"}]", "[{\"id\":\"e2\"}]", "[]"];
        let next = if index + 1 < events.len() { format!("\"c{}\"", index + 1) } else { "null".into() };
        json(&format!(
            "{{\"events\":{},\"pagination\":{{\"next\":{next}}}}}",
            events.get(index).copied().unwrap_or("[]")
        ))
    })
    .await;
    let client = Client::new(&speakeasy.base_url).unwrap();
    let mut events = client.items(imported::endpoints::events::list_events());
    let mut ids = Vec::new();
    while let Some(event) = events.next().await {
        ids.push(event.unwrap().id);
    }
    assert_eq!(ids, ["e1", "e2"]);
    assert_eq!(targets(&speakeasy), ["/events", "/events?cursor=c1", "/events?cursor=c2"]);

    // Fern's cursor, and Speakeasy's URL and offset, sans IO.
    let fern = imported::endpoints::events::list_events_fern();
    let next = next_target(&fern, r#"{"events":[],"pagination":{"next":"n"}}"#);
    assert_eq!(next.unwrap(), "http://127.0.0.1/events/fern?cursor=n");
    let by_url = imported::endpoints::events::list_events_by_url();
    let next = next_target(&by_url, r#"{"events":[],"pagination":{"next":"/events/by-url?p=2"}}"#);
    assert_eq!(next.unwrap(), "url /events/by-url?p=2");
    let by_offset = imported::endpoints::events::list_events_by_offset().limit(1);
    let next = next_target(&by_offset, r#"{"events":[{"id":"x"}]}"#);
    assert_eq!(next.unwrap(), "http://127.0.0.1/events/by-offset?offset=1&limit=1");
}

#[tokio::test]
async fn a_next_url_that_is_no_url_ends_the_pages() {
    let api = pointing_at("http://[not-an-address/next".to_owned()).await;
    let client = Client::new(&api.base_url).unwrap();
    let mut pages = client.pages(repos::by_next_url());
    pages.next().await.unwrap().unwrap();
    let error = pages.next().await.unwrap().unwrap_err();
    assert!(matches!(&error, Error::Paging(paging) if paging.reason == PagingReason::InvalidUrl), "{error:?}");
    assert!(error.to_string().ends_with("the response gave the next page's URL, which is not a valid URL"), "{error}");
    assert!(pages.next().await.is_none());
    assert_eq!(api.received().len(), 1);
}
