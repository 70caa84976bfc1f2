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
