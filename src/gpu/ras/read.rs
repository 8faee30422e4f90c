//! Reading the RAS files: the [`Gpu`] methods over the device's `ras/` directory and the
//! debugfs threshold, parsed by [`crate::parse::ras`] into the types of the parent module.

use super::*;
use crate::error::{Error, Result, Status};
use crate::gpu::device::debugfs_dri;
use crate::gpu::device::GpuDevice;
use crate::gpu::Gpu;
use crate::parse::ras::{parse_bad_pages, parse_err_count, parse_prefixed_hex};
use crate::sysfs;
use std::path::PathBuf;

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
        if !sysfs::exists(&path) {
            let aca = self.ras_file(&format!("aca_{name}"));
            if sysfs::exists(&aca) {
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
            if let Some(count) = gpu.part(|| gpu.block_err_count(block))? {
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

    /// The retired VRAM pages (`ras/gpu_vram_bad_pages`); empty when none was retired. The file
    /// is read to its end: the kernel serves it a page (146 records) per read, records addressed
    /// by the read position (`amdgpu_ras_sysfs_badpages_read`).
    #[doc(alias = "amdsmi_get_gpu_bad_page_info")]
    pub fn bad_page_info(&self) -> Result<Vec<RetiredPage>> {
        let path = self.ras_gpu()?.ras_file("gpu_vram_bad_pages");
        parse_bad_pages(&sysfs::read_stream_text(&path)?).map_err(|e| Error::from(e).with_path(&path))
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

    /// Validates the RAS EEPROM of the GPU: NOT_SUPPORTED, always, as in AMD SMI 7.0.2, whose
    /// `amdsmi_gpu_validate_ras_eeprom` returns NOT_SUPPORTED without looking at the GPU (the
    /// kernel exposes no EEPROM check to user space either; `ras/` only reports counts). This
    /// is AMD's behaviour, kept so callers see the same status.
    #[doc(alias = "amdsmi_gpu_validate_ras_eeprom")]
    pub fn validate_ras_eeprom(&self) -> Result<()> {
        Err(Error::new(Status::NotSupported).with_detail(format!(
            "{}: RAS EEPROM validation is not supported (AMD SMI 7.0.2 does not implement it)",
            self.device().bdf
        )))
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
