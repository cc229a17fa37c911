//! Keyed rate limits (a token bucket per key, governor's GCRA) for login attempts, and the
//! per-address login limit both servers apply.

use std::hash::Hash;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::{Arc, Weak};
use std::time::Duration;

use clap::Args;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// How often keys whose bucket is full again are forgotten, so memory follows recent traffic.
const FORGET_IDLE_EVERY: Duration = Duration::from_secs(60);
/// Past this many keys, idle ones are forgotten at once rather than at the next sweep.
const MAX_TRACKED_KEYS: usize = 100_000;

/// A burst of `burst` attempts, then one more every `interval`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub burst: u32,
    pub interval: Duration,
}

/// How long a refused caller must wait before its next attempt can pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryAfter(pub Duration);

impl RetryAfter {
    /// Whole seconds, rounded up (what `Retry-After` carries): never "0", which would invite a retry now.
    pub fn seconds(self) -> u64 {
        (self.0.as_secs() + u64::from(self.0.subsec_nanos() > 0)).max(1)
    }
}

pub struct KeyedLimiter<K: Hash + Eq + Clone> {
    limiter: DefaultKeyedRateLimiter<K>,
}

impl<K: Hash + Eq + Clone + Send + Sync + 'static> KeyedLimiter<K> {
    /// A limiter whose idle keys are forgotten in the background; call it inside the tokio runtime.
    pub fn start(rate: Rate) -> Arc<Self> {
        let burst = NonZeroU32::new(rate.burst).unwrap_or(NonZeroU32::MIN);
        let quota = Quota::with_period(rate.interval.max(Duration::from_millis(1)))
            .expect("the interval is not zero")
            .allow_burst(burst);
        let limiter = Arc::new(Self { limiter: RateLimiter::keyed(quota) });
        tokio::spawn(forget_idle_keys(Arc::downgrade(&limiter)));
        limiter
    }

    /// Counts an attempt for `key`; refused when its bucket is empty.
    pub fn check(&self, key: &K) -> Result<(), RetryAfter> {
        if self.limiter.len() > MAX_TRACKED_KEYS {
            self.forget_idle();
        }
        self.limiter
            .check_key(key)
            .map_err(|not_until| RetryAfter(not_until.wait_time_from(DefaultClock::default().now())))
    }

    fn forget_idle(&self) {
        self.limiter.retain_recent();
        self.limiter.shrink_to_fit();
    }
}

async fn forget_idle_keys<K: Hash + Eq + Clone + Send + Sync + 'static>(limiter: Weak<KeyedLimiter<K>>) {
    let mut every = tokio::time::interval(FORGET_IDLE_EVERY);
    loop {
        every.tick().await;
        match limiter.upgrade() {
            Some(limiter) => limiter.forget_idle(),
            None => return,
        }
    }
}

/// Login attempts per client address, counted by the web and the api alike. A burst of 20 lets a
/// household or an office behind one address get its typos in; after that one attempt every 3 s
/// (1,200 an hour) leaves a guesser nowhere against any one account, which has its own, stricter limit.
#[derive(Debug, Clone, Args)]
pub struct LoginAddressLimit {
    /// Login attempts one client address may make in a burst before it is throttled (429).
    #[arg(long, env = "LOGIN_ADDRESS_BURST", value_name = "LOGIN_ADDRESS_BURST", default_value_t = 20,
          value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub login_address_burst: u32,

    /// Seconds after which a throttled client address may make one more login attempt.
    #[arg(long, env = "LOGIN_ADDRESS_INTERVAL_SECONDS", value_name = "LOGIN_ADDRESS_INTERVAL_SECONDS",
          default_value_t = 3, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub login_address_interval_seconds: u64,
}

impl LoginAddressLimit {
    pub fn start(&self) -> Arc<KeyedLimiter<IpAddr>> {
        KeyedLimiter::start(Rate {
            burst: self.login_address_burst,
            interval: Duration::from_secs(self.login_address_interval_seconds),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn allows_the_burst_then_refuses_each_key_on_its_own() {
        let limiter = KeyedLimiter::start(Rate { burst: 2, interval: Duration::from_secs(30) });
        assert_eq!(limiter.check(&"a"), Ok(()));
        assert_eq!(limiter.check(&"a"), Ok(()));
        let refused = limiter.check(&"a").unwrap_err();
        assert!((29..=30).contains(&refused.seconds()), "{refused:?}");
        assert_eq!(limiter.check(&"b"), Ok(()));
    }

    #[test]
    fn retry_after_rounds_up() {
        assert_eq!(RetryAfter(Duration::ZERO).seconds(), 1);
        assert_eq!(RetryAfter(Duration::from_millis(1)).seconds(), 1);
        assert_eq!(RetryAfter(Duration::from_secs(3)).seconds(), 3);
        assert_eq!(RetryAfter(Duration::from_millis(3001)).seconds(), 4);
    }
}
