// A server implementation must answer every endpoint of the spec: one that
// leaves `delete_note` out does not compile, and the message names it.
mod notes {
    endpointgen::generate!(
        yaml = r#"
spec: 1
name: notes
types:
  NoteId: { newtype: i64 }
endpoints:
  notes:
    get_note: { method: GET, path: "/notes/{id}", path_params: { id: NoteId }, response: string }
    delete_note: { method: DELETE, path: "/notes/{id}", path_params: { id: NoteId } }
"#,
        server = true
    );
}

struct Notes;

impl notes::serve::Api for Notes {
    async fn get_note(&self, request: notes::serve::notes::GetNote) -> Result<String, std::convert::Infallible> {
        Ok(format!("note {}", request.id.0))
    }
}

fn main() {
    let _ = notes::serve::router(Notes);
}
