//! Every read-only function of the surface table as a call on a processor, generated from the
//! table itself (`amdsmi::amdsmi_functions!`): the `gpu`, `cpu_socket` and `cpu_core` rows that
//! `dump` reads (plain, with variants, zip groups), each result serialized so that results can be
//! compared. Used by the system-call budgets (`io.rs`), the threads test and the corruption
//! sweep.

use amdsmi::{CpuCore, CpuSocket, Gpu, Status};

/// A call's result as JSON, or its error's status.
pub type Outcome = Result<String, Status>;
/// A read of a GPU processor.
pub type GpuRead = Box<dyn Fn(&Gpu<'_>) -> Outcome + Send + Sync>;
/// A read of a CPU socket.
pub type SocketRead = Box<dyn Fn(&CpuSocket<'_>) -> Outcome + Send + Sync>;
/// A read of a CPU core.
pub type CoreRead = Box<dyn Fn(&CpuCore<'_>) -> Outcome + Send + Sync>;

/// The reads of each kind of processor, by name (`NAME` or `NAME(variant)`).
#[derive(Default)]
pub struct Reads {
    pub gpu: Vec<(String, GpuRead)>,
    pub socket: Vec<(String, SocketRead)>,
    pub core: Vec<(String, CoreRead)>,
}

/// A result as JSON, or its error's status.
pub fn outcome<T: serde::Serialize>(result: amdsmi::Result<T>) -> Outcome {
    result.map(|value| serde_json::to_string(&value).expect("every result serializes")).map_err(|e| e.status())
}

macro_rules! reads {
    ($( $(#[$attr:meta])* $kind:ident $name:ident ($($arg:ident: $aty:ty),*) -> $ret:ty = $method:ident, $dump:tt; )*) => {
        /// Every read of the surface table.
        pub fn all() -> Reads {
            #[allow(unused_imports, clippy::wildcard_imports)]
            use amdsmi::*;
            let mut reads = Reads::default();
            $( reads!(@row reads $kind $name ($($arg),*) = $method, $dump); )*
            reads
        }
    };
    (@row $reads:ident gpu $($rest:tt)*) => { reads!(@list $reads.gpu, Gpu, $($rest)*); };
    (@row $reads:ident cpu_socket $($rest:tt)*) => { reads!(@list $reads.socket, CpuSocket, $($rest)*); };
    (@row $reads:ident cpu_core $($rest:tt)*) => { reads!(@list $reads.core, CpuCore, $($rest)*); };
    (@row $reads:ident $kind:ident $($rest:tt)*) => {};
    (@list $list:expr, $view:ident, $name:ident () = $method:ident, read) => {
        $list.push((stringify!($name).to_owned(), Box::new(|v: &$view<'_>| outcome(v.$method()))));
    };
    (@list $list:expr, $view:ident, $name:ident ($($arg:ident),*) = $method:ident, [$variants:expr]) => {
        reads!(@variants $list, $view, $name ($($arg),*) = $method, $variants);
    };
    (@list $list:expr, $view:ident, $name:ident ($($arg:ident),*) = $method:ident, (zip $group:ident [$variants:expr])) => {
        reads!(@variants $list, $view, $name ($($arg),*) = $method, $variants);
    };
    (@list $list:expr, $view:ident, $name:ident ($($arg:ident),*) = $method:ident, $dump:tt) => {};
    (@variants $list:expr, $view:ident, $name:ident ($($arg:ident),*) = $method:ident, $variants:expr) => {
        for (label, args) in $variants {
            $list.push((
                format!("{}({})", stringify!($name), label),
                Box::new(move |v: &$view<'_>| {
                    let ($($arg,)*) = args;
                    outcome(v.$method($($arg),*))
                }),
            ));
        }
    };
}

amdsmi::amdsmi_functions!(reads);
