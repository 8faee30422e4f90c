//! The GPU view: one processor of a [`Context`], its handle checked once.
//!
//! `Context::gpu(handle)` looks the handle up (INVAL for a handle of another context, out of range
//! or naming a CPU) and returns a [`Gpu`], a small `Copy` value on which every GPU feature is a
//! method, defined in the feature's module (`inventory`, `telemetry`, `ras`, ...), as
//! `nvml-wrapper`'s `Device` does.

use crate::context::{Context, ProcessorHandle};
use crate::error::Result;
use crate::gpu::device::GpuDevice;
use crate::sysfs::Root;

/// One GPU processor (a whole GPU, or one compute partition of it) of a [`Context`].
#[derive(Clone, Copy, Debug)]
pub struct Gpu<'a> {
    context: &'a Context,
    handle: ProcessorHandle,
    device: &'a GpuDevice,
}

impl Context {
    /// The GPU `handle` names; INVAL for a handle of another context, out of range, or of a CPU.
    pub fn gpu(&self, handle: ProcessorHandle) -> Result<Gpu<'_>> {
        Ok(Gpu { context: self, handle, device: self.gpu_device(handle)? })
    }
}

impl<'a> Gpu<'a> {
    /// The handle of this processor.
    pub fn handle(&self) -> ProcessorHandle {
        self.handle
    }

    /// The context the processor belongs to.
    pub fn context(&self) -> &'a Context {
        self.context
    }

    /// The discovered device: its sysfs directory, DRM minors and KFD node.
    pub fn device(&self) -> &'a GpuDevice {
        self.device
    }

    /// The root every kernel path is resolved under.
    pub fn root(&self) -> &'a Root {
        self.context.root()
    }
}
