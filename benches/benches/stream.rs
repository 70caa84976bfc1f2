//! Streamed downloads: a generated endpoint's `ByteStream` against plain
//! reqwest reading the same body, from the same loopback server, in the
//! same run (issue 17). The body (1 GiB by default) is made as it is sent,
//! never stored; each client writes it to `tokio::io::sink()`.
//!
//! Each measurement runs in a child process of its own (this program again,
//! with `STREAM_BENCH_CHILD` set), so that its peak resident memory
//! (`VmHWM` of `/proc/self/status`) is its own. The runs of the two clients
//! alternate. `cargo bench -p endpointgen-benches --bench stream` prints a
//! Markdown table; `scripts/bench-streams.sh` writes it into
//! docs/benchmarks.md.
//!
//! `STREAM_BENCH_BYTES` sets the size, `STREAM_BENCH_ROUNDS` the runs of
//! each client (default 9).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "a benchmark fails by panicking")]

use std::process::Command;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

mod api {
    endpointgen::generate!(
        yaml = r#"
spec: 1
name: downloads
endpoints:
  download:
    method: GET
    path: /download
    response: { type: bytes, stream: true, content: application/octet-stream }
"#
    );
}

const CLIENTS: [&str; 2] = ["endpointgen", "reqwest"];

fn main() {
    // `cargo bench` passes `--bench`; nothing to filter here.
    let bytes: u64 = std::env::var("STREAM_BENCH_BYTES").ok().and_then(|text| text.parse().ok()).unwrap_or(1 << 30);
    if let Ok(client) = std::env::var("STREAM_BENCH_CHILD") {
        child(&client, bytes);
        return;
    }
    let rounds: usize = std::env::var("STREAM_BENCH_ROUNDS").ok().and_then(|text| text.parse().ok()).unwrap_or(9);
    let mut results: Vec<Vec<(f64, f64)>> = vec![Vec::new(); CLIENTS.len()];
    for _ in 0..rounds {
        for (index, client) in CLIENTS.iter().enumerate() {
            let output = Command::new(std::env::current_exe().unwrap())
                .env("STREAM_BENCH_CHILD", client)
                .env("STREAM_BENCH_BYTES", bytes.to_string())
                .output()
                .unwrap();
            assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
            let line = String::from_utf8(output.stdout).unwrap();
            let numbers: Vec<f64> = line.split_whitespace().map(|word| word.parse().unwrap()).collect();
            let [seconds, peak_kib] = numbers[..] else { panic!("{line}") };
            #[allow(clippy::cast_precision_loss, reason = "a size in MiB")]
            let mib = bytes as f64 / f64::from(1 << 20);
            results[index].push((mib / seconds, peak_kib / 1024.0));
        }
    }
    let median = |mut values: Vec<f64>| {
        values.sort_by(f64::total_cmp);
        values[values.len() / 2]
    };
    println!("| client | throughput (MiB/s, median of {rounds}) | peak RSS (MiB, largest of {rounds}) |");
    println!("| --- | --- | --- |");
    for (client, runs) in CLIENTS.iter().zip(&results) {
        let peak = runs.iter().map(|run| run.1).fold(0.0, f64::max);
        let throughput = median(runs.iter().map(|run| run.0).collect());
        println!("| {client} | {throughput:.0} | {peak:.1} |");
    }
    // Each round's two runs are side by side: the ratio of each round,
    // then their median, moves less with the machine's load than the
    // ratio of the medians.
    let ratios: Vec<f64> = results[0].iter().zip(&results[1]).map(|(ours, theirs)| ours.0 / theirs.0).collect();
    let (low, high) = ratios.iter().fold((f64::MAX, 0.0_f64), |(low, high), &ratio| (low.min(ratio), high.max(ratio)));
    println!();
    println!(
        "endpointgen / reqwest throughput: {:.2}×, the median of the {rounds} rounds' ratios ({low:.2}× to {high:.2}×; {} MiB per run)",
        median(ratios.clone()),
        bytes >> 20
    );
}

/// One download by `client`; prints its time in seconds and the process's
/// peak RSS in KiB.
fn child(client: &str, bytes: u64) {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let seconds = runtime.block_on(async {
        let base_url = serve(bytes).await;
        let started = Instant::now();
        let received = match client {
            "endpointgen" => {
                let client = endpointgen::Client::new(&base_url).unwrap();
                let mut body = client.send(api::endpoints::download()).await.unwrap();
                body.write_to(&mut tokio::io::sink()).await.unwrap()
            }
            _ => {
                // reqwest is built without a default crypto provider; the
                // download is plain HTTP, but building the client needs one.
                let _ = rustls::crypto::ring::default_provider().install_default();
                let client = reqwest::Client::builder().build().unwrap();
                let mut response = client.get(format!("{base_url}/download")).send().await.unwrap();
                let mut sink = tokio::io::sink();
                let mut received = 0_u64;
                while let Some(chunk) = response.chunk().await.unwrap() {
                    sink.write_all(&chunk).await.unwrap();
                    received += chunk.len() as u64;
                }
                received
            }
        };
        assert_eq!(received, bytes);
        started.elapsed()
    });
    println!("{} {}", seconds.as_secs_f64(), peak_rss_kib());
}

/// `VmHWM` of `/proc/self/status`: the peak resident set size.
fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|line| line.starts_with("VmHWM:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// A server on 127.0.0.1 answering every request with `bytes` bytes, made
/// as they are sent (one block of 256 KiB, written again and again).
async fn serve(bytes: u64) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        loop {
            let (mut socket, _) = listener.accept().await.unwrap();
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buffer = [0_u8; 4096];
                while !head.windows(4).any(|window| window == b"\r\n\r\n") {
                    let read = socket.read(&mut buffer).await.unwrap();
                    if read == 0 {
                        return;
                    }
                    head.extend_from_slice(&buffer[..read]);
                }
                let start = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: {bytes}\r\n\r\n"
                );
                socket.write_all(start.as_bytes()).await.unwrap();
                let block = vec![0x5a_u8; 256 * 1024];
                let mut left = bytes;
                while left > 0 {
                    let part = usize::try_from(left.min(block.len() as u64)).unwrap();
                    if socket.write_all(&block[..part]).await.is_err() {
                        return;
                    }
                    left -= part as u64;
                }
            });
        }
    });
    // Let the listener's task start.
    tokio::time::sleep(Duration::from_millis(10)).await;
    base_url
}
