//! CPU topology: family, model, sockets, cores and their APIC ids, from `/proc/cpuinfo` and
//! `/sys/devices/system/cpu`.
//!
//! E-SMI reads family, model and threads per core with the `cpuid` instruction of the CPU it
//! runs on; a fixture root has no CPU to ask, so they come from `/proc/cpuinfo` (`cpu family`,
//! `model`, `siblings` / `cpu cores`), which the kernel fills from the same `cpuid` leaves. The
//! core → APIC id → socket map is E-SMI's own (`processor`, `apicid`, `physical id` lines), and
//! the CPU count is the last index of `/sys/devices/system/cpu/present` plus one, as E-SMI reads it.

use crate::error::{Error, Result, Status};
use crate::parse;
use crate::sysfs::{self, Root};

/// `/proc/cpuinfo`.
pub const CPUINFO: &str = "/proc/cpuinfo";
/// `/sys/devices/system/cpu`.
pub const CPU_SYS: &str = "/sys/devices/system/cpu";

/// One `processor` block of `/proc/cpuinfo`, the fields this crate uses.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CpuInfoEntry {
    /// `processor`: the logical CPU number.
    pub processor: u32,
    /// `vendor_id` (`AuthenticAMD`).
    pub vendor_id: String,
    /// `cpu family`, decimal.
    pub family: u32,
    /// `model`, decimal.
    pub model: u32,
    /// `model name`.
    pub model_name: String,
    /// `physical id`: the socket.
    pub physical_id: u32,
    /// `siblings`: logical CPUs in the socket.
    pub siblings: u32,
    /// `core id`.
    pub core_id: u32,
    /// `cpu cores`: cores in the socket.
    pub cpu_cores: u32,
    /// `apicid`.
    pub apicid: u32,
}

/// Parses `/proc/cpuinfo` (x86 layout: `name<TAB>: value` lines, a blank line between
/// processors). A block without one of the fields [`CpuInfoEntry`] has, or with a number that
/// does not parse, is UNEXPECTED_DATA naming the processor block (1-based).
pub fn parse_cpuinfo(text: &str) -> Result<Vec<CpuInfoEntry>> {
    let mut entries = Vec::new();
    for (index, block) in text.split("\n\n").filter(|b| !b.trim().is_empty()).enumerate() {
        let value = |name: &str| {
            block.lines().find_map(|line| {
                let (key, value) = line.split_once(':')?;
                (key.trim() == name).then(|| value.trim())
            })
        };
        let bad = |what: String| {
            Error::new(Status::UnexpectedData).with_detail(format!("cpuinfo processor block {}: {what}", index + 1))
        };
        let text_field = |name: &str| value(name).map(str::to_owned).ok_or_else(|| bad(format!("no {name:?}")));
        let number = |name: &str| -> Result<u32> {
            let v = value(name).ok_or_else(|| bad(format!("no {name:?}")))?;
            v.parse().map_err(|_| bad(format!("{name} {v:?} is not a number")))
        };
        entries.push(CpuInfoEntry {
            processor: number("processor")?,
            vendor_id: text_field("vendor_id")?,
            family: number("cpu family")?,
            model: number("model")?,
            model_name: text_field("model name")?,
            physical_id: number("physical id")?,
            siblings: number("siblings")?,
            core_id: number("core id")?,
            cpu_cores: number("cpu cores")?,
            apicid: number("apicid")?,
        });
    }
    Ok(entries)
}

/// One core: its first thread's logical CPU number and APIC id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Core {
    /// The logical CPU number of the core's first thread (E-SMI's core index).
    pub cpu: u32,
    /// The APIC id the SMU knows the core by.
    pub apic_id: u32,
}

/// One socket: its cores in CPU-number order and its model name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Socket {
    /// The cores, first threads only.
    pub cores: Vec<Core>,
    /// `model name` of the socket's first CPU.
    pub model_name: String,
}

/// The machine's CPUs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Topology {
    /// CPU family (`cpuid` leaf 1, decimal 25 = 19h for Zen 3/4, 26 = 1Ah for Zen 5).
    pub family: u32,
    /// CPU model.
    pub model: u32,
    /// Threads per core.
    pub threads_per_core: u32,
    /// Logical CPUs (last index of `present` + 1).
    pub total_cpus: u32,
    /// Sockets, by `physical id` (0, 1, ...).
    pub sockets: Vec<Socket>,
}

impl Topology {
    /// Builds the topology from parsed cpuinfo entries and the CPU count. Errors: no entries
    /// (UNEXPECTED_DATA), a non-AMD vendor (NON_AMD_CPU), a family before 19h (NOT_SUPPORTED, as
    /// E-SMI refuses), `physical id`s that are not 0..n (UNEXPECTED_DATA).
    pub fn from_entries(entries: &[CpuInfoEntry], total_cpus: u32) -> Result<Topology> {
        let first = entries.first().ok_or_else(|| Error::new(Status::UnexpectedData).with_detail("no processors"))?;
        if first.vendor_id != "AuthenticAMD" {
            return Err(Error::new(Status::NonAmdCpu).with_detail(format!("vendor {}", first.vendor_id)));
        }
        if first.family < 0x19 {
            return Err(Error::new(Status::NotSupported)
                .with_detail(format!("CPU family {:#x} has no HSMP (E-SMI needs 19h or later)", first.family)));
        }
        let threads_per_core = (first.siblings / first.cpu_cores.max(1)).max(1);
        let mut sockets: Vec<Socket> = Vec::new();
        let mut seen: Vec<(u32, u32)> = Vec::new();
        let mut ordered: Vec<&CpuInfoEntry> = entries.iter().collect();
        ordered.sort_by_key(|e| e.processor);
        for e in ordered {
            let index = e.physical_id as usize;
            if index > sockets.len() {
                return Err(Error::new(Status::UnexpectedData).with_detail(format!(
                    "processor {} is on socket {} before socket {}",
                    e.processor,
                    index,
                    sockets.len()
                )));
            }
            if index == sockets.len() {
                sockets.push(Socket { cores: Vec::new(), model_name: e.model_name.clone() });
            }
            if !seen.contains(&(e.physical_id, e.core_id)) {
                seen.push((e.physical_id, e.core_id));
                if let Some(socket) = sockets.get_mut(index) {
                    socket.cores.push(Core { cpu: e.processor, apic_id: e.apicid });
                }
            }
        }
        Ok(Topology { family: first.family, model: first.model, threads_per_core, total_cpus, sockets })
    }

    /// Reads `/proc/cpuinfo` and `/sys/devices/system/cpu/present` under `root`.
    pub fn read(root: &Root) -> Result<Topology> {
        let path = root.path(CPUINFO);
        let entries = parse_cpuinfo(&sysfs::read_stream_text(&path)?).map_err(|e| e.with_path(&path))?;
        let present = root.path(&format!("{CPU_SYS}/present"));
        let last = sysfs::read_parsed(&present, parse::last_index)?;
        Topology::from_entries(&entries, last.saturating_add(1)).map_err(|e| e.with_path(&path))
    }

    /// Physical cores in the machine (logical CPUs / threads per core), as E-SMI counts them.
    pub fn physical_cores(&self) -> u32 {
        self.total_cpus / self.threads_per_core.max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(processor: u32, socket: u32, core: u32, apic: u32) -> String {
        format!(
            "processor\t: {processor}\nvendor_id\t: AuthenticAMD\ncpu family\t: 25\nmodel\t\t: 17\n\
             model name\t: AMD EPYC 9124 16-Core Processor\nphysical id\t: {socket}\nsiblings\t: 4\n\
             core id\t\t: {core}\ncpu cores\t: 2\napicid\t\t: {apic}\nflags\t\t: fpu vme\n\n"
        )
    }

    #[test]
    fn parses_cpuinfo_into_sockets_and_cores() {
        // 2 sockets x 2 cores x 2 threads; threads enumerated after all first threads.
        let text: String = [(0, 0, 0, 0), (1, 0, 1, 2), (2, 1, 0, 128), (3, 1, 1, 130), (4, 0, 0, 1), (5, 0, 1, 3)]
            .iter()
            .chain(&[(6, 1, 0, 129), (7, 1, 1, 131)])
            .map(|&(p, s, c, a)| block(p, s, c, a))
            .collect();
        let entries = parse_cpuinfo(&text).unwrap();
        assert_eq!(entries.len(), 8);
        assert_eq!(entries[3].apicid, 130);
        let t = Topology::from_entries(&entries, 8).unwrap();
        assert_eq!((t.family, t.model, t.threads_per_core, t.physical_cores()), (0x19, 0x11, 2, 4));
        assert_eq!(t.sockets.len(), 2);
        assert_eq!(t.sockets[1].cores, [Core { cpu: 2, apic_id: 128 }, Core { cpu: 3, apic_id: 130 }]);
        assert_eq!(t.sockets[0].model_name, "AMD EPYC 9124 16-Core Processor");
    }

    #[test]
    fn rejects_what_esmi_rejects() {
        let intel = block(0, 0, 0, 0).replace("AuthenticAMD", "GenuineIntel");
        let t = Topology::from_entries(&parse_cpuinfo(&intel).unwrap(), 1);
        assert_eq!(t.unwrap_err().status(), Status::NonAmdCpu);
        let zen2 = block(0, 0, 0, 0).replace("cpu family\t: 25", "cpu family\t: 23");
        assert_eq!(
            Topology::from_entries(&parse_cpuinfo(&zen2).unwrap(), 1).unwrap_err().status(),
            Status::NotSupported
        );
        assert_eq!(Topology::from_entries(&[], 1).unwrap_err().status(), Status::UnexpectedData);
        let gap = block(0, 1, 0, 0);
        assert_eq!(
            Topology::from_entries(&parse_cpuinfo(&gap).unwrap(), 1).unwrap_err().status(),
            Status::UnexpectedData
        );
        let err = parse_cpuinfo(&block(0, 0, 0, 0).replace("apicid\t\t: 0", "apicid\t\t: x")).unwrap_err();
        assert_eq!(err.detail(), Some("cpuinfo processor block 1: apicid \"x\" is not a number"));
        let err = parse_cpuinfo(&format!("{}{}", block(0, 0, 0, 0), "processor\t: 1\n")).unwrap_err();
        assert!(err.detail().unwrap().starts_with("cpuinfo processor block 2: no"), "{err}");
    }
}
