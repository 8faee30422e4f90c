//! PCIe attributes: amdgpu's `pcie_bw` (amdgpu_pm.c `amdgpu_get_pcie_bw`, `%llu %llu %i`) and
//! the PCI core's `current_link_speed`/`max_link_speed` (drivers/pci/pci-sysfs.c,
//! `pci_speed_string`: `16.0 GT/s PCIe`).

use super::{thousandths, ParseError, Result};
use crate::gpu::pcie::PciThroughput;

/// `pcie_bw`: `sent received max_payload`, three unsigned decimals.
pub fn pcie_bw(text: &str) -> Result<PciThroughput> {
    let mut words = text.split_whitespace().map(|w| w.parse::<u64>().ok());
    let mut next = || words.next().flatten();
    let t = (|| Some(PciThroughput { sent: next()?, received: next()?, max_pkt_sz: next()? }))();
    t.filter(|_| words.next().is_none())
        .ok_or_else(|| ParseError::whole("`<sent> <received> <max payload bytes>` (unsigned decimals)", text))
}

/// `16.0 GT/s PCIe` (sysfs `max_link_speed`/`current_link_speed`) → 16000 MT/s.
pub fn link_speed_mts(text: &str) -> Result<u32> {
    let mut words = text.split_whitespace();
    let rate = words.next().and_then(thousandths);
    rate.filter(|_| words.next() == Some("GT/s"))
        .ok_or_else(|| ParseError::whole("`<rate> GT/s PCIe` (rate with at most 3 decimals)", text.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pcie_bw_values() {
        let t = pcie_bw("123 456 256\n").unwrap();
        assert_eq!((t.sent, t.received, t.max_pkt_sz), (123, 456, 256));
        assert!(pcie_bw("").is_err());
        assert!(pcie_bw("1 2").is_err());
        assert!(pcie_bw("1 2 3 4").is_err());
        assert!(pcie_bw("1 -2 3").is_err());
    }

    #[test]
    fn link_speeds() {
        assert_eq!(link_speed_mts("16.0 GT/s PCIe"), Ok(16000));
        assert_eq!(link_speed_mts("2.5 GT/s PCIe"), Ok(2500));
        assert!(link_speed_mts("Unknown").is_err());
        assert!(link_speed_mts("").is_err());
        assert_eq!(
            link_speed_mts("Unknown").unwrap_err().to_string(),
            "expected `<rate> GT/s PCIe` (rate with at most 3 decimals), found `Unknown`"
        );
    }
}
