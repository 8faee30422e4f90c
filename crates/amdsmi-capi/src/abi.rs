//! AMD SMI 7.0.2's C types: struct, union and enum layouts, byte for byte.
