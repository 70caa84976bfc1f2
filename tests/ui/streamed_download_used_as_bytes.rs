// A streamed download is a `ByteStream`, read as it arrives, not the whole
// body as `Bytes`: code written for a buffered answer does not compile.
mod api {
    endpointgen::generate!(yaml = "
spec: 1
name: files
endpoints:
  files:
    download:
      method: GET
      path: /files/backup
      response: { type: bytes, stream: true }
");
}

async fn backup(client: &endpointgen::Client) -> endpointgen::Bytes {
    client.send(api::endpoints::files::download()).await.unwrap()
}

fn main() {
    drop(backup);
}
