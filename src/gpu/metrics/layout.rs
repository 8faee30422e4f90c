//! What a version's field table says, and how one value is read: the layer under both the
//! fixed layouts (v1.x, v2.x, v3.0) and the v1.9 attribute list, so neither depends on the view.
//!
//! A version's [`Table`] says, for each normalized field, where its values are: a member (or one
//! element of a member) of the version's `#[repr(C)]` wire struct ([`Src::At`], built at compile
//! time with `offset_of!` by `place!`), a v1.9 attribute ([`Src::Attr`], looked up in the
//! blob's attribute index), or nowhere. Reading a value is the same for every version
//! ([`Slot`]): find the bytes through the crate's one reader ([`Bytes`], bounds-checked), treat
//! all bits set at the wire width as "not available", scale ([`Scale`]) and narrow to the
//! field's type.

use super::{apu_socket_power_w, firmware_ns, ApuField, Field, XcpField};
use crate::bytes::{Bytes, Wire};

/// The C type of a v1.9 attribute's values (and of a fixed layout's members) (`enum amdgpu_metrics_attr_type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum AttributeType {
    /// `AMDGPU_METRICS_TYPE_U8`.
    U8,
    /// `AMDGPU_METRICS_TYPE_S8`.
    S8,
    /// `AMDGPU_METRICS_TYPE_U16`.
    U16,
    /// `AMDGPU_METRICS_TYPE_S16`.
    S16,
    /// `AMDGPU_METRICS_TYPE_U32`.
    U32,
    /// `AMDGPU_METRICS_TYPE_S32`.
    S32,
    /// `AMDGPU_METRICS_TYPE_U64`.
    U64,
    /// `AMDGPU_METRICS_TYPE_S64`.
    S64,
}

impl AttributeType {
    pub(super) const ALL: [AttributeType; 8] = [
        AttributeType::U8,
        AttributeType::S8,
        AttributeType::U16,
        AttributeType::S16,
        AttributeType::U32,
        AttributeType::S32,
        AttributeType::U64,
        AttributeType::S64,
    ];

    /// Bytes per value.
    pub const fn size(self) -> usize {
        match self {
            AttributeType::U8 | AttributeType::S8 => 1,
            AttributeType::U16 | AttributeType::S16 => 2,
            AttributeType::U32 | AttributeType::S32 => 4,
            AttributeType::U64 | AttributeType::S64 => 8,
        }
    }

    /// Whether values are two's complement.
    pub const fn is_signed(self) -> bool {
        matches!(self, AttributeType::S8 | AttributeType::S16 | AttributeType::S32 | AttributeType::S64)
    }

    /// All bits set at this width.
    pub(super) const fn all_ones(self) -> u64 {
        u64::MAX >> (64 - 8 * self.size())
    }
}

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

    /// The member in a blob, its offset moved by `base` (a partition's block).
    #[inline]
    pub(super) fn at(self, base: usize) -> Option<Slot> {
        let offset = base.checked_add(usize::from(self.offset))?;
        Some(Slot { offset, ty: self.ty, count: usize::from(self.count), scale: self.scale })
    }
}

/// The member at `offset` whose type `_member` names (`|w: &W| &w.member`), so the width and
/// count recorded are the member's own, checked by the compiler.
pub(super) const fn member<W, T: Wire>(offset: usize, _member: fn(&W) -> &T) -> Loc {
    assert!(offset <= u16::MAX as usize && T::COUNT <= 1023);
    let ty = match T::WIDTH {
        1 => AttributeType::U8,
        2 => AttributeType::U16,
        4 => AttributeType::U32,
        8 => AttributeType::U64,
        _ => panic!("a gpu_metrics member is an unsigned integer or an array of them"),
    };
    Loc { offset: offset as u16, ty, count: T::COUNT as u16, scale: Scale::One }
}

/// How a normalized field reads a v1.9 attribute: from value `skip` on (a scalar reads the
/// first of those), only if the attribute has exactly one value (`single`), and for a
/// timestamp, scaled by the attribute's time unit (`time`: the scale when the unit is neither).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Tag {
    /// The attribute id.
    pub(super) id: u16,
    /// Values of the attribute before the field's.
    pub(super) skip: u16,
    /// Only an attribute with exactly one value.
    pub(super) single: bool,
    /// A timestamp: scaled by the attribute's time unit, else by this.
    pub(super) time: Option<Scale>,
}

impl Tag {
    /// A scalar field from a one-value attribute (AMD SMI ignores multi-value ones here).
    pub(super) const fn scalar(id: u16) -> Tag {
        Tag { id, skip: 0, single: true, time: None }
    }

    /// An array field from the attribute's values, in order, as far as both go; or a scalar
    /// field from value `skip` of an attribute of any length.
    pub(super) const fn values(id: u16, skip: u16) -> Tag {
        Tag { id, skip, single: false, time: None }
    }

    /// A timestamp in ns from a one-value attribute in ns or 10 ns units; `default` when the
    /// attribute declares another unit.
    pub(super) const fn time(id: u16, default: Scale) -> Tag {
        Tag { id, skip: 0, single: true, time: Some(default) }
    }
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
        $( $dst[$group::$f] = $crate::gpu::metrics::layout::Src::At(
            place!(@member $wire, $($m)? $f) $(.element($i))? $(.scaled($crate::gpu::metrics::layout::Scale::$s))?
        ); )+
    };
    (@member $wire:ty, $m:ident $($field:ident)?) => {
        $crate::gpu::metrics::layout::member(::std::mem::offset_of!($wire, $m), |w: &$wire| &w.$m)
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
    pub(super) fn first(self, bytes: &[u8]) -> Option<u64> {
        if self.count == 0 {
            return None;
        }
        self.value(Bytes::new(bytes).at(self.offset).uint(self.ty.size()).ok()?)
    }

    /// The slot's values in `bytes` into `out`, converted to `T`, in order, as far as all three
    /// go; the rest of `out` is left alone.
    #[inline]
    pub(super) fn fill<T: TryFrom<u64>>(self, bytes: &[u8], out: &mut [Option<T>]) {
        let wire = Bytes::new(bytes).at(self.offset);
        match self.ty.size() {
            1 => self.fill_from::<1, T>(wire, out),
            2 => self.fill_from::<2, T>(wire, out),
            4 => self.fill_from::<4, T>(wire, out),
            _ => self.fill_from::<8, T>(wire, out),
        }
    }

    /// [`Slot::fill`] for `W`-byte values (one loop per width, so each is a plain loop).
    #[inline]
    fn fill_from<const W: usize, T: TryFrom<u64>>(self, wire: Bytes<'_>, out: &mut [Option<T>]) {
        for (o, raw) in out.iter_mut().zip(wire.uints::<W>().take(self.count)) {
            *o = self.value(raw).and_then(|v| T::try_from(v).ok());
        }
    }

    /// The wire value `raw`: `None` for all bits set (the kernel's "not available"), for a
    /// negative value (no normalized field is signed) and when scaling overflows.
    #[inline]
    fn value(self, raw: u64) -> Option<u64> {
        let ones = self.ty.all_ones();
        if raw == ones || (self.ty.is_signed() && raw > ones >> 1) {
            return None;
        }
        self.scale.apply(raw)
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
