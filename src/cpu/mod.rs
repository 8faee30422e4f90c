//! AMD EPYC CPUs: sockets and cores discovered through the HSMP driver.
//!
//! Not implemented yet (the EPYC/HSMP issue): [`crate::ContextBuilder::build`] reports
//! NO_HSMP_DRV or NOT_YET_IMPLEMENTED when asked for CPUs alone.
