//! `pp_features` (amdgpu_pm.c `amdgpu_get_pp_features`, smu_cmn.c
//! `smu_cmn_get_pp_feature_mask`): a `features high: 0x.. low: 0x..` header, then one
//! `NN. NAME (bit) : enabled|disabled` line per SMU feature.

/// Whether a `pp_features` text lists a feature as enabled (`XX. NAME (bit) : enabled`). Never an
/// error: a text without such a line (or an unknown layout) says no feature is enabled.
pub fn any_feature_enabled(pp_features: &str) -> bool {
    pp_features.lines().any(|l| l.trim_end().ends_with(" enabled"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pp_text() {
        assert!(any_feature_enabled("features high: 0x1 low: 0x2\n00. DPM_PREFETCHER ( 0) : enabled\n"));
        assert!(!any_feature_enabled("00. DPM_PREFETCHER ( 0) : disabled\n"));
    }
}
