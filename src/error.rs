//! AMD SMI status codes and the crate's one error type.
//!
//! [`Status`] carries the numbers of AMD SMI's C ABI (`amdsmi_status_t`, as the 7.0.2 Python wrapper
//! binds them) and the texts of its Python exceptions (`amdsmi_exception.py`). [`Error`] adds the
//! path that failed and a [`ErrorKind`] that mirrors the Python exception classes.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// Result type of every fallible call in this crate.
pub type Result<T> = std::result::Result<T, Error>;

macro_rules! statuses {
    ($( $(#[$doc:meta])* $variant:ident = $code:expr, $name:literal, $text:literal; )*) => {
        /// An AMD SMI status code (`amdsmi_status_t`), with AMD's numeric values; `ALL` lists
        /// every status AMD SMI 7.0.2 defines, in ascending code order, and `name()` is the C
        /// enumerator name, e.g. `"AMDSMI_STATUS_NOT_SUPPORTED"`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, amdsmi_macros::AmdEnum)]
        #[amd(all_as_slice)]
        #[repr(u32)]
        #[non_exhaustive]
        pub enum Status {
            $( $(#[$doc])* #[amd(name = $name)] $variant = $code, )*
        }

        impl Status {
            /// The text AMD SMI's Python layer prints for this status, e.g.
            /// `"AMDSMI_STATUS_NOT_SUPPORTED - Feature not supported"`.
            pub fn description(self) -> &'static str {
                match self { $( Status::$variant => $text, )* }
            }
        }
    };
}

statuses! {
    /// Call succeeded.
    Success = 0, "AMDSMI_STATUS_SUCCESS", "AMDSMI_STATUS_SUCCESS - Success";
    /// Invalid parameters.
    Inval = 1, "AMDSMI_STATUS_INVAL", "AMDSMI_STATUS_INVAL - Invalid parameters";
    /// Feature not supported (also: the file that holds the value does not exist).
    NotSupported = 2, "AMDSMI_STATUS_NOT_SUPPORTED", "AMDSMI_STATUS_NOT_SUPPORTED - Feature not supported";
    /// Feature not yet implemented.
    NotYetImplemented = 3, "AMDSMI_STATUS_NOT_YET_IMPLEMENTED", "AMDSMI_STATUS_NOT_YET_IMPLEMENTED - Feature not yet implemented";
    /// Failed to load a library.
    FailLoadModule = 4, "AMDSMI_STATUS_FAIL_LOAD_MODULE", "AMDSMI_STATUS_FAIL_LOAD_MODULE - Fail to load lib";
    /// Failed to load a symbol.
    FailLoadSymbol = 5, "AMDSMI_STATUS_FAIL_LOAD_SYMBOL", "AMDSMI_STATUS_FAIL_LOAD_SYMBOL - Fail to load symbol";
    /// A DRM call failed.
    DrmError = 6, "AMDSMI_STATUS_DRM_ERROR", "AMDSMI_STATUS_DRM_ERROR - Error when called libdrm";
    /// API call failed.
    ApiFailed = 7, "AMDSMI_STATUS_API_FAILED", "AMDSMI_STATUS_API_FAILED - API call failed";
    /// Timeout in API call.
    Timeout = 8, "AMDSMI_STATUS_TIMEOUT", "AMDSMI_STATUS_TIMEOUT - Timeout in API call";
    /// Retry operation.
    Retry = 9, "AMDSMI_STATUS_RETRY", "AMDSMI_STATUS_RETRY - Retry operation";
    /// Permission denied (EACCES, EPERM).
    NoPerm = 10, "AMDSMI_STATUS_NO_PERM", "AMDSMI_STATUS_NO_PERM - Permission Denied";
    /// Interrupt occurred during execution.
    Interrupt = 11, "AMDSMI_STATUS_INTERRUPT", "AMDSMI_STATUS_INTERRUPT - Interrupt ocurred during execution";
    /// I/O error.
    Io = 12, "AMDSMI_STATUS_IO", "AMDSMI_STATUS_IO - I/O Error";
    /// Bad address.
    AddressFault = 13, "AMDSMI_STATUS_ADDRESS_FAULT", "AMDSMI_STATUS_ADDRESS_FAULT - Bad address";
    /// Error opening file.
    FileError = 14, "AMDSMI_STATUS_FILE_ERROR", "AMDSMI_STATUS_FILE_ERROR - Error opening file";
    /// Not enough memory.
    OutOfResources = 15, "AMDSMI_STATUS_OUT_OF_RESOURCES", "AMDSMI_STATUS_OUT_OF_RESOURCES - Not enough memory";
    /// Internal error.
    InternalException = 16, "AMDSMI_STATUS_INTERNAL_EXCEPTION", "AMDSMI_STATUS_INTERNAL_EXCEPTION -  Internal error";
    /// Argument out of bounds.
    InputOutOfBounds = 17, "AMDSMI_STATUS_INPUT_OUT_OF_BOUNDS", "AMDSMI_STATUS_INPUT_OUT_OF_BOUNDS - Out of bounds";
    /// Initialization error.
    InitError = 18, "AMDSMI_STATUS_INIT_ERROR", "AMDSMI_STATUS_INIT_ERROR - Initialization error";
    /// The init reference counter overflowed.
    RefcountOverflow = 19, "AMDSMI_STATUS_REFCOUNT_OVERFLOW", "AMDSMI_STATUS_REFCOUNT_OVERFLOW - Internal reference counter exceeded INT32_MAX";
    /// Directory not found (ENOTDIR).
    DirectoryNotFound = 20, "AMDSMI_STATUS_DIRECTORY_NOT_FOUND", "AMDSMI_STATUS_DIRECTORY_NOT_FOUND - Error when a directory is not found, maps to ENOTDIR";
    /// Device busy.
    Busy = 30, "AMDSMI_STATUS_BUSY", "AMDSMI_STATUS_BUSY - Device busy";
    /// Device not found.
    NotFound = 31, "AMDSMI_STATUS_NOT_FOUND", "AMDSMI_STATUS_NOT_FOUND - Device Not found";
    /// The library is not initialized.
    NotInit = 32, "AMDSMI_STATUS_NOT_INIT", "AMDSMI_STATUS_NOT_INIT - Device not initialized";
    /// No more free slot.
    NoSlot = 33, "AMDSMI_STATUS_NO_SLOT", "AMDSMI_STATUS_NO_SLOT - No more free slot";
    /// Driver not loaded.
    DriverNotLoaded = 34, "AMDSMI_STATUS_DRIVER_NOT_LOADED", "AMDSMI_STATUS_DRIVER_NOT_LOADED - Driver not loaded";
    /// More data than the buffer holds (AMD's Python table has no text for it; this is the C header's).
    MoreData = 39, "AMDSMI_STATUS_MORE_DATA", "AMDSMI_STATUS_MORE_DATA - More data than buffer size";
    /// No data was found for the input.
    NoData = 40, "AMDSMI_STATUS_NO_DATA", "AMDSMI_STATUS_NO_DATA - No data was found for given input";
    /// Insufficient size for the operation.
    InsufficientSize = 41, "AMDSMI_STATUS_INSUFFICIENT_SIZE", "AMDSMI_STATUS_INSUFFICIENT_SIZE - Insufficient size for operation";
    /// Unexpected size of data read.
    UnexpectedSize = 42, "AMDSMI_STATUS_UNEXPECTED_SIZE", "AMDSMI_STATUS_UNEXPECTED_SIZE - unexpected size of data was read";
    /// The data read or provided was unexpected (unparsable content).
    UnexpectedData = 43, "AMDSMI_STATUS_UNEXPECTED_DATA", "AMDSMI_STATUS_UNEXPECTED_DATA - The data read or provided was unexpected";
    /// The system has a non-AMD CPU.
    NonAmdCpu = 44, "AMDSMI_STATUS_NON_AMD_CPU", "AMDSMI_STATUS_NON_AMD_CPU - System has non-AMD CPU";
    /// Energy driver not found.
    NoEnergyDrv = 45, "AMDSMI_STATUS_NO_ENERGY_DRV", "AMD_SMI_NO_ENERGY_DRV - Energy driver not found";
    /// MSR driver not found.
    NoMsrDrv = 46, "AMDSMI_STATUS_NO_MSR_DRV", "AMDSMI_STATUS_NO_MSR_DRV - MSR driver not found";
    /// HSMP driver not found.
    NoHsmpDrv = 47, "AMDSMI_STATUS_NO_HSMP_DRV", "AMD_SMI_NO_HSMP_DRV - HSMP driver not found";
    /// HSMP not supported.
    NoHsmpSup = 48, "AMDSMI_STATUS_NO_HSMP_SUP", "AMD_SMI_NO_HSMP_SUP - HSMP not supported";
    /// HSMP message or feature not supported.
    NoHsmpMsgSup = 49, "AMDSMI_STATUS_NO_HSMP_MSG_SUP", "AMD_SMI_NO_HSMP_MSG_SUP - HSMP message/feature not supported";
    /// HSMP message timeout.
    HsmpTimeout = 50, "AMDSMI_STATUS_HSMP_TIMEOUT", "AMD_SMI_HSMP_TIMEOUT - HSMP message timeout";
    /// Neither energy nor HSMP driver present.
    NoDrv = 51, "AMDSMI_STATUS_NO_DRV", "AMDSMI_STATUS_NO_DRV - No Energy and HSMP driver present";
    /// File or directory not found.
    FileNotFound = 52, "AMDSMI_STATUS_FILE_NOT_FOUND", "AMDSMI_STATUS_FILE_NOT_FOUND - File or directory not found";
    /// Parsed argument is invalid.
    ArgPtrNull = 53, "AMDSMI_STATUS_ARG_PTR_NULL", "AMDSMI_STATUS_ARG_PTR_NULL - Parsed argument is invalid";
    /// AMDGPU restart failed.
    AmdgpuRestartErr = 54, "AMDSMI_STATUS_AMDGPU_RESTART_ERR", "AMDSMI_STATUS_AMDGPU_RESTART_ERR - AMDGPU restart failed, please check dmsg for errors";
    /// Setting is not available.
    SettingUnavailable = 55, "AMDSMI_STATUS_SETTING_UNAVAILABLE", "AMDSMI_STATUS_SETTING_UNAVAILABLE - Setting is not available";
    /// EEPROM is corrupted (AMD's Python text for it is a copy of the previous one).
    CorruptedEeprom = 56, "AMDSMI_STATUS_CORRUPTED_EEPROM", "AMDSMI_STATUS_CORRUPTED_EEPROM - Setting is not available";
    /// The internal error did not map to a status code.
    MapError = 0xFFFF_FFFE, "AMDSMI_STATUS_MAP_ERROR", "AMDSMI_STATUS_MAP_ERROR - The internal library error did not map to a status code";
    /// An unknown error occurred.
    UnknownError = 0xFFFF_FFFF, "AMDSMI_STATUS_UNKNOWN_ERROR", "AMDSMI_STATUS_UNKNOWN_ERROR - An unknown error occurred";
}

impl Status {
    /// The status a kernel `errno` maps to: missing files are NOT_SUPPORTED, EACCES/EPERM NO_PERM.
    pub fn from_errno(errno: i32) -> Status {
        use nix::errno::Errno;
        match Errno::from_raw(errno) {
            Errno::ENOENT | Errno::EOPNOTSUPP | Errno::ENODEV | Errno::ENXIO | Errno::ENODATA => Status::NotSupported,
            Errno::ENOTDIR => Status::DirectoryNotFound,
            Errno::EACCES | Errno::EPERM => Status::NoPerm,
            Errno::EBUSY | Errno::EAGAIN => Status::Busy,
            Errno::ETIMEDOUT => Status::Timeout,
            Errno::EINTR => Status::Interrupt,
            Errno::EFAULT => Status::AddressFault,
            Errno::ENOMEM => Status::OutOfResources,
            Errno::EINVAL => Status::Inval,
            Errno::EISDIR => Status::FileError,
            _ => Status::Io,
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.description())
    }
}

/// Which of AMD SMI's Python exception classes an error corresponds to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// `AmdSmiLibraryException`: the library returned a status code.
    Library,
    /// `AmdSmiTimeoutException`: status TIMEOUT.
    Timeout,
    /// `AmdSmiRetryException`: status RETRY.
    Retry,
    /// `AmdSmiParameterException`: an argument of the wrong form (status INVAL).
    Parameter,
    /// `AmdSmiBdfFormatException`: a BDF string that is neither documented form (status INVAL).
    BdfFormat,
}

/// The crate's error: an AMD SMI status, the Python exception kind, and where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    status: Status,
    kind: ErrorKind,
    path: Option<PathBuf>,
    detail: Option<String>,
}

impl Error {
    /// An error with this status (kind Library, or Timeout/Retry for those two statuses).
    pub fn new(status: Status) -> Error {
        let kind = match status {
            Status::Timeout => ErrorKind::Timeout,
            Status::Retry => ErrorKind::Retry,
            _ => ErrorKind::Library,
        };
        Error { status, kind, path: None, detail: None }
    }

    /// A parameter error (status INVAL) explaining what was wrong with the argument.
    pub fn parameter(detail: impl Into<String>) -> Error {
        Error { kind: ErrorKind::Parameter, ..Error::new(Status::Inval).with_detail(detail) }
    }

    /// A BDF-format error (status INVAL) for the string that failed to parse.
    pub fn bdf_format(bdf: &str) -> Error {
        Error { kind: ErrorKind::BdfFormat, ..Error::new(Status::Inval).with_detail(bdf) }
    }

    /// An I/O error on `path`, mapped to the status its errno stands for.
    pub fn io(path: &Path, err: &io::Error) -> Error {
        let status = err.raw_os_error().map_or(
            match err.kind() {
                io::ErrorKind::NotFound => Status::NotSupported,
                io::ErrorKind::PermissionDenied => Status::NoPerm,
                io::ErrorKind::InvalidData => Status::UnexpectedData,
                _ => Status::Io,
            },
            Status::from_errno,
        );
        Error::new(status).with_path(path).with_detail(err.to_string())
    }

    /// Content of `path` that could not be parsed (status UNEXPECTED_DATA).
    pub fn unexpected_data(path: &Path, detail: impl Into<String>) -> Error {
        Error::new(Status::UnexpectedData).with_path(path).with_detail(detail)
    }

    /// Attaches the path that failed.
    pub fn with_path(mut self, path: &Path) -> Error {
        self.path = Some(path.to_path_buf());
        self
    }

    /// Attaches a human-readable detail.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Error {
        self.detail = Some(detail.into());
        self
    }

    /// The AMD SMI status code.
    pub fn status(&self) -> Status {
        self.status
    }

    /// The Python exception class this error mirrors.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The file or directory that failed, when the error came from one.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Extra detail (the OS error text, what could not be parsed, the bad argument).
    pub fn detail(&self) -> Option<&str> {
        self.detail.as_deref()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            ErrorKind::BdfFormat => write!(
                f,
                "Wrong BDF format: {}. BDF string should be: <domain>:<bus>:<device>.<function> \
                 or <bus>:<device>.<function> in hexcode format",
                self.detail.as_deref().unwrap_or("")
            )?,
            ErrorKind::Parameter => write!(f, "Invalid parameter: {}", self.detail.as_deref().unwrap_or(""))?,
            _ => {
                f.write_str(self.status.description())?;
                if let Some(path) = &self.path {
                    write!(f, ": {}", path.display())?;
                }
                if let Some(detail) = &self.detail {
                    write!(f, ": {detail}")?;
                }
            }
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

impl From<Status> for Error {
    fn from(status: Status) -> Error {
        Error::new(status)
    }
}

impl From<Error> for u32 {
    /// The C status code of the error.
    fn from(err: Error) -> u32 {
        err.status.code()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_match_amd_numbers() {
        for &s in Status::ALL {
            assert_eq!(Status::from_code(s.code()), Some(s));
            assert!(s.name().starts_with("AMDSMI_STATUS_"));
        }
        assert_eq!(Status::ALL.len(), 46);
        assert_eq!(Status::NotSupported.code(), 2);
        assert_eq!(Status::NoPerm.code(), 10);
        assert_eq!(Status::NotInit.code(), 32);
        assert_eq!(Status::MoreData.code(), 39);
        assert_eq!(Status::UnexpectedData.code(), 43);
        assert_eq!(Status::NoHsmpMsgSup.code(), 49);
        assert_eq!(Status::CorruptedEeprom.code(), 56);
        assert_eq!(Status::MapError.code(), 4_294_967_294);
        assert_eq!(Status::UnknownError.code(), 4_294_967_295);
        assert_eq!(Status::try_from(21), Err(21));
    }

    #[test]
    fn errno_mapping() {
        let enoent = io::Error::from_raw_os_error(2);
        let e = Error::io(Path::new("/x/vendor"), &enoent);
        assert_eq!(e.status(), Status::NotSupported);
        assert_eq!(e.path(), Some(Path::new("/x/vendor")));
        assert_eq!(Error::io(Path::new("/x"), &io::Error::from_raw_os_error(13)).status(), Status::NoPerm);
        assert_eq!(Error::io(Path::new("/x"), &io::Error::from_raw_os_error(1)).status(), Status::NoPerm);
        assert_eq!(Error::io(Path::new("/x"), &io::Error::from_raw_os_error(21)).status(), Status::FileError);
        assert_eq!(Error::new(Status::Timeout).kind(), ErrorKind::Timeout);
        assert_eq!(Error::bdf_format("zz").kind(), ErrorKind::BdfFormat);
        assert_eq!(u32::from(Error::bdf_format("zz")), 1);
    }

    #[test]
    fn display_carries_status_text_and_path() {
        let e = Error::unexpected_data(Path::new("/sys/x/properties"), "line 3");
        assert_eq!(
            e.to_string(),
            "AMDSMI_STATUS_UNEXPECTED_DATA - The data read or provided was unexpected: /sys/x/properties: line 3"
        );
    }
}
