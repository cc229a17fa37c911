//! Each client's share of a server: how many connections, or requests in flight, one client may
//! hold at once, so that a single address (or IPv6 /64) cannot take every slot there is while
//! everybody else waits.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use crate::client_address::ClientKey;

/// The slots each client holds now, up to `limit` each.
#[derive(Debug)]
pub struct ClientShares {
    limit: u32,
    held: Mutex<HashMap<ClientKey, u32>>,
}

/// One slot of a client's share; dropping it gives the slot back.
#[derive(Debug)]
pub struct Share {
    shares: Arc<ClientShares>,
    key: ClientKey,
}

impl ClientShares {
    pub fn new(limit: u32) -> Arc<Self> {
        Arc::new(Self { limit, held: Mutex::new(HashMap::new()) })
    }

    /// A slot for `key`, or `None` when it holds its whole share already.
    pub fn take(self: &Arc<Self>, key: ClientKey) -> Option<Share> {
        let mut held = self.held.lock().unwrap_or_else(PoisonError::into_inner);
        let count = held.entry(key).or_insert(0);
        if *count >= self.limit {
            return None;
        }
        *count += 1;
        Some(Share { shares: self.clone(), key })
    }

    #[cfg(test)]
    fn clients(&self) -> usize {
        self.held.lock().unwrap_or_else(PoisonError::into_inner).len()
    }
}

impl Drop for Share {
    fn drop(&mut self) {
        let mut held = self.shares.held.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = held.get_mut(&self.key) {
            *count -= 1;
            if *count == 0 {
                // Forgotten once idle, so memory follows the clients connected now.
                held.remove(&self.key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_client_holds_at_most_its_share_and_gets_slots_back() {
        let shares = ClientShares::new(2);
        let a = ClientKey::of("192.0.2.1".parse().unwrap());
        let b = ClientKey::of("192.0.2.2".parse().unwrap());
        let first = shares.take(a).unwrap();
        let _second = shares.take(a).unwrap();
        assert!(shares.take(a).is_none(), "a third slot for one client");
        assert!(shares.take(b).is_some(), "another client is not affected");
        drop(first);
        let _again = shares.take(a).expect("a slot given back is free again");
        assert_eq!(shares.clients(), 1, "clients holding nothing are forgotten");
    }
}
