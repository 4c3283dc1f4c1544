//! `#[derive(Shape)]`: each AWS shape is declared once, as the stack file's type in
//! `ecsform-spec`, and its conversions to and from the AWS SDK's types are derived from
//! that declaration, member by member (the traits live in `ecsform_spec::shape`).
//!
//! A proc macro of our own, not a crate: no published crate derives conversions between
//! a serde type and the AWS SDK for Rust's builders. It reads only this crate's own
//! `#[shape(...)]` attributes and, on enums, serde's `rename`/`rename_all`, so the wire
//! strings are the ones the file and the schema use.
//!
//! On a structure:
//! - `#[shape(sdk = "aws_sdk_ecs::types::PortMapping")]` (repeatable): both directions;
//!   `from = "..."` only SDK -> file (a Describe output), `to = "..."` only file -> SDK,
//!   `request = "...FluentBuilder"`: the members are set on an operation's request.
//! - Each field is the SDK member of the same name (`rename = "sdk_name"` otherwise), so
//!   a member the SDK type does not have fails to compile. `skip` leaves a field of the
//!   file's own out of every conversion (it must be `Default`); `skip_from`, `skip_to`
//!   and `skip_request` leave it out of one direction; `with = "module"` converts it
//!   with `module::from_sdk(&sdk_structure) -> FieldType` (the whole structure: a
//!   member may depend on others) and
//!   `module::to_sdk(&field) -> Result<Option<SdkType>, BuildError>`.
//! - A required member the SDK left out reads as empty (`Missing`: `""`, an empty list,
//!   zero); a required structure left out means the structure holding it cannot be read,
//!   unless it is marked `#[shape(empty_when_missing)]`: then it reads with every
//!   optional member unset and every required one empty.
//!
//! On an enum of unit variants: `#[shape(sdk = "aws_sdk_ecs::types::NetworkMode")]`
//! converts through the wire strings; a value the file's enum does not know (one AWS
//! added since) reads as `None`, never a panic.

use proc_macro::TokenStream;
use proc_macro2::TokenStream as Tokens;
use quote::{format_ident, quote};
use syn::{Data, DeriveInput, Fields, Ident, LitStr, Path, Type, parse_macro_input};

/// Derives `FromSdk`, `ToSdk` and `ToRequest` (see the crate's documentation).
#[proc_macro_derive(Shape, attributes(shape))]
pub fn derive_shape(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match expand(&input) {
        Ok(tokens) => tokens.into(),
        Err(error) => error.to_compile_error().into(),
    }
}

#[derive(Default)]
struct Container {
    both: Vec<Path>,
    from: Vec<Path>,
    to: Vec<Path>,
    request: Vec<Path>,
    union: Vec<Path>,
    rename_all: Option<String>,
    empty_when_missing: bool,
}

#[derive(Default)]
struct Field {
    skip_from: bool,
    skip_to: bool,
    skip_request: bool,
    rename: Option<String>,
    with: Option<Path>,
}

fn is_shape(attr: &syn::Attribute) -> bool {
    attr.path().is_ident("shape")
}

fn container(input: &DeriveInput) -> syn::Result<Container> {
    let mut c = Container::default();
    for attr in &input.attrs {
        if is_shape(attr) {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("empty_when_missing") {
                    c.empty_when_missing = true;
                    return Ok(());
                }
                let value: LitStr = meta.value()?.parse()?;
                let path: Path = value.parse()?;
                let list = if meta.path.is_ident("sdk") {
                    &mut c.both
                } else if meta.path.is_ident("from") {
                    &mut c.from
                } else if meta.path.is_ident("to") {
                    &mut c.to
                } else if meta.path.is_ident("request") {
                    &mut c.request
                } else if meta.path.is_ident("union") {
                    &mut c.union
                } else {
                    return Err(meta.error("expected `sdk`, `from`, `to`, `request` or `union`"));
                };
                list.push(path);
                Ok(())
            })?;
        } else if attr.path().is_ident("serde") {
            // Only `rename_all` matters here; other serde keys are serde's business.
            let _ = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename_all") {
                    let value: LitStr = meta.value()?.parse()?;
                    c.rename_all = Some(value.value());
                } else if meta.input.peek(syn::Token![=]) {
                    let _: syn::Expr = meta.value()?.parse()?;
                }
                Ok(())
            });
        }
    }
    if c.both.is_empty()
        && c.from.is_empty()
        && c.to.is_empty()
        && c.request.is_empty()
        && c.union.is_empty()
    {
        return Err(syn::Error::new_spanned(
            &input.ident,
            "#[derive(Shape)] needs #[shape(sdk = \"path::to::SdkType\")]",
        ));
    }
    Ok(c)
}

fn field_attrs(field: &syn::Field) -> syn::Result<Field> {
    let mut f = Field::default();
    for attr in field.attrs.iter().filter(|a| is_shape(a)) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("skip") {
                f.skip_from = true;
                f.skip_to = true;
                f.skip_request = true;
            } else if meta.path.is_ident("skip_from") {
                f.skip_from = true;
            } else if meta.path.is_ident("skip_to") {
                f.skip_to = true;
                f.skip_request = true;
            } else if meta.path.is_ident("skip_request") {
                f.skip_request = true;
            } else if meta.path.is_ident("rename") {
                let value: LitStr = meta.value()?.parse()?;
                f.rename = Some(value.value());
            } else if meta.path.is_ident("with") {
                let value: LitStr = meta.value()?.parse()?;
                f.with = Some(value.parse()?);
            } else {
                return Err(meta.error(
                    "expected `skip`, `skip_from`, `skip_to`, `skip_request`, `rename` or `with`",
                ));
            }
            Ok(())
        })?;
    }
    Ok(f)
}

/// Whether `ty` is `Option<_>` (written as such: the file's types never alias it).
fn is_option(ty: &Type) -> bool {
    match ty {
        Type::Path(p) => p.path.segments.last().is_some_and(|s| s.ident == "Option"),
        _ => false,
    }
}

fn expand(input: &DeriveInput) -> syn::Result<Tokens> {
    let c = container(input)?;
    match &input.data {
        Data::Struct(data) if !c.union.is_empty() => expand_union(input, &c, &data.fields),
        Data::Struct(data) => expand_struct(input, &c, &data.fields),
        Data::Enum(data) => expand_enum(input, &c, data),
        Data::Union(_) => Err(syn::Error::new_spanned(
            &input.ident,
            "#[derive(Shape)] is for structures and enums",
        )),
    }
}

/// The impls every SDK type named by a derive needs: read as a member (`SdkField`) and
/// built (`Built`, for types whose `build()` returns the value itself).
fn markers(paths: &[&Path], built: bool) -> Tokens {
    let mut out = Tokens::new();
    for p in paths {
        out.extend(quote! {
            #[cfg(feature = "sdk")]
            #[automatically_derived]
            #[allow(deprecated)]
            impl ::ecsform_spec::shape::SdkField for #p {
                type Value = #p;
                fn value(&self) -> ::core::option::Option<&#p> {
                    ::core::option::Option::Some(self)
                }
            }
        });
        if built {
            out.extend(quote! {
                #[cfg(feature = "sdk")]
                #[automatically_derived]
                #[allow(deprecated)]
                impl ::ecsform_spec::shape::Built<#p> for #p {
                    fn built(self) -> ::core::result::Result<#p, ::ecsform_spec::shape::BuildError> {
                        ::core::result::Result::Ok(self)
                    }
                }
            });
        }
    }
    out
}

fn expand_struct(input: &DeriveInput, c: &Container, fields: &Fields) -> syn::Result<Tokens> {
    let name = &input.ident;
    let Fields::Named(named) = fields else {
        return Err(syn::Error::new_spanned(
            name,
            "#[derive(Shape)] needs named fields (one per AWS member)",
        ));
    };
    let mut reads = Vec::new();
    let mut empties = Vec::new();
    let mut has_with = false;
    let mut sets = Vec::new();
    let mut request_sets = Vec::new();
    for field in &named.named {
        let attrs = field_attrs(field)?;
        let Some(ident) = field.ident.as_ref() else {
            continue;
        };
        let plain = ident.to_string();
        let plain = plain.strip_prefix("r#").unwrap_or(&plain).to_owned();
        let squash = |n: &str| n.replace('_', "").replace("r#", "").to_lowercase();
        // The SDK's field is the snake case of the AWS member's name: the field's own
        // name, or the file's key (serde's `rename`) when the field is named otherwise
        // (`threshold_type` for the member `type`).
        let sdk_name = match (&attrs.rename, serde_rename(&field.attrs)?) {
            (Some(name), _) => name.clone(),
            (None, Some(wire)) if squash(&wire) != squash(&plain) => snake_case(&wire),
            _ => plain,
        };
        let sdk_ident = Ident::new_raw_or_plain(&sdk_name, ident.span());
        let setter = format_ident!("set_{}", sdk_name);
        // A request names the member as the file does (`rename` is for the SDK's
        // structure, whose member may be named otherwise: `TargetGroup.targetGroupName`
        // is CreateTargetGroup's `name`).
        let request_setter = match serde_rename(&field.attrs)? {
            Some(wire) if squash(&wire) != squash(&ident.to_string()) => {
                format_ident!("set_{}", snake_case(&wire))
            }
            _ => format_ident!("set_{}", ident.to_string().trim_start_matches("r#")),
        };
        let optional = is_option(&field.ty);

        let read = if attrs.skip_from {
            quote! { ::core::default::Default::default() }
        } else if let Some(with) = &attrs.with {
            quote! { #with::from_sdk(sdk) }
        } else if optional {
            quote! {
                ::ecsform_spec::shape::SdkField::value(&sdk.#sdk_ident)
                    .and_then(::ecsform_spec::shape::FromSdk::from_sdk)
            }
        } else {
            quote! {
                ::ecsform_spec::shape::SdkField::value(&sdk.#sdk_ident)
                    .and_then(::ecsform_spec::shape::FromSdk::from_sdk)
                    .or_else(::ecsform_spec::shape::Missing::missing)?
            }
        };
        reads.push(quote! { #ident: #read });
        has_with |= attrs.with.is_some();
        empties.push(if attrs.skip_from {
            quote! { #ident: ::core::default::Default::default() }
        } else if optional {
            quote! { #ident: ::core::option::Option::None }
        } else {
            quote! { #ident: ::ecsform_spec::shape::Missing::missing()? }
        });

        let value = if let Some(with) = &attrs.with {
            quote! { #with::to_sdk(&self.#ident)? }
        } else if optional {
            quote! { ::ecsform_spec::shape::to_sdk_option(&self.#ident)? }
        } else {
            quote! {
                ::core::option::Option::Some(::ecsform_spec::shape::ToSdk::to_sdk(&self.#ident)?)
            }
        };
        if !attrs.skip_to {
            sets.push(quote! { .#setter(#value) });
        }
        if !attrs.skip_request {
            request_sets.push(quote! { .#request_setter(#value) });
        }
    }

    let mut out = Tokens::new();
    for p in c.both.iter().chain(&c.from) {
        out.extend(quote! {
            #[cfg(feature = "sdk")]
            #[automatically_derived]
            #[allow(deprecated)]
            impl ::ecsform_spec::shape::FromSdk<#p> for #name {
                fn from_sdk(sdk: &#p) -> ::core::option::Option<Self> {
                    ::core::option::Option::Some(Self { #(#reads,)* })
                }
            }
        });
    }
    for p in c.both.iter().chain(&c.to) {
        out.extend(quote! {
            #[cfg(feature = "sdk")]
            #[automatically_derived]
            #[allow(deprecated)]
            impl ::ecsform_spec::shape::ToSdk<#p> for #name {
                fn to_sdk(&self) -> ::core::result::Result<#p, ::ecsform_spec::shape::BuildError> {
                    ::ecsform_spec::shape::Built::built(#p::builder() #(#sets)* .build())
                }
            }
        });
    }
    for p in &c.request {
        out.extend(quote! {
            #[cfg(feature = "sdk")]
            #[automatically_derived]
            #[allow(deprecated)]
            impl ::ecsform_spec::shape::ToRequest<#p> for #name {
                fn to_request(&self, request: #p) -> ::core::result::Result<#p, ::ecsform_spec::shape::BuildError> {
                    ::core::result::Result::Ok(request #(#request_sets)*)
                }
            }
        });
    }
    let named_paths: Vec<&Path> = c.both.iter().chain(&c.from).chain(&c.to).collect();
    out.extend(markers(&named_paths, true));
    if has_with || !c.empty_when_missing {
        out.extend(missing(name));
    } else {
        out.extend(quote! {
            #[cfg(feature = "sdk")]
            #[automatically_derived]
            impl ::ecsform_spec::shape::Missing for #name {
                fn missing() -> ::core::option::Option<Self> {
                    ::core::option::Option::Some(Self { #(#empties,)* })
                }
            }
        });
    }
    Ok(out)
}

/// An AWS union (a Rust enum in the SDK, one variant per member) as a structure of the
/// file with one optional member per variant, of which one is set. Reading a variant the
/// file does not know gives `None`; writing a structure with no member set is the SDK's
/// `BuildError` (the file's validation requires exactly one).
fn expand_union(input: &DeriveInput, c: &Container, fields: &Fields) -> syn::Result<Tokens> {
    let name = &input.ident;
    let Fields::Named(named) = fields else {
        return Err(syn::Error::new_spanned(name, "a union needs named fields"));
    };
    let mut out = Tokens::new();
    for p in &c.union {
        let mut reads = Vec::new();
        let mut writes = Vec::new();
        let idents: Vec<&Ident> = named
            .named
            .iter()
            .filter_map(|f| f.ident.as_ref())
            .collect();
        for field in &named.named {
            let Some(ident) = field.ident.as_ref() else {
                continue;
            };
            let variant = format_ident!("{}", upper_camel(&ident.to_string()));
            let others = idents.iter().filter(|i| *i != &ident);
            let (read, write) = if is_option(&field.ty) {
                (
                    quote! { ::core::option::Option::Some(::ecsform_spec::shape::FromSdk::from_sdk(v)?) },
                    quote! {
                        if let ::core::option::Option::Some(v) = &self.#ident {
                            return ::core::result::Result::Ok(#p::#variant(::ecsform_spec::shape::ToSdk::to_sdk(v)?));
                        }
                    },
                )
            } else {
                (
                    quote! { ::ecsform_spec::shape::FromSdk::from_sdk(v)? },
                    quote! {
                        return ::core::result::Result::Ok(#p::#variant(::ecsform_spec::shape::ToSdk::to_sdk(&self.#ident)?));
                    },
                )
            };
            reads.push(quote! {
                #p::#variant(v) => ::core::option::Option::Some(Self {
                    #ident: #read,
                    #(#others: ::core::default::Default::default(),)*
                }),
            });
            writes.push(write);
        }
        let union_name = p
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default();
        out.extend(quote! {
            #[cfg(feature = "sdk")]
            #[automatically_derived]
            #[allow(deprecated, unreachable_code)]
            impl ::ecsform_spec::shape::FromSdk<#p> for #name {
                fn from_sdk(sdk: &#p) -> ::core::option::Option<Self> {
                    match sdk {
                        #(#reads)*
                        _ => ::core::option::Option::None,
                    }
                }
            }
            #[cfg(feature = "sdk")]
            #[automatically_derived]
            #[allow(deprecated, unreachable_code)]
            impl ::ecsform_spec::shape::ToSdk<#p> for #name {
                fn to_sdk(&self) -> ::core::result::Result<#p, ::ecsform_spec::shape::BuildError> {
                    #(#writes)*
                    ::core::result::Result::Err(::ecsform_spec::shape::BuildError::missing_field(
                        "member",
                        concat!("one member of ", #union_name, " must be set"),
                    ))
                }
            }
        });
    }
    let paths: Vec<&Path> = c.union.iter().collect();
    out.extend(markers(&paths, false));
    out.extend(missing(name));
    Ok(out)
}

/// `nvidia_mps` -> `NvidiaMps` (the SDK's name of a union's variant).
fn upper_camel(snake: &str) -> String {
    let snake = snake.strip_prefix("r#").unwrap_or(snake);
    snake
        .split('_')
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|f| f.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// A structure or enum of the file that a required SDK member left out cannot be read.
fn missing(name: &Ident) -> Tokens {
    quote! {
        #[cfg(feature = "sdk")]
        #[automatically_derived]
        #[allow(deprecated)]
        impl ::ecsform_spec::shape::Missing for #name {}
    }
}

/// `FooBar` in the case serde's `rename_all` names.
fn renamed(variant: &str, rule: Option<&str>) -> String {
    let words = || {
        let mut words: Vec<String> = Vec::new();
        for ch in variant.chars() {
            if ch.is_uppercase() || words.is_empty() {
                words.push(String::new());
            }
            if let Some(w) = words.last_mut() {
                w.push(ch);
            }
        }
        words
    };
    match rule {
        Some("SCREAMING_SNAKE_CASE") => words()
            .iter()
            .map(|w| w.to_uppercase())
            .collect::<Vec<_>>()
            .join("_"),
        Some("snake_case") => words()
            .iter()
            .map(|w| w.to_lowercase())
            .collect::<Vec<_>>()
            .join("_"),
        Some("lowercase") => variant.to_lowercase(),
        Some("UPPERCASE") => variant.to_uppercase(),
        _ => variant.to_owned(),
    }
}

/// `hostPort` -> `host_port`, `type` -> `type`.
fn snake_case(wire: &str) -> String {
    let mut out = String::new();
    for (i, ch) in wire.chars().enumerate() {
        if ch.is_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.extend(ch.to_lowercase());
        } else {
            out.push(ch);
        }
    }
    out
}

fn serde_rename(attrs: &[syn::Attribute]) -> syn::Result<Option<String>> {
    let mut out = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let value: LitStr = meta.value()?.parse()?;
                out = Some(value.value());
            } else if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        })?;
    }
    Ok(out)
}

fn expand_enum(input: &DeriveInput, c: &Container, data: &syn::DataEnum) -> syn::Result<Tokens> {
    let name = &input.ident;
    let mut wires = Vec::new();
    let mut idents = Vec::new();
    for v in &data.variants {
        if !matches!(v.fields, Fields::Unit) {
            return Err(syn::Error::new_spanned(
                v,
                "#[derive(Shape)] converts enums of unit variants (AWS enumerations)",
            ));
        }
        let wire = match serde_rename(&v.attrs)? {
            Some(w) => w,
            None => renamed(&v.ident.to_string(), c.rename_all.as_deref()),
        };
        wires.push(wire);
        idents.push(&v.ident);
    }
    let mut out = Tokens::new();
    for p in c.both.iter().chain(&c.from) {
        out.extend(quote! {
            #[cfg(feature = "sdk")]
            #[automatically_derived]
            #[allow(deprecated)]
            impl ::ecsform_spec::shape::FromSdk<#p> for #name {
                fn from_sdk(sdk: &#p) -> ::core::option::Option<Self> {
                    match sdk.as_str() {
                        #(#wires => ::core::option::Option::Some(Self::#idents),)*
                        _ => ::core::option::Option::None,
                    }
                }
            }
        });
    }
    for p in c.both.iter().chain(&c.to) {
        out.extend(quote! {
            #[cfg(feature = "sdk")]
            #[automatically_derived]
            #[allow(deprecated)]
            impl ::ecsform_spec::shape::ToSdk<#p> for #name {
                fn to_sdk(&self) -> ::core::result::Result<#p, ::ecsform_spec::shape::BuildError> {
                    ::core::result::Result::Ok(<#p>::from(match self {
                        #(Self::#idents => #wires,)*
                    }))
                }
            }
        });
    }
    // An enum never fails to convert: `From` too, for requests built by hand.
    for p in c.both.iter().chain(&c.to) {
        out.extend(quote! {
            #[cfg(feature = "sdk")]
            #[automatically_derived]
            #[allow(deprecated)]
            impl ::core::convert::From<#name> for #p {
                fn from(value: #name) -> Self {
                    <#p>::from(match value {
                        #(#name::#idents => #wires,)*
                    })
                }
            }
        });
    }
    let named_paths: Vec<&Path> = c.both.iter().chain(&c.from).chain(&c.to).collect();
    out.extend(markers(&named_paths, false));
    out.extend(missing(name));
    Ok(out)
}

/// `Ident::new_raw` for names that are Rust keywords (`type`), `Ident::new` otherwise.
trait IdentExt {
    fn new_raw_or_plain(name: &str, span: proc_macro2::Span) -> Ident;
}

impl IdentExt for Ident {
    fn new_raw_or_plain(name: &str, span: proc_macro2::Span) -> Ident {
        if matches!(
            name,
            "type" | "match" | "ref" | "mod" | "fn" | "impl" | "in" | "as"
        ) {
            Ident::new_raw(name, span)
        } else {
            Ident::new(name, span)
        }
    }
}
