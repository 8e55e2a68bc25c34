//! The action contract as JSON Schema, generated from the Rust types, so the UI,
//! the CLI and a language model are all handed the very same contract, and input
//! is checked against it with errors that name the field.

use std::sync::OnceLock;

use serde_json::{Map, Value};

use crate::action::Action;

/// The JSON Schema of `Action`: one object schema per action type, told apart by
/// `type`, with unknown fields refused.
pub fn action_schema() -> Value {
    schemars::schema_for!(Action).to_value()
}

/// A problem with one field of an action, or with the action as a whole.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .problems.join("; "))]
pub struct ContractError {
    /// "amount: 12.5 is not of type \"string\"", one per problem found.
    pub problems: Vec<String>,
}

impl ContractError {
    fn one(problem: impl Into<String>) -> Self {
        ContractError {
            problems: vec![problem.into()],
        }
    }
}

struct Variants {
    names: Vec<String>,
    validators: Vec<(String, jsonschema::Validator)>,
}

/// One validator per action type, each carrying the shared definitions, so that
/// errors point at the field rather than at "none of the alternatives matched".
fn variants() -> &'static Variants {
    static VARIANTS: OnceLock<Variants> = OnceLock::new();
    VARIANTS.get_or_init(|| {
        let root = action_schema();
        let definitions = root
            .get("$defs")
            .cloned()
            .unwrap_or(Value::Object(Map::new()));
        let alternatives = root
            .get("oneOf")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let mut validators = Vec::new();
        for alternative in alternatives {
            let Some(name) = alternative
                .pointer("/properties/type/const")
                .and_then(Value::as_str)
                .map(str::to_owned)
            else {
                continue;
            };
            let mut schema = alternative.clone();
            if let Value::Object(fields) = &mut schema {
                fields.insert("$defs".into(), definitions.clone());
            }
            // The schema is generated from our own types: failing to compile it
            // is a bug in this crate that every test would show at once.
            let validator = jsonschema::validator_for(&schema)
                .unwrap_or_else(|error| panic!("the schema of {name} does not compile: {error}"));
            validators.push((name, validator));
        }
        Variants {
            names: validators.iter().map(|(name, _)| name.clone()).collect(),
            validators,
        }
    })
}

/// Every action type's name, as `type` writes it.
pub fn action_types() -> &'static [String] {
    &variants().names
}

/// Reads an action from JSON, checking it against the contract first so that
/// every problem is reported with the field it is in.
pub fn parse_action(value: &Value) -> Result<Action, ContractError> {
    let Some(object) = value.as_object() else {
        return Err(ContractError::one("an action is a JSON object"));
    };
    let Some(kind) = object.get("type").and_then(Value::as_str) else {
        return Err(ContractError::one(
            "type: missing; an action names its type, e.g. \"cancel_order\"",
        ));
    };
    let Some((_, validator)) = variants().validators.iter().find(|(name, _)| name == kind) else {
        return Err(ContractError::one(format!(
            "type: `{kind}` is not an action type (known: {})",
            action_types().join(", ")
        )));
    };
    let problems: Vec<String> = validator
        .iter_errors(value)
        .map(|error| {
            let path = error
                .instance_path()
                .as_str()
                .trim_start_matches('/')
                .replace('/', ".");
            if path.is_empty() {
                error.to_string()
            } else {
                format!("{path}: {error}")
            }
        })
        .collect();
    if !problems.is_empty() {
        return Err(ContractError { problems });
    }
    serde_json::from_value(value.clone()).map_err(|error| ContractError::one(error.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_action_type_has_a_schema() {
        assert_eq!(action_types().len(), 15);
        assert!(action_types().iter().any(|t| t == "refund"));
    }

    #[test]
    fn a_wrong_type_names_the_field() {
        let error = parse_action(&json!({
            "type": "refund", "order_id": "#W1", "amount": 12.5,
            "refund_method_id": "paypal_1", "reason": "late"
        }))
        .unwrap_err();
        assert!(error.to_string().starts_with("amount: "), "{error}");
    }

    #[test]
    fn an_unknown_field_is_named() {
        let error = parse_action(&json!({
            "type": "cancel_order", "order_id": "#W1", "reason": "no longer needed",
            "refund_everything": true
        }))
        .unwrap_err();
        assert!(error.to_string().contains("refund_everything"), "{error}");
    }

    #[test]
    fn a_bad_reason_and_a_missing_field_are_named() {
        let error = parse_action(&json!({"type": "cancel_order", "reason": "cheaper elsewhere"}))
            .unwrap_err();
        let text = error.to_string();
        assert!(text.contains("order_id"), "{text}");
        assert!(text.contains("reason: "), "{text}");
    }

    #[test]
    fn money_with_three_places_is_refused() {
        let error = parse_action(&json!({
            "type": "refund", "order_id": "#W1", "amount": "1.005",
            "refund_method_id": "paypal_1", "reason": "late"
        }))
        .unwrap_err();
        assert!(error.to_string().starts_with("amount: "), "{error}");
    }

    #[test]
    fn a_valid_action_reads_back() {
        let action = parse_action(&json!({
            "type": "pause_subscription", "subscription_id": "sub_1002", "cycles": 2
        }))
        .unwrap();
        assert_eq!(action.kind().as_str(), "pause_subscription");
    }

    #[test]
    fn an_unknown_type_lists_the_known_ones() {
        let error = parse_action(&json!({"type": "refund_all"})).unwrap_err();
        assert!(error.to_string().contains("cancel_order"), "{error}");
    }
}
