/// A response wrapper that says in its body whether the call succeeded, such
/// as the portal API's `ActionConfirmation`.
///
/// Generated for every envelope in a spec. When [`succeeded`](Self::succeeded)
/// is false, sending the endpoint ends in
/// [`Error::Rejected`](crate::Error::Rejected), even on HTTP 200.
pub trait Envelope {
    /// The JSON names of the fields that carry the outcome.
    const FIELDS: EnvelopeFields;

    /// Whether the body reports success.
    fn succeeded(&self) -> bool;
}

/// The JSON names of an envelope's outcome fields, used to describe a failure
/// even when the rest of the body does not decode (a failed call often has a
/// `null` where its payload would be).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnvelopeFields {
    /// The boolean success flag, such as `WasSuccessful`.
    pub success: &'static str,
    /// The status mirrored in the body, such as `Status`.
    pub status: Option<&'static str>,
    /// The human-readable message, such as `Message`.
    pub message: Option<&'static str>,
    /// The list or object of errors, such as `Errors`.
    pub errors: Option<&'static str>,
}
