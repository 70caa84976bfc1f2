//! A server generated from a spec (`generate!(…, server = true)`),
//! implemented here, served on loopback and called by the client generated
//! from the same spec: typed values arrive, outputs and documented errors
//! decode, a request that cannot be read is a 400 problem, a missing
//! credential a 401.

use std::sync::{Arc, Mutex};

use endpointgen::Error;

mod shop {
    endpointgen::generate!(
        yaml = r#"
spec: 1
name: shop
auth:
  customer: { bearer: {} }
  partner: { api_key: { header: X-Partner-Key } }
  admin: { basic: {} }
types:
  ItemId: { newtype: i64 }
  Kind: { enum: [book, game] }
  Item:
    fields:
      id: ItemId
      name: string
      kind: Kind
      tags: list<string>
  NewItem:
    fields:
      name: string
      kind: Kind
      tags: list<string>?
  Filter: { fields: { min: i32?, max: i32? } }
  Problem: { fields: { title: string, detail: string? } }
errors:
  NotFound: { status: 404, body: Problem, description: No such item. }
endpoints:
  items:
    get_item:
      summary: One item
      method: GET
      path: /items/{id}
      path_params: { id: ItemId }
      query:
        verbose: bool?
        fields: { type: list<string>?, explode: false }
        price: { type: Filter?, style: deepObject }
      headers:
        X-Request-Tag: string?
      response: Item
      errors: [NotFound]
      auth: customer
    create_item:
      method: POST
      path: /items
      body: NewItem
      response: Item
      auth: customer
    file:
      method: GET
      path: /items/{id}/v{version}.json
      path_params: { id: ItemId, version: i32 }
      response: string
    health:
      method: GET
      path: /health
      response: string
    by_name:
      method: GET
      path: /items/by-name/{name}
      path_params: { name: string }
      response: string
    partner_items:
      method: GET
      path: /partner/items
      auth: partner?
      response: list<ItemId>
    admin_purge:
      method: DELETE
      path: /items
      auth: admin
    export:
      method: GET
      path: /export
      response: { type: bytes, stream: true, content: application/octet-stream }
  stock:
    health:
      method: GET
      path: /stock/health
      response: string
"#,
        server = true
    );
}

use shop::{Filter, Item, ItemId, Kind, NewItem, Problem, endpoints::items};

/// What the implementation saw, for the test to check.
#[derive(Default)]
struct Shop {
    seen: Mutex<Vec<String>>,
}

impl shop::serve::Api for Arc<Shop> {
    async fn get_item(
        &self,
        request: shop::serve::items::GetItem,
        caller: endpointgen::serve::Bearer,
    ) -> Result<Item, items::GetItemError> {
        self.seen.lock().unwrap().push(format!(
            "get_item {:?} {:?} {:?} {:?} {:?} caller {caller:?} token {}",
            request.id,
            request.verbose,
            request.fields,
            request.price,
            request.x_request_tag,
            caller.token()
        ));
        if request.id == ItemId(404) {
            return Err(items::GetItemError::NotFound(Problem { title: "gone".to_owned(), detail: None }));
        }
        Ok(Item { id: request.id, name: "Dune".to_owned(), kind: Kind::Book, tags: vec!["sf".to_owned()] })
    }

    async fn create_item(
        &self,
        request: shop::serve::items::CreateItem,
        _caller: endpointgen::serve::Bearer,
    ) -> Result<Item, std::convert::Infallible> {
        let NewItem { name, kind, tags } = request.body;
        Ok(Item { id: ItemId(7), name, kind, tags: tags.unwrap_or_default() })
    }

    async fn file(&self, request: shop::serve::items::File) -> Result<String, std::convert::Infallible> {
        Ok(format!("item {} version {}", request.id.0, request.version))
    }

    async fn by_name(&self, request: shop::serve::items::ByName) -> Result<String, std::convert::Infallible> {
        Ok(format!("named {}", request.name))
    }

    // Two groups have a `health`: each method is named after its group too.
    async fn items_health(&self) -> Result<String, std::convert::Infallible> {
        Ok("ok".to_owned())
    }

    async fn stock_health(&self) -> Result<String, std::convert::Infallible> {
        Ok("in stock".to_owned())
    }

    async fn partner_items(
        &self,
        caller: Option<endpointgen::serve::ApiKey>,
    ) -> Result<Vec<ItemId>, std::convert::Infallible> {
        Ok(match caller {
            Some(key) if key.key() == "p-key" => vec![ItemId(1), ItemId(2)],
            _ => Vec::new(),
        })
    }

    async fn export(&self) -> Result<endpointgen::serve::StreamedBody, std::convert::Infallible> {
        Ok(endpointgen::serve::StreamedBody::new("application/octet-stream", "id,name\n42,Dune\n"))
    }

    async fn admin_purge(&self, caller: endpointgen::serve::Basic) -> Result<(), std::convert::Infallible> {
        self.seen.lock().unwrap().push(format!("purge by {} {caller:?}", caller.username()));
        Ok(())
    }
}

/// Serves the shop on loopback; its base URL.
async fn serve(shop: Arc<Shop>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, shop::serve::router(shop)).await });
    format!("http://{address}")
}

#[tokio::test]
async fn typed_values_arrive_and_answers_decode() {
    let shop = Arc::new(Shop::default());
    let base = serve(Arc::clone(&shop)).await;
    let client = endpointgen::Client::new(&base).unwrap().bearer("t0ken");

    let item = client
        .send(
            items::get_item(ItemId(42))
                .verbose(true)
                .fields(vec!["name".to_owned(), "a,b".to_owned()])
                .price(Filter { min: Some(1), max: None })
                .x_request_tag("tag one"),
        )
        .await
        .unwrap();
    assert_eq!(item, Item { id: ItemId(42), name: "Dune".to_owned(), kind: Kind::Book, tags: vec!["sf".to_owned()] });
    assert_eq!(
        shop.seen.lock().unwrap().as_slice(),
        [
            "get_item ItemId(42) Some(true) Some([\"name\", \"a,b\"]) Some(Filter { min: Some(1), max: None }) Some(\"tag one\") caller Bearer(<redacted>) token t0ken"
        ]
    );

    let created = client
        .send(items::create_item(NewItem { name: "Go".to_owned(), kind: Kind::Game, tags: Some(vec!["x".to_owned()]) }))
        .await
        .unwrap();
    assert_eq!(created, Item { id: ItemId(7), name: "Go".to_owned(), kind: Kind::Game, tags: vec!["x".to_owned()] });

    let anonymous = endpointgen::Client::new(&base).unwrap();
    assert_eq!(anonymous.send(items::health()).await.unwrap(), "ok");
    assert_eq!(anonymous.send(shop::endpoints::stock::health()).await.unwrap(), "in stock");
    assert_eq!(anonymous.send(items::file(ItemId(3), 2)).await.unwrap(), "item 3 version 2");
    // A value with a comma (no list), a slash, a percent sign: one value, as sent.
    let odd = "Smith, John/50% ?#";
    assert_eq!(anonymous.send(items::by_name(odd)).await.unwrap(), format!("named {odd}"));
    assert_eq!(anonymous.send(items::partner_items()).await.unwrap(), Vec::<ItemId>::new());
    let partner = endpointgen::Client::new(&base).unwrap().api_key("p-key");
    assert_eq!(partner.send(items::partner_items()).await.unwrap(), [ItemId(1), ItemId(2)]);

    let mut export = anonymous.send(items::export()).await.unwrap();
    assert_eq!(endpointgen::ByteStream::collect(&mut export, 1024).await.unwrap(), "id,name\n42,Dune\n");

    let admin = endpointgen::Client::new(&base).unwrap().basic("root", "hunter2");
    admin.send(items::admin_purge()).await.unwrap();
    let seen = shop.seen.lock().unwrap().last().cloned().unwrap();
    assert_eq!(seen, "purge by root Basic { username: \"root\", password: \"<redacted>\" }");
}

#[tokio::test]
async fn a_documented_error_decodes_as_that_error() {
    let base = serve(Arc::new(Shop::default())).await;
    let client = endpointgen::Client::new(&base).unwrap().bearer("t");
    match client.send(items::get_item(ItemId(404))).await {
        Err(Error::Api(items::GetItemError::NotFound(problem))) => assert_eq!(problem.title, "gone"),
        other => panic!("expected NotFound, got {other:?}"),
    }
}

/// A request the generated client would not send, written by hand over
/// TCP: the answer's status, `WWW-Authenticate` and problem body.
async fn raw(
    base: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, Option<String>, serde_json::Value) {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let mut stream = tokio::net::TcpStream::connect(base.trim_start_matches("http://")).await.unwrap();
    let mut request =
        format!("{method} {path} HTTP/1.1\r\nhost: test\r\nconnection: close\r\ncontent-length: {}\r\n", body.len());
    for (name, value) in headers {
        request.extend([name, ": ", value, "\r\n"]);
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap();
    let mut lines = head.lines();
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let header = |wanted: &str| {
        head.lines().skip(1).find_map(|line| {
            let (name, value) = line.split_once(": ")?;
            name.eq_ignore_ascii_case(wanted).then(|| value.to_owned())
        })
    };
    assert_eq!(header("content-type").as_deref(), Some("application/problem+json"));
    (status, header("www-authenticate"), serde_json::from_str(body).unwrap())
}

#[tokio::test]
async fn a_bad_request_is_a_400_problem_naming_the_parameter() {
    let base = serve(Arc::new(Shop::default())).await;
    let bearer = [("authorization", "Bearer t")];
    let (status, _, body) = raw(&base, "GET", "/items/42?verbose=maybe", &bearer, "").await;
    assert_eq!(status, 400);
    assert_eq!(
        body,
        serde_json::json!({
            "type": "about:blank", "title": "Bad Request", "status": 400,
            "detail": "query parameter `verbose`: expected `true` or `false`, found `maybe`",
            "parameter": { "in": "query", "name": "verbose" },
        })
    );
    let (status, _, body) = raw(&base, "GET", "/items/forty-two", &bearer, "").await;
    assert_eq!(status, 400);
    assert_eq!(body["detail"], "path parameter `id`: expected an integer, found `forty-two`");
    let json = [("authorization", "Bearer t"), ("content-type", "application/json")];
    let (status, _, body) = raw(&base, "POST", "/items", &json, r#"{"name": "x", "kind": 3}"#).await;
    assert_eq!(status, 400);
    assert_eq!(body["detail"], "body: kind: invalid type: integer `3`, expected a string at line 1 column 23");
    assert_eq!(body["parameter"], serde_json::json!({ "in": "body", "name": "" }));
}

#[tokio::test]
async fn a_missing_credential_is_a_401_with_a_challenge() {
    let base = serve(Arc::new(Shop::default())).await;
    let (status, challenge, body) = raw(&base, "GET", "/items/42", &[], "").await;
    assert_eq!((status, challenge.as_deref()), (401, Some("Bearer")));
    assert_eq!(body["detail"], "the endpoint needs credentials of the `customer` scheme");
    let (status, challenge, _) = raw(&base, "DELETE", "/items", &[], "").await;
    assert_eq!((status, challenge.as_deref()), (401, Some("Basic")));
}

/// Every parameter style of OpenAPI's table, written by the generated
/// client and read back by the generated server: what arrives is what was
/// sent.
mod styles {
    use std::sync::{Arc, Mutex};

    use param_styles::{CreateCallBody, CreateCallBodyStatusCallbackEventItem as Event, Rgb, endpoints};

    mod param_styles {
        endpointgen::generate!("../api-spec/fixtures/valid/param_styles.yaml", server = true);
    }

    #[derive(Default)]
    struct Echo(Mutex<Vec<String>>);

    type Done = Result<(), std::convert::Infallible>;

    impl Echo {
        /// Keeps what the implementation saw; every endpoint answers
        /// nothing.
        #[expect(clippy::unnecessary_wraps, reason = "the methods' answer")]
        fn saw(&self, what: String) -> Done {
            self.0.lock().unwrap().push(what);
            Ok(())
        }
    }

    impl param_styles::serve::Api for Arc<Echo> {
        async fn form_list(&self, request: param_styles::serve::form::FormList) -> Done {
            self.saw(format!("form_list {:?}", request.color))
        }
        async fn form_object(&self, request: param_styles::serve::form::FormObject) -> Done {
            self.saw(format!("form_object {:?}", request.color))
        }
        async fn form_joined_list(&self, request: param_styles::serve::form_joined::FormJoinedList) -> Done {
            self.saw(format!("form_joined_list {:?}", request.color))
        }
        async fn form_joined_object(&self, request: param_styles::serve::form_joined::FormJoinedObject) -> Done {
            self.saw(format!("form_joined_object {:?}", request.color))
        }
        async fn space_list(&self, request: param_styles::serve::space::SpaceList) -> Done {
            self.saw(format!("space_list {:?}", request.color))
        }
        async fn space_object(&self, request: param_styles::serve::space::SpaceObject) -> Done {
            self.saw(format!("space_object {:?}", request.color))
        }
        async fn pipe_list(&self, request: param_styles::serve::pipe::PipeList) -> Done {
            self.saw(format!("pipe_list {:?}", request.color))
        }
        async fn pipe_object(&self, request: param_styles::serve::pipe::PipeObject) -> Done {
            self.saw(format!("pipe_object {:?}", request.color))
        }
        async fn deep_object(&self, request: param_styles::serve::deep::DeepObject) -> Done {
            self.saw(format!("deep_object {:?} {:?}", request.color, request.filter))
        }
        async fn headers(&self, request: param_styles::serve::headers::Headers) -> Done {
            self.saw(format!("headers {:?} {:?} {:?}", request.x_colors, request.x_rgb, request.x_rgb_exploded))
        }
        async fn cookies(&self, request: param_styles::serve::cookies::Cookies) -> Done {
            self.saw(format!("cookies {:?} {:?}", request.session, request.colors))
        }
        async fn create_call(&self, request: param_styles::serve::calls::CreateCall) -> Done {
            self.saw(format!("create_call {:?}", request.body))
        }
    }

    #[tokio::test]
    async fn every_style_the_client_writes_is_read_back() {
        let echo = Arc::new(Echo::default());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let router = param_styles::serve::router(Arc::clone(&echo));
        tokio::spawn(async move { axum::serve(listener, router).await });
        let client = endpointgen::Client::new(&format!("http://{address}")).unwrap();

        let colors = || vec!["blue".to_owned(), "black,brown".to_owned(), "a b|c".to_owned()];
        let rgb = || Rgb { r: 100, g: 200, b: 150 };
        client.send(endpoints::form::form_list(colors())).await.unwrap();
        client.send(endpoints::form::form_object(rgb())).await.unwrap();
        client.send(endpoints::form_joined::form_joined_list(colors())).await.unwrap();
        client.send(endpoints::form_joined::form_joined_object(rgb())).await.unwrap();
        client.send(endpoints::space::space_list(vec!["blue".to_owned(), "black".to_owned()])).await.unwrap();
        client.send(endpoints::space::space_object(rgb())).await.unwrap();
        client.send(endpoints::pipe::pipe_list(colors())).await.unwrap();
        client.send(endpoints::pipe::pipe_object(rgb())).await.unwrap();
        let filter = [("owner".to_owned(), "me & you".to_owned())].into_iter().collect();
        client.send(endpoints::deep::deep_object(rgb()).filter(filter)).await.unwrap();
        client.send(endpoints::headers::headers(colors()).x_rgb(rgb()).x_rgb_exploded(rgb())).await.unwrap();
        client.send(endpoints::cookies::cookies("s; 1").colors(colors())).await.unwrap();
        let body = CreateCallBody {
            to: "+1 555".to_owned(),
            status_callback_event: Some(vec![Event::Initiated, Event::Ringing]),
            tags: Some(colors()),
            filter: Some(rgb()),
            timeout: Some(30),
        };
        client.send(endpoints::calls::create_call(body)).await.unwrap();

        let colors = r#"["blue", "black,brown", "a b|c"]"#;
        let rgb = "Rgb { r: 100, g: 200, b: 150 }";
        let expected = [
            format!("form_list {colors}"),
            format!("form_object {rgb}"),
            format!("form_joined_list {colors}"),
            format!("form_joined_object {rgb}"),
            r#"space_list ["blue", "black"]"#.to_owned(),
            format!("space_object {rgb}"),
            format!("pipe_list {colors}"),
            format!("pipe_object {rgb}"),
            format!(r#"deep_object {rgb} Some({{"owner": "me & you"}})"#),
            format!("headers {colors} Some({rgb}) Some({rgb})"),
            format!(r#"cookies "s; 1" Some({colors})"#),
            format!(
                r#"create_call CreateCallBody {{ to: "+1 555", status_callback_event: Some([Initiated, Ringing]), tags: Some({colors}), filter: Some({rgb}), timeout: Some(30) }}"#
            ),
        ];
        assert_eq!(echo.0.lock().unwrap().as_slice(), expected);
    }
}
