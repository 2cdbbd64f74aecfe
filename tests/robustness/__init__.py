"""Robustness: hostile input, schema-driven fuzzing, overflow, XSS, and the serving paths that
keep a lecture hall answered (docs/robustness.md)."""
