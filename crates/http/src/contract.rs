//! What the OpenAPI document must say of every request that no route's annotation says by itself,
//! because one layer enforces it for all: the text rule as a pattern on every string a request sends
//! (one line for the fields of [`ONE_LINE_FIELDS`], query, path and header values), 422 wherever a query
//! is validated, and bodies of steps that may be left out.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use liuyan_domain::text::{TextKind, refused_ranges};
use utoipa::openapi::path::Operation;
use utoipa::openapi::schema::{ArrayItems, Schema, SchemaType, Type};
use utoipa::openapi::{RefOr, Required};

use crate::dto::ONE_LINE_FIELDS;

/// `^[^…]*$` over what the text rule refuses, for texts of `kind`. Characters outside the Basic
/// Multilingual Plane are written as themselves (both ECMA-262 with `u` and Python read them so).
pub fn text_pattern(kind: TextKind) -> &'static str {
    static LINE: OnceLock<String> = OnceLock::new();
    static MULTILINE: OnceLock<String> = OnceLock::new();
    let cell = if kind == TextKind::Line { &LINE } else { &MULTILINE };
    cell.get_or_init(|| {
        let write = |c: char| if (c as u32) < 0x10000 { format!("\\u{:04X}", c as u32) } else { c.to_string() };
        let class: String = refused_ranges(kind)
            .into_iter()
            .map(|(a, b)| if a == b { write(a) } else { format!("{}-{}", write(a), write(b)) })
            .collect();
        format!("^[^{class}]*$")
    })
}

fn is_plain_string(schema: &utoipa::openapi::schema::Object) -> bool {
    let is_string = match &schema.schema_type {
        SchemaType::Type(Type::String) => true,
        SchemaType::Array(types) => types.contains(&Type::String),
        _ => false,
    };
    // Formats (date-time) and enums say more than a pattern would.
    is_string && schema.pattern.is_none() && schema.format.is_none() && schema.enum_values.is_none()
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
            if is_plain_string(o) {
                o.pattern = Some(text_pattern(kind).to_owned());
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
