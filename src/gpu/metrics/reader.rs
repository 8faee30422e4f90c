//! Bounds-checked little-endian reads from a `gpu_metrics` blob, and the "not available"
//! convention: a value with all bits set (at the width the kernel wrote it) is `None`.

use crate::error::{Error, Result, Status};

/// An unsigned integer as the kernel lays it out (little-endian; amdgpu hosts are little-endian).
pub(super) trait Wire: Copy {
    /// Bytes on the wire.
    const SIZE: usize;
    /// The value in `bytes` (exactly `SIZE` of them).
    fn from_le(bytes: &[u8]) -> Option<Self>;
    /// All bits set: the kernel's (and AMD SMI's) "not available".
    fn is_unavailable(self) -> bool;
}

macro_rules! wire {
    ($($t:ty),*) => {$(
        impl Wire for $t {
            const SIZE: usize = std::mem::size_of::<$t>();
            fn from_le(bytes: &[u8]) -> Option<$t> {
                bytes.try_into().ok().map(<$t>::from_le_bytes)
            }
            fn is_unavailable(self) -> bool {
                self == <$t>::MAX
            }
        }
    )*};
}
wire!(u8, u16, u32, u64);

/// A wire field: a scalar read as `Option<T>`, an array as `[Option<T>; N]` (element-wise N/A).
pub(super) trait Field {
    /// What reading the field gives.
    type Out;
    /// Reads the field at `offset`.
    fn read(r: &Reader<'_>, offset: usize) -> Result<Self::Out>;
}

impl<T: Wire> Field for T {
    type Out = Option<T>;
    fn read(r: &Reader<'_>, offset: usize) -> Result<Option<T>> {
        r.raw::<T>(offset).map(|v| (!v.is_unavailable()).then_some(v))
    }
}

impl<T: Wire, const N: usize> Field for [T; N] {
    type Out = [Option<T>; N];
    fn read(r: &Reader<'_>, offset: usize) -> Result<[Option<T>; N]> {
        let mut out = [None; N];
        for (i, slot) in out.iter_mut().enumerate() {
            *slot = T::read(r, r.element(offset, i, T::SIZE)?)?;
        }
        Ok(out)
    }
}

/// The bytes of one blob (already cut to its `structure_size`) and the version they claim.
pub(super) struct Reader<'a> {
    bytes: &'a [u8],
    version: (u8, u8),
}

impl<'a> Reader<'a> {
    pub(super) fn new(bytes: &'a [u8], version: (u8, u8)) -> Reader<'a> {
        Reader { bytes, version }
    }

    pub(super) fn len(&self) -> usize {
        self.bytes.len()
    }

    fn short(&self, offset: usize, len: usize) -> Error {
        Error::new(Status::UnexpectedSize).with_detail(format!(
            "gpu_metrics v{}.{}: {len} bytes at offset {offset} are past structure_size {}",
            self.version.0,
            self.version.1,
            self.bytes.len()
        ))
    }

    /// The offset of element `index` of an array of `size`-byte elements at `offset`.
    fn element(&self, offset: usize, index: usize, size: usize) -> Result<usize> {
        index.checked_mul(size).and_then(|d| offset.checked_add(d)).ok_or_else(|| self.short(offset, size))
    }

    /// `len` bytes at `offset`.
    pub(super) fn bytes(&self, offset: usize, len: usize) -> Result<&'a [u8]> {
        let end = offset.checked_add(len).ok_or_else(|| self.short(offset, len))?;
        self.bytes.get(offset..end).ok_or_else(|| self.short(offset, len))
    }

    /// The value at `offset`, sentinel included.
    pub(super) fn raw<T: Wire>(&self, offset: usize) -> Result<T> {
        let bytes = self.bytes(offset, T::SIZE)?;
        T::from_le(bytes).ok_or_else(|| self.short(offset, T::SIZE))
    }

    /// Field `F` at `offset`; `_field` only names the wire struct member (`|w: &Wire| &w.field`)
    /// so the width read is the member's own, checked by the compiler.
    pub(super) fn field<W, F: Field>(&self, offset: usize, _field: fn(&W) -> &F) -> Result<F::Out> {
        F::read(self, offset)
    }

    /// `count` elements of `T` at `offset`, each widened into the front of `dst` (a kernel array
    /// shorter or narrower than AMD SMI's: e.g. 32 JPEG engines into 40, 8 APU cores into 16).
    pub(super) fn fill<T: Wire, U: From<T>>(&self, dst: &mut [Option<U>], offset: usize, count: usize) -> Result<()> {
        for (i, slot) in dst.iter_mut().take(count).enumerate() {
            *slot = T::read(self, self.element(offset, i, T::SIZE)?)?.map(U::from);
        }
        Ok(())
    }
}

/// Reads wire member `$field` of `$wire` (at `$base` + its offset) as `Option`/`[Option; N]`.
macro_rules! read {
    ($r:expr, $wire:ty, $field:ident) => {
        read!($r, 0, $wire, $field)
    };
    ($r:expr, $base:expr, $wire:ty, $field:ident) => {
        $r.field($base + ::std::mem::offset_of!($wire, $field), |w: &$wire| &w.$field)
    };
}

/// Copies same-named wire members into the normalized struct `$m` (same width, or a compile error).
macro_rules! copy {
    ($m:expr, $r:expr, $wire:ty: $($field:ident),+ $(,)?) => {
        $( $m.$field = read!($r, $wire, $field)?; )+
    };
}

pub(super) use {copy, read};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentinels_are_per_width() {
        let b = [0xFF, 0xFF, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0x01];
        let r = Reader::new(&b, (1, 3));
        assert_eq!(u16::read(&r, 0).unwrap(), None);
        assert_eq!(u32::read(&r, 0).unwrap(), Some(0x7FFF_FFFF));
        assert_eq!(u32::read(&r, 4).unwrap(), None);
        assert_eq!(u8::read(&r, 8).unwrap(), Some(1));
        assert_eq!(<[u16; 2]>::read(&r, 0).unwrap(), [None, Some(0x7FFF)]);
        let mut wide = [Some(7u64); 3];
        r.fill::<u16, u64>(&mut wide, 2, 2).unwrap();
        assert_eq!(wide, [Some(0x7FFF), None, Some(7)]);
    }

    #[test]
    fn reads_past_the_end_are_errors() {
        let b = [1u8, 2, 3];
        let r = Reader::new(&b, (2, 1));
        assert_eq!(u32::read(&r, 0).unwrap_err().status(), Status::UnexpectedSize);
        assert_eq!(u16::read(&r, 2).unwrap_err().status(), Status::UnexpectedSize);
        assert!(r.bytes(usize::MAX, 2).is_err());
        assert!(<[u64; 4]>::read(&r, usize::MAX - 8).is_err());
        assert!(r.fill::<u16, u16>(&mut [None; 4], usize::MAX, 4).is_err());
        let err = r.raw::<u64>(1).unwrap_err();
        assert_eq!(err.detail(), Some("gpu_metrics v2.1: 8 bytes at offset 1 are past structure_size 3"));
    }
}
