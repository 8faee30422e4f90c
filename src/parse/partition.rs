//! Partition mode lists: `available_compute_partition` and `compute_partition_config/
//! supported_xcp_configs` / `supported_nps_configs` (amdgpu_xcp.c, amdgpu_gfx.c: modes joined
//! by `, `, e.g. `SPX, DPX, QPX, CPX`).

/// The modes of a comma-separated mode list such as `SPX, DPX, QPX, CPX`; empty entries are
/// skipped (never an error: an unknown mode is still a mode name).
pub fn mode_list(text: &str) -> Vec<String> {
    text.split(',').map(str::trim).filter(|m| !m.is_empty()).map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn mode_lists() {
        assert_eq!(super::mode_list("SPX, DPX, QPX, CPX\n"), ["SPX", "DPX", "QPX", "CPX"]);
        assert!(super::mode_list("").is_empty());
    }
}
