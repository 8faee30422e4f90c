//! The one bounds-checked byte reader of every binary decoder, and the one way to declare a wire
//! layout.
//!
//! The kernel hands over binary structs in several places: `gpu_metrics` (`kgd_pp_interface.h`),
//! the `DRM_AMDGPU_INFO` answers (`amdgpu_drm.h`), `pm_metrics` and `reg_state`
//! (`smu_v13_0_6_pmfw.h`, `amdgpu_reg_state.h`), the HSMP metrics table (`amd_hsmp.h`), CPER
//! records (`amd_cper.h`) and perf counter reads (`perf_event.h`). Every one is read through
//! [`Bytes`], shaped after the `object` crate's reader: a slice and a position, every read
//! checked against the end, a failed read a [`ReadError`] saying which bytes were wanted (never a
//! panic), which each decoder turns into the status it reports (UNEXPECTED_SIZE, with the name
//! of what it was decoding).
//!
//! Values are little-endian: amdgpu and HSMP exist on little-endian hosts only, where the
//! kernel's native order (perf reads, ioctl answers) is little-endian too.
//!
//! A fixed layout is declared once with [`wire_struct!`]: a `#[repr(C, packed(N))]` struct
//! whose every member offset and total size are asserted at compile time against the kernel's
//! (pahole), read and written member by member at those offsets ([`Wire`]) — bytes are never
//! reinterpreted as a struct — and whose member list ([`Wire::MEMBERS`]) serves decoders that
//! walk a layout by name.

use crate::error::{Error, Status};

/// A read that did not fit: `size` bytes wanted at `offset` of an input of `len` bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ReadError {
    /// Where the read started, bytes from the start of the input.
    pub(crate) offset: usize,
    /// Bytes wanted.
    pub(crate) size: usize,
    /// Bytes the input has.
    pub(crate) len: usize,
}

impl ReadError {
    /// The read as UNEXPECTED_SIZE, naming the input `what` (`"<what>: no <size> bytes at
    /// <offset> of <len>"`).
    #[cold]
    pub(crate) fn to_error(self, what: &str) -> Error {
        Error::new(Status::UnexpectedSize)
            .with_detail(format!("{what}: no {} bytes at {} of {}", self.size, self.offset, self.len))
    }
}

/// A position in a byte slice; every read is bounds-checked and advances past what it read.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Bytes<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Bytes<'a> {
    /// A reader at the start of `data`.
    #[inline]
    pub(crate) const fn new(data: &'a [u8]) -> Bytes<'a> {
        Bytes { data, pos: 0 }
    }

    /// Where the next read starts, bytes from the start of the input.
    #[inline]
    pub(crate) const fn position(&self) -> usize {
        self.pos
    }

    /// Bytes left after the position (0 when it is past the end).
    #[inline]
    pub(crate) const fn remaining(&self) -> usize {
        self.data.len().saturating_sub(self.pos)
    }

    /// The same input read from byte `offset` (a later read past the end fails; this does not).
    #[inline]
    pub(crate) const fn at(self, offset: usize) -> Bytes<'a> {
        Bytes { data: self.data, pos: offset }
    }

    /// The next `size` bytes.
    #[inline]
    pub(crate) fn take(&mut self, size: usize) -> Result<&'a [u8], ReadError> {
        let taken = self.pos.checked_add(size).and_then(|end| self.data.get(self.pos..end));
        let taken = taken.ok_or(ReadError { offset: self.pos, size, len: self.data.len() })?;
        self.pos += size;
        Ok(taken)
    }

    /// Steps over the next `size` bytes, which must be there.
    #[inline]
    pub(crate) fn skip(&mut self, size: usize) -> Result<(), ReadError> {
        self.take(size).map(drop)
    }

    /// The next `N` bytes as an array.
    #[inline]
    pub(crate) fn array<const N: usize>(&mut self) -> Result<[u8; N], ReadError> {
        let start = self.pos;
        let taken = self.take(N)?;
        taken.try_into().map_err(|_| ReadError { offset: start, size: N, len: self.data.len() })
    }

    /// The next byte.
    #[inline]
    pub(crate) fn u8(&mut self) -> Result<u8, ReadError> {
        self.array().map(u8::from_le_bytes)
    }

    /// The next little-endian `u16`.
    #[inline]
    pub(crate) fn u16(&mut self) -> Result<u16, ReadError> {
        self.array().map(u16::from_le_bytes)
    }

    /// The next little-endian `u32`.
    #[inline]
    pub(crate) fn u32(&mut self) -> Result<u32, ReadError> {
        self.array().map(u32::from_le_bytes)
    }

    /// The next little-endian `i32`.
    #[inline]
    pub(crate) fn i32(&mut self) -> Result<i32, ReadError> {
        self.array().map(i32::from_le_bytes)
    }

    /// The next little-endian `u64`.
    #[inline]
    pub(crate) fn u64(&mut self) -> Result<u64, ReadError> {
        self.array().map(u64::from_le_bytes)
    }

    /// The next little-endian unsigned value of `width` bytes (1, 2, 4 or 8; other widths read
    /// that many bytes, at most 8, the same way), zero-extended.
    #[inline]
    pub(crate) fn uint(&mut self, width: usize) -> Result<u64, ReadError> {
        match width {
            1 => self.u8().map(u64::from),
            2 => self.u16().map(u64::from),
            4 => self.u32().map(u64::from),
            8 => self.u64(),
            _ => {
                let taken = self.take(width.min(8))?;
                Ok(taken.iter().rev().fold(0, |acc, &b| acc << 8 | u64::from(b)))
            }
        }
    }

    /// The next value of wire type `T`.
    #[inline]
    pub(crate) fn read<T: Wire>(&mut self) -> Result<T, ReadError> {
        T::read(self)
    }

    /// The value of wire type `T` at byte `offset`, the position left alone.
    #[inline]
    pub(crate) fn read_at<T: Wire>(&self, offset: usize) -> Result<T, ReadError> {
        self.at(offset).read()
    }

    /// The whole `W`-byte little-endian values from the position on, in order, zero-extended
    /// (`W` is 1, 2, 4 or 8); nothing when the position is past the end.
    #[inline]
    pub(crate) fn uints<const W: usize>(self) -> impl Iterator<Item = u64> + 'a {
        let rest = self.data.get(self.pos..).unwrap_or_default();
        rest.chunks_exact(W).map(|chunk| match *chunk {
            [a] => u64::from(a),
            [a, b] => u64::from(u16::from_le_bytes([a, b])),
            [a, b, c, d] => u64::from(u32::from_le_bytes([a, b, c, d])),
            [a, b, c, d, e, f, g, h] => u64::from_le_bytes([a, b, c, d, e, f, g, h]),
            _ => chunk.iter().take(8).rev().fold(0, |acc, &b| acc << 8 | u64::from(b)),
        })
    }
}

/// One member of a [`wire_struct!`] layout, for decoders that walk a layout by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Member {
    /// The member's name as declared (the kernel's or firmware's spelling).
    pub(crate) name: &'static str,
    /// Bytes from the start of the struct.
    pub(crate) offset: usize,
    /// Bytes of one element ([`Wire::WIDTH`]).
    pub(crate) width: usize,
    /// Elements ([`Wire::COUNT`]).
    pub(crate) count: usize,
}

/// A value with a fixed little-endian wire form: an unsigned integer, an array of wire values,
/// or a [`wire_struct!`].
pub(crate) trait Wire: Copy {
    /// All bytes zero.
    const ZERO: Self;
    /// Bytes of one element: the value's own size for an integer or a struct, an innermost
    /// element's for an array.
    const WIDTH: usize;
    /// Elements: 1, or the number of innermost elements of an array.
    const COUNT: usize;
    /// A struct's members, in order; empty for integers and arrays.
    const MEMBERS: &'static [Member] = &[];
    /// Reads the value at the reader's position.
    fn read(r: &mut Bytes<'_>) -> Result<Self, ReadError>;
    /// Appends the value's bytes to `out` (the CPER encoder's half: `fixtures` feature).
    #[cfg(feature = "fixtures")]
    fn write(&self, out: &mut Vec<u8>);
}

macro_rules! wire_int {
    ($($t:ty => $read:ident),*) => {$(
        impl Wire for $t {
            const ZERO: Self = 0;
            const WIDTH: usize = std::mem::size_of::<$t>();
            const COUNT: usize = 1;
            #[inline]
            fn read(r: &mut Bytes<'_>) -> Result<Self, ReadError> {
                r.$read()
            }
            #[cfg(feature = "fixtures")]
            fn write(&self, out: &mut Vec<u8>) {
                out.extend_from_slice(&self.to_le_bytes());
            }
        }
    )*};
}
wire_int!(u8 => u8, u16 => u16, u32 => u32, u64 => u64);

impl<T: Wire, const N: usize> Wire for [T; N] {
    const ZERO: Self = [T::ZERO; N];
    const WIDTH: usize = T::WIDTH;
    const COUNT: usize = N * T::COUNT;
    #[inline]
    fn read(r: &mut Bytes<'_>) -> Result<Self, ReadError> {
        let mut out = Self::ZERO;
        for slot in &mut out {
            *slot = T::read(r)?;
        }
        Ok(out)
    }
    #[cfg(feature = "fixtures")]
    fn write(&self, out: &mut Vec<u8>) {
        for value in self {
            value.write(out);
        }
    }
}

/// Declares a wire struct: `#[repr(C, packed(PACK))]` (the kernel's `#pragma pack`), each
/// member at the offset given and the struct `SIZE` bytes, all asserted at compile time, and
/// implements [`Wire`] for it (each member read at its offset; written in order, gaps zeroed).
///
/// ```text
/// wire_struct! {
///     /// `struct example`.
///     Example: 8, packed(4), {
///         a: u32 = 0,
///         b: [u16; 2] = 4,
///     }
/// }
/// ```
macro_rules! wire_struct {
    ($(#[$meta:meta])* $name:ident: $size:expr, packed($pack:literal), {
        $($(#[$fmeta:meta])* $field:ident: $ty:ty = $offset:expr),* $(,)?
    }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug)]
        #[repr(C, packed($pack))]
        pub(crate) struct $name {
            $($(#[$fmeta])* pub(crate) $field: $ty,)*
        }

        const _: () = {
            $(assert!(::std::mem::offset_of!($name, $field) == $offset);)*
            assert!(::std::mem::size_of::<$name>() == $size);
        };

        impl $crate::bytes::Wire for $name {
            const ZERO: Self = $name { $($field: <$ty as $crate::bytes::Wire>::ZERO,)* };
            const WIDTH: usize = $size;
            const COUNT: usize = 1;
            const MEMBERS: &'static [$crate::bytes::Member] = &[$($crate::bytes::Member {
                name: stringify!($field),
                offset: $offset,
                width: <$ty as $crate::bytes::Wire>::WIDTH,
                count: <$ty as $crate::bytes::Wire>::COUNT,
            },)*];
            #[inline]
            fn read(r: &mut $crate::bytes::Bytes<'_>) -> ::core::result::Result<Self, $crate::bytes::ReadError> {
                let start = r.position();
                r.skip($size)?;
                // Members in declaration order (struct expressions evaluate in written order).
                Ok($name { $($field: r.read_at(start + $offset)?,)* })
            }
            #[cfg(feature = "fixtures")]
            fn write(&self, out: &mut Vec<u8>) {
                let start = out.len();
                $({
                    out.resize(start + $offset, 0);
                    let value = self.$field;
                    $crate::bytes::Wire::write(&value, out);
                })*
                out.resize(start + $size, 0);
            }
        }
    };
}
pub(crate) use wire_struct;

/// The bytes of `value` (`fixtures` feature).
#[cfg(feature = "fixtures")]
pub(crate) fn to_bytes<T: Wire>(value: &T) -> Vec<u8> {
    let mut out = Vec::new();
    value.write(&mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    wire_struct! {
        /// A layout with a 4-byte-aligned u64 and a gap, as `#pragma pack(4)` makes them.
        Sample: 24, packed(4), {
            a: u16 = 0,
            b: u64 = 4,
            c: [u32; 3] = 12,
        }
    }

    #[test]
    fn reads_are_little_endian_and_advance() {
        let data = [1, 0, 2, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0xFF];
        let mut r = Bytes::new(&data);
        assert_eq!(r.u16(), Ok(1));
        assert_eq!(r.u32(), Ok(2));
        assert_eq!(r.u64(), Ok(3));
        assert_eq!(r.position(), 14);
        assert_eq!(r.remaining(), 1);
        assert_eq!(r.u8(), Ok(0xFF));
        assert_eq!(r.u8(), Err(ReadError { offset: 15, size: 1, len: 15 }));
        assert_eq!(Bytes::new(&data).at(2).uint(4), Ok(2));
        assert_eq!(Bytes::new(&data).at(2).uint(3), Ok(2));
        assert_eq!(Bytes::new(&[0xFE, 0xFF, 0xFF, 0xFF]).i32(), Ok(-2));
        assert_eq!(Bytes::new(&data).at(6).uints::<4>().collect::<Vec<_>>(), [3, 0]);
    }

    #[test]
    fn failed_reads_say_where_and_leave_the_position() {
        let mut r = Bytes::new(&[1, 2, 3]);
        assert_eq!(r.u32(), Err(ReadError { offset: 0, size: 4, len: 3 }));
        assert_eq!(r.position(), 0);
        assert_eq!(r.take(3), Ok(&[1, 2, 3][..]));
        assert_eq!(r.skip(1), Err(ReadError { offset: 3, size: 1, len: 3 }));
        let far = Bytes::new(&[1, 2, 3]).at(usize::MAX);
        assert_eq!(far.remaining(), 0);
        assert_eq!(far.read_at::<u16>(usize::MAX), Err(ReadError { offset: usize::MAX, size: 2, len: 3 }));
        assert_eq!(far.uints::<2>().count(), 0);
        let e = ReadError { offset: 8, size: 4, len: 10 }.to_error("thing");
        assert_eq!((e.status(), e.detail()), (Status::UnexpectedSize, Some("thing: no 4 bytes at 8 of 10")));
    }

    #[test]
    fn structs_read_and_write_at_their_offsets() {
        let mut s = Sample::ZERO;
        (s.a, s.b, s.c) = (0x0102, 0x1122_3344_5566_7788, [7, 8, 9]);
        let bytes = to_bytes(&s);
        assert_eq!(bytes.len(), 24);
        assert_eq!(bytes[..6], [2, 1, 0, 0, 0x88, 0x77]);
        assert_eq!(bytes[20..], [9, 0, 0, 0]);
        let mut r = Bytes::new(&bytes);
        let back: Sample = r.read().unwrap();
        assert_eq!((back.a, back.b, back.c), (0x0102, 0x1122_3344_5566_7788, [7, 8, 9]));
        assert_eq!(r.position(), 24);
        assert_eq!(Bytes::new(&bytes[..23]).read::<Sample>().unwrap_err(), ReadError { offset: 0, size: 24, len: 23 });
        let names: Vec<_> = Sample::MEMBERS.iter().map(|m| (m.name, m.offset, m.width, m.count)).collect();
        assert_eq!(names, [("a", 0, 2, 1), ("b", 4, 8, 1), ("c", 12, 4, 3)]);
        assert_eq!(<[[u32; 4]; 2] as Wire>::COUNT, 8);
    }
}
