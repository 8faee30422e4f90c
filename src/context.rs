//! The explicit context: a root directory and the processors discovered under it, with the
//! handles that name them.
//!
//! Tests and embedders create as many contexts as they like (one per fixture root, in parallel);
//! the documented `amdsmi_*` free functions act on one process-wide context (see [`crate::api`]).

use std::any::Any;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use crate::cpu::{CpuProcessor, CpuSystem};
use crate::error::{Error, Result, Status};
use crate::gpu::bdf::Bdf;
use crate::gpu::discovery::{self, GpuDevice};
use crate::sysfs::Root;

bitflags::bitflags! {
    /// Which processors `amdsmi_init` discovers (`AmdSmiInitFlags`, AMD's values).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct AmdSmiInitFlags: u64 {
        /// AMD EPYC CPUs (through HSMP).
        const INIT_AMD_CPUS = 1;
        /// AMD GPUs (through the amdgpu driver).
        const INIT_AMD_GPUS = 2;
        /// Non-AMD CPUs (AMD SMI discovers none; accepted for compatibility).
        const INIT_NON_AMD_CPUS = 4;
        /// Non-AMD GPUs (AMD SMI discovers none; accepted for compatibility).
        const INIT_NON_AMD_GPUS = 8;
        /// AMD CPUs and GPUs.
        const INIT_AMD_APUS = 3;
        /// Every kind of processor.
        const INIT_ALL_PROCESSORS = 0xFFFF_FFFF;
    }
}

/// The kind of a processor (`AmdSmiProcessorType`, AMD's values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, amdsmi_macros::AmdEnum)]
#[repr(u32)]
pub enum AmdSmiProcessorType {
    /// Unknown processor type.
    #[amd(name = "UNKNOWN")]
    Unknown = 0,
    /// An AMD GPU (or one compute partition of it).
    #[amd(name = "AMD_GPU")]
    AmdGpu = 1,
    /// An AMD CPU socket.
    #[amd(name = "AMD_CPU")]
    AmdCpu = 2,
    /// A non-AMD GPU.
    #[amd(name = "NON_AMD_GPU")]
    NonAmdGpu = 3,
    /// A non-AMD CPU.
    #[amd(name = "NON_AMD_CPU")]
    NonAmdCpu = 4,
    /// One core of an AMD CPU.
    #[amd(name = "AMD_CPU_CORE")]
    AmdCpuCore = 5,
    /// An AMD APU.
    #[amd(name = "AMD_APU")]
    AmdApu = 6,
}

/// The result of `amdsmi_get_processor_type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ProcessorTypeInfo {
    /// The processor type name.
    pub processor_type: AmdSmiProcessorType,
}

/// Names one processor of one [`Context`]: a small `Copy` value. A handle used with another
/// context (or after the process-wide instance was shut down and re-initialized) is INVAL.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProcessorHandle {
    context: u32,
    index: u32,
}

/// Names one socket of one [`Context`]: the processors sharing a PCI domain:bus:device.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SocketHandle {
    context: u32,
    index: u32,
}

/// The raw form of a handle: the context id in the high 32 bits, the index plus one in the low
/// 32, so no handle is 0 (the C library's opaque `void *`). Whether a raw value names a processor
/// of a context is decided by the context, never by the value.
macro_rules! raw_handle {
    ($($handle:ident),*) => {$(
        impl $handle {
            /// The handle as one non-zero integer.
            pub fn to_raw(self) -> u64 {
                (u64::from(self.context) << 32) | (u64::from(self.index) + 1)
            }

            /// The handle a [`to_raw`](Self::to_raw) value stands for; `None` for a value no
            /// handle has (0, or a low half of 0).
            pub fn from_raw(raw: u64) -> Option<$handle> {
                let index = u32::try_from(raw & 0xFFFF_FFFF).ok()?.checked_sub(1)?;
                Some($handle { context: (raw >> 32) as u32, index })
            }
        }
    )*};
}
raw_handle!(ProcessorHandle, SocketHandle);

#[derive(Clone, Debug)]
struct Socket {
    id: String,
    processors: Vec<u32>,
}

/// A root directory and the processors discovered under it. `Send + Sync`; cheap to query.
#[derive(Debug)]
pub struct Context {
    id: u32,
    root: Root,
    flags: AmdSmiInitFlags,
    gpus: Vec<GpuDevice>,
    sockets: Vec<Socket>,
    // EPYC CPUs (src/cpu): the discovered CPUs, and the CPU processors, whose handle indices
    // follow the GPUs' (processor index `gpus.len() + i` is `cpu_processors[i]`).
    cpu: Option<CpuSystem>,
    cpu_processors: Vec<CpuProcessor>,
    /// The state features keep per context, each of a type its own module declares.
    state: FeatureState,
}

/// The per-context state of features (the violation samples, the KFD topology read once, the
/// event notifier, ...): one value of each type a feature module asks for, made on first use.
/// The context knows none of these types, so it depends on no feature module.
#[derive(Default)]
struct FeatureState(Mutex<Vec<Arc<dyn Any + Send + Sync>>>);

impl std::fmt::Debug for FeatureState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FeatureState")
    }
}

/// Builds a [`Context`]: root directory (default `AMDSMI_ROOT`, else `/`) and init flags
/// (default `INIT_AMD_GPUS`, as `amdsmi_init()` without arguments).
#[derive(Clone, Debug)]
pub struct ContextBuilder {
    root: Option<PathBuf>,
    flags: AmdSmiInitFlags,
}

static NEXT_CONTEXT_ID: AtomicU32 = AtomicU32::new(1);

impl Default for ContextBuilder {
    fn default() -> ContextBuilder {
        ContextBuilder { root: None, flags: AmdSmiInitFlags::INIT_AMD_GPUS }
    }
}

impl ContextBuilder {
    /// Resolve every kernel path under `dir` instead of `AMDSMI_ROOT` or `/`.
    pub fn root(mut self, dir: impl Into<PathBuf>) -> ContextBuilder {
        self.root = Some(dir.into());
        self
    }

    /// Which processors to discover.
    pub fn flags(mut self, flags: AmdSmiInitFlags) -> ContextBuilder {
        self.flags = flags;
        self
    }

    /// Discovers the processors. GPUs that cannot be read are skipped, never fatal.
    ///
    /// EPYC CPUs (`INIT_AMD_CPUS`) are discovered after the GPUs (see [`crate::cpu`]); asking
    /// for CPUs alone fails with the discovery's error (e.g. NO_DRV without HSMP or energy
    /// drivers); asked together with GPUs, a CPU discovery failure leaves the CPUs out, as AMD
    /// SMI does when E-SMI fails.
    pub fn build(self) -> Result<Context> {
        let root = self.root.map_or_else(Root::from_env, Root::new);
        let flags = self.flags;
        let cpu = match flags.intersects(AmdSmiInitFlags::INIT_AMD_CPUS).then(|| CpuSystem::discover(&root)) {
            Some(Err(e)) if !flags.contains(AmdSmiInitFlags::INIT_AMD_GPUS) => return Err(e),
            Some(found) => found.ok(),
            None => None,
        };
        let gpus = if flags.contains(AmdSmiInitFlags::INIT_AMD_GPUS) { discovery::discover(&root) } else { Vec::new() };
        let mut sockets: Vec<Socket> = Vec::new();
        for (index, gpu) in (0u32..).zip(&gpus) {
            let id = gpu.bdf.socket_id();
            match sockets.iter_mut().find(|s| s.id == id) {
                Some(socket) => socket.processors.push(index),
                None => sockets.push(Socket { id, processors: vec![index] }),
            }
        }
        // EPYC CPUs: socket "n" holds the CPU processor of socket n, then its cores.
        let mut cpu_processors = Vec::new();
        for (n, processors) in cpu.iter().flat_map(CpuSystem::processors).enumerate() {
            let first = u32::try_from(gpus.len() + cpu_processors.len()).unwrap_or(u32::MAX);
            let indices = (first..).take(processors.len()).collect();
            sockets.push(Socket { id: n.to_string(), processors: indices });
            cpu_processors.extend(processors);
        }
        let id = NEXT_CONTEXT_ID.fetch_add(1, Ordering::Relaxed);
        Ok(Context { id, root, flags, gpus, sockets, cpu, cpu_processors, state: FeatureState::default() })
    }
}

impl Context {
    /// A builder with the default root and flags.
    pub fn builder() -> ContextBuilder {
        ContextBuilder::default()
    }

    /// The root directory kernel paths are resolved under.
    pub fn root(&self) -> &Root {
        &self.root
    }

    /// The flags the context was built with.
    pub fn flags(&self) -> AmdSmiInitFlags {
        self.flags
    }

    fn processor(&self, index: u32) -> ProcessorHandle {
        ProcessorHandle { context: self.id, index }
    }

    /// Every processor, socket by socket, in BDF order (AMD SMI's enumeration order).
    #[doc(alias = "amdsmi_get_processor_handles")]
    pub fn processor_handles(&self) -> Vec<ProcessorHandle> {
        self.sockets.iter().flat_map(|s| s.processors.iter().map(|&i| self.processor(i))).collect()
    }

    /// Every socket, in BDF order.
    #[doc(alias = "amdsmi_get_socket_handles")]
    pub fn socket_handles(&self) -> Vec<SocketHandle> {
        (0u32..).zip(&self.sockets).map(|(index, _)| SocketHandle { context: self.id, index }).collect()
    }

    fn socket(&self, handle: SocketHandle) -> Result<&Socket> {
        self.sockets
            .get(handle.index as usize)
            .filter(|_| handle.context == self.id)
            .ok_or_else(|| Error::new(Status::Inval).with_detail(format!("{handle:?} is not a socket of this context")))
    }

    /// The processors of one socket (the C API's `amdsmi_get_processor_handles(socket, ...)`).
    pub fn socket_processor_handles(&self, socket: SocketHandle) -> Result<Vec<ProcessorHandle>> {
        Ok(self.socket(socket)?.processors.iter().map(|&i| self.processor(i)).collect())
    }

    /// The socket's name: `DDDD:BB:dd` (PCI domain:bus:device) for GPU sockets, the socket
    /// index (`"0"`) for CPU sockets.
    #[doc(alias = "amdsmi_get_socket_info")]
    pub fn socket_info(&self, socket: SocketHandle) -> Result<String> {
        Ok(self.socket(socket)?.id.clone())
    }

    /// The kind of processor a handle names; `None` for a handle this context did not issue.
    /// Builds no error (the C library looks every handle up with it).
    pub fn processor_kind(&self, handle: ProcessorHandle) -> Option<AmdSmiProcessorType> {
        if handle.context != self.id {
            return None;
        }
        let index = handle.index as usize;
        if index < self.gpus.len() {
            return Some(AmdSmiProcessorType::AmdGpu);
        }
        match self.cpu_processors.get(index - self.gpus.len())? {
            CpuProcessor::Socket(_) => Some(AmdSmiProcessorType::AmdCpu),
            CpuProcessor::Core { .. } => Some(AmdSmiProcessorType::AmdCpuCore),
        }
    }

    /// The kind of processor a handle names.
    #[doc(alias = "amdsmi_get_processor_type")]
    pub fn processor_type(&self, handle: ProcessorHandle) -> Result<ProcessorTypeInfo> {
        let processor_type = self.processor_kind(handle).ok_or_else(|| {
            Error::new(Status::Inval).with_detail(format!("{handle:?} is not a processor of this context"))
        })?;
        Ok(ProcessorTypeInfo { processor_type })
    }

    /// The processor with this BDF (either documented form); NOT_FOUND when none has it.
    #[doc(alias = "amdsmi_get_processor_handle_from_bdf")]
    pub fn processor_handle_from_bdf(&self, bdf: &str) -> Result<ProcessorHandle> {
        let wanted = Bdf::parse(bdf)?;
        (0u32..)
            .zip(&self.gpus)
            .find(|(_, gpu)| gpu.bdf == wanted)
            .map(|(index, _)| self.processor(index))
            .ok_or_else(|| Error::new(Status::NotFound).with_detail(format!("no processor at {wanted}")))
    }

    /// The processor's index as AMD SMI prints it (`amdsmi_get_processor_info`): for a GPU its
    /// position in the enumeration order, for a CPU socket the socket index, for a CPU core its
    /// first thread's logical CPU number; as a decimal string.
    #[doc(alias = "amdsmi_get_processor_info")]
    pub fn processor_info(&self, handle: ProcessorHandle) -> Result<String> {
        match self.cpu_processor(handle) {
            Ok((cpu, processor)) => Ok(cpu.processor_index(processor).to_string()),
            Err(_) => self.gpu_device(handle).map(|_| handle.index.to_string()),
        }
    }

    /// The processors that share the handle's socket (the partitions of one GPU).
    pub(crate) fn socket_of(&self, handle: ProcessorHandle) -> Option<&[u32]> {
        self.sockets.iter().find(|s| s.processors.contains(&handle.index)).map(|s| s.processors.as_slice())
    }

    /// The context's value of the feature state `T`, made with `T::default()` on first use.
    pub(crate) fn state<T: Any + Send + Sync + Default>(&self) -> Arc<T> {
        // A panic while holding the lock cannot leave the list half-updated (one push).
        let mut slots = self.state.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(found) = slots.iter().find_map(|slot| Arc::clone(slot).downcast::<T>().ok()) {
            return found;
        }
        let made = Arc::new(T::default());
        slots.push(made.clone());
        made
    }

    // ---- EPYC CPUs (src/cpu) ----

    /// The CPU processors of one kind, in enumeration order.
    fn cpu_handles(&self, sockets: bool) -> Vec<ProcessorHandle> {
        let first = self.gpus.len();
        (first..)
            .zip(&self.cpu_processors)
            .filter(|(_, p)| matches!(p, CpuProcessor::Socket(_)) == sockets)
            .filter_map(|(i, _)| u32::try_from(i).ok().map(|i| self.processor(i)))
            .collect()
    }

    /// The CPU socket processors (type `AMD_CPU`), socket by socket.
    #[doc(alias = "amdsmi_get_cpusocket_handles")]
    pub fn cpusocket_handles(&self) -> Vec<ProcessorHandle> {
        self.cpu_handles(true)
    }

    /// The CPU core processors (type `AMD_CPU_CORE`), socket by socket.
    #[doc(alias = "amdsmi_get_cpucore_handles")]
    pub fn cpucore_handles(&self) -> Vec<ProcessorHandle> {
        self.cpu_handles(false)
    }

    /// The discovered CPUs; NOT_INIT when the context has none (not asked for, or not found).
    pub(crate) fn cpu_system(&self) -> Result<&CpuSystem> {
        self.cpu.as_ref().ok_or_else(|| {
            Error::new(Status::NotInit).with_detail("no CPUs in this context (build it with INIT_AMD_CPUS)")
        })
    }

    /// The discovered CPUs, to swap their transport in tests.
    #[cfg(test)]
    pub(crate) fn cpu_system_mut(&mut self) -> Option<&mut CpuSystem> {
        self.cpu.as_mut()
    }

    /// The CPU processor a handle names; INVAL for any other handle.
    pub(crate) fn cpu_processor(&self, handle: ProcessorHandle) -> Result<(&CpuSystem, CpuProcessor)> {
        let processor = (handle.index as usize)
            .checked_sub(self.gpus.len())
            .and_then(|i| self.cpu_processors.get(i))
            .filter(|_| handle.context == self.id);
        match (self.cpu.as_ref(), processor) {
            (Some(cpu), Some(&p)) => Ok((cpu, p)),
            _ => Err(Error::new(Status::Inval).with_detail(format!("{handle:?} is not a CPU of this context"))),
        }
    }

    /// The GPU a handle names; INVAL for a handle of another context or out of range.
    pub(crate) fn gpu_device(&self, handle: ProcessorHandle) -> Result<&GpuDevice> {
        self.gpus.get(handle.index as usize).filter(|_| handle.context == self.id).ok_or_else(|| {
            Error::new(Status::Inval).with_detail(format!("{handle:?} is not a processor of this context"))
        })
    }
}

const _: () = {
    const fn send_sync<T: Send + Sync>() {}
    send_sync::<Context>();
    send_sync::<ProcessorHandle>();
    send_sync::<SocketHandle>();
    send_sync::<Error>();
};
