//! State shared by every connection of one sandbox.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::callbacks::Notifier;
use crate::config::{Account, CodeVariant};
use crate::fault::FaultQueue;
use crate::log::RequestLog;
use crate::persist::Saver;
use crate::rate_limit::RequestRate;
use crate::state::{AccountState, World};
use crate::stats::Counters;

pub(crate) struct Shared {
    pub accounts: Vec<Account>,
    pub variant: CodeVariant,
    pub seed: bool,
    pub initial_latency: Duration,
    pub world: Arc<Mutex<World>>,
    pub faults: Mutex<FaultQueue>,
    pub latency_ms: AtomicU64,
    pub log: Mutex<RequestLog>,
    pub callback_url: Option<String>,
    pub notifier: Notifier,
    pub saver: Option<Saver>,
    pub disabled: Vec<String>,
    pub subscribe_limit: Option<u32>,
    /// Successful AddLeadToGroup calls per client IP.
    pub subscriptions_by_ip: Mutex<HashMap<IpAddr, u32>>,
    /// [`crate::Config::rate_limit`].
    pub request_rate: Option<RequestRate>,
    /// What `GET /_sandbox/stats` reports.
    pub counters: Counters,
}

impl Shared {
    /// A fresh world: seeded (or empty) state for every account.
    pub fn fresh_world(accounts: &[Account], seed: bool) -> World {
        let mut world = World::default();
        for a in accounts {
            let st = if seed {
                AccountState::seeded()
            } else {
                AccountState::default()
            };
            world.accounts.insert(a.login.clone(), st);
        }
        world
    }

    pub fn latency(&self) -> Duration {
        Duration::from_millis(self.latency_ms.load(Ordering::Relaxed))
    }

    pub fn set_latency(&self, d: Duration) {
        let ms = u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
        self.latency_ms.store(ms, Ordering::Relaxed);
    }

    /// Back to the start: fresh data, no faults, empty log, zero stats, the configured
    /// latency.
    pub fn reset(&self) {
        *self.world.lock().expect("state lock") = Self::fresh_world(&self.accounts, self.seed);
        self.faults.lock().expect("fault lock").clear();
        self.log.lock().expect("log lock").clear();
        self.set_latency(self.initial_latency);
        self.subscriptions_by_ip.lock().expect("ip lock").clear();
        if let Some(r) = &self.request_rate {
            r.clear();
        }
        self.counters.clear();
        if let Some(s) = &self.saver {
            s.changed();
        }
    }
}
