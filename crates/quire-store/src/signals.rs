//! Signals a store sends to the processes sharing it, so nodes react to each other's writes at once instead of at
//! their next poll (PostgreSQL `LISTEN/NOTIFY`; the embedded SQLite store has no other nodes and sends none).

/// Something another process (or this one) changed in the shared store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreSignal {
    /// A job became runnable (queued, or put back for another attempt): workers should claim now.
    JobQueued,
    /// An API key changed or was deleted; `digest` is the key's digest as the change feed records it (hex
    /// SHA-256 of the key as it was before the change).
    ApiKeyChanged { digest: String },
    /// The listening connection was lost and is back: signals sent in between are gone, so a subscriber should
    /// catch up from the store itself (read the key change feed, poll the queue).
    Reconnected,
}
