//! Stripe's OpenAPI spec (the subset in `specs/stripe/`), as a checker of the
//! requests a connector sends and of the objects it parses.
//!
//! Requests are checked the way Stripe's API treats them: the query string and
//! the `application/x-www-form-urlencoded` body are decoded from Stripe's bracket
//! notation (`metadata[ticket_id]=D-1`, `items[0][price]=p`, `expand[]=x`) into a
//! JSON tree whose leaves are strings, and that tree is walked against the
//! operation's parameters and request-body schema. A parameter the spec does not
//! list is a problem, as Stripe rejects it.
//!
//! Objects (what Stripe answers) are walked against a component schema with their
//! JSON types. The fixtures come from a newer API version than the spec, so a
//! field the spec does not list is a warning (`unknown_fields`), not an error.
//!
//! The walker understands only the schema keywords this spec uses: `$ref` (to
//! `#/components/schemas/...`), `anyOf`, `nullable`, `type` (object, array,
//! string, integer, number, boolean), `properties`, `required`,
//! `additionalProperties`, `items`, `enum`, `maxLength`, `format` (`unix-time`,
//! `decimal`), `pattern` (a literal prefix `^...` only), and annotations
//! (`description`, `title`, `x-*`). Anything else is reported as
//! "unsupported schema construct at <path>", never skipped. Note that
//! `x-stripeBypassValidation` (Stripe accepting values outside an `enum`) is not
//! honoured: a value outside the enum is still a problem.

use std::path::Path;

use serde_json::{Map, Value};

use crate::specs_dir;

const SPEC_FILE: &str = "stripe/spec3.2023-09-12.agent-assist-subset.json";
const FIXTURES_FILE: &str = "stripe/fixtures3.2026-07-29.json";
const FORM: &str = "application/x-www-form-urlencoded";

/// Keywords that carry no constraint, allowed on any schema.
const ANNOTATIONS: &[&str] = &[
    "description",
    "title",
    "nullable",
    "x-expandableFields",
    "x-expansionResources",
    "x-resourceId",
    "x-stripeBypassValidation",
];

/// The parsed spec.
pub struct StripeSpec {
    doc: Value,
}

/// What [`StripeSpec::check_object`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ObjectReport {
    /// Type, enum, required and format mismatches, and unsupported constructs.
    pub errors: Vec<String>,
    /// Dotted paths of fields the object has and the schema does not list.
    pub unknown_fields: Vec<String>,
}

/// One example object from the fixtures (`"refund"`, `"customer"`, ...).
///
/// Panics if the fixtures file is missing or has no such resource.
pub fn fixture(resource: &str) -> Value {
    let fixtures = read_json(&specs_dir().join(FIXTURES_FILE));
    fixtures
        .get("resources")
        .and_then(|r| r.get(resource))
        .cloned()
        .unwrap_or_else(|| panic!("{FIXTURES_FILE} has no resource {resource:?}"))
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

impl StripeSpec {
    /// Loads the spec from [`specs_dir`]; panics with a clear message if it is
    /// missing or malformed (this is a test-only crate).
    pub fn load() -> StripeSpec {
        let spec = Self::from_value(read_json(&specs_dir().join(SPEC_FILE)));
        assert!(
            spec.doc.get("paths").is_some_and(Value::is_object),
            "{SPEC_FILE} has no `paths` object"
        );
        spec
    }

    /// A spec from an already parsed OpenAPI document (for tests of the checker).
    pub fn from_value(doc: Value) -> StripeSpec {
        StripeSpec { doc }
    }

    /// Checks one HTTP request as a connector sent it. `target` is the
    /// request-target (path plus optional `?query`, percent-encoded), `body` the
    /// raw body (form-encoded for POST). Returns every problem found; empty means
    /// the request conforms.
    pub fn check_request(
        &self,
        method: &str,
        target: &str,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Vec<String> {
        let method_name = method.to_ascii_uppercase();
        let (path, query) = match target.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (target, None),
        };
        let Some(Route {
            template,
            item: path_item,
            args: path_args,
        }) = self.match_path(path)
        else {
            return vec![format!("{method_name} {path} is not in Stripe's spec")];
        };
        let Some(operation) = path_item.get(&method.to_ascii_lowercase()) else {
            let methods: Vec<String> = path_item.keys().map(|m| m.to_ascii_uppercase()).collect();
            return vec![format!(
                "{method_name} {path} is not in Stripe's spec ({template} has {})",
                methods.join(", ")
            )];
        };

        let label = format!("{method_name} {template}");
        let walker = self.walker(Mode::Form);
        let mut problems = Vec::new();
        if path_item.contains_key("parameters") {
            problems.push(format!(
                "{label}: unsupported schema construct at the path item: `parameters`"
            ));
        }
        let parameters: &[Value] = match operation.get("parameters") {
            None => &[],
            Some(Value::Array(list)) => list,
            Some(_) => {
                return vec![format!(
                    "{label}: unsupported schema construct at `parameters`: not a list"
                )]
            }
        };
        let mut declared: Vec<Param> = Vec::new();
        for parameter in parameters {
            match Param::parse(parameter) {
                Ok(param) => declared.push(param),
                Err(what) => problems.push(format!(
                    "{label}: unsupported schema construct at parameter {what}"
                )),
            }
        }

        // Path parameters: each `{name}` segment against its declared schema.
        for (name, raw) in path_args {
            let mut decoding = Vec::new();
            let value = percent_decode(raw, false, &mut decoding);
            problems.extend(decoding.into_iter().map(|p| format!("{label} path: {p}")));
            match declared
                .iter()
                .find(|p| p.location == "path" && p.name == name)
            {
                Some(param) => {
                    let mut out = ObjectReport::default();
                    walker.check(param.schema, &Value::String(value), &name, &mut out);
                    problems.extend(out.errors.into_iter().map(|e| format!("{label} path: {e}")));
                }
                None => problems.push(format!(
                    "{label}: unsupported schema construct at path parameter `{name}`: not declared"
                )),
            }
        }

        // Query parameters.
        let (query_value, decoding) = decode_form(query.unwrap_or(""));
        problems.extend(decoding.into_iter().map(|p| format!("{label} query: {p}")));
        let given = query_value.as_object().cloned().unwrap_or_default();
        for (name, value) in &given {
            match declared
                .iter()
                .find(|p| p.location == "query" && p.name == *name)
            {
                Some(param) => {
                    let mut out = ObjectReport::default();
                    walker.check(param.schema, value, name, &mut out);
                    problems.extend(
                        out.errors
                            .into_iter()
                            .map(|e| format!("{label} query: {e}")),
                    );
                }
                None => problems.push(format!("{label}: unknown query parameter `{name}`")),
            }
        }
        for param in declared
            .iter()
            .filter(|p| p.location == "query" && p.required)
        {
            if !given.contains_key(param.name) {
                problems.push(format!(
                    "{label}: missing required query parameter `{}`",
                    param.name
                ));
            }
        }

        // The body.
        problems.extend(
            self.check_body(&walker, operation, content_type, body)
                .into_iter()
                .map(|p| format!("{label} body: {p}")),
        );
        problems
    }

    fn check_body(
        &self,
        walker: &Walker<'_>,
        operation: &Value,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Vec<String> {
        let request_body = operation.get("requestBody");
        let schema = request_body
            .and_then(|b| b.get("content"))
            .and_then(|c| c.get(FORM))
            .and_then(|f| f.get("schema"));
        let mut problems = Vec::new();
        let value = if body.is_empty() {
            let required = request_body
                .and_then(|b| b.get("required"))
                .and_then(Value::as_bool)
                .unwrap_or(false);
            if required {
                problems.push("the operation requires a body and none was sent".to_string());
            }
            Value::Object(Map::new())
        } else {
            match content_type {
                Some(ct) if is_form(ct) => {}
                Some(ct) => problems.push(format!("Content-Type is {ct:?}, Stripe expects {FORM}")),
                None => problems.push(format!(
                    "a body without a Content-Type, Stripe expects {FORM}"
                )),
            }
            let Ok(text) = std::str::from_utf8(body) else {
                problems.push("the body is not UTF-8".to_string());
                return problems;
            };
            let (value, decoding) = decode_form(text);
            problems.extend(decoding);
            value
        };
        match schema {
            Some(schema) => {
                let mut out = ObjectReport::default();
                walker.check(schema, &value, "", &mut out);
                problems.extend(out.errors);
            }
            None if body.is_empty() => {}
            None => problems.push(format!("the operation takes no {FORM} body")),
        }
        problems
    }

    /// Checks a JSON object against a component schema by name (`"refund"`,
    /// `"customer"`, `"subscription"`, `"charge"`, `"payment_intent"`, `"error"`).
    pub fn check_object(&self, schema: &str, value: &Value) -> ObjectReport {
        let mut out = ObjectReport::default();
        match self.components().get(schema) {
            Some(s) => self.walker(Mode::Json).check(s, value, schema, &mut out),
            None => out
                .errors
                .push(format!("the spec has no component schema named {schema:?}")),
        }
        out
    }

    fn components(&self) -> &Map<String, Value> {
        static EMPTY: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();
        self.doc
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .unwrap_or_else(|| EMPTY.get_or_init(Map::new))
    }

    fn walker(&self, mode: Mode) -> Walker<'_> {
        Walker {
            components: self.components(),
            mode,
        }
    }

    /// The path template matching `path`, its path item, and the raw value of
    /// each `{param}` segment. A literal segment beats a parameter, so
    /// `/v1/customers/search` is not taken for `/v1/customers/{customer}`.
    fn match_path<'s, 'p>(&'s self, path: &'p str) -> Option<Route<'s, 'p>> {
        let paths = self.doc.get("paths")?.as_object()?;
        let segments: Vec<&str> = path.split('/').collect();
        let mut best: Option<Route> = None;
        for (template, item) in paths {
            let Some(item) = item.as_object() else {
                continue;
            };
            let parts: Vec<&str> = template.split('/').collect();
            if parts.len() != segments.len() {
                continue;
            }
            let mut args = Vec::new();
            let matches = parts.iter().zip(&segments).all(|(part, segment)| {
                match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
                    Some(name) if !segment.is_empty() => {
                        args.push((name.to_string(), *segment));
                        true
                    }
                    Some(_) => false,
                    None => part == segment,
                }
            });
            if matches && best.as_ref().is_none_or(|b| args.len() < b.args.len()) {
                best = Some(Route {
                    template,
                    item,
                    args,
                });
            }
        }
        best
    }
}

/// A path template that matched a request's path.
struct Route<'s, 'p> {
    template: &'s str,
    item: &'s Map<String, Value>,
    /// Each `{name}` with the raw (still percent-encoded) segment it matched.
    args: Vec<(String, &'p str)>,
}

/// One declared operation parameter.
struct Param<'a> {
    name: &'a str,
    location: &'a str,
    required: bool,
    schema: &'a Value,
}

impl<'a> Param<'a> {
    /// Reads a parameter, or says which part of it the checker does not support.
    fn parse(p: &'a Value) -> Result<Param<'a>, String> {
        let name = p
            .get("name")
            .and_then(Value::as_str)
            .ok_or("without a name")?;
        let location = p.get("in").and_then(Value::as_str).unwrap_or("");
        let style = p.get("style").and_then(Value::as_str);
        let supported = match location {
            "query" => matches!(style, None | Some("form" | "deepObject")),
            "path" => matches!(style, None | Some("simple")),
            _ => false,
        };
        if !supported {
            return Err(format!("`{name}`: in {location:?} with style {style:?}"));
        }
        let schema = p.get("schema").ok_or(format!("`{name}`: no schema"))?;
        let required = p.get("required").and_then(Value::as_bool).unwrap_or(false);
        Ok(Param {
            name,
            location,
            required,
            schema,
        })
    }
}

fn is_form(content_type: &str) -> bool {
    content_type
        .split(';')
        .next()
        .is_some_and(|media| media.trim().eq_ignore_ascii_case(FORM))
}

// ---------------------------------------------------------------------------
// Decoding Stripe's bracket notation.

/// Decodes a query string or form body in Stripe's bracket notation into a JSON
/// object whose leaves are strings, with the problems met on the way.
///
/// `a=1&metadata[k]=v&items[0][price]=p&expand[]=x&pause_collection=` becomes
/// `{"a": "1", "metadata": {"k": "v"}, "items": [{"price": "p"}], "expand":
/// ["x"], "pause_collection": ""}`. A level whose keys are all indices (`[0]`,
/// `[1]`, or `[]` appending) becomes an array; indices must run 0..n without
/// gaps. `[]` is understood only as the last bracket. (A consequence: metadata
/// whose keys are all numbers decodes as an array.)
pub fn decode_form(input: &str) -> (Value, Vec<String>) {
    let mut problems = Vec::new();
    let mut root: Vec<(String, Node)> = Vec::new();
    for pair in input.split('&').filter(|p| !p.is_empty()) {
        let (raw_key, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
        let key = percent_decode(raw_key, true, &mut problems);
        let value = percent_decode(raw_value, true, &mut problems);
        match parse_key(&key) {
            Ok(segments) => insert(&mut root, &key, &segments, value, &mut problems),
            Err(why) => problems.push(format!("`{key}`: {why}")),
        }
    }
    let object = root
        .into_iter()
        .map(|(name, node)| {
            let value = node.into_value(&name, &mut problems);
            (name, value)
        })
        .collect();
    (Value::Object(object), problems)
}

/// A decoded key's tree, keys in the order they first appear.
enum Node {
    Leaf(String),
    Branch(Vec<(String, Node)>),
}

enum Segment {
    Key(String),
    Append,
}

fn parse_key(key: &str) -> Result<Vec<Segment>, String> {
    let (name, mut rest) = key.split_at(key.find('[').unwrap_or(key.len()));
    if name.is_empty() {
        return Err("a parameter without a name".to_string());
    }
    let mut segments = vec![Segment::Key(name.to_string())];
    while !rest.is_empty() {
        let inner = rest
            .strip_prefix('[')
            .and_then(|r| r.split_once(']'))
            .filter(|(inner, _)| !inner.contains('['));
        let Some((inner, after)) = inner else {
            return Err("malformed brackets".to_string());
        };
        if matches!(segments.last(), Some(Segment::Append)) {
            return Err("`[]` is understood only as the last bracket".to_string());
        }
        segments.push(if inner.is_empty() {
            Segment::Append
        } else {
            Segment::Key(inner.to_string())
        });
        rest = after;
    }
    Ok(segments)
}

fn insert(
    children: &mut Vec<(String, Node)>,
    key: &str,
    segments: &[Segment],
    value: String,
    problems: &mut Vec<String>,
) {
    let Some((first, rest)) = segments.split_first() else {
        return;
    };
    let name = match first {
        Segment::Key(k) => k.clone(),
        Segment::Append => children.len().to_string(),
    };
    let position = children.iter().position(|(k, _)| *k == name);
    match (position, rest.is_empty()) {
        (None, true) => children.push((name, Node::Leaf(value))),
        (None, false) => {
            let mut grandchildren = Vec::new();
            insert(&mut grandchildren, key, rest, value, problems);
            children.push((name, Node::Branch(grandchildren)));
        }
        (Some(i), _) => match (&mut children[i].1, rest.is_empty()) {
            (Node::Branch(grandchildren), false) => {
                insert(grandchildren, key, rest, value, problems)
            }
            (Node::Leaf(_), true) => problems.push(format!("`{key}` is given more than once")),
            _ => problems.push(format!(
                "`{key}`: a parameter is given both a plain value and nested keys"
            )),
        },
    }
}

impl Node {
    fn into_value(self, path: &str, problems: &mut Vec<String>) -> Value {
        let children = match self {
            Node::Leaf(s) => return Value::String(s),
            Node::Branch(children) => children,
        };
        let indices: Option<Vec<usize>> = children.iter().map(|(k, _)| index_of(k)).collect();
        match indices {
            Some(mut indices) => {
                let mut items: Vec<(usize, Node)> = indices
                    .iter()
                    .copied()
                    .zip(children.into_iter().map(|(_, n)| n))
                    .collect();
                items.sort_by_key(|(i, _)| *i);
                indices.sort_unstable();
                if indices
                    .iter()
                    .enumerate()
                    .any(|(expected, i)| expected != *i)
                {
                    problems.push(format!(
                        "`{path}` has indices {indices:?}, expected 0 to {} without gaps",
                        indices.len() - 1
                    ));
                }
                Value::Array(
                    items
                        .into_iter()
                        .map(|(i, n)| n.into_value(&format!("{path}[{i}]"), problems))
                        .collect(),
                )
            }
            None => Value::Object(
                children
                    .into_iter()
                    .map(|(k, n)| {
                        let value = n.into_value(&format!("{path}[{k}]"), problems);
                        (k, value)
                    })
                    .collect(),
            ),
        }
    }
}

/// `Some(n)` for a canonical array index ("0", "12"; not "01" or "+1").
fn index_of(key: &str) -> Option<usize> {
    key.parse::<usize>().ok().filter(|i| i.to_string() == key)
}

/// Decodes `%XX` escapes (and `+` as a space in form encoding) as UTF-8.
pub(crate) fn percent_decode(
    input: &str,
    plus_is_space: bool,
    problems: &mut Vec<String>,
) -> String {
    let bytes = input.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok());
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(byte) => {
                        out.push(byte);
                        i += 3;
                        continue;
                    }
                    None => {
                        problems.push(format!("malformed percent-encoding in {input:?}"));
                        out.push(b'%');
                    }
                }
            }
            b'+' if plus_is_space => out.push(b' '),
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|e| {
        problems.push(format!("{input:?} does not decode to UTF-8"));
        String::from_utf8_lossy(e.as_bytes()).into_owned()
    })
}

// ---------------------------------------------------------------------------
// The schema walker.

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// A decoded form or query: leaves are strings to coerce, paths are written
    /// in bracket notation, and an unlisted parameter is an error.
    Form,
    /// A JSON object: leaves are typed, paths are dotted, and an unlisted field
    /// is a warning.
    Json,
}

struct Walker<'a> {
    components: &'a Map<String, Value>,
    mode: Mode,
}

/// The keywords (besides [`ANNOTATIONS`]) each kind of schema may use.
fn keywords_for(kind: &str) -> Option<&'static [&'static str]> {
    Some(match kind {
        "$ref" => &["$ref"],
        "anyOf" => &["anyOf"],
        "object" => &["type", "properties", "required", "additionalProperties"],
        "array" => &["type", "items"],
        "string" => &["type", "enum", "maxLength", "format", "pattern"],
        "integer" => &["type", "enum", "format"],
        "boolean" => &["type", "enum"],
        "number" => &["type"],
        _ => return None,
    })
}

impl Walker<'_> {
    fn check(&self, schema: &Value, value: &Value, path: &str, out: &mut ObjectReport) {
        let Some(schema) = schema.as_object() else {
            return self.unsupported(path, "a schema that is not an object", out);
        };
        let kind = if schema.contains_key("$ref") {
            "$ref"
        } else if schema.contains_key("anyOf") {
            "anyOf"
        } else {
            match schema.get("type").and_then(Value::as_str) {
                Some(t) => t,
                None => return self.unsupported(path, "a schema without type, anyOf or $ref", out),
            }
        };
        let Some(allowed) = keywords_for(kind) else {
            return self.unsupported(path, &format!("type {kind:?}"), out);
        };
        let stray = schema
            .keys()
            .find(|k| !allowed.contains(&k.as_str()) && !ANNOTATIONS.contains(&k.as_str()));
        if let Some(keyword) = stray {
            return self.unsupported(path, &format!("`{keyword}` in a {kind} schema"), out);
        }

        if kind == "$ref" {
            let target = schema["$ref"].as_str().and_then(|r| {
                let name = r.strip_prefix("#/components/schemas/")?;
                self.components.get(name)
            });
            return match target {
                Some(target) => self.check(target, value, path, out),
                None => self.unsupported(path, &format!("$ref {}", schema["$ref"]), out),
            };
        }
        if value.is_null() {
            if !schema
                .get("nullable")
                .and_then(Value::as_bool)
                .unwrap_or(false)
            {
                self.error(path, "null, but the schema is not nullable", out);
            }
            return;
        }
        match kind {
            "anyOf" => self.check_any_of(&schema["anyOf"], value, path, out),
            "object" => self.check_fields(schema, value, path, out),
            "array" => self.check_items(schema, value, path, out),
            _ => self.check_scalar(kind, schema, value, path, out),
        }
    }

    /// Passes if any branch passes, keeping the warnings of the passing branch
    /// that has the fewest; otherwise reports every branch's errors (a single
    /// branch's errors are reported as they are).
    fn check_any_of(&self, branches: &Value, value: &Value, path: &str, out: &mut ObjectReport) {
        let Some(branches) = branches.as_array().filter(|b| !b.is_empty()) else {
            return self.unsupported(path, "anyOf that is not a non-empty list", out);
        };
        if let [only] = branches.as_slice() {
            // Stripe's way of making a `$ref` nullable: report its errors as they are.
            return self.check(only, value, path, out);
        }
        let mut passed: Option<ObjectReport> = None;
        let mut failures = Vec::new();
        for (i, branch) in branches.iter().enumerate() {
            let mut trial = ObjectReport::default();
            self.check(branch, value, path, &mut trial);
            if !trial.errors.is_empty() {
                failures.push(format!("[{}] {}", i + 1, trial.errors.join("; ")));
            } else if passed
                .as_ref()
                .is_none_or(|p| trial.unknown_fields.len() < p.unknown_fields.len())
            {
                passed = Some(trial);
            }
        }
        match passed {
            Some(branch) => out.unknown_fields.extend(branch.unknown_fields),
            None => self.error(
                path,
                &format!(
                    "{} matches no branch of anyOf: {}",
                    self.describe(value),
                    failures.join(" | ")
                ),
                out,
            ),
        }
    }

    fn check_fields(
        &self,
        schema: &Map<String, Value>,
        value: &Value,
        path: &str,
        out: &mut ObjectReport,
    ) {
        let Some(fields) = value.as_object() else {
            return self.error(
                path,
                &format!("expected an object, got {}", self.describe(value)),
                out,
            );
        };
        let properties = match schema.get("properties") {
            None => None,
            Some(Value::Object(p)) => Some(p),
            Some(_) => return self.unsupported(path, "`properties` that is not an object", out),
        };
        let extra = schema.get("additionalProperties");
        for (name, field) in fields {
            let field_path = self.field(path, name);
            if let Some(s) = properties.and_then(|p| p.get(name)) {
                self.check(s, field, &field_path, out);
                continue;
            }
            match extra {
                Some(s @ Value::Object(_)) => self.check(s, field, &field_path, out),
                Some(Value::Bool(true)) => {}
                // No properties and no additionalProperties: a free-form object.
                None if properties.is_none() => {}
                Some(Value::Bool(false)) | None => match self.mode {
                    Mode::Form => out.errors.push(format!("unknown parameter `{field_path}`")),
                    Mode::Json => out.unknown_fields.push(field_path),
                },
                Some(_) => self.unsupported(&field_path, "an unexpected additionalProperties", out),
            }
        }
        match schema.get("required") {
            None => {}
            Some(Value::Array(names)) => {
                for name in names {
                    match name.as_str() {
                        Some(n) if !fields.contains_key(n) => out
                            .errors
                            .push(format!("missing required `{}`", self.field(path, n))),
                        Some(_) => {}
                        None => {
                            self.unsupported(path, "a `required` entry that is not a string", out)
                        }
                    }
                }
            }
            Some(_) => self.unsupported(path, "`required` that is not a list", out),
        }
    }

    fn check_items(
        &self,
        schema: &Map<String, Value>,
        value: &Value,
        path: &str,
        out: &mut ObjectReport,
    ) {
        let Some(item_schema) = schema.get("items") else {
            return self.unsupported(path, "an array schema without items", out);
        };
        let Some(items) = value.as_array() else {
            return self.error(
                path,
                &format!("expected an array, got {}", self.describe(value)),
                out,
            );
        };
        for (i, item) in items.iter().enumerate() {
            self.check(item_schema, item, &format!("{path}[{i}]"), out);
        }
    }

    fn check_scalar(
        &self,
        kind: &str,
        schema: &Map<String, Value>,
        value: &Value,
        path: &str,
        out: &mut ObjectReport,
    ) {
        let right_type = match self.mode {
            Mode::Json => match kind {
                "string" => value.is_string(),
                "integer" => value.is_i64() || value.is_u64(),
                "number" => value.is_number(),
                _ => value.is_boolean(),
            },
            // Form leaves are strings; the type says what they must parse as.
            Mode::Form => value.as_str().is_some_and(|s| match kind {
                "string" => true,
                "integer" => s.parse::<i64>().is_ok(),
                "number" => s.parse::<f64>().is_ok_and(f64::is_finite),
                _ => s == "true" || s == "false",
            }),
        };
        if !right_type {
            let article = if kind == "integer" { "an" } else { "a" };
            return self.error(
                path,
                &format!("expected {article} {kind}, got {}", self.describe(value)),
                out,
            );
        }
        if let Some(allowed) = schema.get("enum") {
            let Some(allowed) = allowed.as_array() else {
                return self.unsupported(path, "`enum` that is not a list", out);
            };
            if !allowed.iter().any(|a| self.same(a, value)) {
                let list: Vec<String> = allowed.iter().map(Value::to_string).collect();
                self.error(
                    path,
                    &format!("{} is not one of {}", self.describe(value), list.join(", ")),
                    out,
                );
            }
        }
        let text = value.as_str().unwrap_or_default();
        if let Some(max) = schema.get("maxLength") {
            let Some(max) = max.as_u64() else {
                return self.unsupported(path, "`maxLength` that is not a number", out);
            };
            let length = text.chars().count() as u64;
            if length > max {
                self.error(
                    path,
                    &format!("{length} characters, more than maxLength {max}"),
                    out,
                );
            }
        }
        match (
            kind,
            schema.get("format").map(|f| f.as_str().unwrap_or("?")),
        ) {
            (_, None) | ("integer", Some("unix-time")) => {}
            ("string", Some("decimal")) => {
                if !is_decimal(text) {
                    self.error(
                        path,
                        &format!("{} is not a decimal", self.describe(value)),
                        out,
                    );
                }
            }
            (_, Some(format)) => {
                self.unsupported(path, &format!("format {format:?} on a {kind}"), out)
            }
        }
        if let Some(pattern) = schema.get("pattern") {
            let metacharacters = |c: char| "\\.+*?()[]{}|$^".contains(c);
            let prefix = pattern
                .as_str()
                .and_then(|p| p.strip_prefix('^'))
                .filter(|p| !p.contains(metacharacters));
            match prefix {
                Some(prefix) if text.starts_with(prefix) => {}
                Some(_) => self.error(
                    path,
                    &format!("{} does not match pattern {pattern}", self.describe(value)),
                    out,
                ),
                None => self.unsupported(path, &format!("pattern {pattern} (only ^literal)"), out),
            }
        }
    }

    /// Whether `value` equals the enum entry `allowed` (form leaves compare as text).
    fn same(&self, allowed: &Value, value: &Value) -> bool {
        match (self.mode, allowed, value.as_str()) {
            (Mode::Form, Value::String(a), Some(v)) => a == v,
            (Mode::Form, a, Some(v)) => serde_json::from_str::<Value>(v).is_ok_and(|v| v == *a),
            _ => allowed == value,
        }
    }

    fn field(&self, path: &str, name: &str) -> String {
        match self.mode {
            Mode::Form if path.is_empty() => name.to_string(),
            Mode::Form => format!("{path}[{name}]"),
            Mode::Json => format!("{path}.{name}"),
        }
    }

    fn describe(&self, value: &Value) -> String {
        match (value, self.mode) {
            (Value::Object(_), Mode::Form) => "nested parameters".to_string(),
            (Value::Array(_), Mode::Form) => "a list of parameters".to_string(),
            (Value::Object(_), Mode::Json) => "an object".to_string(),
            (Value::Array(_), Mode::Json) => "an array".to_string(),
            (other, _) => {
                let text = other.to_string();
                match text.char_indices().nth(80) {
                    Some((cut, _)) => format!("{}...", &text[..cut]),
                    None => text,
                }
            }
        }
    }

    fn error(&self, path: &str, message: &str, out: &mut ObjectReport) {
        out.errors.push(format!("{}: {message}", show(path)));
    }

    fn unsupported(&self, path: &str, what: &str, out: &mut ObjectReport) {
        out.errors.push(format!(
            "unsupported schema construct at {}: {what}",
            show(path)
        ));
    }
}

fn show(path: &str) -> &str {
    if path.is_empty() {
        "the top level"
    } else {
        path
    }
}

/// `12`, `-3.5`, `0.001`: what Stripe's `format: decimal` strings hold.
fn is_decimal(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && all_digits(fraction)
}
