//! The DPM policy files `pm_policy/soc_pstate` and `pm_policy/xgmi_plpd` (amdgpu_pm.c
//! `amdgpu_get_pm_policy_attr`, smu_cmn.c `smu_cmn_print_pmpolicy`: `%d : %s` per policy, `*`
//! after the current one).

use super::{numbered_lines, ParseError, Result};
use crate::gpu::control::{DpmPolicy, DpmPolicyEntry};

/// The most policies AMD SMI holds (`AMDSMI_MAX_NUM_PM_POLICIES`).
const MAX_POLICIES: usize = 32;

/// What a policy line looks like.
const POLICY_LINE: &str = "`<id> : <name>[*]`, one policy marked `*`";
/// What the file must hold.
const POLICIES: &str = "1 to 32 policies, one marked `*`";

/// Parses a DPM policy file: one `<id> : <name>` line per policy, the current one marked `*`
/// (`2 : soc_pstate_1*`). An error names a line not of that form or a second marked line, or
/// the whole text when no policy is marked or there are more than 32.
pub fn parse_dpm_policy(text: &str) -> Result<DpmPolicy> {
    let mut policies = Vec::new();
    let mut current = None;
    for (n, line) in numbered_lines(text) {
        let bad = || ParseError::new(n, POLICY_LINE, line);
        let (id, name) = line.split_once(':').ok_or_else(bad)?;
        let policy_id: u32 = id.trim().parse().map_err(|_| bad())?;
        let name = name.trim();
        let (name, marked) = match name.strip_suffix('*') {
            Some(name) => (name.trim_end(), true),
            None => (name, false),
        };
        if name.is_empty() || (marked && current.replace(policy_id).is_some()) {
            return Err(bad());
        }
        policies.push(DpmPolicyEntry { policy_id, policy_description: name.to_owned() });
    }
    let whole = || ParseError::whole(POLICIES, text.trim());
    if policies.len() > MAX_POLICIES {
        return Err(whole());
    }
    let num_supported = u32::try_from(policies.len()).map_err(|_| whole())?;
    Ok(DpmPolicy { num_supported, current_id: current.ok_or_else(whole)?, policies })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: u32, name: &str) -> DpmPolicyEntry {
        DpmPolicyEntry { policy_id: id, policy_description: name.to_owned() }
    }

    #[test]
    fn dpm_policies_as_the_kernel_prints_them() {
        let soc = parse_dpm_policy("0 : soc_pstate_default\n1 : soc_pstate_0\n2 : soc_pstate_1*\n3 : soc_pstate_2\n");
        let soc = soc.unwrap();
        assert_eq!((soc.num_supported, soc.current_id), (4, 2));
        assert_eq!(soc.policies[2], entry(2, "soc_pstate_1"));
        // Levels are bits of a mask: ids need not be contiguous; `*` may be spaced.
        let plpd = parse_dpm_policy("0 : plpd_disallow\n2 : plpd_optimized *\n").unwrap();
        assert_eq!(
            plpd,
            DpmPolicy {
                num_supported: 2,
                current_id: 2,
                policies: vec![entry(0, "plpd_disallow"), entry(2, "plpd_optimized")]
            }
        );
        for bad in [
            "",
            "0 : a\n1 : b\n",
            "0 : a*\n1 : b*\n",
            "x : a*\n",
            "0 a*\n",
            "0 : *\n",
            "-1 : a*\n",
            "soc pstate\n0 : a*\n",
        ] {
            assert!(parse_dpm_policy(bad).is_err(), "{bad:?}");
        }
        let many: String = (0..33).map(|i| format!("{i} : p{i}{}\n", if i == 0 { "*" } else { "" })).collect();
        assert!(parse_dpm_policy(&many).is_err());
    }

    #[test]
    fn policy_errors_name_the_line_and_the_expectation() {
        let err = parse_dpm_policy("0 : soc_pstate_default\n1 : soc_pstate_0*\n2 : soc_pstate_1*\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 3: expected `<id> : <name>[*]`, one policy marked `*`, found `2 : soc_pstate_1*`"
        );
        let err = parse_dpm_policy("0 : plpd_disallow\n1 : plpd_default\n").unwrap_err();
        assert_eq!((err.line(), err.expected()), (0, POLICIES));
    }

    #[cfg(feature = "serde")]
    #[test]
    fn serialized_as_amd_smi_python() {
        let policy = parse_dpm_policy("0 : plpd_disallow\n1 : plpd_default*\n").unwrap();
        assert_eq!(
            serde_json::to_value(policy).unwrap(),
            serde_json::json!({"num_supported": 2, "current_id": 1, "policies": [
                {"policy_id": 0, "policy_description": "plpd_disallow"},
                {"policy_id": 1, "policy_description": "plpd_default"}]})
        );
    }
}
