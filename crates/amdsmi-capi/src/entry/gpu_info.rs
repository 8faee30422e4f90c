//! GPU identity, inventory, partitions and topology.
