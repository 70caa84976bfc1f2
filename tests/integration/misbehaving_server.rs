//! A server on 127.0.0.1 that answers every request with one canned
//! response, for the ways a real server goes wrong.

use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

pub(crate) struct CannedServer {
    pub(crate) base_url: String,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for CannedServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Answers every request with `status`, `content_type` and `body`.
pub(crate) async fn answer_with(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> CannedServer {
    let body: Vec<u8> = body.into();
    let status = StatusCode::from_u16(status).unwrap();
    let app = Router::new().fallback(move || {
        let body = body.clone();
        async move { response(status, content_type, body) }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    CannedServer { base_url, task }
}

/// Waits `delay` before answering, for timeout tests.
pub(crate) async fn answer_slowly(delay: std::time::Duration) -> CannedServer {
    let app = Router::new().fallback(move || async move {
        tokio::time::sleep(delay).await;
        response(StatusCode::OK, "application/json", b"{}".to_vec())
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    CannedServer { base_url, task }
}

fn response(status: StatusCode, content_type: &'static str, body: Vec<u8>) -> Response {
    (status, [("content-type", content_type)], body).into_response()
}

/// Answers one request with a chunked body (no `Content-Length`) of
/// `chunks` chunks of `chunk_len` bytes, written by hand on the socket.
pub(crate) async fn answer_chunked(chunks: usize, chunk_len: usize) -> CannedServer {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = [0; 4096];
        let _ = socket.read(&mut request).await.unwrap();
        let mut response =
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n".to_vec();
        for _ in 0..chunks {
            response.extend_from_slice(format!("{chunk_len:x}\r\n").as_bytes());
            response.extend(std::iter::repeat_n(b' ', chunk_len));
            response.extend_from_slice(b"\r\n");
        }
        response.extend_from_slice(b"0\r\n\r\n");
        // The client may hang up once it has read enough.
        let _ = socket.write_all(&response).await;
    });
    CannedServer { base_url, task }
}

/// One request as a [`scripted`] server read it.
#[derive(Debug, Clone)]
pub(crate) struct Received {
    pub(crate) method: String,
    /// The path and query.
    pub(crate) target: String,
    /// Names in lower case.
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Received {
    /// The first value of header `name` (lower case).
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }
}

/// A server on 127.0.0.1 that answers each request with the bytes that
/// its script writes for it, as they are (so that they can be as broken as
/// a hostile server's), and keeps every request it read. One request per
/// connection.
pub(crate) struct ScriptedServer {
    pub(crate) base_url: String,
    received: std::sync::Arc<std::sync::Mutex<Vec<Received>>>,
    task: tokio::task::JoinHandle<()>,
}

impl ScriptedServer {
    /// The requests read so far.
    pub(crate) fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

impl Drop for ScriptedServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// What a script answers the `n`-th request (from 0) with: the whole
/// response, status line to body.
type Script = dyn Fn(usize, &Received) -> Vec<u8> + Send + Sync;

/// A plain-HTTP [`ScriptedServer`].
pub(crate) async fn scripted(script: impl Fn(usize, &Received) -> Vec<u8> + Send + Sync + 'static) -> ScriptedServer {
    start_scripted(std::sync::Arc::new(script), None).await
}

/// An https [`ScriptedServer`], with the test certificate of
/// `tests/data/tls` (for 127.0.0.1, signed by the CA of `ca.der`).
pub(crate) async fn scripted_tls(
    script: impl Fn(usize, &Received) -> Vec<u8> + Send + Sync + 'static,
) -> ScriptedServer {
    use tokio_rustls::rustls;
    let certificate = rustls::pki_types::CertificateDer::from(TEST_CERTIFICATE.to_vec());
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(TEST_CERTIFICATE_KEY.to_vec().into());
    let config =
        rustls::ServerConfig::builder_with_provider(std::sync::Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(vec![certificate], key)
            .unwrap();
    start_scripted(std::sync::Arc::new(script), Some(tokio_rustls::TlsAcceptor::from(std::sync::Arc::new(config))))
        .await
}

/// The CA that signed the certificate of [`scripted_tls`], for
/// `ClientBuilder::root_certificate`.
pub(crate) const TEST_CA: &[u8] = include_bytes!("../data/tls/ca.der");
const TEST_CERTIFICATE: &[u8] = include_bytes!("../data/tls/localhost.der");
const TEST_CERTIFICATE_KEY: &[u8] = include_bytes!("../data/tls/localhost.key.der");

async fn start_scripted(script: std::sync::Arc<Script>, tls: Option<tokio_rustls::TlsAcceptor>) -> ScriptedServer {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let scheme = if tls.is_some() { "https" } else { "http" };
    let base_url = format!("{scheme}://{}", listener.local_addr().unwrap());
    let received = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let kept = received.clone();
    let task = tokio::spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else { continue };
            let (script, kept, tls) = (script.clone(), kept.clone(), tls.clone());
            tokio::spawn(async move {
                match tls {
                    Some(tls) => {
                        if let Ok(stream) = tls.accept(socket).await {
                            answer_one(stream, &*script, &kept).await;
                        }
                    }
                    None => answer_one(socket, &*script, &kept).await,
                }
            });
        }
    });
    ScriptedServer { base_url, received, task }
}

/// Reads one request from `stream`, keeps it, and writes the script's answer.
async fn answer_one<S>(mut stream: S, script: &Script, kept: &std::sync::Mutex<Vec<Received>>)
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut read = Vec::new();
    let mut buffer = [0; 4096];
    let head_end = loop {
        if let Some(at) = read.windows(4).position(|window| window == b"\r\n\r\n") {
            break at;
        }
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => return,
            Ok(count) => read.extend_from_slice(&buffer[..count]),
        }
    };
    let head = String::from_utf8_lossy(&read[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next().unwrap_or_default().split(' ');
    let method = request_line.next().unwrap_or_default().to_owned();
    let target = request_line.next().unwrap_or_default().to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let length: usize =
        headers.iter().find(|(name, _)| name == "content-length").map_or(0, |(_, value)| value.parse().unwrap());
    let mut body = read[head_end + 4..].to_vec();
    while body.len() < length {
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => break,
            Ok(count) => body.extend_from_slice(&buffer[..count]),
        }
    }
    let request = Received { method, target, headers, body };
    let index = {
        let mut kept = kept.lock().unwrap();
        kept.push(request.clone());
        kept.len() - 1
    };
    let answer = script(index, &request);
    // The client may hang up once it has read what it wanted.
    let _ = stream.write_all(&answer).await;
    let _ = stream.shutdown().await;
}

/// A whole response: the status line's code and reason, the headers, a
/// `Content-Length` for the body, and `Connection: close`.
pub(crate) fn http_response(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    use std::fmt::Write as _;
    let mut response = format!("HTTP/1.1 {status}\r\n");
    for (name, value) in headers {
        write!(response, "{name}: {value}\r\n").unwrap();
    }
    write!(response, "content-length: {}\r\nconnection: close\r\n\r\n", body.len()).unwrap();
    let mut response = response.into_bytes();
    response.extend_from_slice(body);
    response
}
