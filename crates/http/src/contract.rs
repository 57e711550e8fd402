//! What the OpenAPI document must say of every request that no route's annotation says by itself,
//! because one layer enforces it for all: the text rule as a pattern on every string a request sends
//! (one line for the fields of [`ONE_LINE_FIELDS`], query, path and header values), also where a field
//! has a pattern of its own ([`own_pattern`]: "not blank", a URL), 422 wherever a query is validated, and
//! bodies of steps that may be left out.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use liuyan_domain::text::{TextKind, refused_ranges};
use utoipa::openapi::path::Operation;
use utoipa::openapi::schema::{ArrayItems, Schema, SchemaType, Type};
use utoipa::openapi::{RefOr, Required};

use crate::dto::ONE_LINE_FIELDS;

/// A field's own pattern meaning "not blank" (`dto::not_blank`: holds a character that is not white
/// space). The modifier writes it out with the text rule: see [`own_pattern`].
pub const NOT_BLANK: &str = r"\S";

/// A character class body (`a-z…`, no brackets) of the given ranges. Characters outside the Basic
/// Multilingual Plane are written as themselves (both ECMA-262 with `u` and Python read them so).
fn class_of(ranges: impl IntoIterator<Item = (char, char)>) -> String {
    let write = |c: char| if (c as u32) < 0x10000 { format!("\\u{:04X}", c as u32) } else { c.to_string() };
    ranges.into_iter().map(|(a, b)| if a == b { write(a) } else { format!("{}-{}", write(a), write(b)) }).collect()
}

/// What the text rule refuses for texts of `kind`, as a class body.
fn refused_class(kind: TextKind) -> &'static str {
    static LINE: OnceLock<String> = OnceLock::new();
    static MULTILINE: OnceLock<String> = OnceLock::new();
    let cell = if kind == TextKind::Line { &LINE } else { &MULTILINE };
    cell.get_or_init(|| class_of(refused_ranges(kind)))
}

/// White space as `str::trim` and `not_blank` see it (`char::is_whitespace`), as class bodies: all of
/// it, and the part the text rule takes for texts of `kind`. The document's "blank" is the server's,
/// whatever a regex engine calls `\s`.
fn white_space_classes(kind: TextKind) -> &'static (String, String) {
    static LINE: OnceLock<(String, String)> = OnceLock::new();
    static MULTILINE: OnceLock<(String, String)> = OnceLock::new();
    let cell = if kind == TextKind::Line { &LINE } else { &MULTILINE };
    cell.get_or_init(|| {
        let runs = |taken: &dyn Fn(char) -> bool| {
            let mut ranges: Vec<(char, char)> = vec![];
            for c in (0..=0x10FFFF_u32).filter_map(char::from_u32).filter(|c| c.is_whitespace() && taken(*c)) {
                match ranges.last_mut() {
                    Some((_, end)) if *end as u32 + 1 == c as u32 => *end = c,
                    _ => ranges.push((c, c)),
                }
            }
            class_of(ranges)
        };
        (runs(&|_| true), runs(&|c| liuyan_domain::text::clean(&c.to_string(), kind).is_ok()))
    })
}

/// `^[^…]*$` over what the text rule refuses, for texts of `kind`.
pub fn text_pattern(kind: TextKind) -> &'static str {
    static LINE: OnceLock<String> = OnceLock::new();
    static MULTILINE: OnceLock<String> = OnceLock::new();
    let cell = if kind == TextKind::Line { &LINE } else { &MULTILINE };
    cell.get_or_init(|| format!("^[^{}]*$", refused_class(kind)))
}

/// A field's own pattern, made to say the text rule too (a pattern replaces the text pattern, so it
/// must not admit what the rule refuses): [`NOT_BLANK`] becomes "white space the rule takes, then a
/// character that is neither refused nor white space, then anything the rule takes" (one way to match
/// each text, which fuzzers draw from even at the longest lengths); in any other pattern each negated
/// class `[^…]` also refuses what the rule refuses (a URL's `[^/?#\s]`). A pattern of positive classes
/// only (`^[0-9]{6}$`) is left as it is.
pub fn own_pattern(pattern: &str, kind: TextKind) -> String {
    let refused = refused_class(kind);
    if pattern == NOT_BLANK {
        let (white, white_taken) = white_space_classes(kind);
        return format!("^[{white_taken}]*[^{refused}{white}][^{refused}]*$");
    }
    let mut out = String::with_capacity(pattern.len() + refused.len());
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '\\' {
            out.extend(chars.next());
        } else if c == '[' && chars.peek() == Some(&'^') {
            out.push(chars.next().unwrap_or('^'));
            out.push_str(refused);
        }
    }
    out
}

/// A string a pattern can say something of: formats (date-time, e-mail) and enums say more already.
fn is_free_string(schema: &utoipa::openapi::schema::Object) -> bool {
    let is_string = match &schema.schema_type {
        SchemaType::Type(Type::String) => true,
        SchemaType::Array(types) => types.contains(&Type::String),
        _ => false,
    };
    is_string && schema.format.is_none() && schema.enum_values.is_none()
}

/// Puts the pattern on a schema and what it holds; collects the components it refers to.
fn annotate(schema: &mut RefOr<Schema>, kind: TextKind, refs: &mut BTreeSet<String>) {
    match schema {
        RefOr::Ref(r) => {
            if let Some(name) = r.ref_location.strip_prefix("#/components/schemas/") {
                refs.insert(name.to_owned());
            }
        }
        RefOr::T(Schema::Object(o)) => {
            if is_free_string(o) {
                let pattern = match o.pattern.take() {
                    None => text_pattern(kind).to_owned(),
                    Some(own) => own_pattern(&own, kind),
                };
                if o.min_length.is_none() && o.max_length.is_none() {
                    o.pattern = Some(pattern);
                } else {
                    // Beside lengths, the pattern goes into an `allOf` of its own: the same rule, but
                    // fuzzers fold lengths next to a pattern into its quantifier (`[^…]{1,10000}`), and
                    // a regex engine takes a second to compile each such repetition of these classes.
                    let pattern = serde_json::json!([{ "pattern": pattern }]);
                    o.extensions.get_or_insert_with(Default::default).insert("allOf".into(), pattern);
                }
            }
            for (name, property) in o.properties.iter_mut() {
                let kind = if ONE_LINE_FIELDS.contains(&name.as_str()) { TextKind::Line } else { TextKind::Multiline };
                annotate(property, kind, refs);
            }
        }
        RefOr::T(Schema::Array(a)) => {
            if let ArrayItems::RefOrSchema(items) = &mut a.items {
                annotate(items, kind, refs);
            }
        }
        RefOr::T(Schema::OneOf(one)) => one.items.iter_mut().for_each(|s| annotate(s, kind, refs)),
        RefOr::T(Schema::AllOf(all)) => all.items.iter_mut().for_each(|s| annotate(s, kind, refs)),
        RefOr::T(Schema::AnyOf(any)) => any.items.iter_mut().for_each(|s| annotate(s, kind, refs)),
        RefOr::T(_) => {}
    }
}

/// The component a `RefOr` names, if it is a reference to one.
fn component_name(schema: &RefOr<Schema>) -> Option<&str> {
    match schema {
        RefOr::Ref(r) => r.ref_location.strip_prefix("#/components/schemas/"),
        _ => None,
    }
}

pub struct DocumentRequests;

impl utoipa::Modify for DocumentRequests {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let mut bodies = BTreeSet::new();
        let schemas = openapi.components.as_ref().map(|c| c.schemas.clone()).unwrap_or_default();
        for item in openapi.paths.paths.values_mut() {
            let operations: [(&mut Option<Operation>, bool); 5] = [
                (&mut item.get, false),
                (&mut item.post, true),
                (&mut item.put, false),
                (&mut item.patch, false),
                (&mut item.delete, false),
            ];
            for (operation, is_post) in operations {
                let Some(operation) = operation.as_mut() else { continue };
                let mut queried = false;
                for parameter in operation.parameters.iter_mut().flatten() {
                    let RefOr::T(parameter) = parameter else { continue };
                    queried |= parameter.parameter_in == utoipa::openapi::path::ParameterIn::Query;
                    if let Some(schema) = parameter.schema.as_mut() {
                        annotate(schema, TextKind::Line, &mut BTreeSet::new());
                    }
                }
                if queried {
                    operation
                        .responses
                        .responses
                        .entry("422".into())
                        .or_insert_with(|| RefOr::Ref(utoipa::openapi::Ref::from_response_name("Unprocessable")));
                }
                let Some(RefOr::T(body)) = operation.request_body.as_mut() else { continue };
                for content in body.content.values_mut() {
                    let RefOr::T(content) = content else { continue };
                    let Some(schema) = content.schema.as_mut() else { continue };
                    // A step (POST) whose body has no required field may send none at all.
                    if is_post
                        && let Some(name) = component_name(schema)
                        && let Some(RefOr::T(Schema::Object(o))) = schemas.get(name)
                        && o.required.is_empty()
                    {
                        body.required = Some(Required::False);
                    }
                    annotate(schema, TextKind::Multiline, &mut bodies);
                }
            }
        }
        let Some(components) = openapi.components.as_mut() else { return };
        // Follow the references: nested request types (an assignment's instruction) are requests too.
        let mut done = BTreeSet::new();
        while let Some(name) = bodies.iter().find(|n| !done.contains(*n)).cloned() {
            done.insert(name.clone());
            if let Some(schema) = components.schemas.get_mut(&name) {
                annotate(schema, TextKind::Multiline, &mut bodies);
            }
        }
    }
}
