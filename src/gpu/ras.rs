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

use std::path::PathBuf;

use crate::error::{Error, Result, Status};
use crate::gpu::device::debugfs_dri;
use crate::gpu::device::GpuDevice;
use crate::gpu::Gpu;
use crate::parse::ras::{parse_bad_pages, parse_err_count, parse_prefixed_hex};
use crate::sysfs;

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

/// What the kernel prints while RAS cannot be queried (GPU reset or recovery in progress).
const QUERY_INACCESSIBLE: &str = "Query currently inaccessible";

impl GpuDevice {
    /// The path of a file of the device's `ras/` directory.
    fn ras_file(&self, name: &str) -> PathBuf {
        self.attr(&format!("ras/{name}"))
    }

    /// The RAS feature mask (`ras/features`).
    fn ras_features(&self) -> Result<u64> {
        sysfs::read_parsed(&self.ras_file("features"), |t| parse_prefixed_hex(t, "feature mask:"))
    }

    /// A block's counters: `ras/<block>_err_count`, else the `ras/aca_<block>` file some 6.9-era
    /// kernels created instead (same format).
    fn block_err_count(&self, block: AmdSmiGpuBlock) -> Result<EccCount> {
        let name = block.kernel()?;
        let mut path = self.ras_file(&format!("{name}_err_count"));
        if !path.exists() {
            let aca = self.ras_file(&format!("aca_{name}"));
            if aca.exists() {
                path = aca;
            }
        }
        let text = sysfs::read_text(&path)?;
        if text.starts_with(QUERY_INACCESSIBLE) {
            // AMD SMI reports NOT_SUPPORTED while the kernel cannot query the counters.
            return Err(Error::new(Status::NotSupported).with_path(&path).with_detail(text));
        }
        parse_err_count(&text).map_err(|e| Error::from(e).with_path(&path))
    }
}

impl Gpu<'_> {
    /// The GPU whose RAS files a processor reads: a whole GPU, or partition 0 of a partitioned one.
    fn ras_gpu(&self) -> Result<&GpuDevice> {
        let gpu = self.device();
        if gpu.partition_id != 0 {
            return Err(Error::new(Status::NotSupported)
                .with_detail(format!("{}: RAS is reported by partition 0 of the GPU", gpu.bdf)));
        }
        Ok(gpu)
    }

    /// Error counts of one block (`ras/<block>_err_count`); NOT_SUPPORTED when the kernel has no
    /// counter file for the block.
    #[doc(alias = "amdsmi_get_gpu_ecc_count")]
    pub fn ecc_count(&self, block: AmdSmiGpuBlock) -> Result<EccCount> {
        block.kernel()?;
        self.ras_gpu()?.block_err_count(block)
    }

    /// The sum of the counts of every block enabled in `ras/features` whose counters can be read
    /// (as AMD SMI does, a block whose file is missing or busy is left out).
    #[doc(alias = "amdsmi_get_gpu_total_ecc_count")]
    pub fn total_ecc_count(&self) -> Result<EccCount> {
        let gpu = self.ras_gpu()?;
        let mask = gpu.ras_features()?;
        let mut total = EccCount::default();
        for &block in AmdSmiGpuBlock::ALL.iter().filter(|b| mask & b.bit() != 0) {
            if let Ok(count) = gpu.block_err_count(block) {
                total.correctable_count = total.correctable_count.saturating_add(count.correctable_count);
                total.uncorrectable_count = total.uncorrectable_count.saturating_add(count.uncorrectable_count);
                total.deferred_count = total.deferred_count.saturating_add(count.deferred_count);
            }
        }
        Ok(total)
    }

    /// The RAS feature mask (`ras/features`): bit n set when [`AmdSmiGpuBlock`] bit n has RAS on.
    #[doc(alias = "amdsmi_get_gpu_ecc_enabled")]
    pub fn ecc_enabled(&self) -> Result<u64> {
        self.ras_gpu()?.ras_features()
    }

    /// `Enabled` or `Disabled`: the block's bit in `ras/features`.
    #[doc(alias = "amdsmi_get_gpu_ecc_status")]
    pub fn ecc_status(&self, block: AmdSmiGpuBlock) -> Result<AmdSmiRasErrState> {
        block.kernel()?;
        Ok(ras_state(self.ecc_enabled()?, block))
    }

    /// RAS EEPROM table version (`ras/version`) and ECC schema (`ras/schema`).
    #[doc(alias = "amdsmi_get_gpu_ras_feature_info")]
    pub fn ras_feature_info(&self) -> Result<RasFeatureInfo> {
        let gpu = self.ras_gpu()?;
        let u32_after = |file: &str, prefix: &str| {
            sysfs::read_parsed(&gpu.ras_file(file), |t| parse_prefixed_hex::<u32>(t, prefix))
        };
        let version = u32_after("version", "table version:")?;
        let schema = u32_after("schema", "schema:")?;
        Ok(RasFeatureInfo {
            eeprom_version: version,
            parity_schema: schema & 1 != 0,
            single_bit_schema: schema & 2 != 0,
            double_bit_schema: schema & 4 != 0,
            poison_schema: schema & 8 != 0,
        })
    }

    /// Every block with its RAS state, in AMD's block order.
    #[doc(alias = "amdsmi_get_gpu_ras_block_features_enabled")]
    pub fn ras_block_features_enabled(&self) -> Result<Vec<RasBlockFeature>> {
        let mask = self.ecc_enabled()?;
        Ok(AmdSmiGpuBlock::ALL.iter().map(|&block| RasBlockFeature { block, status: ras_state(mask, block) }).collect())
    }

    /// The retired VRAM pages (`ras/gpu_vram_bad_pages`); empty when none was retired.
    #[doc(alias = "amdsmi_get_gpu_bad_page_info")]
    pub fn bad_page_info(&self) -> Result<Vec<RetiredPage>> {
        let path = self.ras_gpu()?.ras_file("gpu_vram_bad_pages");
        sysfs::read_parsed(&path, parse_bad_pages)
    }

    /// The reserved VRAM pages: the records of `ras/gpu_vram_bad_pages`, as AMD SMI reads them
    /// for this function too (each record's status tells reserved, pending and unreservable apart).
    #[doc(alias = "amdsmi_get_gpu_memory_reserved_pages")]
    pub fn memory_reserved_pages(&self) -> Result<Vec<RetiredPage>> {
        self.bad_page_info()
    }

    /// The number of retired pages at which the driver declares the GPU bad: debugfs
    /// `dri/<card minor>/ras/bad_page_cnt_threshold`. NO_PERM for anyone but root (debugfs is
    /// root-only), NOT_SUPPORTED when debugfs is not mounted or the GPU has no RAS.
    #[doc(alias = "amdsmi_get_gpu_bad_page_threshold")]
    pub fn bad_page_threshold(&self) -> Result<u32> {
        let gpu = self.ras_gpu()?;
        let path = debugfs_dri(self.root(), gpu.card()?, "ras/bad_page_cnt_threshold");
        sysfs::read_number(&path)
    }

    /// The XGMI error status (`xgmi_error`: the number of XGMI errors latched).
    #[doc(alias = "amdsmi_gpu_xgmi_error_status")]
    pub fn xgmi_error_status(&self) -> Result<AmdSmiXgmiStatus> {
        let errors: u64 = sysfs::read_number(&self.ras_gpu()?.attr("xgmi_error"))?;
        Ok(match errors {
            0 => AmdSmiXgmiStatus::NoErrors,
            1 => AmdSmiXgmiStatus::Error,
            _ => AmdSmiXgmiStatus::MultipleErrors,
        })
    }
}

/// A block's state in a feature mask.
fn ras_state(mask: u64, block: AmdSmiGpuBlock) -> AmdSmiRasErrState {
    if mask & block.bit() != 0 {
        AmdSmiRasErrState::Enabled
    } else {
        AmdSmiRasErrState::Disabled
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_bits_match_kernel_order() {
        for (n, block) in AmdSmiGpuBlock::ALL.iter().enumerate() {
            assert_eq!(block.bit(), 1 << n, "{}", block.name());
        }
        assert_eq!(AmdSmiGpuBlock::ALL.len(), 19);
        assert_eq!(AmdSmiGpuBlock::Mpio.bit(), 0x40000);
        assert_eq!(AmdSmiGpuBlock::Reserved.bit(), 1 << 63);
        assert_eq!(AmdSmiGpuBlock::Invalid.kernel_name(), None);
    }
}
