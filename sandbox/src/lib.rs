//! Sandbox: filled in by the sandbox issue.
