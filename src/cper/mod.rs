//! UEFI CPER error records as amdgpu writes them, and AMD Field IDs.
//!
//! Not implemented yet (the RAS/CPER issue).
