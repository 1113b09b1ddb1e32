//! The client's HTTP agent (connection pool), and what happens to it across `fork()`.
//!
//! A forked child inherits the parent's pooled keep-alive sockets. If both processes
//! kept using them, their requests and responses would interleave on one connection
//! (both hang, or one reads the other's answer). So the agent remembers the pid that
//! built it; a call from another process builds a fresh agent (a new, empty pool) and
//! never touches the inherited one, which is leaked in the child rather than dropped:
//! dropping could shut down or send TLS alerts on sockets the parent still uses.

use std::sync::RwLock;

use ureq::Agent;

/// Builds a new agent with the client's settings (and an empty pool).
pub(crate) type MakeAgent = Box<dyn Fn() -> Agent + Send + Sync>;

/// The agent of one process, rebuilt after a fork.
pub(crate) struct AgentCell {
    make: MakeAgent,
    current: RwLock<(u32, Agent)>,
}

impl AgentCell {
    /// Builds the first agent for this process.
    pub(crate) fn new(make: MakeAgent) -> Self {
        let agent = make();
        AgentCell {
            make,
            current: RwLock::new((std::process::id(), agent)),
        }
    }

    /// The agent to use from this process: the existing one, or a fresh one when the
    /// process is a fork of the one that built it.
    pub(crate) fn get(&self) -> Agent {
        let pid = std::process::id();
        {
            let current = self.current.read().unwrap_or_else(|e| e.into_inner());
            if current.0 == pid {
                return current.1.clone();
            }
        }
        let mut current = self.current.write().unwrap_or_else(|e| e.into_inner());
        if current.0 != pid {
            let inherited = std::mem::replace(&mut current.1, (self.make)());
            // Never close or reuse the parent's connections from here.
            std::mem::forget(inherited);
            current.0 = pid;
        }
        current.1.clone()
    }

    /// Pretends the agent was built by another process (tests the fork path without
    /// forking the test harness).
    #[cfg(test)]
    pub(crate) fn set_pid_for_test(&self, pid: u32) {
        self.current.write().unwrap_or_else(|e| e.into_inner()).0 = pid;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn a_new_process_gets_a_new_agent() {
        let built = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&built);
        let cell = AgentCell::new(Box::new(move || {
            counter.fetch_add(1, Ordering::SeqCst);
            Agent::new_with_defaults()
        }));
        let _ = cell.get();
        let _ = cell.get();
        assert_eq!(built.load(Ordering::SeqCst), 1, "same process: same agent");
        cell.set_pid_for_test(std::process::id().wrapping_add(1));
        let _ = cell.get();
        let _ = cell.get();
        assert_eq!(
            built.load(Ordering::SeqCst),
            2,
            "after a fork: one new agent"
        );
    }
}
