//! Shopify's Admin GraphQL schema (API version 2026-10, `specs/shopify/`), as a
//! checker of the GraphQL requests a connector POSTs to
//! `/admin/api/2026-10/graphql.json`.
//!
//! The SDL is parsed and validated once per process with `apollo-compiler`
//! ([`ShopifySchema::load`]). Each request body (`{"query", "variables",
//! "operationName"}`) is checked in two steps ([`ShopifySchema::check_request`]):
//!
//! 1. The document is parsed and validated against the schema by
//!    `apollo-compiler`: syntax, unknown fields, types and arguments, argument
//!    literals of the wrong type, missing required arguments, undefined or unused
//!    variables, variables used where their type does not fit, fragments, and
//!    directives (`@idempotent(key:)` included: the SDL declares it).
//! 2. The `variables` are checked against the selected operation's variable
//!    definitions, the way a GraphQL server coerces them (this module's own
//!    walker): every required variable (non-null, no default) is present, none is
//!    undeclared, and each value's JSON shape fits its type (see
//!    [`ShopifySchema::check_request`] for the rules).
//!
//! Two checks go beyond what `apollo-compiler` 1.x knows:
//!
//! - `@oneOf` input objects (exactly one field given, and not null), in variables
//!   and in argument literals: apollo-compiler 1.x has no built-in `@oneOf`.
//! - Mutations whose description says that as of 2026-04 "the idempotency key is
//!   required" (`refundCreate`, `inventoryAdjustQuantities`, ...) must carry
//!   `@idempotent(key:)` with a key that is not empty or whitespace, as Shopify
//!   rejects them otherwise. The schema cannot express this, so the checker reads
//!   it from the description.
//!
//! Why the SDL gets a prelude: the file is an introspection result printed as
//! SDL, and introspection does not list built-in directives, so `@oneOf` (used on
//! ~30 input types) is not declared in it. apollo-compiler 1.x does not know it
//! either and reports "cannot find directive `@oneOf`" for each use; with
//! `directive @oneOf on INPUT_OBJECT` declared first, the schema validates cleanly
//! and is used as a `Valid<Schema>` without any `assume_valid`. `@idempotent` is
//! declared in the SDL itself; were it ever missing, the prelude would declare it
//! as `directive @idempotent(key: String!) on FIELD` so that requests using it
//! still validate.

use std::collections::BTreeSet;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use apollo_compiler::ast::{OperationType, Type, Value as Literal};
use apollo_compiler::executable::{ExecutableDocument, Field, Operation};
use apollo_compiler::schema::ExtendedType;
use apollo_compiler::validation::{DiagnosticList, Valid};
use apollo_compiler::{Node, Schema};
use serde_json::{Map, Value};

use crate::specs_dir;

/// The SDL, relative to [`specs_dir`].
const SCHEMA_FILE: &str = "shopify/admin_2026-10.graphql";

/// Declared before the SDL when it does not declare it: introspection (which the
/// SDL was printed from) leaves out built-in directives, and apollo-compiler 1.x
/// has no built-in `@oneOf`.
const ONE_OF: &str = "directive @oneOf on INPUT_OBJECT";

/// Declared before the SDL when it does not declare it, so that the connector's
/// `refundCreate(...) @idempotent(key: $key)` validates. (The 2026-10 SDL does
/// declare it, so this is a fallback for other versions of the file.)
const IDEMPOTENT: &str = "directive @idempotent(key: String!) on FIELD";

/// The words in a mutation's description that make `@idempotent(key:)` required.
const IDEMPOTENCY_REQUIRED: &str = "the idempotency key is required";

/// The parsed and validated schema.
pub struct ShopifySchema {
    schema: Valid<Schema>,
    parse_time: Duration,
    /// Directives the prelude had to declare (`"oneOf"`, `"idempotent"`).
    declared_by_prelude: Vec<&'static str>,
}

impl ShopifySchema {
    /// The 2026-10 schema, parsed once per process.
    pub fn load() -> &'static ShopifySchema {
        static SCHEMA: OnceLock<ShopifySchema> = OnceLock::new();
        SCHEMA.get_or_init(Self::parse)
    }

    fn parse() -> ShopifySchema {
        let path = specs_dir().join(SCHEMA_FILE);
        let sdl = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let started = Instant::now();
        let mut prelude = Vec::new();
        let mut declared_by_prelude = Vec::new();
        for (name, declaration) in [("oneOf", ONE_OF), ("idempotent", IDEMPOTENT)] {
            if !declares_directive(&sdl, name) {
                prelude.push(declaration);
                declared_by_prelude.push(name);
            }
        }
        // The prelude is a source of its own, so diagnostics keep the SDL's line numbers.
        let mut builder = Schema::builder();
        if !prelude.is_empty() {
            builder = builder.parse(prelude.join("\n"), "prelude.graphql");
        }
        let schema = builder
            .parse(sdl, &path)
            .build()
            .and_then(Schema::validate)
            .unwrap_or_else(|invalid| {
                panic!(
                    "{} does not validate ({} errors):\n{}",
                    path.display(),
                    invalid.errors.len(),
                    first_lines(&invalid.errors, 20).join("\n")
                )
            });
        ShopifySchema {
            schema,
            parse_time: started.elapsed(),
            declared_by_prelude,
        }
    }

    /// The validated schema, for checks this module does not offer.
    pub fn schema(&self) -> &Valid<Schema> {
        &self.schema
    }

    /// How long parsing and validating the SDL took (once per process).
    pub fn parse_time(&self) -> Duration {
        self.parse_time
    }

    /// Directives the SDL does not declare, which were declared before parsing it
    /// (`"oneOf"` for the 2026-10 file).
    pub fn declared_by_prelude(&self) -> &[&'static str] {
        &self.declared_by_prelude
    }

    /// Whether a mutation or query field exists at the root (for quick asserts):
    /// e.g. `has_mutation("refundCreate")`.
    pub fn has_mutation(&self, name: &str) -> bool {
        self.root_has(OperationType::Mutation, name)
    }

    /// Whether a query field exists at the root, e.g. `has_query("customers")`.
    pub fn has_query(&self, name: &str) -> bool {
        self.root_has(OperationType::Query, name)
    }

    fn root_has(&self, operation: OperationType, name: &str) -> bool {
        self.schema
            .root_operation(operation)
            .and_then(|root| self.schema.get_object(root))
            .is_some_and(|root| root.fields.contains_key(name))
    }

    /// Checks one GraphQL request body as a connector POSTs it to
    /// `/admin/api/2026-10/graphql.json`: `{"query": "...", "variables": {...},
    /// "operationName"?: "..."}`. Returns every problem (empty = conforms).
    ///
    /// The document must parse and validate against the schema. The `variables`
    /// (absent or `null` = none) must fit the selected operation's variable
    /// definitions: every non-null variable without a default is present, no
    /// variable is undeclared, and each value coerces to its declared type:
    ///
    /// - `ID`, `String` → a JSON string; `Int` → a JSON integer within 32 bits;
    ///   `Float` → a JSON number; `Boolean` → `true`/`false`;
    /// - custom scalars (`Decimal`, `Money`, `URL`, `DateTime`, `BigInt`,
    ///   `UnsignedInt64`, ...) → a JSON string, as Shopify sends and takes them,
    ///   except `JSON`, which takes any JSON value;
    /// - enums → a string naming one of the enum's values;
    /// - input objects → a JSON object, recursively: every non-null field without
    ///   a default present, no field the type does not list, and for `@oneOf`
    ///   types exactly one field, not null;
    /// - lists → a JSON array of items, or a single item (GraphQL input coercion);
    /// - `null` → only where the type is nullable.
    ///
    /// Problems name where they are: `variables.input.refundLineItems[0].quantity`.
    pub fn check_request(&self, body: &Value) -> Vec<String> {
        let mut problems = Vec::new();
        let Some(body) = body.as_object() else {
            return vec![format!("the request body is not a JSON object: {body}")];
        };
        for key in body.keys() {
            if !matches!(
                key.as_str(),
                "query" | "variables" | "operationName" | "extensions"
            ) {
                problems.push(format!("the request body has an unknown key {key:?}"));
            }
        }
        let Some(query) = body.get("query").and_then(Value::as_str) else {
            problems.push("the request body has no \"query\" string".to_owned());
            return problems;
        };
        let empty = Map::new();
        let variables = match body.get("variables") {
            None | Some(Value::Null) => &empty,
            Some(Value::Object(variables)) => variables,
            Some(other) => {
                problems.push(format!("\"variables\" is not a JSON object: {other}"));
                &empty
            }
        };
        let operation_name = match body.get("operationName") {
            None | Some(Value::Null) => None,
            Some(Value::String(name)) => Some(name.as_str()),
            Some(other) => {
                problems.push(format!("\"operationName\" is not a string: {other}"));
                None
            }
        };

        let document =
            match ExecutableDocument::parse_and_validate(&self.schema, query, "request.graphql") {
                Ok(valid) => valid.into_inner(),
                Err(invalid) => {
                    let mut errors = first_lines(&invalid.errors, usize::MAX);
                    errors.dedup(); // the parser can report one syntax error twice
                    problems.extend(errors);
                    // Variable definitions are still worth checking when the
                    // selections are wrong: both kinds of mistake are reported.
                    invalid.partial
                }
            };
        let operation = match document.operations.get(operation_name) {
            Ok(operation) => operation,
            Err(e) => {
                // An empty document is already reported by validation.
                if !document.operations.is_empty() || problems.is_empty() {
                    problems.push(format!("cannot select the operation: {}", e.message()));
                }
                return problems;
            }
        };

        self.check_variables(operation, variables, &mut problems);
        let fields: Vec<&Node<Field>> = operation.all_fields(&document).collect();
        for field in &fields {
            self.check_one_of_literals(field, operation, variables, &mut problems);
        }
        if operation.is_mutation() {
            for field in operation.root_fields(&document) {
                check_idempotency(field, variables, &mut problems);
            }
        }
        problems
    }

    fn check_variables(
        &self,
        operation: &Operation,
        variables: &Map<String, Value>,
        problems: &mut Vec<String>,
    ) {
        let declared: BTreeSet<&str> = operation
            .variables
            .iter()
            .map(|v| v.name.as_str())
            .collect();
        for definition in &operation.variables {
            let name = definition.name.as_str();
            match variables.get(name) {
                Some(value) => self.check_value(
                    value,
                    &definition.ty,
                    &format!("variables.{name}"),
                    problems,
                ),
                None if definition.ty.is_non_null() && definition.default_value.is_none() => {
                    problems.push(format!(
                        "missing required variable ${name} ({})",
                        definition.ty
                    ));
                }
                None => {}
            }
        }
        for name in variables.keys() {
            if !declared.contains(name.as_str()) {
                problems.push(format!(
                    "undeclared variable ${name}: the operation does not define it"
                ));
            }
        }
    }

    /// Whether `value` coerces to `ty` as a variable value.
    fn check_value(&self, value: &Value, ty: &Type, at: &str, problems: &mut Vec<String>) {
        if value.is_null() {
            if ty.is_non_null() {
                problems.push(format!("{at}: null where {ty} is expected"));
            }
            return;
        }
        match ty {
            Type::List(item) | Type::NonNullList(item) => match value {
                Value::Array(items) => {
                    for (i, item_value) in items.iter().enumerate() {
                        self.check_value(item_value, item, &format!("{at}[{i}]"), problems);
                    }
                }
                // Input coercion: a single value stands for a list of one.
                single => self.check_value(single, item, at, problems),
            },
            Type::Named(name) | Type::NonNullNamed(name) => {
                self.check_named(value, name.as_str(), at, problems)
            }
        }
    }

    fn check_named(&self, value: &Value, type_name: &str, at: &str, problems: &mut Vec<String>) {
        let Some(definition) = self.schema.types.get(type_name) else {
            // An unknown type in a variable definition is reported by validation.
            return;
        };
        let mismatch = |expected: &str| format!("{at}: expected {expected}, got {}", shape(value));
        match definition {
            ExtendedType::Scalar(_) => {
                let fits = match type_name {
                    "Int" => value.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
                    "Float" => value.is_number(),
                    "Boolean" => value.is_boolean(),
                    // Shopify's JSON scalar takes any JSON value.
                    "JSON" => true,
                    // ID, String, and every custom scalar (Decimal, Money, URL,
                    // DateTime, BigInt, UnsignedInt64, ...) travel as strings.
                    _ => value.is_string(),
                };
                if !fits {
                    let expected = match type_name {
                        "Int" => "Int (a JSON integer within 32 bits)".to_owned(),
                        "Float" => "Float (a JSON number)".to_owned(),
                        "Boolean" => "Boolean (true or false)".to_owned(),
                        other => format!("{other} (a JSON string)"),
                    };
                    problems.push(mismatch(&expected));
                }
            }
            ExtendedType::Enum(enum_type) => match value.as_str() {
                Some(v) if enum_type.values.contains_key(v) => {}
                Some(v) => problems.push(format!("{at}: {v:?} is not a value of enum {type_name}")),
                None => problems.push(mismatch(&format!("enum {type_name} (a JSON string)"))),
            },
            ExtendedType::InputObject(input) => {
                let Some(object) = value.as_object() else {
                    problems.push(mismatch(&format!("input object {type_name}")));
                    return;
                };
                for key in object.keys() {
                    if !input.fields.contains_key(key.as_str()) {
                        problems.push(format!("{at}: unknown field {key:?} for input {type_name}"));
                    }
                }
                for (name, field) in &input.fields {
                    let field_at = format!("{at}.{name}");
                    match object.get(name.as_str()) {
                        Some(field_value) => {
                            self.check_value(field_value, &field.ty, &field_at, problems)
                        }
                        None if field.ty.is_non_null() && field.default_value.is_none() => {
                            problems.push(format!(
                                "{field_at}: missing required field of input {type_name} ({})",
                                field.ty
                            ));
                        }
                        None => {}
                    }
                }
                if input.directives.has("oneOf") {
                    let given: Vec<&String> = object.keys().collect();
                    let non_null = object.values().filter(|v| !v.is_null()).count();
                    if given.len() != 1 || non_null != 1 {
                        problems.push(format!(
                            "{at}: @oneOf input {type_name} needs exactly one field, not null; got {given:?}"
                        ));
                    }
                }
            }
            ExtendedType::Object(_) | ExtendedType::Interface(_) | ExtendedType::Union(_) => {
                // An output type in a variable definition is reported by validation.
            }
        }
    }

    /// `@oneOf` in argument literals: apollo-compiler 1.x does not check it.
    fn check_one_of_literals(
        &self,
        field: &Field,
        operation: &Operation,
        variables: &Map<String, Value>,
        problems: &mut Vec<String>,
    ) {
        for argument in &field.arguments {
            let Some(definition) = field.definition.argument_by_name(&argument.name) else {
                continue; // an unknown argument is reported by validation
            };
            let at = format!("{}({}:)", field.name, argument.name);
            self.walk_literal(
                &argument.value,
                &definition.ty,
                &at,
                operation,
                variables,
                problems,
            );
        }
    }

    fn walk_literal(
        &self,
        value: &Literal,
        ty: &Type,
        at: &str,
        operation: &Operation,
        variables: &Map<String, Value>,
        problems: &mut Vec<String>,
    ) {
        match value {
            Literal::List(items) => {
                let item_ty = ty.item_type();
                for (i, item) in items.iter().enumerate() {
                    let item_at = format!("{at}[{i}]");
                    self.walk_literal(item, item_ty, &item_at, operation, variables, problems);
                }
            }
            Literal::Object(entries) => {
                let type_name = ty.inner_named_type();
                let Some(input) = self.schema.get_input_object(type_name) else {
                    return; // reported by validation
                };
                if input.directives.has("oneOf") {
                    let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
                    let null = entries.iter().any(|(_, v)| match v.as_ref() {
                        Literal::Null => true,
                        Literal::Variable(name) => {
                            let nullable_variable = operation
                                .variables
                                .iter()
                                .find(|d| d.name == *name)
                                .is_some_and(|d| !d.ty.is_non_null());
                            // A non-null variable left out is reported as missing.
                            nullable_variable
                                || variables.get(name.as_str()).is_some_and(Value::is_null)
                        }
                        _ => false,
                    });
                    if names.len() != 1 || null {
                        problems.push(format!(
                            "{at}: @oneOf input {type_name} needs exactly one field, not null \
                             (a variable there must be non-null and given); got {names:?}"
                        ));
                    }
                }
                for (name, field_value) in entries {
                    if let Some(field) = input.fields.get(name) {
                        let field_at = format!("{at}.{name}");
                        self.walk_literal(
                            field_value,
                            &field.ty,
                            &field_at,
                            operation,
                            variables,
                            problems,
                        );
                    }
                }
            }
            _ => {}
        }
    }
}

/// `@idempotent(key:)` on the mutations whose description makes it required, with
/// a key that is not empty or whitespace only.
fn check_idempotency(field: &Field, variables: &Map<String, Value>, problems: &mut Vec<String>) {
    let required = field
        .definition
        .description
        .as_deref()
        .is_some_and(|d| d.contains(IDEMPOTENCY_REQUIRED));
    let Some(directive) = field.directives.get("idempotent") else {
        if required {
            problems.push(format!(
                "mutation {} requires @idempotent(key: ...) as of 2026-04",
                field.name
            ));
        }
        return;
    };
    let key = match directive
        .specified_argument_by_name("key")
        .map(|v| v.as_ref())
    {
        Some(Literal::String(key)) => Some(key.clone()),
        Some(Literal::Variable(name)) => variables
            .get(name.as_str())
            .and_then(Value::as_str)
            .map(str::to_owned),
        _ => None, // a missing or mistyped key is reported by validation or the variables
    };
    if key.is_some_and(|k| k.trim().is_empty()) {
        problems.push(format!(
            "{}: the @idempotent key cannot be empty or whitespace only",
            field.name
        ));
    }
}

/// Whether the SDL declares `directive @NAME` (at the start of a line).
fn declares_directive(sdl: &str, name: &str) -> bool {
    let wanted = format!("directive @{name}");
    sdl.lines().any(|line| {
        line.strip_prefix(&wanted)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '(', '\t']))
    })
}

/// One line per diagnostic: the message and where it is.
fn first_lines(errors: &DiagnosticList, limit: usize) -> Vec<String> {
    errors
        .iter()
        .take(limit)
        .map(|diagnostic| {
            let json = diagnostic.to_json();
            match json.locations.first() {
                Some(at) => format!("{} (at {}:{})", json.message, at.line, at.column),
                None => json.message,
            }
        })
        .collect()
}

/// A short description of a JSON value's shape, for messages.
fn shape(value: &Value) -> String {
    let kind = match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "an integer",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    match value {
        Value::Array(_) | Value::Object(_) => kind.to_owned(),
        scalar => format!("{kind} {scalar}"),
    }
}
