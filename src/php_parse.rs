//! PHP parse_str: filled in by the sandbox issue.
