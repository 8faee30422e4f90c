//! The documented AMD SMI functions, under their documented names, acting on one process-wide
//! instance as AMD's do: generated from the one declaration of the surface,
//! [`amdsmi_functions!`](crate::amdsmi_functions) (see [`crate::surface`]).
//!
//! `amdsmi_init` builds a [`Context`] (root from `AMDSMI_ROOT`, else `/`) and counts references;
//! every other call before the first init or after the last shut-down fails with NOT_INIT. The
//! instance is shared behind an `Arc`, so calls from many threads run in parallel; there is no
//! lock file and no shared memory between processes. Nothing in the crate depends on this
//! module.

use std::sync::{Arc, Mutex, MutexGuard};

use crate::sysfs::Root;
use crate::version::{lib_version, rocm_version};
#[allow(clippy::wildcard_imports)]
use crate::*;

struct Instance {
    context: Option<Arc<Context>>,
    references: u32,
}

static INSTANCE: Mutex<Instance> = Mutex::new(Instance { context: None, references: 0 });

fn instance() -> MutexGuard<'static, Instance> {
    // A panic elsewhere while holding the lock leaves the data consistent (two plain fields).
    INSTANCE.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The process-wide context; NOT_INIT before `amdsmi_init` or after the last `amdsmi_shut_down`.
pub fn current() -> Result<Arc<Context>> {
    instance().context.clone().ok_or_else(|| Error::new(Status::NotInit))
}

/// Initializes the process-wide instance from `builder` (root and flags of your choice), or adds a
/// reference to the instance that already exists.
pub fn init_global(builder: ContextBuilder) -> Result<()> {
    let mut inst = instance();
    if inst.references > 0 {
        inst.references = inst.references.checked_add(1).ok_or_else(|| Error::new(Status::RefcountOverflow))?;
        return Ok(());
    }
    inst.context = Some(Arc::new(builder.build()?));
    inst.references = 1;
    Ok(())
}

fn with<T>(f: impl FnOnce(&Context) -> Result<T>) -> Result<T> {
    f(current()?.as_ref())
}

fn init(flags: AmdSmiInitFlags) -> Result<()> {
    init_global(Context::builder().flags(flags))
}

fn shut_down() -> Result<()> {
    let mut inst = instance();
    inst.references = inst.references.saturating_sub(1);
    if inst.references == 0 {
        inst.context = None;
    }
    Ok(())
}

fn status_code_to_string(status: u32) -> Result<&'static str> {
    Ok(Status::from_code(status).unwrap_or(Status::UnknownError).description())
}

fn afids_from_cper(cper_afid_data: &[u8]) -> Result<(Vec<u64>, usize)> {
    let afids = crate::cper::afid::afids_from_cper(cper_afid_data)?;
    let count = afids.len();
    Ok((afids, count))
}

fn rocm_version_from_env() -> (bool, String) {
    rocm_version(&Root::from_env())
}

/// Generates the free function of each row of the surface table.
macro_rules! api_functions {
    ($( $(#[$attr:meta])* $kind:ident $name:ident ($($arg:ident: $aty:ty),*) -> $ret:ty = $method:ident, $dump:tt; )*) => {$(
        api_functions!(@fn $kind [$(#[$attr])*] $name ($($arg: $aty),*) -> $ret = $method);
    )*};
    (@fn gpu [$($attr:tt)*] $name:ident ($($arg:ident: $aty:ty),*) -> $ret:ty = $method:ident) => {
        $($attr)*
        #[doc = ""]
        #[doc = concat!("The process-wide form of [`Gpu::", stringify!($method), "`].")]
        pub fn $name(processor_handle: ProcessorHandle $(, $arg: $aty)*) -> Result<$ret> {
            with(|c| c.gpu(processor_handle)?.$method($($arg),*))
        }
    };
    (@fn pair [$($attr:tt)*] $name:ident () -> $ret:ty = $method:ident) => {
        $($attr)*
        #[doc = ""]
        #[doc = concat!("The process-wide form of [`Gpu::", stringify!($method), "`].")]
        pub fn $name(processor_handle_src: ProcessorHandle, processor_handle_dst: ProcessorHandle) -> Result<$ret> {
            with(|c| c.gpu(processor_handle_src)?.$method(&c.gpu(processor_handle_dst)?))
        }
    };
    (@fn cpu_socket [$($attr:tt)*] $name:ident ($($arg:ident: $aty:ty),*) -> $ret:ty = $method:ident) => {
        $($attr)*
        #[doc = ""]
        #[doc = concat!("The process-wide form of [`CpuSocket::", stringify!($method), "`].")]
        pub fn $name(processor_handle: ProcessorHandle $(, $arg: $aty)*) -> Result<$ret> {
            with(|c| c.cpu_socket(processor_handle)?.$method($($arg),*))
        }
    };
    (@fn cpu_core [$($attr:tt)*] $name:ident ($($arg:ident: $aty:ty),*) -> $ret:ty = $method:ident) => {
        $($attr)*
        #[doc = ""]
        #[doc = concat!("The process-wide form of [`CpuCore::", stringify!($method), "`].")]
        pub fn $name(processor_handle: ProcessorHandle $(, $arg: $aty)*) -> Result<$ret> {
            with(|c| c.cpu_core(processor_handle)?.$method($($arg),*))
        }
    };
    (@fn processor [$($attr:tt)*] $name:ident ($($arg:ident: $aty:ty),*) -> $ret:ty = $method:ident) => {
        $($attr)*
        #[doc = ""]
        #[doc = concat!("The process-wide form of [`Context::", stringify!($method), "`].")]
        pub fn $name(processor_handle: ProcessorHandle $(, $arg: $aty)*) -> Result<$ret> {
            with(|c| c.$method(processor_handle $(, $arg)*))
        }
    };
    (@fn socket [$($attr:tt)*] $name:ident ($($arg:ident: $aty:ty),*) -> $ret:ty = $method:ident) => {
        $($attr)*
        #[doc = ""]
        #[doc = concat!("The process-wide form of [`Context::", stringify!($method), "`].")]
        pub fn $name(socket_handle: SocketHandle $(, $arg: $aty)*) -> Result<$ret> {
            with(|c| c.$method(socket_handle $(, $arg)*))
        }
    };
    (@fn system [$($attr:tt)*] $name:ident ($($arg:ident: $aty:ty),*) -> $ret:ty = $method:ident) => {
        $($attr)*
        #[doc = ""]
        #[doc = concat!("The process-wide form of [`Context::", stringify!($method), "`].")]
        pub fn $name($($arg: $aty),*) -> Result<$ret> {
            with(|c| c.$method($($arg),*))
        }
    };
    (@fn cpu_system $($rest:tt)*) => { api_functions!(@fn system $($rest)*); };
    (@fn system_list [$($attr:tt)*] $name:ident ($($arg:ident: $aty:ty),*) -> $ret:ty = $method:ident) => {
        $($attr)*
        #[doc = ""]
        #[doc = concat!("The process-wide form of [`Context::", stringify!($method), "`].")]
        pub fn $name($($arg: $aty),*) -> Result<$ret> {
            with(|c| Ok(c.$method($($arg),*)))
        }
    };
    (@fn receiver [$($attr:tt)*] $name:ident ($first:ident: $fty:ty $(, $arg:ident: $aty:ty)*) -> $ret:ty = $method:ident) => {
        $($attr)*
        pub fn $name($first: $fty $(, $arg: $aty)*) -> Result<$ret> {
            $first.$method($($arg),*)
        }
    };
    (@fn free [$($attr:tt)*] $name:ident ($($arg:ident: $aty:ty),*) -> $ret:ty = $method:ident) => {
        $($attr)*
        pub fn $name($($arg: $aty),*) -> $ret {
            $method($($arg),*)
        }
    };
}

crate::amdsmi_functions!(api_functions);

/// A reader on the process-wide instance (NOT_INIT before `amdsmi_init`): AMD SMI's Python
/// `AmdSmiEventReader(processor_handle, event_types)`.
impl AmdSmiEventReader {
    /// Listens for `event_types` of one GPU of the process-wide instance.
    pub fn new(
        processor_handle: ProcessorHandle,
        event_types: &[AmdSmiEvtNotificationType],
    ) -> Result<AmdSmiEventReader> {
        AmdSmiEventReader::with_context(&*current()?, processor_handle, event_types)
    }
}
