//! RAS, CPER, processes, event notification and counters.
