//! Streamed answers end to end, over loopback, against a server that
//! behaves as real APIs do: chunked downloads longer than the client's
//! timeout, JSON lines cut anywhere, an event stream that drops the
//! connection midway and resumes from `Last-Event-ID`, and hostile ones
//! (an endless line, a stall). Both clients.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use endpointgen::{Client, Error, ServerEvent};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

mod api {
    endpointgen::generate!("../api-spec/fixtures/valid/streams.yaml");
}

use api::endpoints::{files, jobs, ticks};

/// A request as the server read it: its target and headers (lowercase
/// names).
#[derive(Debug, Clone)]
struct Head {
    target: String,
    headers: Vec<(String, String)>,
}

impl Head {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }

    /// A query parameter's value, as a number.
    fn query(&self, name: &str) -> Option<u64> {
        let query = self.target.split_once('?')?.1;
        query.split('&').find_map(|pair| pair.strip_prefix(name)?.strip_prefix('=')?.parse().ok())
    }
}

/// What the server answers: a status, a content type, and a body sent in
/// chunks (`Transfer-Encoding: chunked`), `pause` apart; without `end`, the
/// connection is dropped after the last chunk, with the body unfinished.
struct Script {
    status: &'static str,
    content_type: &'static str,
    chunks: Box<dyn Iterator<Item = Vec<u8>> + Send>,
    pause: Duration,
    end: bool,
}

impl Script {
    fn ok(content_type: &'static str, chunks: impl Iterator<Item = Vec<u8>> + Send + 'static) -> Self {
        Self { status: "200 OK", content_type, chunks: Box::new(chunks), pause: Duration::ZERO, end: true }
    }
}

type Handler = dyn Fn(&Head) -> Script + Send + Sync;

struct StreamServer {
    base_url: String,
    requests: Arc<Mutex<Vec<Head>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for StreamServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl StreamServer {
    fn requests(&self) -> Vec<Head> {
        self.requests.lock().unwrap().clone()
    }
}

/// A server on 127.0.0.1 answering each request (one per connection) as
/// `handler` says.
async fn serve(handler: impl Fn(&Head) -> Script + Send + Sync + 'static) -> StreamServer {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    let requests = Arc::new(Mutex::new(Vec::new()));
    let handler: Arc<Handler> = Arc::new(handler);
    let seen = requests.clone();
    let task = tokio::spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else { return };
            tokio::spawn(answer(socket, handler.clone(), seen.clone()));
        }
    });
    StreamServer { base_url, requests, task }
}

async fn answer(mut socket: tokio::net::TcpStream, handler: Arc<Handler>, seen: Arc<Mutex<Vec<Head>>>) {
    let mut received = Vec::new();
    let mut buffer = [0_u8; 4096];
    while !received.windows(4).any(|window| window == b"\r\n\r\n") {
        match socket.read(&mut buffer).await {
            Ok(0) | Err(_) => return,
            Ok(read) => received.extend_from_slice(&buffer[..read]),
        }
    }
    let text = String::from_utf8_lossy(&received).into_owned();
    let mut lines = text.split("\r\n");
    let target = lines.next().unwrap_or_default().split(' ').nth(1).unwrap_or_default().to_owned();
    let headers = lines
        .take_while(|line| !line.is_empty())
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let head = Head { target, headers };
    let script = handler(&head);
    seen.lock().unwrap().push(head);
    let start = format!(
        "HTTP/1.1 {}\r\ncontent-type: {}\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n",
        script.status, script.content_type
    );
    // A client that stops reading ends the answer: write errors are the
    // end, not a failure.
    if socket.write_all(start.as_bytes()).await.is_err() {
        return;
    }
    for chunk in script.chunks {
        if !script.pause.is_zero() {
            tokio::time::sleep(script.pause).await;
        }
        let mut framed = format!("{:x}\r\n", chunk.len()).into_bytes();
        framed.extend_from_slice(&chunk);
        framed.extend_from_slice(b"\r\n");
        if socket.write_all(&framed).await.is_err() {
            return;
        }
    }
    if script.end {
        let _ = socket.write_all(b"0\r\n\r\n").await;
    }
    let _ = socket.shutdown().await;
}

/// The byte at `offset` of a generated download: a pattern that shows a
/// chunk lost, doubled or out of order.
fn pattern(offset: usize) -> u8 {
    u8::try_from(offset % 251).unwrap()
}

/// A download of `total` bytes in chunks of `chunk` bytes, made as it is
/// sent.
fn download(total: usize, chunk: usize) -> impl Iterator<Item = Vec<u8>> + Send {
    (0..total.div_ceil(chunk)).map(move |index| {
        let start = index * chunk;
        (start..total.min(start + chunk)).map(pattern).collect()
    })
}

fn downloads() -> impl Fn(&Head) -> Script + Send + Sync + 'static {
    |head| {
        if head.target.starts_with("/files/missing") {
            return Script {
                status: "404 Not Found",
                ..Script::ok("text/plain", std::iter::once(b"no such file".to_vec()))
            };
        }
        let size = usize::try_from(head.query("size").unwrap_or(1 << 20)).unwrap();
        Script::ok("application/octet-stream", download(size, 64 * 1024))
    }
}

fn assert_pattern(body: &[u8], total: usize) {
    assert_eq!(body.len(), total);
    assert!(body.iter().enumerate().all(|(offset, &byte)| byte == pattern(offset)), "the bytes are not as sent");
}

/// A runtime for the servers of a blocking client's test: the client must
/// not run inside it.
fn server_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap()
}

#[tokio::test]
async fn a_download_arrives_in_chunks_and_is_written_out_whole() {
    let server = serve(downloads()).await;
    let client = Client::new(&server.base_url).unwrap();
    let mut body = client.send(files::download("report.bin").size(3 << 20)).await.unwrap();
    assert_eq!(body.status(), 200);
    let first = body.chunk().await.unwrap().unwrap();
    assert!(first.len() < 3 << 20, "the body is read as it arrives, not whole");
    let mut written = first.to_vec();
    body.write_to(&mut written).await.unwrap();
    assert_pattern(&written, 3 << 20);
    assert!(body.chunk().await.is_none());
    assert_eq!(server.requests()[0].header("accept"), Some("application/octet-stream"));
}

#[tokio::test]
async fn a_download_has_no_size_limit_of_its_own() {
    let server = serve(downloads()).await;
    let client = Client::builder(&server.base_url).max_response_bytes(1024).build().unwrap();
    let mut sink = tokio::io::sink();
    let mut body = client.send(files::download("big.bin").size(5 << 20)).await.unwrap();
    assert_eq!(body.write_to(&mut sink).await.unwrap(), 5 << 20);
}

#[tokio::test]
async fn an_error_answer_is_read_whole_and_decoded_as_documented() {
    let server = serve(downloads()).await;
    let client = Client::new(&server.base_url).unwrap();
    let error = client.send(files::download("missing")).await.unwrap_err();
    match error {
        Error::Api(files::DownloadError::NotFound(body)) => {
            assert_eq!(body.to_string(), "no such file");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_download_longer_than_the_timeout_finishes_while_it_moves_and_a_stall_fails() {
    let moving = serve(|_| Script {
        pause: Duration::from_millis(60),
        ..Script::ok("application/octet-stream", download(10 * 1000, 1000))
    })
    .await;
    let client = Client::builder(&moving.base_url).timeout(Some(Duration::from_millis(300))).build().unwrap();
    let mut body = client.send(files::download("slow")).await.unwrap();
    let mut written = Vec::new();
    body.write_to(&mut written).await.unwrap();
    assert_pattern(&written, 10 * 1000);

    let stalling = serve(|_| Script {
        pause: Duration::from_secs(5),
        ..Script::ok("application/octet-stream", download(2000, 1000))
    })
    .await;
    let client = Client::builder(&stalling.base_url).timeout(Some(Duration::from_millis(200))).build().unwrap();
    // The head comes at once; the first chunk, seconds later.
    let mut body = client.send(files::download("stalls")).await.unwrap();
    let started = std::time::Instant::now();
    match body.chunk().await {
        Some(Err(Error::Transport(error))) => {
            assert!(error.timeout, "{error}");
            assert!(error.to_string().contains("no part of the body came"), "{error}");
        }
        other => panic!("{other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(body.chunk().await.is_none(), "a failed stream is over");
}

#[test]
fn the_blocking_client_streams_downloads_too() {
    let runtime = server_runtime();
    let server = runtime.block_on(serve(downloads()));
    let client = Client::builder(&server.base_url).max_response_bytes(1024).build_blocking().unwrap();
    let mut body = client.send(files::download("report.bin").size(2 << 20)).unwrap();
    let mut written = Vec::new();
    assert_eq!(body.copy_to(&mut written).unwrap(), 2 << 20);
    assert_pattern(&written, 2 << 20);
    let error = client.send(files::download("missing")).unwrap_err();
    assert!(matches!(error, Error::Api(files::DownloadError::NotFound(_))), "{error:?}");
}

/// JSON lines cut at every few bytes, with CRLF and blank lines.
fn progress_lines() -> Vec<Vec<u8>> {
    let mut text = String::new();
    for step in 1..=20 {
        text.push_str(&serde_json::json!({ "step": step, "note": format!("step {step}") }).to_string());
        text.push_str("\r\n\n");
    }
    text.into_bytes().chunks(7).map(<[u8]>::to_vec).collect()
}

#[tokio::test]
async fn json_lines_are_decoded_one_by_one_as_they_arrive() {
    let server = serve(|_| Script::ok("application/x-ndjson", progress_lines().into_iter())).await;
    let client = Client::new(&server.base_url).unwrap();
    let mut lines = client.send(jobs::progress(7)).await.unwrap();
    let mut steps = Vec::new();
    while let Some(item) = lines.item().await {
        let item = item.unwrap();
        assert_eq!(item.note, format!("step {}", item.step));
        steps.push(item.step);
    }
    assert_eq!(steps, (1..=20).collect::<Vec<_>>());
    assert_eq!(server.requests()[0].header("accept"), Some("application/x-ndjson"));
}

#[test]
fn the_blocking_client_reads_json_lines_as_an_iterator() {
    let runtime = server_runtime();
    let server = runtime.block_on(serve(|_| Script::ok("application/x-ndjson", progress_lines().into_iter())));
    let client = Client::builder(&server.base_url).build_blocking().unwrap();
    let steps: Vec<i64> = client.send(jobs::progress(7)).unwrap().map(|item| item.unwrap().step).collect();
    assert_eq!(steps, (1..=20).collect::<Vec<_>>());
}

#[tokio::test]
async fn an_endless_line_ends_the_stream_at_the_item_limit() {
    let server = serve(|_| {
        let endless =
            std::iter::once(b"{\"step\":1,\"note\":\"a\"}\n".to_vec()).chain(std::iter::repeat(vec![b' '; 4096]));
        Script::ok("application/x-ndjson", endless)
    })
    .await;
    let client = Client::builder(&server.base_url).max_response_bytes(64 * 1024).build().unwrap();
    let mut lines = client.send(jobs::progress(1)).await.unwrap();
    assert_eq!(lines.item().await.unwrap().unwrap().step, 1);
    match lines.item().await {
        Some(Err(Error::Transport(error))) => {
            assert!(error.to_string().contains("longer than the limit of 65536 bytes"), "{error}");
        }
        other => panic!("{other:?}"),
    }
    assert!(lines.item().await.is_none());
}

/// Ticks as events, from the one after `Last-Event-ID` to `count`; the
/// connection drops after `drop_after` events of one answer. Each event
/// asks for a short reconnection delay.
fn ticks_server() -> impl Fn(&Head) -> Script + Send + Sync + 'static {
    |head| {
        let count = head.query("count").unwrap_or(10);
        let drop_after = head.query("drop_after").unwrap_or(u64::MAX);
        let first = head.header("last-event-id").and_then(|id| id.parse::<u64>().ok()).map_or(1, |last| last + 1);
        let last = count.min(first.saturating_add(drop_after).saturating_sub(1));
        let events: Vec<Vec<u8>> = (first..=last)
            .map(|n| format!(": tick\nretry: 20\nid: {n}\nevent: tick\ndata: {{\"n\":\ndata: {n}}}\n\n").into_bytes())
            .collect();
        Script { end: last == count, ..Script::ok("text/event-stream", events.into_iter()) }
    }
}

#[tokio::test]
async fn an_event_stream_that_drops_midway_resumes_from_the_last_event_id() {
    let server = serve(ticks_server()).await;
    let client = Client::new(&server.base_url).unwrap();
    let endpoint = ticks::events().count(10).drop_after(4);
    let mut events = client.send(endpoint.clone()).await.unwrap();
    let mut seen: Vec<ServerEvent<api::Tick>> = Vec::new();
    let mut drops = 0;
    loop {
        while let Some(event) = events.event().await {
            match event {
                Ok(event) => seen.push(event),
                Err(Error::Transport(_)) => drops += 1,
                Err(other) => panic!("{other:?}"),
            }
        }
        if seen.last().is_some_and(|event| event.data.n == 10) {
            break;
        }
        assert!(drops < 5, "{seen:?}");
        let from = events.resume_from();
        assert_eq!(from.retry, Some(Duration::from_millis(20)));
        events = client.resume(endpoint.clone(), &from).await.unwrap();
    }
    assert_eq!(drops, 2, "dropped after 4 and after 8");
    let numbers: Vec<i64> = seen.iter().map(|event| event.data.n).collect();
    assert_eq!(numbers, (1..=10).collect::<Vec<_>>());
    let fifth = &seen[4];
    assert_eq!((fifth.event.as_str(), fifth.id.as_deref()), ("tick", Some("5")));
    let resumed_from: Vec<Option<String>> =
        server.requests().iter().map(|head| head.header("last-event-id").map(str::to_owned)).collect();
    assert_eq!(resumed_from, [None, Some("4".to_owned()), Some("8".to_owned())]);
    assert_eq!(server.requests()[0].header("accept"), Some("text/event-stream"));
}

#[test]
fn the_blocking_client_resumes_event_streams_too() {
    let runtime = server_runtime();
    let server = runtime.block_on(serve(ticks_server()));
    let client = Client::builder(&server.base_url).build_blocking().unwrap();
    let endpoint = ticks::events().count(6).drop_after(3);
    let mut events = client.send(endpoint.clone()).unwrap();
    let mut numbers = Vec::new();
    loop {
        numbers.extend(events.by_ref().map_while(Result::ok).map(|event| event.data.n));
        if numbers.last() == Some(&6) {
            break;
        }
        events = client.resume(endpoint.clone(), &events.resume_from()).unwrap();
    }
    assert_eq!(numbers, (1..=6).collect::<Vec<_>>());
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn text_events_keep_their_data_as_written() {
    let server = serve(|_| {
        let stream = "\u{feff}data: line one\r\ndata: line two\r\n\r\n: keep-alive\n\nevent: bye\ndata:  spaced\n\n";
        Script::ok("text/event-stream", stream.as_bytes().chunks(3).map(<[u8]>::to_vec).collect::<Vec<_>>().into_iter())
    })
    .await;
    let client = Client::new(&server.base_url).unwrap();
    let mut events = client.send(ticks::text()).await.unwrap();
    let first = events.event().await.unwrap().unwrap();
    assert_eq!((first.event.as_str(), first.data.as_str()), ("message", "line one\nline two"));
    let second = events.event().await.unwrap().unwrap();
    assert_eq!((second.event.as_str(), second.data.as_str()), ("bye", " spaced"));
    assert!(events.event().await.is_none());
}

#[tokio::test]
async fn an_endless_event_ends_the_stream_at_the_item_limit() {
    let server = serve(|_| {
        let endless = std::iter::once(b"data: {\"n\":1}\n\n".to_vec()).chain(std::iter::repeat(b"data: 0\n".to_vec()));
        Script::ok("text/event-stream", endless)
    })
    .await;
    let client = Client::builder(&server.base_url).max_response_bytes(4096).build().unwrap();
    let mut events = client.send(ticks::events()).await.unwrap();
    assert_eq!(events.event().await.unwrap().unwrap().data.n, 1);
    match events.event().await {
        Some(Err(Error::Transport(error))) => {
            assert!(error.to_string().contains("larger than the limit of 4096 bytes"), "{error}");
        }
        other => panic!("{other:?}"),
    }
    assert!(events.event().await.is_none());
}

/// The size of the download whose peak memory is measured, set for the
/// child process that measures it.
const MEMORY_CHILD: &str = "ENDPOINTGEN_STREAMS_MEMORY_CHILD";

/// A download of 256 MiB, made as it is sent, keeps the client's peak
/// resident memory under 64 MiB: measured in a child process of its own
/// (this test binary again), whose `VmHWM` counts nothing of the other
/// tests. The benchmark (`benches/benches/stream.rs`) does the same with
/// 1 GiB, beside plain reqwest.
#[test]
fn a_256_mib_download_keeps_peak_memory_under_64_mib() {
    let bytes: u64 = 256 << 20;
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["streams::download_in_a_child_process", "--exact", "--ignored", "--nocapture", "--test-threads=1"])
        .env(MEMORY_CHILD, bytes.to_string())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    // The test harness may print the child's line after its own
    // `test … ... ` on the same line.
    let line = stdout
        .lines()
        .find_map(|line| Some(&line[line.find("downloaded ")? + "downloaded ".len()..]))
        .unwrap_or_else(|| panic!("{stdout}"));
    let numbers: Vec<u64> = line.split_whitespace().map(|word| word.parse().unwrap()).collect();
    let [received, peak_kib] = numbers[..] else { panic!("{line}") };
    assert_eq!(received, bytes);
    assert!(peak_kib < 64 * 1024, "peak RSS {peak_kib} KiB");
}

#[test]
#[ignore = "the child process of `a_256_mib_download_keeps_peak_memory_under_64_mib`"]
fn download_in_a_child_process() {
    let Some(bytes) = std::env::var(MEMORY_CHILD).ok().and_then(|text| text.parse::<usize>().ok()) else { return };
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let received = runtime.block_on(async {
        let server = serve(move |_| {
            // One block sent again and again: made as it is sent.
            let block = vec![0x5a_u8; 256 * 1024];
            Script::ok("application/octet-stream", std::iter::repeat_n(block, bytes / (256 * 1024)))
        })
        .await;
        let client = Client::new(&server.base_url).unwrap();
        let mut body = client.send(files::download("big.bin")).await.unwrap();
        body.write_to(&mut tokio::io::sink()).await.unwrap()
    });
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let peak_kib = status.lines().find_map(|line| line.strip_prefix("VmHWM:")).unwrap().trim().trim_end_matches(" kB");
    println!("\ndownloaded {received} {peak_kib}");
}
