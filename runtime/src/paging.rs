//! Endpoints whose responses come in pages: a stream of pages that asks for
//! the next one while the response says there is one.

#[cfg(feature = "client")]
use std::collections::HashSet;
#[cfg(feature = "client")]
use std::hash::BuildHasher as _;

#[cfg(feature = "client")]
pub use streams::{Items, Pages};

use crate::Endpoint;
#[cfg(feature = "client")]
use crate::error::{PagingError, PagingReason, RequestInfo};
#[cfg(feature = "client")]
use crate::transport::Sendable;

/// An endpoint whose response is one page of a list, and which can make the
/// request for the next page. Generated for endpoints with `paging:` in the
/// spec.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not paged",
    label = "this endpoint has no pages to go through",
    note = "only endpoints whose spec says `paging: <page parameter>` can be paged; send it with `client.send(…)`"
)]
pub trait Paged: Endpoint + Clone {
    /// One item of a page.
    type Item;

    /// The request for the page after `page`, or `None` when `page` says it
    /// is the last.
    fn next_page(&self, page: &Self::Output) -> Option<Self>;

    /// The items of a page.
    fn into_items(page: Self::Output) -> Vec<Self::Item>;
}

/// Whether an envelope's `has_next` field says another page follows; an
/// absent value says no.
#[must_use]
pub fn has_next(value: &impl HasNext) -> bool {
    value.has_next()
}

/// A `has_next` field: `bool` or `Option<bool>`.
pub trait HasNext {
    /// Whether another page follows.
    fn has_next(&self) -> bool;
}

impl HasNext for bool {
    fn has_next(&self) -> bool {
        *self
    }
}

impl HasNext for Option<bool> {
    fn has_next(&self) -> bool {
        self.unwrap_or(false)
    }
}

/// The number of the page after `page`; `None` on overflow, which ends the
/// paging.
#[must_use]
pub fn next_page_number<N: PageNumber>(page: N) -> Option<N> {
    page.next()
}

/// An integer page number.
pub trait PageNumber: Copy {
    /// The next number, unless it overflows.
    fn next(self) -> Option<Self>;
}

macro_rules! page_number {
    ($($ty:ty),*) => {$(
        impl PageNumber for $ty {
            fn next(self) -> Option<Self> {
                self.checked_add(1)
            }
        }
    )*};
}

page_number!(i32, i64, u32, u64);

/// What keeps a walk through pages finite whatever the server says: at most
/// `limit` pages, and never the same request twice (a cursor handed out
/// again would start a loop).
#[cfg(feature = "client")]
pub(crate) struct PageGuard {
    limit: u32,
    fetched: u32,
    /// Hashes of the requests sent, with keys drawn at random so that a
    /// server cannot make two of them collide on purpose.
    seen: HashSet<u64>,
    hasher: std::collections::hash_map::RandomState,
}

#[cfg(feature = "client")]
impl PageGuard {
    pub(crate) fn new(limit: u32) -> Self {
        Self { limit, fetched: 0, seen: HashSet::new(), hasher: std::collections::hash_map::RandomState::new() }
    }

    /// Before `request`, for a page, is sent: whether it may be.
    pub(crate) fn admit(&mut self, info: RequestInfo, request: &impl Sendable) -> Result<(), Box<PagingError>> {
        let stop = |reason| Err(Box::new(PagingError { request: info, pages: self.fetched, reason }));
        if self.fetched >= self.limit {
            return stop(PagingReason::TooManyPages { limit: self.limit });
        }
        let fingerprint = self.hasher.hash_one((request.method(), request.url().as_str(), request.body_bytes()));
        if !self.seen.insert(fingerprint) {
            return stop(PagingReason::Repeated);
        }
        self.fetched += 1;
        Ok(())
    }
}

#[cfg(feature = "client")]
mod streams {
    use std::collections::VecDeque;
    use std::future::Future;
    use std::pin::Pin;
    use std::task::{Context, Poll};

    use futures_core::Stream;

    use super::{PageGuard, Paged};
    use crate::auth::{Credentials, SatisfiedBy};
    use crate::{Client, Endpoint, Error};

    type PageFuture<'c, E> =
        Pin<Box<dyn Future<Output = Result<<E as Endpoint>::Output, Error<<E as Endpoint>::Error>>> + Send + 'c>>;

    /// The pages of a paged endpoint, one request each, as a [`Stream`]; made by
    /// [`Client::pages`]. It ends after the last page, or after an error.
    #[must_use = "a stream does nothing until it is polled"]
    pub struct Pages<'c, C: Credentials, E: Paged> {
        client: &'c Client<C>,
        /// The request for the page to fetch next.
        next: Option<E>,
        /// The request in flight, and the endpoint it is for.
        in_flight: Option<(E, PageFuture<'c, E>)>,
        guard: PageGuard,
    }

    impl<'c, C, E> Pages<'c, C, E>
    where
        C: Credentials,
        E: Paged + Send + Sync + 'c,
        E::Output: Send,
        E::Error: Send,
        E::Auth: SatisfiedBy<C, E>,
    {
        pub(crate) fn new(client: &'c Client<C>, first: E) -> Self {
            Self { client, next: Some(first), in_flight: None, guard: PageGuard::new(client.max_pages()) }
        }

        /// The next page, `None` after the last one.
        pub async fn next(&mut self) -> Option<Result<E::Output, Error<E::Error>>> {
            std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
        }

        /// The items of every page, as one stream.
        pub fn items(self) -> Items<'c, C, E> {
            Items { pages: self, buffered: VecDeque::new() }
        }
    }

    impl<C: Credentials, E: Paged> Unpin for Pages<'_, C, E> {}

    impl<'c, C, E> Stream for Pages<'c, C, E>
    where
        C: Credentials,
        E: Paged + Send + Sync + 'c,
        E::Output: Send,
        E::Error: Send,
        E::Auth: SatisfiedBy<C, E>,
    {
        type Item = Result<E::Output, Error<E::Error>>;

        fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            let this = self.get_mut();
            if this.in_flight.is_none() {
                let Some(endpoint) = this.next.take() else { return Poll::Ready(None) };
                let request = match this.client.build_request(&endpoint) {
                    Ok(request) => request,
                    Err(error) => return Poll::Ready(Some(Err(error))),
                };
                if let Err(error) = this.guard.admit(E::info(), &request) {
                    return Poll::Ready(Some(Err(Error::Paging(error))));
                }
                let future: PageFuture<'c, E> = Box::pin(this.client.send_request::<E>(request));
                this.in_flight = Some((endpoint, future));
            }
            let Some((endpoint, future)) = &mut this.in_flight else { return Poll::Ready(None) };
            let Poll::Ready(result) = future.as_mut().poll(cx) else { return Poll::Pending };
            if let Ok(page) = &result {
                this.next = endpoint.next_page(page);
            }
            this.in_flight = None;
            Poll::Ready(Some(result))
        }
    }

    /// The items of every page of a paged endpoint, as one [`Stream`]; made by
    /// [`Pages::items`] or [`Client::items`].
    #[must_use = "a stream does nothing until it is polled"]
    pub struct Items<'c, C: Credentials, E: Paged> {
        pages: Pages<'c, C, E>,
        buffered: VecDeque<E::Item>,
    }

    impl<C: Credentials, E: Paged> Unpin for Items<'_, C, E> {}

    impl<'c, C, E> Items<'c, C, E>
    where
        C: Credentials,
        E: Paged + Send + Sync + 'c,
        E::Output: Send,
        E::Error: Send,
        E::Auth: SatisfiedBy<C, E>,
    {
        /// The next item, `None` after the last one.
        pub async fn next(&mut self) -> Option<Result<E::Item, Error<E::Error>>> {
            std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
        }
    }

    impl<'c, C, E> Stream for Items<'c, C, E>
    where
        C: Credentials,
        E: Paged + Send + Sync + 'c,
        E::Output: Send,
        E::Error: Send,
        E::Auth: SatisfiedBy<C, E>,
    {
        type Item = Result<E::Item, Error<E::Error>>;

        fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            let this = self.get_mut();
            loop {
                if let Some(item) = this.buffered.pop_front() {
                    return Poll::Ready(Some(Ok(item)));
                }
                match Pin::new(&mut this.pages).poll_next(cx) {
                    Poll::Ready(Some(Ok(page))) => this.buffered.extend(E::into_items(page)),
                    Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                    Poll::Ready(None) => return Poll::Ready(None),
                    Poll::Pending => return Poll::Pending,
                }
            }
        }
    }

    impl<C: Credentials> Client<C> {
        /// The pages of a paged endpoint, starting with the page `first` asks
        /// for: a [`Stream`] that sends one request per page and stops after the
        /// page that says it is the last (or after an error). A server that
        /// never says so ends it with [`Error::Paging`]
        /// ([`ClientBuilder::max_pages`](crate::ClientBuilder::max_pages)).
        ///
        /// ```no_run
        /// # async fn run<E>(client: &endpointgen::Client, first: E) -> Result<(), endpointgen::Error<E::Error>>
        /// # where
        /// #     E: endpointgen::Paged<Auth = endpointgen::auth::Public> + Send + Sync,
        /// #     E::Output: Send,
        /// #     E::Error: Send,
        /// # {
        /// let mut pages = client.pages(first);
        /// while let Some(page) = pages.next().await {
        ///     let page = page?;
        ///     // …
        /// }
        /// # Ok(())
        /// # }
        /// ```
        pub fn pages<'c, E>(&'c self, first: E) -> Pages<'c, C, E>
        where
            E: Paged + Send + Sync + 'c,
            E::Output: Send,
            E::Error: Send,
            E::Auth: SatisfiedBy<C, E>,
        {
            Pages::new(self, first)
        }

        /// The items of every page of a paged endpoint, as one [`Stream`].
        pub fn items<'c, E>(&'c self, first: E) -> Items<'c, C, E>
        where
            E: Paged + Send + Sync + 'c,
            E::Output: Send,
            E::Error: Send,
            E::Auth: SatisfiedBy<C, E>,
        {
            self.pages(first).items()
        }
    }
}
