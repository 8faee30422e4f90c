//! `xgmi_port_num` (amdgpu_xgmi.c `amdgpu_xgmi_show_connected_port_num`: one
//! `%02x:%02x ->  %02x:%02x` line per connected XGMI link).

/// One line of `xgmi_port_num`: `"<node>:<port> ->  <peer node>:<peer port>"`, all hex; nodes
/// are 1-based hive positions, ports the external link numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PortLink {
    /// This GPU's port (external link number, indexes the per-link gpu_metrics arrays).
    pub port: u8,
    /// The peer's position in the hive, 1-based (its `xgmi_hive_info/node<N>` link).
    pub peer_node: u8,
    /// The peer's port.
    pub peer_port: u8,
}

/// Parses `xgmi_port_num`; lines that do not have the kernel's shape are skipped (never an
/// error: the links that parse are the ones AMD SMI reports).
pub fn parse_port_num(text: &str) -> Vec<PortLink> {
    let hex = |s: &str| u8::from_str_radix(s.trim(), 16).ok();
    let pair = |s: &str| s.split_once(':').and_then(|(n, p)| Some((hex(n)?, hex(p)?)));
    text.lines()
        .filter_map(|line| {
            let (own, peer) = line.split_once("->")?;
            let ((_, port), (peer_node, peer_port)) = (pair(own)?, pair(peer)?);
            Some(PortLink { port, peer_node, peer_port })
        })
        .collect()
}
