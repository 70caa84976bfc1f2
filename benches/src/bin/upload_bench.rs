//! Uploads of a large body generated on the fly (never stored), through a
//! generated endpoint's multipart body (`FilePart::from_stream`) and through
//! plain reqwest sending the same number of bytes as a streamed body, to a
//! server on 127.0.0.1 that reads and drops them. Each upload runs in a
//! process of its own, which reports its time and its peak resident memory
//! (`VmHWM` of `/proc/self/status`): the client's alone, since the server is
//! this process.
//!
//! `cargo run --release -p endpointgen-benches --bin upload-bench -- [MiB] [runs]`
//! (default 1024 MiB, 3 runs of each, alternating); `scripts/upload-bench.sh`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "a benchmark stops at the first failure")]

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;

use bytes::Bytes;
use endpointgen::FilePart;
use tokio::io::{AsyncBufReadExt as _, AsyncReadExt as _, AsyncWriteExt as _, BufReader};

mod spec {
    endpointgen::generate!("../api-spec/fixtures/valid/multipart.yaml");
}

/// The size of each chunk the body is generated in.
const CHUNK: usize = 64 * 1024;

/// `chunks` chunks of [`CHUNK`] bytes, made as they are read.
struct Generated {
    left: u64,
    chunk: Bytes,
}

impl Generated {
    fn new(bytes: u64) -> Self {
        Self { left: bytes / CHUNK as u64, chunk: Bytes::from(vec![b'x'; CHUNK]) }
    }
}

impl futures_core::Stream for Generated {
    type Item = std::io::Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.left == 0 {
            return Poll::Ready(None);
        }
        self.left -= 1;
        Poll::Ready(Some(Ok(self.chunk.clone())))
    }
}

/// The same bytes as an `http_body::Body` of known length, for plain reqwest.
struct GeneratedBody(Generated, u64);

impl http_body::Body for GeneratedBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, std::io::Error>>> {
        let this = self.get_mut();
        futures_core::Stream::poll_next(Pin::new(&mut this.0), cx)
            .map(|chunk| chunk.map(|chunk| chunk.map(http_body::Frame::data)))
    }

    fn size_hint(&self) -> http_body::SizeHint {
        http_body::SizeHint::with_exact(self.1)
    }
}

/// A server that reads each request's `Content-Length` bytes, drops them,
/// and answers `null`.
async fn sink(listener: tokio::net::TcpListener) {
    loop {
        let (stream, _) = listener.accept().await.unwrap();
        tokio::spawn(async move {
            let mut reader = BufReader::with_capacity(256 * 1024, stream);
            loop {
                let mut length = 0_u64;
                let mut line = String::new();
                loop {
                    line.clear();
                    if reader.read_line(&mut line).await.unwrap_or(0) == 0 {
                        return;
                    }
                    if line == "\r\n" {
                        break;
                    }
                    if let Some((name, value)) = line.split_once(':')
                        && name.eq_ignore_ascii_case("content-length")
                    {
                        length = value.trim().parse().unwrap();
                    }
                }
                let mut buffer = vec![0; 256 * 1024];
                while length > 0 {
                    let want = usize::try_from(length.min(buffer.len() as u64)).unwrap();
                    let read = reader.read(&mut buffer[..want]).await.unwrap();
                    assert!(read > 0, "the body ended early");
                    length -= read as u64;
                }
                let answer = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 4\r\n\r\nnull";
                reader.get_mut().write_all(answer).await.unwrap();
            }
        });
    }
}

fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|line| line.starts_with("VmHWM:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// One upload in this process: prints its seconds and peak RSS.
fn client(mode: &str, bytes: u64, url: &str) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let seconds = runtime.block_on(async {
        let started = Instant::now();
        match mode {
            "endpointgen" => {
                let client = endpointgen::Client::builder(url).timeout(None).deadline(None).build().unwrap();
                let form = spec::UploadForm {
                    attributes: spec::Attributes { name: "big.bin".into(), parent: None },
                    file: FilePart::from_stream(Generated::new(bytes), Some(bytes)).file_name("big.bin"),
                    note: None,
                    tags: None,
                    visibility: None,
                    thumbnails: None,
                    preview: None,
                    extra: None,
                };
                client.send(spec::endpoints::files::upload(form)).await.unwrap();
            }
            "reqwest" => {
                // The workspace builds reqwest without a TLS provider of its
                // own; this plain client needs one to be built at all.
                let _ = rustls::crypto::ring::default_provider().install_default();
                let client = reqwest::Client::builder().build().unwrap();
                let body = reqwest::Body::wrap(GeneratedBody(Generated::new(bytes), bytes));
                let response = client.post(format!("{url}/files/content")).body(body).send().await.unwrap();
                assert!(response.status().is_success());
                response.bytes().await.unwrap();
            }
            other => panic!("unknown mode {other}"),
        }
        started.elapsed().as_secs_f64()
    });
    println!("{seconds} {}", peak_rss_kib());
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("client") {
        client(&args[2], args[3].parse().unwrap(), &args[4]);
        return;
    }
    let mebibytes: u64 = args.get(1).map_or(1024, |text| text.parse().unwrap());
    let runs: usize = args.get(2).map_or(3, |text| text.parse().unwrap());
    let bytes = mebibytes * 1024 * 1024;
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    runtime.spawn(sink(listener));
    let exe = std::env::current_exe().unwrap();
    let mut results: Vec<(&str, Vec<f64>, Vec<f64>)> =
        vec![("endpointgen", vec![], vec![]), ("reqwest", vec![], vec![])];
    for _ in 0..runs {
        for (mode, seconds, peaks) in &mut results {
            let output =
                std::process::Command::new(&exe).args(["client", mode, &bytes.to_string(), &url]).output().unwrap();
            assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
            let text = String::from_utf8(output.stdout).unwrap();
            let mut fields = text.split_whitespace();
            seconds.push(fields.next().unwrap().parse().unwrap());
            peaks.push(fields.next().unwrap().parse::<f64>().unwrap() / 1024.0);
        }
    }
    #[allow(clippy::cast_precision_loss, reason = "a size in MiB for a table")]
    let mib = bytes as f64 / (1024.0 * 1024.0);
    println!("| client | median time | throughput | peak RSS of the client (max of {runs}) |");
    println!("| --- | --- | --- | --- |");
    for (mode, seconds, peaks) in &results {
        let time = median(seconds.clone());
        let peak = peaks.iter().copied().fold(0.0, f64::max);
        println!("| {mode} | {time:.2} s | {:.0} MiB/s | {peak:.1} MiB |", mib / time);
    }
    let ratio = median(results[1].1.clone()) / median(results[0].1.clone());
    println!("\nendpointgen's throughput / reqwest's: {ratio:.2}×");
}
