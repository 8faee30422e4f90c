//! PCI bus/device/function addresses and AMD SMI's 64-bit BDF id.

use std::fmt;

use crate::error::{Error, Result};

/// A PCI address `<domain>:<bus>:<device>.<function>`.
///
/// Displays as AMD SMI prints it: `0000:0c:00.0` (lower-case hex, domain 4 digits or more).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Bdf {
    /// PCI domain (segment).
    pub domain: u32,
    /// Bus number, 0x00-0xff.
    pub bus: u8,
    /// Device number, 0x00-0x1f.
    pub device: u8,
    /// Function number, 0-7 (for a compute partition: the partition id).
    pub function: u8,
}

impl Bdf {
    /// Parses one of the two forms AMD SMI documents: `DDDD:BB:dd.f` or `BB:dd.f` (domain 0), with
    /// exactly 4 domain digits, 2 bus digits, device 00-1f and function 0-7. Anything else is a
    /// BDF-format error, never a panic.
    pub fn parse(text: &str) -> Result<Bdf> {
        let bad = || Error::bdf_format(text);
        let (head, function) = text.rsplit_once('.').ok_or_else(bad)?;
        let mut parts: Vec<&str> = head.split(':').collect();
        let domain = match parts.len() {
            3 => parts.remove(0),
            2 => "0000",
            _ => return Err(bad()),
        };
        let (bus, device) = (parts[0], parts[1]);
        let fits = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_hexdigit());
        if !fits(domain, 4) || !fits(bus, 2) || !fits(device, 2) || !fits(function, 1) {
            return Err(bad());
        }
        let hex = |s: &str| u32::from_str_radix(s, 16).map_err(|_| bad());
        let (domain, bus, device, function) = (hex(domain)?, hex(bus)?, hex(device)?, hex(function)?);
        if device > 0x1f || function > 7 {
            return Err(bad());
        }
        Ok(Bdf { domain, bus: bus as u8, device: device as u8, function: function as u8 })
    }

    /// Parses a kernel PCI device name such as `0000:0c:00.0` (or `10000:e1:00.0` behind a VMD
    /// bridge, whose domain has 5 digits). `None` if the name is not a PCI address.
    pub fn from_kernel_name(name: &str) -> Option<Bdf> {
        let (domain, rest) = name.split_once(':')?;
        if domain.is_empty() || domain.len() > 8 || !domain.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let short = Bdf::parse(rest).ok()?;
        Some(Bdf { domain: u32::from_str_radix(domain, 16).ok()?, ..short })
    }

    /// The address a KFD topology node gives: its `domain` and `location_id`
    /// (`bus << 8 | device << 3 | function`).
    pub fn from_location(domain: u32, location_id: u64) -> Bdf {
        Bdf {
            domain,
            bus: ((location_id >> 8) & 0xff) as u8,
            device: ((location_id >> 3) & 0x1f) as u8,
            function: (location_id & 0x7) as u8,
        }
    }

    /// AMD SMI's 64-bit BDF id: domain in bits 63:32, `partition_id` in 31:28, bus 15:8,
    /// device 7:3, function 2:0.
    pub fn bdf_id(self, partition_id: u32) -> u64 {
        (u64::from(self.domain) << 32)
            | (u64::from(partition_id & 0xf) << 28)
            | (u64::from(self.bus) << 8)
            | (u64::from(self.device & 0x1f) << 3)
            | u64::from(self.function & 0x7)
    }

    /// The address and partition id packed in a 64-bit BDF id (inverse of [`Bdf::bdf_id`]).
    pub fn from_bdf_id(id: u64) -> (Bdf, u32) {
        let bdf = Bdf::from_location((id >> 32) as u32, id & 0xffff);
        (bdf, ((id >> 28) & 0xf) as u32)
    }

    /// The socket id AMD SMI groups processors by: `DDDD:BB:dd`, the function dropped.
    pub fn socket_id(self) -> String {
        format!("{:04x}:{:02x}:{:02x}", self.domain, self.bus, self.device)
    }
}

impl fmt::Display for Bdf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04x}:{:02x}:{:02x}.{:x}", self.domain, self.bus, self.device, self.function)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Bdf {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn documented_forms_parse() {
        let cases = [
            ("0000:0c:00.0", Bdf { domain: 0, bus: 0x0c, device: 0, function: 0 }),
            ("0000:E5:1F.7", Bdf { domain: 0, bus: 0xe5, device: 0x1f, function: 7 }),
            ("ffff:ff:1f.7", Bdf { domain: 0xffff, bus: 0xff, device: 0x1f, function: 7 }),
            ("05:00.3", Bdf { domain: 0, bus: 5, device: 0, function: 3 }),
            ("0001:27:10.1", Bdf { domain: 1, bus: 0x27, device: 0x10, function: 1 }),
        ];
        for (text, want) in cases {
            assert_eq!(Bdf::parse(text).unwrap(), want, "{text}");
        }
    }

    #[test]
    fn everything_else_is_a_bdf_format_error() {
        let bad = [
            "",
            ".",
            "0000:0c:00",
            "0000:0c:00.8",
            "0000:0c:20.0",
            "000:0c:00.0",
            "00000:0c:00.0",
            "0000:c:00.0",
            "0000:0c:0.0",
            "0000:0c:00.00",
            "0000:0g:00.0",
            "0000:0c:00.0\n",
            " 05:00.0",
            "0000:0c:00:00.0",
            "0c.00.0",
            "+000:0c:00.0",
            "0000:+c:00.0",
            "ü000:0c:00.0",
            "05:00.-",
            "::.",
        ];
        for text in bad {
            let err = Bdf::parse(text).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::BdfFormat, "{text:?}");
            assert_eq!(err.status(), crate::Status::Inval);
        }
    }

    #[test]
    fn display_and_kernel_names() {
        let bdf = Bdf::parse("0000:E5:00.7").unwrap();
        assert_eq!(bdf.to_string(), "0000:e5:00.7");
        assert_eq!(bdf.socket_id(), "0000:e5:00");
        assert_eq!(Bdf::from_kernel_name("10000:e1:00.0").unwrap().to_string(), "10000:e1:00.0");
        assert_eq!(Bdf::from_kernel_name("0000:0c:00.0"), Bdf::parse("0000:0c:00.0").ok());
        assert_eq!(Bdf::from_kernel_name("amdgpu_xcp.3"), None);
        assert_eq!(Bdf::from_kernel_name("pci0000:00"), None);
    }

    #[test]
    fn location_and_bdf_id() {
        // MI300X CPX partition 3 of the GPU at bus 0x05: KFD location_id 1283.
        let bdf = Bdf::from_location(0, 1283);
        assert_eq!(bdf.to_string(), "0000:05:00.3");
        assert_eq!(bdf.bdf_id(3), 0x3000_0503);
        let wide = Bdf { domain: 0x1_0000, bus: 0xe1, device: 0x1f, function: 7 };
        assert_eq!(wide.bdf_id(15), 0x0001_0000_f000_e1ff);
        for (bdf, part) in [(bdf, 3), (wide, 15), (Bdf::parse("ffff:ff:1f.7").unwrap(), 0)] {
            assert_eq!(Bdf::from_bdf_id(bdf.bdf_id(part)), (bdf, part));
        }
    }
}
