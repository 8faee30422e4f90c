//! GPU setters and resets.
