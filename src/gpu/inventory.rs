//! Static GPU inventory: ASIC, board, VBIOS, firmware, driver, VRAM and caches.

use crate::error::{Error, Result, Status};
use crate::gpu::device::{GpuDevice, FW_DIR};
use crate::gpu::discovery::AMDGPU_DRIVER;
use crate::gpu::Gpu;
use crate::gpu::{drm, names};
use crate::parse;
use crate::sysfs;

/// ASIC identity (`amdsmi_get_gpu_asic_info`). Ids serialize as AMD SMI prints them (`"0x73bf"`).
#[amdsmi_macros::na_fields]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct AsicInfo {
    /// Marketing name from libdrm's amdgpu.ids (device id + PCI revision); libdrm's
    /// `AMD Radeon Graphics` when the pair is not listed.
    pub market_name: Option<String>,
    /// PCI vendor id (`vendor`).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::na::hex4"))]
    pub vendor_id: Option<u16>,
    /// PCI vendor name from pci.ids, commas removed as AMD SMI's Python layer does.
    pub vendor_name: Option<String>,
    /// PCI subsystem vendor id (`subsystem_vendor`).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::na::hex4"))]
    pub subvendor_id: Option<u16>,
    /// PCI device id (`device`).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::na::hex4"))]
    pub device_id: Option<u16>,
    /// PCI revision id (DRM device info `pci_rev`, else `revision`).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::na::hex2"))]
    pub rev_id: Option<u8>,
    /// ASIC serial (`unique_id`), printed `0x%016X`.
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::na::serial"))]
    pub asic_serial: Option<u64>,
    /// OAM (module slot) id: `xgmi_physical_id`.
    pub oam_id: Option<u32>,
    /// Compute units: KFD `simd_count / simd_per_cu`.
    pub num_of_compute_units: Option<u32>,
    /// Graphics target, e.g. `gfx1030`, from KFD `gfx_target_version`.
    pub target_graphics_version: Option<String>,
    /// PCI subsystem device id (`subsystem_device`).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::na::hex4"))]
    pub subsystem_id: Option<u16>,
}

/// Board identity from the FRU (`amdsmi_get_gpu_board_info`).
#[amdsmi_macros::na_fields]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct BoardInfo {
    /// Board part number (`product_number`).
    pub model_number: Option<String>,
    /// Board serial number (`serial_number`).
    pub product_serial: Option<String>,
    /// FRU id (`fru_id`).
    pub fru_id: Option<String>,
    /// Product name (`product_name`, else the pci.ids device name).
    pub product_name: Option<String>,
    /// Manufacturer (`manufacturer`, else the pci.ids vendor name).
    pub manufacturer_name: Option<String>,
}

/// VBIOS / IFWI identity (`amdsmi_get_gpu_vbios_info`).
#[amdsmi_macros::na_fields]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct VbiosInfo {
    /// VBIOS name (DRM VBIOS info).
    pub name: Option<String>,
    /// Build date (DRM VBIOS info).
    pub build_date: Option<String>,
    /// Part number (DRM VBIOS info, else `vbios_version`).
    pub part_number: Option<String>,
    /// Version string (`vbios_build` when present, else DRM VBIOS info).
    pub version: Option<String>,
    /// Unified boot-loader version: the DRM version string when `vbios_build` replaced it.
    pub boot_firmware: Option<String>,
}

/// One firmware block.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct FwEntry {
    /// AMD SMI's block name (`AMDSMI_FW_ID_PM`, ...); blocks AMD SMI does not know keep the
    /// upper-cased sysfs name (`IMU`).
    pub fw_name: String,
    /// The version as AMD SMI formats it: `21.00.00.AC` (PSP, TA, UVD, VCE, VCN), `00.58.84.00`
    /// (PM, PLDM: each byte in decimal), else decimal.
    pub fw_version: String,
}

/// Firmware versions (`amdsmi_get_fw_info`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct FwInfo {
    /// Every readable `fw_version/<block>_fw_version`, in AMD SMI's block order, then the others
    /// by name.
    pub fw_list: Vec<FwEntry>,
}

/// Driver identity (`amdsmi_get_gpu_driver_info`).
#[amdsmi_macros::na_fields]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DriverInfo {
    /// Driver name (DRM version, else the device's `driver` link).
    pub driver_name: Option<String>,
    /// `/sys/module/amdgpu/version` (DKMS drivers), else the kernel release (`/proc/sys/kernel/osrelease`).
    pub driver_version: Option<String>,
    /// DRM driver date as `YYYY/MM/DD 00:00`.
    pub driver_date: Option<String>,
}

/// VRAM type (`AmdSmiVramType`, AMD's values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, amdsmi_macros::AmdEnum)]
#[allow(missing_docs)]
#[repr(u32)]
pub enum VramType {
    #[amd(name = "UNKNOWN")]
    Unknown = 0,
    #[amd(name = "HBM")]
    Hbm = 1,
    #[amd(name = "HBM2")]
    Hbm2 = 2,
    #[amd(name = "HBM2E")]
    Hbm2e = 3,
    #[amd(name = "HBM3")]
    Hbm3 = 4,
    #[amd(name = "DDR2")]
    Ddr2 = 10,
    #[amd(name = "DDR3")]
    Ddr3 = 11,
    #[amd(name = "DDR4")]
    Ddr4 = 12,
    #[amd(name = "GDDR1")]
    Gddr1 = 17,
    #[amd(name = "GDDR2")]
    Gddr2 = 18,
    #[amd(name = "GDDR3")]
    Gddr3 = 19,
    #[amd(name = "GDDR4")]
    Gddr4 = 20,
    #[amd(name = "GDDR5")]
    Gddr5 = 21,
    #[amd(name = "GDDR6")]
    Gddr6 = 22,
    #[amd(name = "GDDR7")]
    Gddr7 = 23,
}

impl VramType {
    /// AMD SMI's type for the kernel's `AMDGPU_VRAM_TYPE_*` (DDR5/LPDDR of APUs have no AMD SMI
    /// value and are UNKNOWN, as in AMD SMI).
    pub fn from_kernel(vram_type: u32) -> VramType {
        match vram_type {
            1 => VramType::Gddr1,
            2 => VramType::Ddr2,
            3 => VramType::Gddr3,
            4 => VramType::Gddr4,
            5 => VramType::Gddr5,
            6 => VramType::Hbm,
            7 => VramType::Ddr3,
            8 => VramType::Ddr4,
            9 => VramType::Gddr6,
            13 => VramType::Hbm3,
            14 => VramType::Gddr7,
            _ => VramType::Unknown,
        }
    }
}

/// VRAM description (`amdsmi_get_gpu_vram_info`).
#[amdsmi_macros::na_fields]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct VramInfo {
    /// Memory type (DRM device info); UNKNOWN without it.
    pub vram_type: VramType,
    /// Vendor (`mem_info_vram_vendor`, upper-cased).
    pub vram_vendor: Option<String>,
    /// Size in MiB (`mem_info_vram_total`).
    pub vram_size: Option<u64>,
    /// Bus width in bits (DRM device info).
    pub vram_bit_width: Option<u32>,
    /// Peak bandwidth in GB/s (`gpu_metrics` `vram_max_bandwidth`, v1.4 and later).
    pub vram_max_bandwidth: Option<u64>,
}

/// One kind of cache (`amdsmi_get_gpu_cache_info`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Cache {
    /// `DATA_CACHE`, `INST_CACHE`, `CPU_CACHE`, `SIMD_CACHE`.
    pub cache_properties: Vec<&'static str>,
    /// Size of one instance in KiB.
    pub cache_size: u32,
    /// Cache level (1, 2, 3).
    pub cache_level: u32,
    /// Compute units sharing one instance.
    pub max_num_cu_shared: u32,
    /// Instances of this kind.
    pub num_cache_instance: u32,
}

/// The GPU's caches, grouped by level, type, size and sharing as AMD SMI groups them.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CacheInfo {
    /// One entry per kind of cache, in the order the KFD lists them.
    pub cache: Vec<Cache>,
}

/// How the GPU is virtualized (`AmdSmiVirtualizationMode`, AMD's values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, amdsmi_macros::AmdEnum)]
#[repr(u32)]
pub enum VirtualizationMode {
    /// Unknown mode.
    #[amd(name = "UNKNOWN")]
    Unknown = 0,
    /// Bare metal (the kernel's PF mode).
    #[amd(name = "BAREMETAL")]
    Baremetal = 1,
    /// Hypervisor host.
    #[amd(name = "HOST")]
    Host = 2,
    /// SR-IOV guest (the kernel's VF mode).
    #[amd(name = "GUEST")]
    Guest = 3,
    /// Passthrough to a virtual machine.
    #[amd(name = "PASSTHROUGH")]
    Passthrough = 4,
}

/// The result of `amdsmi_get_gpu_virtualization_mode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct VirtualizationInfo {
    /// The mode.
    pub mode: VirtualizationMode,
}

/// The mode in DRM device info `ids_flags` (`AMDGPU_IDS_FLAGS_MODE_MASK` 0x300, shift 8:
/// 0 PF = bare metal, 1 VF = guest, 2 PT = passthrough).
pub fn virtualization_mode(ids_flags: u64) -> VirtualizationMode {
    match (ids_flags & 0x300) >> 8 {
        0 => VirtualizationMode::Baremetal,
        1 => VirtualizationMode::Guest,
        2 => VirtualizationMode::Passthrough,
        _ => VirtualizationMode::Unknown,
    }
}

/// `gfx1030` for KFD's `gfx_target_version` 100300: major, minor, and the stepping in hex.
pub fn gfx_target_name(version: u64) -> Option<String> {
    (version != 0).then(|| format!("gfx{}{}{:x}", version / 10000, (version / 100) % 100, version % 100))
}

/// AMD SMI's block ids for the sysfs `fw_version` files, in AMD SMI's order.
const FW_BLOCKS: &[(&str, &str)] = &[
    ("asd", "AMDSMI_FW_ID_ASD"),
    ("ce", "AMDSMI_FW_ID_CP_CE"),
    ("dmcu", "AMDSMI_FW_ID_DMCU"),
    ("mc", "AMDSMI_FW_ID_MC"),
    ("me", "AMDSMI_FW_ID_CP_ME"),
    ("mec", "AMDSMI_FW_ID_CP_MEC1"),
    ("mec2", "AMDSMI_FW_ID_CP_MEC2"),
    ("pfp", "AMDSMI_FW_ID_CP_PFP"),
    ("rlc", "AMDSMI_FW_ID_RLC"),
    ("rlc_srlc", "AMDSMI_FW_ID_RLC_RESTORE_LIST_CNTL"),
    ("rlc_srlg", "AMDSMI_FW_ID_RLC_RESTORE_LIST_GPM_MEM"),
    ("rlc_srls", "AMDSMI_FW_ID_RLC_RESTORE_LIST_SRM_MEM"),
    ("sdma", "AMDSMI_FW_ID_SDMA0"),
    ("sdma2", "AMDSMI_FW_ID_SDMA1"),
    ("smc", "AMDSMI_FW_ID_PM"),
    ("sos", "AMDSMI_FW_ID_PSP_SOSDRV"),
    ("ta_ras", "AMDSMI_FW_ID_TA_RAS"),
    ("ta_xgmi", "AMDSMI_FW_ID_TA_XGMI"),
    ("uvd", "AMDSMI_FW_ID_UVD"),
    ("vce", "AMDSMI_FW_ID_VCE"),
    ("vcn", "AMDSMI_FW_ID_VCN"),
    ("mes", "AMDSMI_FW_ID_CP_MES"),
    ("mes_kiq", "AMDSMI_FW_ID_MES_KIQ"),
    ("pldm", "AMDSMI_FW_ID_PLDM_BUNDLE"),
];

/// Formats a firmware version as AMD SMI's Python layer does for the block `fw_name`.
pub fn format_fw_version(fw_name: &str, version: u64) -> String {
    const DOTTED_HEX: &[&str] = &[
        "AMDSMI_FW_ID_PSP_SOSDRV",
        "AMDSMI_FW_ID_TA_RAS",
        "AMDSMI_FW_ID_TA_XGMI",
        "AMDSMI_FW_ID_UVD",
        "AMDSMI_FW_ID_VCE",
        "AMDSMI_FW_ID_VCN",
    ];
    const DOTTED_DECIMAL: &[&str] = &["AMDSMI_FW_ID_PM", "AMDSMI_FW_ID_PLDM_BUNDLE"];
    let digits = format!("{version:08X}");
    let pairs = || digits.as_bytes().chunks(2).map(|pair| std::str::from_utf8(pair).unwrap_or_default());
    if DOTTED_HEX.contains(&fw_name) {
        pairs().collect::<Vec<_>>().join(".")
    } else if DOTTED_DECIMAL.contains(&fw_name) {
        pairs().map(|p| format!("{:02}", u8::from_str_radix(p, 16).unwrap_or_default())).collect::<Vec<_>>().join(".")
    } else {
        version.to_string()
    }
}

/// Groups KFD cache `properties` texts (in cache-id order) as AMD SMI does: equal level, type,
/// size and sharing make one entry whose instance count grows. Caches with a non-positive level,
/// type or size, or unparsable, are skipped.
pub fn group_caches<'a>(caches: impl IntoIterator<Item = &'a str>) -> Vec<Cache> {
    const PROPERTIES: [(u64, &str); 4] = [(1, "DATA_CACHE"), (2, "INST_CACHE"), (4, "CPU_CACHE"), (8, "SIMD_CACHE")];
    let mut groups: Vec<(u64, Cache)> = Vec::new();
    for text in caches {
        let Ok(parse::KfdCache { level, kind, size, shared }) = parse::KfdCache::parse(text) else { continue };
        match groups.iter_mut().find(|(k, c)| {
            *k == kind && c.cache_level == level && c.cache_size == size && c.max_num_cu_shared == shared
        }) {
            Some((_, cache)) => cache.num_cache_instance += 1,
            None => groups.push((
                kind,
                Cache {
                    cache_properties: PROPERTIES.iter().filter(|(bit, _)| kind & bit != 0).map(|&(_, n)| n).collect(),
                    cache_size: size,
                    cache_level: level,
                    max_num_cu_shared: shared,
                    num_cache_instance: 1,
                },
            )),
        }
    }
    groups.into_iter().map(|(_, c)| c).collect()
}

/// `YYYYMMDD` (DRM driver date) as AMD SMI prints it: `YYYY/MM/DD 00:00`.
fn driver_date(date: &str) -> Option<String> {
    let ok = date.len() == 8 && date.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| format!("{}/{}/{} 00:00", &date[..4], &date[4..6], &date[6..]))
}

/// A text attribute that is present and not empty.
fn non_empty(gpu: &GpuDevice, name: &str) -> Option<String> {
    gpu.read_text(name).ok().filter(|t| !t.is_empty())
}

impl Gpu<'_> {
    /// `query` on the DRM transport of the GPU's render node under the root, kept open
    /// ([`drm::DrmSlot`]).
    pub(crate) fn with_drm<T>(&self, query: impl FnOnce(&dyn drm::DrmTransport) -> Result<T>) -> Result<T> {
        self.device().drm.with(|| self.device().render_node(&self.root().path("/dev/dri")), query)
    }

    /// ASIC identity.
    #[doc(alias = "amdsmi_get_gpu_asic_info")]
    pub fn asic_info(&self) -> Result<AsicInfo> {
        let gpu = self.device();
        let device_id = gpu.device_id().ok();
        let dev_info = self.with_drm(drm::device_info).ok();
        let rev_id = dev_info
            .as_ref()
            .and_then(|d| u8::try_from(d.pci_rev).ok())
            .or_else(|| gpu.read_u64("revision").ok().and_then(|r| u8::try_from(r).ok()));
        let vendor_id = gpu.read_id("vendor").ok();
        let kfd = gpu.kfd.as_ref().map(|n| &n.properties);
        let compute_units = gpu.kfd.as_ref().and_then(|n| n.compute_units());
        Ok(AsicInfo {
            market_name: device_id
                .zip(rev_id)
                .map(|(d, r)| names::marketing_name(d, r).unwrap_or(names::GENERIC_MARKETING_NAME).to_owned()),
            vendor_id,
            vendor_name: vendor_id.and_then(names::pci_vendor_name).map(|n| n.replace(',', "")),
            subvendor_id: gpu.read_id("subsystem_vendor").ok(),
            device_id,
            rev_id,
            asic_serial: gpu.serial().ok(),
            oam_id: gpu
                .read_u64("xgmi_physical_id")
                .ok()
                .filter(|&id| id != 0xffff)
                .and_then(|id| u32::try_from(id).ok()),
            num_of_compute_units: compute_units.and_then(|n| u32::try_from(n).ok()),
            target_graphics_version: kfd.and_then(|p| gfx_target_name(p.get("gfx_target_version")?)),
            subsystem_id: gpu.read_id("subsystem_device").ok(),
        })
    }

    /// Board identity from the FRU files.
    #[doc(alias = "amdsmi_get_gpu_board_info")]
    pub fn board_info(&self) -> Result<BoardInfo> {
        let gpu = self.device();
        let device = gpu.device_id().ok();
        let vendor = gpu.read_id("vendor").ok();
        // The pci.ids names stand in for FRU fields a board lacks, not for those of a device that
        // went away (all its files vanish at once): that is the error.
        let fru = |name: &str| Ok::<_, Error>(gpu.part(|| gpu.read_text(name))?.filter(|t| !t.is_empty()));
        let or_name = |fru: Option<String>, name: Option<&'static str>| fru.or_else(|| name.map(str::to_owned));
        Ok(BoardInfo {
            model_number: fru("product_number")?,
            product_serial: fru("serial_number")?,
            fru_id: fru("fru_id")?,
            product_name: or_name(fru("product_name")?, device.and_then(names::pci_device_name)),
            manufacturer_name: or_name(fru("manufacturer")?, vendor.and_then(names::pci_vendor_name)),
        })
    }

    /// VBIOS identity: the DRM VBIOS query, else `vbios_version` as the part number.
    #[doc(alias = "amdsmi_get_gpu_vbios_info")]
    pub fn vbios_info(&self) -> Result<VbiosInfo> {
        let gpu = self.device();
        let drm = self.with_drm(drm::vbios_info).ok();
        let nonempty = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        let mut info = VbiosInfo {
            name: drm.as_ref().and_then(|v| nonempty(&v.name)),
            build_date: drm.as_ref().and_then(|v| nonempty(&v.date)),
            part_number: drm
                .as_ref()
                .and_then(|v| nonempty(&v.part_number))
                .or_else(|| non_empty(gpu, "vbios_version")),
            version: drm.as_ref().and_then(|v| nonempty(&v.version_string)),
            boot_firmware: None,
        };
        if let Some(build) = non_empty(gpu, "vbios_build") {
            info.boot_firmware = info.version.replace(build);
        }
        if info == (VbiosInfo { name: None, build_date: None, part_number: None, version: None, boot_firmware: None }) {
            return Err(Error::new(Status::NotSupported).with_path(&gpu.attr("vbios_version")));
        }
        Ok(info)
    }

    /// Firmware versions of every `fw_version/<block>_fw_version` file.
    #[doc(alias = "amdsmi_get_fw_info")]
    pub fn fw_info(&self) -> Result<FwInfo> {
        let gpu = self.device();
        let dir = gpu.attr(FW_DIR);
        let files = gpu.files.fw_files.as_ref().ok_or_else(|| {
            Error::new(Status::NotSupported).with_path(&dir).with_detail("no firmware version directory at discovery")
        })?;
        let mut blocks: Vec<(usize, String, u64)> = Vec::new();
        for file in files {
            let Some(stem) = file.strip_suffix("_fw_version") else { continue };
            // A block whose file the driver refuses is left out, as AMD SMI leaves it out; a
            // device that went away is the error.
            let Some(version) = gpu.part(|| sysfs::read_parsed(&dir.join(file), parse::parse_u64))? else { continue };
            let known = FW_BLOCKS.iter().position(|(name, _)| *name == stem);
            let fw_name = known.map_or_else(|| stem.to_uppercase(), |i| FW_BLOCKS[i].1.to_owned());
            blocks.push((known.unwrap_or(usize::MAX), fw_name, version));
        }
        blocks.sort();
        let fw_list = blocks
            .into_iter()
            .map(|(_, fw_name, v)| FwEntry { fw_version: format_fw_version(&fw_name, v), fw_name })
            .collect();
        Ok(FwInfo { fw_list })
    }

    /// Driver name, version and date.
    #[doc(alias = "amdsmi_get_gpu_driver_info")]
    pub fn driver_info(&self) -> Result<DriverInfo> {
        let version = self.with_drm(|t| t.version()).ok();
        let read = |path: &str| sysfs::read_text(&self.root().path(path)).ok().filter(|t| !t.is_empty());
        Ok(DriverInfo {
            driver_name: version.as_ref().map(|v| v.name.clone()).or_else(|| Some(AMDGPU_DRIVER.to_owned())),
            driver_version: read("/sys/module/amdgpu/version").or_else(|| read("/proc/sys/kernel/osrelease")),
            driver_date: version.and_then(|v| driver_date(&v.date)),
        })
    }

    /// VRAM type, vendor, size and width.
    #[doc(alias = "amdsmi_get_gpu_vram_info")]
    pub fn vram_info(&self) -> Result<VramInfo> {
        let gpu = self.device();
        let dev_info = self.with_drm(drm::device_info).ok();
        let info = VramInfo {
            vram_type: dev_info.as_ref().map_or(VramType::Unknown, |d| VramType::from_kernel(d.vram_type)),
            vram_vendor: non_empty(gpu, "mem_info_vram_vendor").map(|v| v.to_uppercase()),
            vram_size: gpu.read_u64("mem_info_vram_total").ok().map(|b| b / (1024 * 1024)),
            vram_bit_width: dev_info.map(|d| d.vram_bit_width).filter(|&w| w != 0),
            vram_max_bandwidth: gpu.metrics_view().ok().and_then(|m| m.vram_max_bandwidth()),
        };
        if info.vram_size.is_none() && info.vram_vendor.is_none() && info.vram_bit_width.is_none() {
            return Err(Error::new(Status::NotSupported).with_path(&gpu.attr("mem_info_vram_total")));
        }
        Ok(info)
    }

    /// The GPU's caches from its KFD node; NO_DATA when the node lists none.
    #[doc(alias = "amdsmi_get_gpu_cache_info")]
    pub fn cache_info(&self) -> Result<CacheInfo> {
        let gpu = self.device();
        let node = gpu.kfd_node()?;
        let dir = self.root().path(crate::gpu::kfd::NODES_DIR).join(node.node_id.to_string()).join("caches");
        // A node without a `caches` directory (older kernels, partial captures) has none to
        // read: one `stat` instead of a failed open per cache.
        let count = if sysfs::is_dir(&dir) { node.properties.get("caches_count").unwrap_or(0).min(1024) } else { 0 };
        // A cache that cannot be read is left out, unless the node went away meanwhile: then the
        // error, not the caches read before it.
        let mut texts = Vec::new();
        for id in 0..count {
            texts.extend(sysfs::part(&dir, || sysfs::read_text(&dir.join(id.to_string()).join("properties")))?);
        }
        let cache = group_caches(texts.iter().map(String::as_str));
        if cache.is_empty() {
            return Err(Error::new(Status::NoData).with_path(&dir));
        }
        Ok(CacheInfo { cache })
    }

    /// The virtualization mode from DRM device info; NOT_SUPPORTED before amdgpu DRM 3.62, which
    /// added the mode bits (as AMD SMI requires).
    #[doc(alias = "amdsmi_get_gpu_virtualization_mode")]
    pub fn virtualization_mode(&self) -> Result<VirtualizationInfo> {
        let version = self.with_drm(|t| t.version())?;
        if (version.major, version.minor) < (3, 62) {
            return Err(Error::new(Status::NotSupported)
                .with_detail(format!("amdgpu DRM {}.{} has no virtualization mode", version.major, version.minor)));
        }
        Ok(VirtualizationInfo { mode: virtualization_mode(self.with_drm(drm::device_info)?.ids_flags) })
    }

    /// The PCI revision as a hex string (`0xc0`).
    #[doc(alias = "amdsmi_get_gpu_revision")]
    pub fn revision(&self) -> Result<String> {
        let gpu = self.device();
        Ok(format!("{:#04x}", gpu.read_u64("revision")?))
    }

    /// The PCI vendor name (pci.ids), as AMD SMI reports it.
    #[doc(alias = "amdsmi_get_gpu_vendor_name")]
    pub fn vendor_name(&self) -> Result<String> {
        let gpu = self.device();
        let vendor = gpu.read_id("vendor")?;
        names::pci_vendor_name(vendor).map(str::to_owned).ok_or_else(|| {
            Error::new(Status::NotSupported).with_detail(format!("vendor {vendor:#06x} is not in pci.ids"))
        })
    }

    /// The PCI device id.
    #[doc(alias = "amdsmi_get_gpu_id")]
    pub fn id(&self) -> Result<u16> {
        self.device().device_id()
    }

    /// The VRAM vendor (`mem_info_vram_vendor`, as the kernel prints it).
    #[doc(alias = "amdsmi_get_gpu_vram_vendor")]
    pub fn vram_vendor(&self) -> Result<String> {
        self.device().read_text("mem_info_vram_vendor")
    }

    /// The PCI subsystem device id as a hex string (`0x440e`).
    #[doc(alias = "amdsmi_get_gpu_subsystem_id")]
    pub fn subsystem_id(&self) -> Result<String> {
        Ok(format!("{:#06x}", self.device().read_id("subsystem_device")?))
    }

    /// The PCI subsystem name (pci.ids); the subsystem device id in hex (`0x440e`) when pci.ids
    /// does not list it, as AMD SMI answers.
    #[doc(alias = "amdsmi_get_gpu_subsystem_name")]
    pub fn subsystem_name(&self) -> Result<String> {
        let gpu = self.device();
        let (device, subvendor, subdevice) =
            (gpu.device_id()?, gpu.read_id("subsystem_vendor")?, gpu.read_id("subsystem_device")?);
        Ok(names::pci_subsystem_name(device, subvendor, subdevice)
            .map_or_else(|| format!("{subdevice:#x}"), str::to_owned))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gfx_names() {
        assert_eq!(gfx_target_name(100300).as_deref(), Some("gfx1030"));
        assert_eq!(gfx_target_name(90402).as_deref(), Some("gfx942"));
        assert_eq!(gfx_target_name(90010).as_deref(), Some("gfx90a"));
        assert_eq!(gfx_target_name(110003).as_deref(), Some("gfx1103"));
        assert_eq!(gfx_target_name(0), None);
    }

    #[test]
    fn fw_version_formats() {
        assert_eq!(format_fw_version("AMDSMI_FW_ID_PSP_SOSDRV", 0x0021_00ac), "00.21.00.AC");
        assert_eq!(format_fw_version("AMDSMI_FW_ID_PM", 0x003a_5800), "00.58.88.00");
        assert_eq!(format_fw_version("AMDSMI_FW_ID_CP_MEC1", 0x76), "118");
        assert_eq!(format_fw_version("AMDSMI_FW_ID_VCN", 0x1_0000_0000), "10.00.00.00.0");
    }

    #[test]
    fn caches_group_like_amd() {
        let l1 = "level 1\nsize 16\ntype 9\nsibling_map 1,1,0\n";
        let l2 = "level 2\nsize 2048\ntype 9\nsibling_map 1,1,1,1\n";
        let bad = "level 0\nsize 16\ntype 9\n";
        let caches = group_caches([l1, l2, l1, bad, "garbage", ""]);
        assert_eq!(caches.len(), 2);
        assert_eq!(caches[0].num_cache_instance, 2);
        assert_eq!(caches[0].max_num_cu_shared, 2);
        assert_eq!(caches[0].cache_properties, ["DATA_CACHE", "SIMD_CACHE"]);
        assert_eq!(caches[1].cache_level, 2);
        assert_eq!(caches[1].cache_size, 2048);
    }

    #[test]
    fn virtualization_modes() {
        assert_eq!(virtualization_mode(0), VirtualizationMode::Baremetal);
        assert_eq!(virtualization_mode(0x100 | 0x1), VirtualizationMode::Guest);
        assert_eq!(virtualization_mode(0x200), VirtualizationMode::Passthrough);
        assert_eq!(virtualization_mode(0x300), VirtualizationMode::Unknown);
    }

    #[test]
    fn driver_dates() {
        assert_eq!(driver_date("20150101").as_deref(), Some("2015/01/01 00:00"));
        assert_eq!(driver_date("2015010"), None);
        assert_eq!(driver_date("2015010x"), None);
    }
}
