//! RAS (reliability, availability, serviceability): ECC error counters per block, the RAS feature
//! mask, retired VRAM pages, the bad-page threshold and the XGMI error status.
//!
//! Where the kernel puts them (amdgpu_ras.c, amdgpu_xgmi.c), relative to the PCI device directory:
//! `ras/<block>_err_count` (`ue: N`, `ce: N` and, for UMC on kernels that count deferred errors,
//! `de: N`; `Query currently inaccessible` while RAS is not ready), `ras/features`
//! (`feature mask: 0x%x`, bit n = kernel RAS block n = [`AmdSmiGpuBlock`] bit n), `ras/version`
//! (`table version: 0x%x`), `ras/schema` (`schema: 0x%x`), `ras/gpu_vram_bad_pages` (one
//! `0x<pfn> : 0x<size> : R|P|F` line per retired page), `xgmi_error` (`%u`); and in debugfs, root
//! only, `/sys/kernel/debug/dri/<card minor>/ras/bad_page_cnt_threshold`.
//!
//! These files belong to the whole GPU: on a GPU split into compute partitions, AMD SMI reads them
//! through partition 0's card (the other partitions' DRM devices have no `ras/` directory), so here
//! the other partitions answer NOT_SUPPORTED and no error is counted twice.

use crate::error::{Error, Result};

macro_rules! gpu_blocks {
    ($( $(#[$doc:meta])* $variant:ident = $bit:expr, $name:literal, $kernel:literal; )*) => {
        /// A GPU block that reports RAS errors (`AmdSmiGpuBlock`, AMD's bit values: bit n is the
        /// kernel's RAS block n, the bit of `ras/features`).
        /// `ALL` lists the real blocks in AMD's (bit) order; `name()` is AMD's name without the
        /// prefix (`"UMC"`, `"XGMI_WAFL"`, ...), also the serialized form, as the Python layer
        /// names the block.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, amdsmi_macros::AmdEnum)]
        #[amd(all_as_slice)]
        #[repr(u64)]
        pub enum AmdSmiGpuBlock {
            /// No block (AMD's `INVALID`): not a valid argument.
            #[amd(name = "INVALID", sentinel)]
            Invalid = 0,
            $( $(#[$doc])* #[amd(name = $name)] $variant = $bit, )*
            /// AMD's reserved top bit: not a valid argument.
            #[amd(name = "RESERVED", sentinel)]
            Reserved = 0x8000_0000_0000_0000,
        }

        impl AmdSmiGpuBlock {
            /// The kernel's name of the block (`ras_block_string[]`), which names its
            /// `ras/<name>_err_count` file; `None` for `Invalid` and `Reserved`.
            pub fn kernel_name(self) -> Option<&'static str> {
                match self {
                    $( AmdSmiGpuBlock::$variant => Some($kernel), )*
                    AmdSmiGpuBlock::Invalid | AmdSmiGpuBlock::Reserved => None,
                }
            }
        }
    };
}

gpu_blocks! {
    /// Unified memory controller (VRAM ECC).
    Umc = 0x1, "UMC", "umc";
    /// System DMA engines.
    Sdma = 0x2, "SDMA", "sdma";
    /// Graphics and compute engines.
    Gfx = 0x4, "GFX", "gfx";
    /// Multimedia hub.
    Mmhub = 0x8, "MMHUB", "mmhub";
    /// ATC hub.
    Athub = 0x10, "ATHUB", "athub";
    /// PCIe bus interface.
    PcieBif = 0x20, "PCIE_BIF", "pcie_bif";
    /// Host data path.
    Hdp = 0x40, "HDP", "hdp";
    /// XGMI links.
    XgmiWafl = 0x80, "XGMI_WAFL", "xgmi_wafl";
    /// Data fabric.
    Df = 0x100, "DF", "df";
    /// System management network.
    Smn = 0x200, "SMN", "smn";
    /// SEM block.
    Sem = 0x400, "SEM", "sem";
    /// MP0 (PSP).
    Mp0 = 0x800, "MP0", "mp0";
    /// MP1 (SMU).
    Mp1 = 0x1000, "MP1", "mp1";
    /// Fuses.
    Fuse = 0x2000, "FUSE", "fuse";
    /// Machine check architecture banks.
    Mca = 0x4000, "MCA", "mca";
    /// Video core next (codecs).
    Vcn = 0x8000, "VCN", "vcn";
    /// JPEG decoder.
    Jpeg = 0x10000, "JPEG", "jpeg";
    /// Interrupt handler.
    Ih = 0x20000, "IH", "ih";
    /// MPIO.
    Mpio = 0x40000, "MPIO", "mpio";
}

impl AmdSmiGpuBlock {
    /// AMD's bit value of the block.
    pub fn bit(self) -> u64 {
        self as u64
    }

    /// The `ras/<block>_err_count` file name, or INVAL for `Invalid`/`Reserved`.
    fn kernel(self) -> Result<&'static str> {
        self.kernel_name().ok_or_else(|| Error::parameter(format!("{} is not a RAS block", self.name())))
    }
}

/// The RAS/ECC state of a block (`AmdSmiRasErrState`, AMD's values). From sysfs only `Enabled`
/// and `Disabled` can be known; the others exist for the C ABI.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, amdsmi_macros::AmdEnum)]
#[repr(u32)]
pub enum AmdSmiRasErrState {
    /// No current errors.
    #[amd(name = "NONE")]
    None = 0,
    /// ECC is disabled.
    #[amd(name = "DISABLED")]
    Disabled = 1,
    /// ECC errors present, type unknown.
    #[amd(name = "PARITY")]
    Parity = 2,
    /// Single correctable error.
    #[amd(name = "SING_C")]
    SingC = 3,
    /// Multiple uncorrectable errors.
    #[amd(name = "MULT_UC")]
    MultUc = 4,
    /// Firmware detected an error and isolated the page (treat as uncorrectable).
    #[amd(name = "POISON")]
    Poison = 5,
    /// ECC is enabled.
    #[amd(name = "ENABLED")]
    Enabled = 6,
    /// Invalid state.
    #[amd(name = "INVALID", sentinel)]
    Invalid = 0xFFFF_FFFF,
}

/// The state of a retired VRAM page (`amdsmi_memory_page_status_t`, AMD's values); serialized as
/// the number, as AMD SMI's Python layer returns it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, amdsmi_macros::AmdEnum)]
#[amd(serialize = "code")]
#[repr(u32)]
pub enum AmdSmiMemoryPageStatus {
    /// `R`: reserved, no longer used.
    #[amd(name = "RESERVED")]
    Reserved = 0,
    /// `P`: marked bad, reserved at the next reservation window.
    #[amd(name = "PENDING")]
    Pending = 1,
    /// `F`: could not be reserved.
    #[amd(name = "UNRESERVABLE")]
    Unreservable = 2,
}

impl AmdSmiMemoryPageStatus {
    /// The status of a kernel flag letter (`R`, `P`, `F`).
    pub fn from_flag(flag: &str) -> Option<AmdSmiMemoryPageStatus> {
        match flag {
            "R" => Some(AmdSmiMemoryPageStatus::Reserved),
            "P" => Some(AmdSmiMemoryPageStatus::Pending),
            "F" => Some(AmdSmiMemoryPageStatus::Unreservable),
            _ => None,
        }
    }
}

/// The XGMI error status (`AmdSmiXgmiStatus`, AMD's values); serialized as the number, as AMD
/// SMI's Python layer returns it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, amdsmi_macros::AmdEnum)]
#[amd(serialize = "code")]
#[repr(u32)]
pub enum AmdSmiXgmiStatus {
    /// `xgmi_error` reads 0.
    #[amd(name = "NO_ERRORS")]
    NoErrors = 0,
    /// `xgmi_error` reads 1.
    #[amd(name = "ERROR")]
    Error = 1,
    /// `xgmi_error` reads 2 or more.
    #[amd(name = "MULTIPLE_ERRORS")]
    MultipleErrors = 2,
}

#[cfg(feature = "serde")]
mod as_number {
    use serde::Serializer;

    /// A number as Python's `hex()` writes it: `0x21000`.
    pub(super) fn hex<S: Serializer>(value: &u32, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&format_args!("{value:#x}"))
    }
}

/// Error counts of one block, or of all enabled blocks (`amdsmi_get_gpu_ecc_count`,
/// `amdsmi_get_gpu_total_ecc_count`). Blocks whose file has no `de:` line count 0 deferred errors,
/// as AMD SMI reports them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct EccCount {
    /// Correctable errors.
    pub correctable_count: u64,
    /// Uncorrectable errors.
    pub uncorrectable_count: u64,
    /// Deferred errors.
    pub deferred_count: u64,
}

/// RAS EEPROM table version and ECC schema (`amdsmi_get_gpu_ras_feature_info`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct RasFeatureInfo {
    /// RAS EEPROM table version (`ras/version`), serialized as Python's `hex()` (`"0x21000"`).
    #[cfg_attr(feature = "serde", serde(serialize_with = "as_number::hex"))]
    pub eeprom_version: u32,
    /// Parity errors are reported (`ras/schema` bit 0).
    pub parity_schema: bool,
    /// Single-bit (correctable) errors are reported (bit 1).
    pub single_bit_schema: bool,
    /// Double-bit (uncorrectable) errors are reported (bit 2).
    pub double_bit_schema: bool,
    /// Poisoning is supported (bit 3).
    pub poison_schema: bool,
}

/// Whether RAS is enabled on one block (`amdsmi_get_gpu_ras_block_features_enabled` items).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct RasBlockFeature {
    /// The block.
    pub block: AmdSmiGpuBlock,
    /// `ENABLED` or `DISABLED`.
    pub status: AmdSmiRasErrState,
}

/// One retired VRAM page (`amdsmi_get_gpu_bad_page_info` / `_memory_reserved_pages` items).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct RetiredPage {
    /// The record's index in the list.
    pub value: u32,
    /// The page as the kernel prints it: its GPU page frame number (AMD SMI's `page_address`).
    pub page_address: u64,
    /// The page size, bytes.
    pub page_size: u64,
    /// Reserved, pending or unreservable.
    pub status: AmdSmiMemoryPageStatus,
}

mod read;
