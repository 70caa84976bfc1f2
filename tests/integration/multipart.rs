//! Multipart bodies end to end: the fixture `multipart.yaml` sent by both
//! clients to a server on 127.0.0.1 that reads the parts with multer (a
//! parser that is not ours) and answers what it read; file parts from
//! bytes, a path, a stream and a reader; `to_request`; and the failures
//! before and while sending.

use std::pin::Pin;
use std::task::{Context, Poll};

use axum::Json;
use axum::extract::{DefaultBodyLimit, Multipart};
use axum::http::HeaderMap;
use axum::routing::{post, put};
use endpointgen::{Bytes, Client, Endpoint as _, Error, FilePart};
use serde_json::{Value, json};

mod spec {
    endpointgen::generate!("../api-spec/fixtures/valid/multipart.yaml");
}

use spec::endpoints::files;
use spec::{Attributes, AvatarForm, Parent, UploadForm, Visibility};

/// Each part as the server read it: name, file name, media type, content
/// (as text), in order; and the request's length headers.
async fn echo(headers: HeaderMap, mut multipart: Multipart) -> Json<Value> {
    let mut parts = Vec::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(error) => return Json(json!({ "error": error.to_string() })),
        };
        let name = field.name().map(str::to_owned);
        let file_name = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(str::to_owned);
        let content = match field.bytes().await {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(error) => return Json(json!({ "error": error.to_string() })),
        };
        parts.push(json!({ "name": name, "file_name": file_name, "content_type": content_type, "content": content }));
    }
    let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok()).map(str::to_owned);
    Json(json!({
        "parts": parts,
        "content_length": header("content-length"),
        "transfer_encoding": header("transfer-encoding"),
    }))
}

/// The upload server: its base URL. It runs until the test's runtime ends.
async fn server() -> String {
    let app = axum::Router::new()
        .route("/files/content", post(echo))
        .route("/users/{id}/avatar", put(|| async { axum::http::StatusCode::NO_CONTENT }))
        .layer(DefaultBodyLimit::disable());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{address}")
}

/// A stream of `chunks` chunks of `chunk` bytes each, made as it is read.
pub(crate) struct Chunks {
    pub(crate) left: usize,
    pub(crate) chunk: Bytes,
}

impl futures_core::Stream for Chunks {
    type Item = std::io::Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.left == 0 {
            return Poll::Ready(None);
        }
        self.left -= 1;
        Poll::Ready(Some(Ok(self.chunk.clone())))
    }
}

fn temp_file(name: &str, content: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("endpointgen-uploads-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

fn form(file: FilePart) -> UploadForm {
    UploadForm {
        attributes: Attributes { name: "report.csv".into(), parent: Some(Parent { id: "0".into() }) },
        file,
        note: Some("**hi**".into()),
        tags: Some(vec!["a".into(), "b c".into()]),
        visibility: Some(Visibility::Team),
        thumbnails: None,
        preview: None,
        extra: None,
    }
}

fn parts(answer: &Value) -> Vec<(String, Option<String>, Option<String>, String)> {
    assert!(answer.get("error").is_none(), "{answer}");
    answer["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|part| {
            let text = |key: &str| part[key].as_str().map(str::to_owned);
            (text("name").unwrap(), text("file_name"), text("content_type"), text("content").unwrap())
        })
        .collect()
}

fn part(
    name: &str,
    file_name: Option<&str>,
    content_type: Option<&str>,
    content: &str,
) -> (String, Option<String>, Option<String>, String) {
    (name.to_owned(), file_name.map(str::to_owned), content_type.map(str::to_owned), content.to_owned())
}

#[tokio::test]
async fn every_kind_of_part_arrives_in_the_order_of_the_fields() {
    let base = server().await;
    let client = Client::new(&base).unwrap();
    let thumbnail = temp_file("thumb.txt", "from a file");
    let mut upload = form(FilePart::from_bytes("a,b\n1,2\n").file_name("report.csv").content_type("text/csv"));
    upload.thumbnails = Some(vec![FilePart::from_path(&thumbnail), FilePart::from_bytes("second")]);
    upload.preview = Some(FilePart::from_stream(Chunks { left: 3, chunk: Bytes::from_static(b"png") }, Some(9)));
    upload.extra = Some([("k".to_owned(), "v".to_owned())].into());
    let answer = client.send(files::upload(upload)).await.unwrap();
    assert_eq!(
        parts(&answer),
        [
            part("attributes", None, Some("application/json"), r#"{"name":"report.csv","parent":{"id":"0"}}"#),
            part("file", Some("report.csv"), Some("text/csv"), "a,b\n1,2\n"),
            part("note", None, Some("text/markdown"), "**hi**"),
            part("tags", None, None, "a"),
            part("tags", None, None, "b c"),
            part("visibility", None, None, "team"),
            part("thumbnails", Some("thumb.txt"), Some("application/octet-stream"), "from a file"),
            part("thumbnails", Some("thumbnails"), Some("application/octet-stream"), "second"),
            // The spec's `encoding` gives the preview its media type.
            part("preview", Some("preview"), Some("image/png"), "pngpngpng"),
            part("extra", None, Some("application/json"), r#"{"k":"v"}"#),
        ]
    );
    // Every part's length is known: the body has a `Content-Length`.
    assert!(answer["content_length"].as_str().is_some(), "{answer}");
    assert!(answer["transfer_encoding"].is_null(), "{answer}");
}

#[tokio::test]
async fn a_stream_of_unknown_length_is_sent_chunked() {
    let base = server().await;
    let client = Client::new(&base).unwrap();
    let upload = form(FilePart::from_stream(Chunks { left: 4, chunk: Bytes::from_static(b"ab") }, None));
    let answer = client.send(files::upload(upload)).await.unwrap();
    assert_eq!(parts(&answer)[1], part("file", Some("file"), Some("application/octet-stream"), "abababab"));
    assert_eq!(answer["transfer_encoding"], "chunked", "{answer}");
}

#[test]
fn the_blocking_client_sends_files_and_readers() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let base = runtime.block_on(server());
    let client = Client::builder(&base).build_blocking().unwrap();
    let path = temp_file("blocking.txt", "file content");
    let mut upload = form(FilePart::from_path(&path).content_type("text/plain"));
    upload.preview = Some(FilePart::from_reader(std::io::Cursor::new(b"from a reader".to_vec()), None));
    let answer = client.send(files::upload(upload)).unwrap();
    let parts = parts(&answer);
    assert_eq!(parts[1], part("file", Some("blocking.txt"), Some("text/plain"), "file content"));
    assert_eq!(parts[6], part("preview", Some("preview"), Some("image/png"), "from a reader"));
    // A reader of unknown length: chunked.
    assert_eq!(answer["transfer_encoding"], "chunked", "{answer}");

    // An optional multipart body; a required file part is a constructor
    // argument of the form, so it cannot be left out.
    client.send(files::avatar(7).body(AvatarForm { pic: FilePart::from_bytes(vec![1, 2, 3]) })).unwrap();
    client.send(files::avatar(7)).unwrap();
}

#[tokio::test]
async fn a_part_that_cannot_be_sent_fails_before_anything_is_sent() {
    let base = server().await;
    let client = Client::new(&base).unwrap();
    let missing = client.send(files::upload(form(FilePart::from_path("/nonexistent/endpointgen.bin")))).await;
    let Err(Error::InvalidRequest(error)) = missing else { panic!("{missing:?}") };
    assert!(error.to_string().contains("the file part `file` cannot read /nonexistent/endpointgen.bin"), "{error}");

    // A reader is for the blocking client, a stream for the async one.
    let reader = client.send(files::upload(form(FilePart::from_reader(std::io::empty(), None)))).await;
    assert!(
        matches!(&reader, Err(Error::InvalidRequest(error)) if error.to_string().contains("blocking client")),
        "{reader:?}"
    );

    // A stream is read once: a copy of the endpoint cannot send it again.
    let endpoint =
        files::upload(form(FilePart::from_stream(Chunks { left: 1, chunk: Bytes::from_static(b"x") }, Some(1))));
    client.send(endpoint.clone()).await.unwrap();
    let again = client.send(endpoint).await;
    assert!(
        matches!(&again, Err(Error::InvalidRequest(error)) if error.to_string().contains("cannot be sent again")),
        "{again:?}"
    );
}

#[tokio::test]
async fn a_stream_shorter_than_it_said_fails_the_request() {
    let base = server().await;
    let client = Client::new(&base).unwrap();
    let short = FilePart::from_stream(Chunks { left: 2, chunk: Bytes::from_static(b"abc") }, Some(10));
    let result = client.send(files::upload(form(short))).await;
    assert!(matches!(result, Err(Error::Transport(_))), "{result:?}");
}

#[test]
fn to_request_holds_bytes_and_refuses_what_is_read_as_it_is_sent() {
    let base = endpointgen::BaseUrl::parse("https://api.example.com").unwrap();
    let request = files::upload(form(FilePart::from_bytes("x"))).to_request(&base).unwrap();
    let content_type = request.headers()["content-type"].to_str().unwrap().to_owned();
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").unwrap();
    let body = String::from_utf8(request.into_body()).unwrap();
    assert!(
        body.starts_with(&format!("--{boundary}\r\nContent-Disposition: form-data; name=\"attributes\"\r\n")),
        "{body}"
    );
    assert!(body.ends_with(&format!("--{boundary}--\r\n")), "{body}");

    let from_path = files::upload(form(FilePart::from_path("/tmp/any"))).to_request(&base);
    let Err(Error::InvalidRequest(error)) = from_path else { panic!("{from_path:?}") };
    assert!(error.to_string().contains("send the endpoint with a client"), "{error}");
}

/// Reads a request's body and drops it, answering how many bytes it had.
async fn count(body: axum::body::Body) -> Json<u64> {
    let mut body = std::pin::pin!(body);
    let mut total = 0_u64;
    while let Some(frame) = std::future::poll_fn(|cx| http_body::Body::poll_frame(body.as_mut(), cx)).await {
        if let Ok(data) = frame.unwrap().into_data() {
            total += data.len() as u64;
        }
    }
    Json(total)
}

const UPLOAD_CHILD_URL: &str = "ENDPOINTGEN_UPLOAD_CHILD_URL";
const UPLOAD_MIB: u64 = 256;

/// 256 MiB generated as it is sent, through a client in a process of its
/// own (this test binary, running [`upload_child`]), to a server here that
/// counts and drops the bytes: the child's peak resident memory stays far
/// under 64 MiB. The 1 GiB run, beside plain reqwest, is
/// `scripts/upload-bench.sh` (docs/benchmarks.md).
#[test]
fn a_large_upload_is_streamed_in_bounded_memory() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let base = runtime.block_on(async {
        let app = axum::Router::new().route("/files/content", post(count)).layer(DefaultBodyLimit::disable());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await });
        format!("http://{address}")
    });
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["multipart::upload_child", "--exact", "--ignored", "--nocapture", "--test-threads=1"])
        .env(UPLOAD_CHILD_URL, &base)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    // The line may start with the test harness's `test … ` of the child.
    let line = stdout.lines().find_map(|line| line.split_once("upload: ")).unwrap_or_else(|| panic!("{stdout}")).1;
    let mut fields = line.split_whitespace();
    let (sent, peak_in_kib) = (fields.next().unwrap(), fields.next().unwrap());
    // The server counted the whole multipart body: the file and the rest.
    assert!(sent.parse::<u64>().unwrap() > UPLOAD_MIB * 1024 * 1024, "{line}");
    let peak_mib = peak_in_kib.parse::<u64>().unwrap() / 1024;
    assert!(peak_mib < 64, "the client's peak RSS was {peak_mib} MiB for a {UPLOAD_MIB} MiB upload");
}

/// The client of [`a_large_upload_is_streamed_in_bounded_memory`], run by
/// it in a child process (ignored otherwise): prints what the server
/// counted and its own peak RSS (`VmHWM`, KiB).
#[test]
#[ignore = "run in a child process by a_large_upload_is_streamed_in_bounded_memory"]
fn upload_child() {
    let base = std::env::var(UPLOAD_CHILD_URL).expect("run by a_large_upload_is_streamed_in_bounded_memory");
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let counted = runtime.block_on(async {
        let client = Client::builder(&base).timeout(None).deadline(None).build().unwrap();
        let bytes = UPLOAD_MIB * 1024 * 1024;
        let chunk = Bytes::from(vec![b'x'; 64 * 1024]);
        let stream = Chunks { left: usize::try_from(bytes / chunk.len() as u64).unwrap(), chunk };
        let answer = client.send(files::upload(form(FilePart::from_stream(stream, Some(bytes))))).await.unwrap();
        answer.as_u64().unwrap()
    });
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let peak = status.lines().find_map(|line| line.strip_prefix("VmHWM:")).unwrap().trim().trim_end_matches(" kB");
    println!("upload: {counted} {peak}");
}

/// A throttled upload (a PUT, which is retried) is sent again when its
/// parts can be read again (bytes, files), and not when a part is a
/// stream, which was read once: the throttled answer is then the answer.
#[tokio::test]
async fn a_throttled_upload_is_sent_again_only_when_its_parts_can_be_read_again() {
    use crate::misbehaving_server::{http_response, scripted};
    let server = scripted(|_, _| http_response("429 Too Many Requests", &[("retry-after", "0")], b"")).await;
    let client =
        Client::builder(&server.base_url).retry(endpointgen::RetryPolicy::new().max_retries(2)).build().unwrap();
    let avatar = |pic: FilePart| files::avatar(7).body(AvatarForm { pic });

    let again = client.send(avatar(FilePart::from_bytes("in memory"))).await;
    assert!(matches!(&again, Err(Error::UnexpectedStatus(status)) if status.status == 429), "{again:?}");
    assert_eq!(server.received().len(), 3, "the first attempt and two retries");
    assert!(server.received().iter().all(|request| String::from_utf8_lossy(&request.body).contains("in memory")));

    let stream = FilePart::from_stream(Chunks { left: 1, chunk: Bytes::from_static(b"once") }, Some(4));
    let once = client.send(avatar(stream)).await;
    assert!(matches!(&once, Err(Error::UnexpectedStatus(status)) if status.status == 429), "{once:?}");
    assert_eq!(server.received().len(), 4, "a stream is sent once");
}
