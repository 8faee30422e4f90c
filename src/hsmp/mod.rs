//! The HSMP mailbox of EPYC CPUs (`/dev/hsmp` ioctls) and the HSMP metrics table.
//!
//! Not implemented yet (the EPYC/HSMP issue).
