//! The CPU views: one socket or one core of a [`Context`], the handle checked once.
//!
//! `Context::cpu_socket(handle)` and `Context::cpu_core(handle)` return a [`CpuSocket`] or
//! [`CpuCore`] (INVAL for any other handle, as E-SMI refuses a core where a socket is expected);
//! every CPU function is a method on them (see `functions.rs`).
//!
//! The processor lists by type and the counts by type of a handle list
//! (`amdsmi_get_processor_handles_by_type`, `amdsmi_get_processor_count_from_handles`) sit here
//! too: they dispatch on the processor kinds these views stand for.

use super::topology::Core;
use super::{CpuProcessor, CpuSystem};
use crate::context::{AmdSmiProcessorType, Context, ProcessorHandle, SocketHandle};
use crate::error::{Error, Result, Status};

/// One EPYC socket (a processor of type `AMD_CPU`) of a [`Context`].
#[derive(Clone, Copy, Debug)]
pub struct CpuSocket<'a> {
    context: &'a Context,
    handle: ProcessorHandle,
    cpu: &'a CpuSystem,
    socket: u32,
}

/// One physical core (a processor of type `AMD_CPU_CORE`) of a [`Context`].
#[derive(Clone, Copy, Debug)]
pub struct CpuCore<'a> {
    context: &'a Context,
    handle: ProcessorHandle,
    cpu: &'a CpuSystem,
    socket: u32,
    core: Core,
}

fn invalid(detail: String) -> Error {
    Error::new(Status::Inval).with_detail(detail)
}

impl Context {
    /// The CPU socket `handle` names; INVAL for any other handle (a core included).
    pub fn cpu_socket(&self, handle: ProcessorHandle) -> Result<CpuSocket<'_>> {
        match self.cpu_processor(handle)? {
            (cpu, CpuProcessor::Socket(socket)) => Ok(CpuSocket { context: self, handle, cpu, socket }),
            _ => Err(invalid(format!("{handle:?} is a CPU core, not a CPU socket"))),
        }
    }

    /// The CPU core `handle` names; INVAL for any other handle (a socket included).
    pub fn cpu_core(&self, handle: ProcessorHandle) -> Result<CpuCore<'_>> {
        match self.cpu_processor(handle)? {
            (cpu, CpuProcessor::Core { socket, core }) => {
                let core = cpu.core(socket, core).ok_or_else(|| invalid(format!("{handle:?}: no such core")))?;
                Ok(CpuCore { context: self, handle, cpu, socket, core })
            }
            _ => Err(invalid(format!("{handle:?} is a CPU socket, not a CPU core"))),
        }
    }
}

/// How many processors of each AMD kind a list of handles holds
/// (`amdsmi_get_processor_count_from_handles`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ProcessorCounts {
    /// CPU sockets (`AMD_CPU`).
    pub nr_cpusockets: u32,
    /// CPU cores (`AMD_CPU_CORE`).
    pub nr_cpucores: u32,
    /// GPUs (`AMD_GPU`, one per compute partition).
    pub nr_gpus: u32,
}

impl Context {
    /// The processors of `socket` whose type is `processor_type`, in enumeration order: a CPU
    /// socket's own processor for `AMD_CPU`, its cores for `AMD_CPU_CORE`, a GPU socket's
    /// partitions for `AMD_GPU`; empty for a type the socket has none of. INVAL for a socket of
    /// another context.
    #[doc(alias = "amdsmi_get_processor_handles_by_type")]
    pub fn processor_handles_by_type(
        &self,
        socket: SocketHandle,
        processor_type: AmdSmiProcessorType,
    ) -> Result<Vec<ProcessorHandle>> {
        let mut found = Vec::new();
        for handle in self.socket_processor_handles(socket)? {
            if self.processor_type(handle)?.processor_type == processor_type {
                found.push(handle);
            }
        }
        Ok(found)
    }

    /// Counts the CPU sockets, CPU cores and GPUs among `processor_handles` (as AMD SMI does,
    /// by each handle's processor type). INVAL for a handle of no processor of this context.
    #[doc(alias = "amdsmi_get_processor_count_from_handles")]
    pub fn processor_count_from_handles(&self, processor_handles: &[ProcessorHandle]) -> Result<ProcessorCounts> {
        let mut counts = ProcessorCounts::default();
        for &handle in processor_handles {
            let slot = match self.processor_type(handle)?.processor_type {
                AmdSmiProcessorType::AmdCpu => &mut counts.nr_cpusockets,
                AmdSmiProcessorType::AmdCpuCore => &mut counts.nr_cpucores,
                AmdSmiProcessorType::AmdGpu => &mut counts.nr_gpus,
                _ => continue,
            };
            *slot = slot.saturating_add(1);
        }
        Ok(counts)
    }
}

impl<'a> CpuSocket<'a> {
    /// The handle of this socket.
    pub fn handle(&self) -> ProcessorHandle {
        self.handle
    }

    /// The context the socket belongs to.
    pub fn context(&self) -> &'a Context {
        self.context
    }

    /// The socket index (0, 1, ...).
    pub fn index(&self) -> u32 {
        self.socket
    }

    /// The discovered CPUs and the socket index.
    pub(crate) fn parts(&self) -> (&'a CpuSystem, u32) {
        (self.cpu, self.socket)
    }
}

impl<'a> CpuCore<'a> {
    /// The handle of this core.
    pub fn handle(&self) -> ProcessorHandle {
        self.handle
    }

    /// The context the core belongs to.
    pub fn context(&self) -> &'a Context {
        self.context
    }

    /// The index of the core's socket.
    pub fn socket_index(&self) -> u32 {
        self.socket
    }

    /// The discovered CPUs, the socket index and the core.
    pub(crate) fn parts(&self) -> (&'a CpuSystem, u32, Core) {
        (self.cpu, self.socket, self.core)
    }
}
