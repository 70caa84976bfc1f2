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
