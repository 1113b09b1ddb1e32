//! Notifications: filled in by the client issue.
