//! Procedural macros of the `amdsmi` crate; the code they generate names `crate::` paths of
//! `amdsmi` (its `Error`, its `na` module), so they serve that crate only.
//!
//! - [`macro@AmdEnum`] declares an AMD SMI enum once: each variant carries AMD's name, and the
//!   derive writes `ALL`, `name()`, `FromStr`, the integer conversions of a `#[repr]` enum and
//!   `serde::Serialize`.
//! - [`macro@na_fields`] makes every `Option` field of a result struct serialize `None` as
//!   `"N/A"`, as AMD SMI's Python layer reports a value that is not available.

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as TokenStream2, TokenTree};
use quote::{format_ident, quote};
use syn::{parse_macro_input, Attribute, Data, DeriveInput, Fields, Ident, LitStr, Type};

/// Derives, for a field-less enum whose every variant has `#[amd(name = "...")]`:
///
/// - `pub const ALL`: every variant in declaration order except those marked
///   `#[amd(name = "...", sentinel)]` (AMD's placeholders such as `UNKNOWN` or `INVALID`, which
///   are not valid arguments); a `[Self; N]` array, or `&'static [Self]` with the container
///   attribute `#[amd(all_as_slice)]`;
/// - `pub const fn name(self) -> &'static str`: AMD's name of the value;
/// - `FromStr`: the value whose name matches, ASCII case-insensitively, among `ALL` (sentinels are
///   not parsed); otherwise an INVAL parameter error `'<text>' is not one of <names>`;
/// - with `#[repr(u32)]` or `#[repr(u64)]`: `pub const fn code(self)` (the C ABI value),
///   `pub fn from_code(code) -> Option<Self>` (every variant, sentinels included: an integer is
///   never transmuted into the enum), `TryFrom<int>` (failing with the integer itself) and
///   `From<Self> for int`;
/// - behind the `serde` feature, `serde::Serialize` as the name, or as the code with the
///   container attribute `#[amd(serialize = "code")]` (AMD's Python layer returns some enums as
///   numbers).
#[proc_macro_derive(AmdEnum, attributes(amd))]
pub fn derive_amd_enum(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    amd_enum(&input).unwrap_or_else(syn::Error::into_compile_error).into()
}

/// How a derived enum serializes.
enum Serialization {
    Name,
    Code,
}

/// One variant: its identifier, AMD's name, and whether it is a sentinel.
struct Variant {
    ident: Ident,
    name: LitStr,
    sentinel: bool,
}

fn amd_enum(input: &DeriveInput) -> syn::Result<TokenStream2> {
    let Data::Enum(data) = &input.data else {
        return Err(syn::Error::new_spanned(input, "AmdEnum derives only for enums"));
    };
    let mut all_as_slice = false;
    let mut serialization = Serialization::Name;
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("amd")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("all_as_slice") {
                all_as_slice = true;
            } else if meta.path.is_ident("serialize") {
                let how: LitStr = meta.value()?.parse()?;
                serialization = match how.value().as_str() {
                    "name" => Serialization::Name,
                    "code" => Serialization::Code,
                    _ => return Err(meta.error("serialize is \"name\" or \"code\"")),
                };
            } else {
                return Err(meta.error("expected all_as_slice or serialize = \"...\""));
            }
            Ok(())
        })?;
    }
    let repr = repr_int(&input.attrs)?;

    let mut variants = Vec::new();
    for v in &data.variants {
        if !matches!(v.fields, Fields::Unit) {
            return Err(syn::Error::new_spanned(v, "AmdEnum variants carry no fields"));
        }
        let mut name = None;
        let mut sentinel = false;
        for attr in v.attrs.iter().filter(|a| a.path().is_ident("amd")) {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("name") {
                    name = Some(meta.value()?.parse::<LitStr>()?);
                } else if meta.path.is_ident("sentinel") {
                    sentinel = true;
                } else {
                    return Err(meta.error("expected name = \"...\" or sentinel"));
                }
                Ok(())
            })?;
        }
        let name = name.ok_or_else(|| syn::Error::new_spanned(&v.ident, "missing #[amd(name = \"...\")]"))?;
        variants.push(Variant { ident: v.ident.clone(), name, sentinel });
    }

    let ty = &input.ident;
    let listed: Vec<&Variant> = variants.iter().filter(|v| !v.sentinel).collect();
    let listed_idents: Vec<&Ident> = listed.iter().map(|v| &v.ident).collect();
    let listed_names: Vec<&LitStr> = listed.iter().map(|v| &v.name).collect();
    let count = listed.len();
    let all = if all_as_slice {
        quote! { pub const ALL: &'static [#ty] = &[#(#ty::#listed_idents),*]; }
    } else {
        quote! { pub const ALL: [#ty; #count] = [#(#ty::#listed_idents),*]; }
    };
    let idents: Vec<&Ident> = variants.iter().map(|v| &v.ident).collect();
    let names: Vec<&LitStr> = variants.iter().map(|v| &v.name).collect();
    let choices = listed.iter().map(|v| v.name.value()).collect::<Vec<_>>().join(", ");
    let not_one_of = LitStr::new(&format!("'{{text}}' is not one of {choices}"), Span::call_site());

    let codes = repr.as_ref().map(|int| {
        quote! {
            impl #ty {
                /// The value of AMD SMI's C ABI.
                pub const fn code(self) -> #int {
                    self as #int
                }

                /// The value whose C ABI value is `code` (placeholders included); `None` when
                /// AMD SMI defines none.
                pub fn from_code(code: #int) -> ::core::option::Option<#ty> {
                    match code {
                        #( c if c == #ty::#idents as #int => ::core::option::Option::Some(#ty::#idents), )*
                        _ => ::core::option::Option::None,
                    }
                }
            }

            impl ::core::convert::TryFrom<#int> for #ty {
                type Error = #int;

                /// Fails with the integer itself when AMD SMI defines no such value.
                fn try_from(code: #int) -> ::core::result::Result<#ty, #int> {
                    #ty::from_code(code).ok_or(code)
                }
            }

            impl ::core::convert::From<#ty> for #int {
                fn from(value: #ty) -> #int {
                    value.code()
                }
            }
        }
    });

    let serialize_body = match (&serialization, &repr) {
        (Serialization::Name, _) => quote! { s.serialize_str(self.name()) },
        (Serialization::Code, Some(int)) => {
            let method = format_ident!("serialize_{}", int);
            quote! { s.#method(self.code()) }
        }
        (Serialization::Code, None) => {
            return Err(syn::Error::new_spanned(ty, "serialize = \"code\" needs #[repr(u32)] or #[repr(u64)]"))
        }
    };

    Ok(quote! {
        impl #ty {
            /// The values a caller may pass, in declaration order (AMD's placeholders left out).
            #all

            /// AMD's name of the value.
            pub const fn name(self) -> &'static str {
                match self {
                    #( #ty::#idents => #names, )*
                }
            }
        }

        impl ::core::str::FromStr for #ty {
            type Err = crate::error::Error;

            /// The value of `ALL` whose name is `text`, ignoring ASCII case; INVAL otherwise.
            fn from_str(text: &str) -> ::core::result::Result<#ty, crate::error::Error> {
                #(
                    if text.eq_ignore_ascii_case(#listed_names) {
                        return ::core::result::Result::Ok(#ty::#listed_idents);
                    }
                )*
                ::core::result::Result::Err(crate::error::Error::parameter(::std::format!(#not_one_of)))
            }
        }

        #codes

        #[cfg(feature = "serde")]
        impl ::serde::Serialize for #ty {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error> {
                #serialize_body
            }
        }
    })
}

/// The integer type of `#[repr(u32)]` / `#[repr(u64)]`, if the enum has one of them.
fn repr_int(attrs: &[Attribute]) -> syn::Result<Option<Ident>> {
    let mut int = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("repr")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("u32") || meta.path.is_ident("u64") {
                int = meta.path.get_ident().cloned();
            }
            Ok(())
        })?;
    }
    Ok(int)
}

/// Serializes `None` as `"N/A"` in every `Option<T>` and `[Option<T>; N]` field of the struct it
/// is put on (before its `derive`): each such field gets
/// `#[cfg_attr(feature = "serde", serde(serialize_with = "crate::na::not_available"))]`.
/// Fields that already name a `serialize_with` (special formats such as `na::hex4`) keep theirs.
#[proc_macro_attribute]
pub fn na_fields(args: TokenStream, item: TokenStream) -> TokenStream {
    if !args.is_empty() {
        let args = TokenStream2::from(args);
        return syn::Error::new_spanned(args, "na_fields takes no arguments").into_compile_error().into();
    }
    let mut input = parse_macro_input!(item as DeriveInput);
    let Data::Struct(data) = &mut input.data else {
        return syn::Error::new_spanned(&input, "na_fields applies to structs").into_compile_error().into();
    };
    for field in data.fields.iter_mut() {
        if may_be_na(&field.ty) && !field.attrs.iter().any(names_serialize_with) {
            field.attrs.push(syn::parse_quote! {
                #[cfg_attr(feature = "serde", serde(serialize_with = "crate::na::not_available"))]
            });
        }
    }
    quote!(#input).into()
}

/// Whether the type is `Option<..>` or an array of them (seen through macro-fragment groups).
fn may_be_na(ty: &Type) -> bool {
    match ty {
        Type::Group(group) => may_be_na(&group.elem),
        Type::Paren(paren) => may_be_na(&paren.elem),
        Type::Array(array) => is_option(&array.elem),
        other => is_option(other),
    }
}

fn is_option(ty: &Type) -> bool {
    match ty {
        Type::Group(group) => is_option(&group.elem),
        Type::Path(path) => path.qself.is_none() && path.path.segments.last().is_some_and(|s| s.ident == "Option"),
        _ => false,
    }
}

/// Whether an attribute (`serde(...)` or `cfg_attr(.., serde(...))`) names a `serialize_with`.
fn names_serialize_with(attr: &Attribute) -> bool {
    fn mentions(tokens: TokenStream2) -> bool {
        tokens.into_iter().any(|t| match t {
            TokenTree::Ident(ident) => ident == "serialize_with" || ident == "with",
            TokenTree::Group(group) => mentions(group.stream()),
            _ => false,
        })
    }
    match &attr.meta {
        syn::Meta::List(list) => mentions(list.tokens.clone()),
        _ => false,
    }
}
