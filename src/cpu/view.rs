//! The CPU views: one socket or one core of a [`Context`], the handle checked once.
//!
//! `Context::cpu_socket(handle)` and `Context::cpu_core(handle)` return a [`CpuSocket`] or
//! [`CpuCore`] (INVAL for any other handle, as E-SMI refuses a core where a socket is expected);
//! every CPU function is a method on them (see `functions.rs`).

use super::topology::Core;
use super::{CpuProcessor, CpuSystem};
use crate::context::{Context, ProcessorHandle};
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
