//! Rate limits: a token bucket per key (a client address for reads by id;
//! an account or an address for the officers' logins to come). Each key may
//! spend `burst` requests at once and earns `per_minute` back over a minute.
//! A refused request learns how long to wait (`Retry-After`).
//!
//! The buckets live in this process's memory: with several portal instances
//! each enforces its own limit, so the total is at most the limit times the
//! number of instances (a shared backend is the storage's job, later). The
//! map is bounded: once `max_keys` addresses are tracked, the full buckets are
//! forgotten, and if that is not enough, new addresses share one bucket.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// One limit, applied per key.
pub struct RateLimiter<K> {
    burst: f64,
    per_sec: f64,
    max_keys: usize,
    state: Mutex<Buckets<K>>,
}

struct Buckets<K> {
    map: HashMap<K, Bucket>,
    overflow: Bucket,
}

#[derive(Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl Bucket {
    fn full(burst: f64, at: Instant) -> Bucket {
        Bucket { tokens: burst, at }
    }

    fn refill(&mut self, now: Instant, burst: f64, per_sec: f64) {
        let elapsed = now.saturating_duration_since(self.at).as_secs_f64();
        self.tokens = (self.tokens + elapsed * per_sec).min(burst);
        self.at = now;
    }

    fn take(&mut self, per_sec: f64) -> Result<(), Duration> {
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64(((1.0 - self.tokens) / per_sec).max(0.001)))
        }
    }
}

impl<K: Hash + Eq + Clone> RateLimiter<K> {
    /// `per_minute` requests a minute, `burst` at once, for at most `max_keys` keys.
    pub fn new(per_minute: u32, burst: u32, max_keys: usize) -> RateLimiter<K> {
        let per_minute = per_minute.max(1);
        let burst = f64::from(burst.max(1));
        RateLimiter {
            burst,
            per_sec: f64::from(per_minute) / 60.0,
            max_keys: max_keys.max(1),
            state: Mutex::new(Buckets { map: HashMap::new(), overflow: Bucket::full(burst, Instant::now()) }),
        }
    }

    /// Spends one request of `key` at `now`; `Err` is how long to wait.
    pub fn check(&self, key: &K, now: Instant) -> Result<(), Duration> {
        let (burst, per_sec) = (self.burst, self.per_sec);
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if !s.map.contains_key(key) && s.map.len() >= self.max_keys {
            // Forget the buckets that are full again: they hold no information.
            s.map.retain(|_, b| {
                b.refill(now, burst, per_sec);
                b.tokens < burst
            });
        }
        if s.map.len() >= self.max_keys && !s.map.contains_key(key) {
            let b = &mut s.overflow;
            b.refill(now, burst, per_sec);
            return b.take(per_sec);
        }
        let b = s.map.entry(key.clone()).or_insert_with(|| Bucket::full(burst, now));
        b.refill(now, burst, per_sec);
        b.take(per_sec)
    }

    /// How many keys are tracked now.
    pub fn tracked(&self) -> usize {
        self.state.lock().unwrap_or_else(|p| p.into_inner()).map.len()
    }
}

/// The key of a client address: IPv4 as it is, IPv6 by its /64 (one
/// subscriber's network: an attacker has a whole /64 to rotate through).
pub fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_then_the_steady_rate_per_key() {
        let limiter = RateLimiter::new(60, 5, 100);
        let t0 = Instant::now();
        let a: IpAddr = "203.0.113.7".parse().unwrap();
        let b: IpAddr = "203.0.113.8".parse().unwrap();
        for _ in 0..5 {
            assert_eq!(limiter.check(&a, t0), Ok(()));
        }
        let wait = limiter.check(&a, t0).unwrap_err();
        assert!(wait > Duration::from_millis(900) && wait <= Duration::from_secs(1), "{wait:?}");
        assert_eq!(limiter.check(&b, t0), Ok(()), "another address has its own bucket");
        // One a second comes back.
        assert_eq!(limiter.check(&a, t0 + Duration::from_millis(1000)), Ok(()));
        assert!(limiter.check(&a, t0 + Duration::from_millis(1100)).is_err());
        assert_eq!(limiter.check(&a, t0 + Duration::from_secs(60)), Ok(()));
    }

    #[test]
    fn many_addresses_cannot_grow_the_map_without_bound() {
        let limiter = RateLimiter::new(60, 2, 10);
        let t0 = Instant::now();
        for i in 0..10u8 {
            let ip = IpAddr::from([198, 51, 100, i]);
            limiter.check(&ip, t0).unwrap();
        }
        assert_eq!(limiter.tracked(), 10);
        // New addresses beyond the bound share one bucket, so they cannot get more than a bucket's worth.
        let results: Vec<bool> =
            (10..20u8).map(|i| limiter.check(&IpAddr::from([198, 51, 100, i]), t0).is_ok()).collect();
        assert_eq!(results.iter().filter(|ok| **ok).count(), 2);
        assert_eq!(limiter.tracked(), 10);
        // Later, full buckets are forgotten and make room.
        assert!(limiter.check(&IpAddr::from([198, 51, 100, 99]), t0 + Duration::from_secs(120)).is_ok());
        assert_eq!(limiter.tracked(), 1);
    }

    #[test]
    fn ipv6_clients_are_keyed_by_their_network() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        assert_eq!(client_key(a), client_key(b));
        assert_ne!(client_key(a), client_key("2001:db8:1:3::1".parse().unwrap()));
        assert_eq!(client_key("::ffff:192.0.2.1".parse().unwrap()), "192.0.2.1".parse::<IpAddr>().unwrap());
    }
}
