//! Which HSMP messages a platform supports, and its limits: AMD E-SMI's per-platform tables
//! (`e_smi_plat.c`, `init_platform_info`), chosen by HSMP protocol version, CPU family and model.
//!
//! The rows are those of E-SMI 4.2 (`amd/esmi_ib_library`, tag `esmi_pkg_ver-4.2`), the E-SMI
//! AMD SMI 7.0.2 is built with (the ROCm 6.4–7.1 packages fetch that tag for AMD SMI's CPU
//! side):
//!
//! | protocol | platform | messages | E-SMI 4.2 `e_smi_plat.c` |
//! |---|---|---|---|
//! | 2 | Milan (family 19h) | 01h–14h | `tbl_milan` (line 14), case at line 97 |
//! | 4 | Trento | 01h–15h | `tbl_trento` (line 22), case at line 103 |
//! | 5 | Genoa (family 19h) | 01h–14h, 16h–22h | `tbl_genoa` (line 30), line 109 |
//! | 5 | Turin (family 1Ah, models 00h–1Fh) | 01h–14h, 16h–22h, 26h–28h, 30h–32h | `tbl_turin` (line 58), line 115 |
//! | 6 | MI300A | 01h–0Ch, 0Fh–13h, 19h–1Eh, 23h–25h, 30h–31h, 45h–46h | `tbl_mi300` (line 40), line 126 |
//! | 7 and any other | every CPU, family 1Ah models 50h–5Fh included | 01h–14h, 16h–22h, 26h–28h, 30h–32h | `tbl_turin`, lines 132–133 |
//!
//! Choice recorded: E-SMI 4.2 has no table of its own for family 1Ah models 50h–5Fh (E-SMI 5.0
//! adds `tbl_F1A_M50_5F`: 01h–14h, 16h–1Eh, 20h–2Ah, 30h–3Ah): its protocol-7 branch, which is also the
//! `default` of the switch, gives every such CPU Turin's table, limits and RAPL reading. So does
//! this module, as AMD SMI 7.0.2 answers.
//!
//! A message outside its platform's set fails with NO_HSMP_MSG_SUP before anything is sent.

use std::ops::RangeInclusive;

/// An IO/xGMI link name and the link id the SMU takes for it (`args[0]` bits 15:8).
pub type LinkEncoding = (&'static str, u32);

/// Protocol 5 and 7 link ids: one bit per link.
const LINKS_V5: &[LinkEncoding] = &[
    ("P0", 1 << 0),
    ("P1", 1 << 1),
    ("P2", 1 << 2),
    ("P3", 1 << 3),
    ("G0", 1 << 4),
    ("G1", 1 << 5),
    ("G2", 1 << 6),
    ("G3", 1 << 7),
    ("P4", 1 << 8),
    ("P5", 1 << 9),
];

/// Protocol 6 (MI300A) link ids.
const LINKS_V6: &[LinkEncoding] = &[
    ("P2", 0x3),
    ("P3", 0x4),
    ("G0", 0x8),
    ("G1", 0x9),
    ("G2", 0xA),
    ("G3", 0xB),
    ("G4", 0xC),
    ("G5", 0xD),
    ("G6", 0xE),
    ("G7", 0xF),
];

const MILAN: &[RangeInclusive<u32>] = &[0x01..=0x14];
const TRENTO: &[RangeInclusive<u32>] = &[0x01..=0x15];
const GENOA: &[RangeInclusive<u32>] = &[0x01..=0x14, 0x16..=0x22];
const TURIN: &[RangeInclusive<u32>] = &[0x01..=0x14, 0x16..=0x22, 0x26..=0x28, 0x30..=0x32];
const MI300: &[RangeInclusive<u32>] = &[0x01..=0x0C, 0x0F..=0x13, 0x19..=0x1E, 0x23..=0x25, 0x30..=0x31, 0x45..=0x46];

/// One platform's HSMP capabilities and the argument limits E-SMI checks setters against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Platform {
    /// A short name (`"Genoa"`, `"Turin"`, ...).
    pub name: &'static str,
    messages: &'static [RangeInclusive<u32>],
    /// Link names of the IO/xGMI bandwidth messages and their ids (empty: none known, so every
    /// link name is invalid).
    pub links: &'static [LinkEncoding],
    /// The highest (lowest-performance) DF P-state a DF P-state range may name.
    pub df_pstate_max_limit: u8,
    /// The highest GMI3 link width setting (settings run 0..=this, narrowest first).
    pub gmi3_link_width_limit: u8,
    /// The highest PCIe link rate control value.
    pub pci_rate_ctl_max: u8,
    /// The highest power efficiency mode.
    pub max_pwr_eff_mode: u8,
    /// The highest LCLK DPM level.
    pub max_dpm_level: u8,
    /// Whether energy is read through the HSMP RAPL messages (30h–32h).
    pub hsmp_rapl: bool,
}

impl Platform {
    /// The platform of an SMU speaking HSMP protocol `proto` on a CPU of `family` and `model`.
    pub fn detect(proto: u32, family: u32, model: u32) -> Platform {
        let base = Platform {
            name: "",
            messages: &[],
            links: &[],
            df_pstate_max_limit: 0,
            gmi3_link_width_limit: 0,
            pci_rate_ctl_max: 0,
            max_pwr_eff_mode: 0,
            max_dpm_level: 3,
            hsmp_rapl: false,
        };
        let zen4_plus = Platform {
            df_pstate_max_limit: 2,
            gmi3_link_width_limit: 2,
            pci_rate_ctl_max: 2,
            links: LINKS_V5,
            ..base.clone()
        };
        let turin =
            Platform { name: "Turin", messages: TURIN, max_pwr_eff_mode: 5, hsmp_rapl: true, ..zen4_plus.clone() };
        match proto {
            2 => Platform { name: "Milan", messages: MILAN, ..base },
            4 => Platform { name: "Trento", messages: TRENTO, ..base },
            5 if family == 0x1A && model <= 0x1F => turin,
            5 => Platform { name: "Genoa", messages: GENOA, max_pwr_eff_mode: 3, ..zen4_plus },
            6 => Platform { name: "MI300A", messages: MI300, links: LINKS_V6, max_dpm_level: 2, ..base },
            // `case HSMP_PROTO_VER7: default:` (E-SMI 4.2 e_smi_plat.c lines 132-133), whatever
            // the family and model.
            _ => turin,
        }
    }

    /// Whether the platform's SMU implements message `msg_id`.
    pub fn supports(&self, msg_id: u32) -> bool {
        self.messages.iter().any(|r| r.contains(&msg_id))
    }

    /// The link id of a link name (exact, case-sensitive as E-SMI compares).
    pub fn link_id(&self, name: &str) -> Option<u32> {
        self.links.iter().find(|(n, _)| *n == name).map(|&(_, id)| id)
    }
}

/// Whether a CPU's RAPL energy registers are 64-bit (E-SMI's `check_for_64bit_rapl_reg`: not on
/// family 19h models 00h–0Fh and 30h–3Fh, Milan and its kin).
pub fn rapl_64bit(family: u32, model: u32) -> bool {
    !(family == 0x19 && (model <= 0x0F || (0x30..=0x3F).contains(&model)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(p: &Platform) -> Vec<u32> {
        (0..0x60).filter(|&id| p.supports(id)).collect()
    }

    #[test]
    fn tables_by_protocol_family_and_model() {
        let genoa = Platform::detect(5, 0x19, 0x11);
        assert_eq!(genoa.name, "Genoa");
        assert!(genoa.supports(0x14) && !genoa.supports(0x15) && genoa.supports(0x22) && !genoa.supports(0x23));
        assert_eq!(ids(&genoa).len(), 0x14 + 0x22 - 0x16 + 1);
        assert!(!genoa.hsmp_rapl);
        assert_eq!((genoa.max_pwr_eff_mode, genoa.df_pstate_max_limit, genoa.max_dpm_level), (3, 2, 3));

        let turin5 = Platform::detect(5, 0x1A, 0x02);
        let turin7 = Platform::detect(7, 0x1A, 0x02);
        assert_eq!(turin5, turin7);
        assert_eq!(
            ids(&turin7).iter().filter(|&&id| id >= 0x23).copied().collect::<Vec<_>>(),
            [0x26, 0x27, 0x28, 0x30, 0x31, 0x32]
        );
        assert!(turin7.hsmp_rapl && turin7.max_pwr_eff_mode == 5);

        let mi300 = Platform::detect(6, 0x19, 0x90);
        assert!(mi300.supports(0x23) && mi300.supports(0x24) && mi300.supports(0x46));
        assert!(!mi300.supports(0x0D) && !mi300.supports(0x14) && !mi300.supports(0x32));
        assert_eq!((mi300.max_dpm_level, mi300.link_id("G7"), mi300.link_id("P0")), (2, Some(0xF), None));

        let milan = Platform::detect(2, 0x19, 0x01);
        assert_eq!(ids(&milan), (1..=0x14).collect::<Vec<_>>());
        assert!(milan.links.is_empty());
        assert!(Platform::detect(4, 0x19, 0x30).supports(0x15));

        // Unknown protocols fall to the protocol-7 branch, as E-SMI's default does.
        assert_eq!(Platform::detect(3, 0x19, 0x11).name, "Turin");
        assert_eq!(genoa.link_id("P5"), Some(1 << 9));
        assert_eq!(genoa.link_id("p0"), None);
    }

    /// Family 1Ah models 50h-5Fh take E-SMI 4.2's protocol-7 branch (`case HSMP_PROTO_VER7:
    /// default:`, e_smi_plat.c lines 132-133): Turin's table (`tbl_turin`, line 58), whose last
    /// id is 32h, Turin's limits and HSMP RAPL.
    #[test]
    fn family_1ah_models_50h_5fh_take_the_protocol_7_branch() {
        let turin = Platform::detect(7, 0x1A, 0x02);
        for model in [0x50, 0x5F] {
            let dense = Platform::detect(7, 0x1A, model);
            assert_eq!(dense, turin);
            assert_eq!(
                ids(&dense),
                (0x01..=0x14).chain(0x16..=0x22).chain(0x26..=0x28).chain(0x30..=0x32).collect::<Vec<_>>()
            );
            // Ids later E-SMI releases give these models: not in 4.2's table.
            assert!(!dense.supports(0x29) && !dense.supports(0x2A) && !dense.supports(0x33) && !dense.supports(0x3A));
            assert!(dense.hsmp_rapl);
            assert_eq!((dense.max_pwr_eff_mode, dense.df_pstate_max_limit, dense.max_dpm_level), (5, 2, 3));
        }
        // The same CPU reporting another protocol (the `default` of the switch): the same table.
        assert_eq!(Platform::detect(8, 0x1A, 0x50), turin);
    }

    #[test]
    fn rapl_width() {
        assert!(!rapl_64bit(0x19, 0x01));
        assert!(!rapl_64bit(0x19, 0x30));
        assert!(rapl_64bit(0x19, 0x11));
        assert!(rapl_64bit(0x19, 0x90));
        assert!(rapl_64bit(0x1A, 0x02));
    }
}
