// A multipart body's required part (`file`, without `?`) is a field of its
// struct: the form cannot be made without it, and the endpoint cannot be
// made without the form. Its struct has no JSON form: it cannot be sent as
// a JSON value either.
mod uploads {
    endpointgen::generate!("specs/valid/multipart.yaml");
}

use uploads::{AvatarForm, UploadForm};

fn main() {
    let _ = AvatarForm {};
    let _ = uploads::endpoints::files::upload();
    let form = AvatarForm { pic: endpointgen::FilePart::from_bytes(vec![1]) };
    let _ = endpointgen::__private::serde_json::to_vec(&form);
    let _: Option<UploadForm> = None;
}
