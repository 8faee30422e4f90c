//! The field tables of every layout and the zero-copy view that reads through them.
//!
//! A version's [`Table`] says, for each normalized field, where its values are: a member (or one
//! element of a member) of the version's `#[repr(C)]` wire struct ([`Src::At`], built at compile
//! time with `offset_of!` by `place!`), a v1.9 attribute ([`Src::Attr`], looked up in the
//! blob's attribute index), or nowhere. Reading a value is the same for every version: find
//! the bytes, check bounds, treat all bits set at the wire width as "not available", scale
//! ([`Scale`]) and narrow to the field's type.

use super::v1_9::{AttrIndex, AttributeType, Tag};
use super::{apu_socket_power_w, firmware_ns, ApuField, Field, MetricsHeader, XcpField};

/// How a wire value becomes the normalized one (AMD SMI's unit adjustments).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Scale {
    /// As is.
    One,
    /// × 10: 10 ns ticks to ns ([`firmware_ns`]).
    Ten,
    /// mW to W, rounded and clamped to `u16` ([`apu_socket_power_w`]).
    MilliToUnit,
}

impl Scale {
    #[inline]
    fn apply(self, raw: u64) -> Option<u64> {
        match self {
            Scale::One => Some(raw),
            Scale::Ten => firmware_ns(Some(raw)),
            Scale::MilliToUnit => apu_socket_power_w(u32::try_from(raw).ok()).map(u64::from),
        }
    }
}

/// A member of a fixed wire struct: `count` values of `ty` from byte `offset`, then `scale`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Loc {
    offset: u16,
    ty: AttributeType,
    count: u16,
    scale: Scale,
}

impl Loc {
    /// Element `i` of the member on its own (a scalar from an array, or the one element an array
    /// field gets from a scalar). Out of range is a compile-time error in a table.
    pub(super) const fn element(self, i: u16) -> Loc {
        assert!(i < self.count, "element past the end of the member");
        Loc { offset: self.offset + i * self.ty.size() as u16, count: 1, ..self }
    }

    /// The member with `scale` applied to its values.
    pub(super) const fn scaled(self, scale: Scale) -> Loc {
        Loc { scale, ..self }
    }
}

/// A wire member type: its C type and element count.
pub(super) trait Wire {
    const TYPE: AttributeType;
    const COUNT: u16;
}

macro_rules! wire {
    ($($t:ty => $ty:ident),*) => {$(
        impl Wire for $t {
            const TYPE: AttributeType = AttributeType::$ty;
            const COUNT: u16 = 1;
        }
    )*};
}
wire!(u8 => U8, u16 => U16, u32 => U32, u64 => U64);

impl<T: Wire, const N: usize> Wire for [T; N] {
    const TYPE: AttributeType = T::TYPE;
    const COUNT: u16 = {
        assert!(N <= 1023);
        N as u16
    };
}

/// The member at `offset` whose type `_member` names (`|w: &Wire| &w.member`), so the width and
/// count recorded are the member's own, checked by the compiler.
pub(super) const fn member<W, T: Wire>(offset: usize, _member: fn(&W) -> &T) -> Loc {
    assert!(offset <= u16::MAX as usize);
    Loc { offset: offset as u16, ty: T::TYPE, count: T::COUNT, scale: Scale::One }
}

/// Where one field's values come from in one layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Src {
    /// The layout does not carry the field.
    Absent,
    /// A member of the fixed wire struct.
    At(Loc),
    /// A v1.9 attribute.
    Attr(Tag),
}

/// The per-partition (XCP) fields of a layout: `partitions` blocks of `stride` bytes from `base`,
/// each laid out as `fields` says (offsets relative to the block).
#[derive(Debug)]
pub(super) struct XcpTable {
    pub(super) base: usize,
    pub(super) stride: usize,
    pub(super) partitions: usize,
    pub(super) fields: [Src; XcpField::COUNT],
}

/// Where every normalized field is in one layout.
#[derive(Debug)]
pub(super) struct Table {
    pub(super) fields: [Src; Field::COUNT],
    pub(super) xcp: XcpTable,
    /// The APU fields; `None` for the dGPU formats.
    pub(super) apu: Option<[Src; ApuField::COUNT]>,
}

impl Table {
    /// Nothing anywhere: tables start from this and place what their version carries.
    pub(super) const EMPTY: Table = Table {
        fields: [Src::Absent; Field::COUNT],
        xcp: XcpTable { base: 0, stride: 0, partitions: 0, fields: [Src::Absent; XcpField::COUNT] },
        apu: None,
    };
}

/// Places members of wire struct `$wire` into the table array `$dst` of field group `$group`:
/// `field` (the member of the same name), `field <- member`, `field <- member[i]` (one element,
/// see [`Loc::element`]) and `... / Scale` ([`Scale`]).
macro_rules! place {
    ($dst:expr, $group:ident, $wire:ty: $( $f:ident $(<- $m:ident)? $([$i:expr])? $(/ $s:ident)? ),+ $(,)?) => {
        $( $dst[$group::$f] = $crate::gpu::metrics::view::Src::At(
            place!(@member $wire, $($m)? $f) $(.element($i))? $(.scaled($crate::gpu::metrics::view::Scale::$s))?
        ); )+
    };
    (@member $wire:ty, $m:ident $($field:ident)?) => {
        $crate::gpu::metrics::view::member(::std::mem::offset_of!($wire, $m), |w: &$wire| &w.$m)
    };
}

/// A field resolved against one blob: `count` values of `ty` from byte `offset`, then `scale`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Slot {
    pub(super) offset: usize,
    pub(super) ty: AttributeType,
    pub(super) count: usize,
    pub(super) scale: Scale,
}

impl Slot {
    /// The slot's first value in `bytes` (see [`Slot::value`]).
    #[inline]
    fn first(self, bytes: &[u8]) -> Option<u64> {
        if self.count == 0 {
            return None;
        }
        self.value(bytes.get(self.offset..self.offset.checked_add(self.ty.size())?)?)
    }

    /// The slot's values in `bytes` into `out`, converted to `T`, in order, as far as all three
    /// go; the rest of `out` is left alone.
    #[inline]
    fn fill<T: TryFrom<u64>>(self, bytes: &[u8], out: &mut [Option<T>]) {
        let wire = bytes.get(self.offset..).unwrap_or_default();
        match self.ty.size() {
            1 => self.fill_from::<1, T>(wire, out),
            2 => self.fill_from::<2, T>(wire, out),
            4 => self.fill_from::<4, T>(wire, out),
            _ => self.fill_from::<8, T>(wire, out),
        }
    }

    /// [`Slot::fill`] for `W`-byte values (one loop per width, so each is a plain loop).
    #[inline]
    fn fill_from<const W: usize, T: TryFrom<u64>>(self, wire: &[u8], out: &mut [Option<T>]) {
        for (o, chunk) in out.iter_mut().zip(wire.chunks_exact(W).take(self.count)) {
            *o = self.value(chunk).and_then(|v| T::try_from(v).ok());
        }
    }

    /// The value in `chunk` (one value's bytes): `None` for all bits set (the kernel's "not
    /// available"), for a negative value (no normalized field is signed) and when scaling
    /// overflows.
    #[inline]
    fn value(self, chunk: &[u8]) -> Option<u64> {
        let raw = match *chunk {
            [a] => u64::from(a),
            [a, b] => u64::from(u16::from_le_bytes([a, b])),
            [a, b, c, d] => u64::from(u32::from_le_bytes([a, b, c, d])),
            [a, b, c, d, e, f, g, h] => u64::from_le_bytes([a, b, c, d, e, f, g, h]),
            _ => return None,
        };
        let ones = self.ty.all_ones();
        if raw == ones || (self.ty.is_signed() && raw > ones >> 1) {
            return None;
        }
        self.scale.apply(raw)
    }
}

/// A blob's bytes and attribute index, borrowed: what every accessor reads through.
#[derive(Clone, Copy, Debug)]
struct Core<'a> {
    bytes: &'a [u8],
    index: &'a AttrIndex,
}

impl Core<'_> {
    /// Where `src` is in this blob (`base` is added to fixed offsets: a partition's block).
    #[inline]
    fn slot(self, src: Src, base: usize) -> Option<Slot> {
        match src {
            Src::Absent => None,
            Src::At(loc) => Some(Slot {
                offset: base.checked_add(usize::from(loc.offset))?,
                ty: loc.ty,
                count: usize::from(loc.count),
                scale: loc.scale,
            }),
            Src::Attr(tag) => tag.resolve(self.bytes, self.index),
        }
    }

    /// The field's first value.
    #[inline]
    fn scalar<T: TryFrom<u64>>(self, src: Src, base: usize) -> Option<T> {
        T::try_from(self.slot(src, base)?.first(self.bytes)?).ok()
    }

    /// The field's values into `out`, in order, as far as both go; the rest of `out` is left
    /// alone (not available, as every field starts).
    #[inline]
    fn fill<T: TryFrom<u64>>(self, src: Src, base: usize, out: &mut [Option<T>]) {
        if let Some(slot) = self.slot(src, base) {
            slot.fill(self.bytes, out);
        }
    }
}

/// What [`super::parse`] learned about a blob: its header, its layout's table and, for v1.9, its
/// attribute index (empty for the other versions).
#[derive(Clone, Debug)]
pub(super) struct Shape {
    pub(super) header: MetricsHeader,
    pub(super) table: &'static Table,
    pub(super) index: AttrIndex,
}

/// A validated `gpu_metrics` blob, read in place ([`super::parse`], [`super::parse_owned`]).
///
/// Each accessor (named and documented like the [`super::GpuMetrics`] field it fills, same type
/// and units) is a table lookup and one bounds-checked read; arrays are read element by element
/// into the returned array. Per-partition values are under [`MetricsView::xcp`], APU values under
/// [`MetricsView::apu`]. `B` holds the bytes: `&[u8]` or `Vec<u8>`.
#[derive(Clone, Debug)]
pub struct MetricsView<B> {
    bytes: B,
    shape: Shape,
}

impl<B: AsRef<[u8]>> MetricsView<B> {
    /// `bytes` already cut to `shape.header.structure_size`.
    pub(super) fn new(bytes: B, shape: Shape) -> MetricsView<B> {
        MetricsView { bytes, shape }
    }

    /// The blob's header.
    pub fn header(&self) -> MetricsHeader {
        self.shape.header
    }

    /// The blob's bytes, cut to `structure_size`.
    pub fn bytes(&self) -> &[u8] {
        self.bytes.as_ref()
    }

    fn core(&self) -> Core<'_> {
        Core { bytes: self.bytes.as_ref(), index: &self.shape.index }
    }

    fn src(&self, field: usize) -> Src {
        self.shape.table.fields.get(field).copied().unwrap_or(Src::Absent)
    }

    pub(super) fn scalar<T: TryFrom<u64>>(&self, field: usize) -> Option<T> {
        self.core().scalar(self.src(field), 0)
    }

    pub(super) fn fill<T: TryFrom<u64>>(&self, field: usize, out: &mut [Option<T>]) {
        self.core().fill(self.src(field), 0, out);
    }

    /// How many partitions (XCPs) this layout has statistics for: 8 for v1.6 (1664-byte
    /// layout), v1.7 and v1.8; 1 for v1.3 (AMD SMI's `vcn_busy[0]`) and v1.9 (per-XCC arrays
    /// into partition 0); 0 otherwise. Partitions past it read as all "not available".
    pub fn partitions(&self) -> usize {
        self.shape.table.xcp.partitions
    }

    /// Partition `partition`'s (XCP's) statistics (`0..NUM_XCP`).
    pub fn xcp(&self, partition: usize) -> XcpView<'_> {
        let xcp = &self.shape.table.xcp;
        let base =
            (partition < xcp.partitions).then(|| partition.checked_mul(xcp.stride)?.checked_add(xcp.base)).flatten();
        XcpView { core: self.core(), fields: &xcp.fields, base }
    }

    /// The APU-only values (formats 2 and 3); `None` for the dGPU formats.
    pub fn apu(&self) -> Option<ApuView<'_>> {
        let fields = self.shape.table.apu.as_ref()?;
        Some(ApuView { core: self.core(), fields })
    }
}

/// One partition's (XCP's) statistics in a [`MetricsView`]; accessors as [`super::XcpMetrics`]'s
/// fields.
#[derive(Clone, Copy, Debug)]
pub struct XcpView<'a> {
    core: Core<'a>,
    fields: &'static [Src; XcpField::COUNT],
    /// Where the partition's block starts; `None` when the layout has no such partition.
    base: Option<usize>,
}

impl XcpView<'_> {
    pub(super) fn fill<T: TryFrom<u64>>(&self, field: usize, out: &mut [Option<T>]) {
        if let (Some(base), Some(&src)) = (self.base, self.fields.get(field)) {
            self.core.fill(src, base, out);
        }
    }
}

/// The APU-only values in a [`MetricsView`]; accessors as [`super::ApuMetrics`]'s fields.
#[derive(Clone, Copy, Debug)]
pub struct ApuView<'a> {
    core: Core<'a>,
    fields: &'static [Src; ApuField::COUNT],
}

impl ApuView<'_> {
    fn src(&self, field: usize) -> Src {
        self.fields.get(field).copied().unwrap_or(Src::Absent)
    }

    pub(super) fn scalar<T: TryFrom<u64>>(&self, field: usize) -> Option<T> {
        self.core.scalar(self.src(field), 0)
    }

    pub(super) fn fill<T: TryFrom<u64>>(&self, field: usize, out: &mut [Option<T>]) {
        self.core.fill(self.src(field), 0, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(offset: usize, ty: AttributeType, count: usize) -> Slot {
        Slot { offset, ty, count, scale: Scale::One }
    }

    /// Value `k` of `slot`, read alone and as part of the slot's values (they must agree).
    fn get(slot: Slot, bytes: &[u8], k: usize) -> Option<u64> {
        let mut all = vec![Some(0xDEAD); k + 1];
        slot.fill::<u64>(bytes, &mut all);
        let alone = Slot {
            offset: slot.offset.saturating_add(k * slot.ty.size()),
            count: slot.count - k.min(slot.count),
            ..slot
        };
        let first = alone.first(bytes);
        let filled = all[k].filter(|&v| v != 0xDEAD);
        assert_eq!(first, filled, "{slot:?}[{k}]");
        first
    }

    #[test]
    fn sentinels_are_per_width() {
        let b = [0xFF, 0xFF, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0x01];
        assert_eq!(get(slot(0, AttributeType::U16, 1), &b, 0), None);
        assert_eq!(get(slot(0, AttributeType::U32, 1), &b, 0), Some(0x7FFF_FFFF));
        assert_eq!(get(slot(4, AttributeType::U32, 1), &b, 0), None);
        assert_eq!(get(slot(8, AttributeType::U8, 1), &b, 0), Some(1));
        assert_eq!(get(slot(0, AttributeType::U16, 2), &b, 1), Some(0x7FFF));
        // Signed: all ones is the sentinel, other negatives fit no normalized field.
        assert_eq!(get(slot(0, AttributeType::S16, 1), &b, 0), None);
        assert_eq!(get(slot(0, AttributeType::S16, 1), &[0xFE, 0xFF], 0), None);
        assert_eq!(get(slot(0, AttributeType::S32, 1), &b, 0), Some(0x7FFF_FFFF));
        assert_eq!(get(slot(0, AttributeType::S16, 1), &[5, 0], 0), Some(5));
    }

    #[test]
    fn reads_past_the_end_or_the_slot_are_none() {
        let b = [1u8, 2, 3];
        assert_eq!(get(slot(0, AttributeType::U32, 1), &b, 0), None);
        assert_eq!(get(slot(2, AttributeType::U16, 1), &b, 0), None);
        assert_eq!(get(slot(0, AttributeType::U8, 2), &b, 2), None, "past the slot's count");
        assert_eq!(get(slot(usize::MAX, AttributeType::U16, 1), &b, 0), None);
        assert_eq!(get(slot(usize::MAX - 8, AttributeType::U64, 4), &b, 3), None);
        assert_eq!(get(slot(1, AttributeType::U8, usize::MAX), &b, 2), None);
        assert_eq!(get(slot(1, AttributeType::U8, usize::MAX), &b, 1), Some(3));
        assert_eq!(get(slot(1, AttributeType::U8, 0), &b, 0), None, "no values");
    }

    #[test]
    fn scales() {
        assert_eq!(Scale::Ten.apply(123), Some(1230));
        assert_eq!(Scale::Ten.apply(u64::MAX / 5), None);
        assert_eq!(Scale::MilliToUnit.apply(18_844), Some(19));
        assert_eq!(Scale::MilliToUnit.apply(u64::from(u32::MAX) + 1), None);
    }

    #[test]
    fn elements_and_members() {
        #[repr(C)]
        #[allow(dead_code)] // a layout description
        struct W {
            a: u16,
            b: [u32; 4],
        }
        const B: Loc = member(std::mem::offset_of!(W, b), |w: &W| &w.b);
        assert_eq!(B, Loc { offset: 4, ty: AttributeType::U32, count: 4, scale: Scale::One });
        assert_eq!(B.element(3), Loc { offset: 16, ty: AttributeType::U32, count: 1, scale: Scale::One });
        assert_eq!(B.scaled(Scale::Ten).scale, Scale::Ten);
    }
}
