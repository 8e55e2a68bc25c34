//! Conformance with tau-bench's retail rules. Action sequences built from the world
//! are replayed through `countersign apply`, the end state is exported with
//! `countersign world export`, and both are compared, field by field, with what an
//! independent model of tau-bench's seven write operations (`Tau` below, written
//! from TOOLS.md over the benchmark's own JSON) produces from the same files.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::path::{Path, PathBuf};
use std::process::Command;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::{json, Map, Value};

fn world_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../store/world/tau-retail")
        .join(name)
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn cents(value: &Value) -> Decimal {
    Decimal::from_str(&value.to_string()).unwrap().round_dp(2)
}

fn round2(value: Decimal) -> Value {
    let text = value.round_dp(2).to_string();
    serde_json::from_str(&text).unwrap()
}

/// Numbers become exact cents, so a float written 51 and one written 51.0 agree.
fn normalise(value: &Value) -> Value {
    match value {
        Value::Number(_) => Value::String(format!("{:.2}", cents(value))),
        Value::Array(items) => Value::Array(items.iter().map(normalise).collect()),
        Value::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(k, v)| (k.clone(), normalise(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// tau-bench's write operations, as TOOLS.md states them and as the benchmark's
/// published tools behave (an item change always records its difference, a zero
/// one as a refund of 0), with this store's stricter reading of the written policy
/// (another customer's order, a no-op modification, and any change after an item
/// modification are refused).
struct Tau {
    users: Map<String, Value>,
    orders: Map<String, Value>,
    products: Map<String, Value>,
}

impl Tau {
    fn load() -> Tau {
        let take = |name: &str| match read_json(&world_file(name)) {
            Value::Object(map) => map,
            _ => panic!("{name} is not an object"),
        };
        Tau {
            users: take("users.json"),
            orders: take("orders.json"),
            products: take("products.json"),
        }
    }

    fn order(&self, customer: &str, id: &str) -> Result<Value, String> {
        let order = self.orders.get(id).ok_or("no such order")?.clone();
        if order["user_id"] != customer {
            return Err("another customer's order".into());
        }
        Ok(order)
    }

    fn method(&self, customer: &str, id: &str) -> Result<Value, String> {
        self.users[customer]["payment_methods"]
            .get(id)
            .cloned()
            .ok_or_else(|| "payment method not the customer's".into())
    }

    fn add_to_balance(&mut self, customer: &str, id: &str, delta: Decimal) {
        let method = &mut self.users[customer]["payment_methods"][id];
        if method["source"] == "gift_card" {
            method["balance"] = round2(cents(&method["balance"]) + delta);
        }
    }

    fn variant(&self, product: &str, item: &str) -> Option<Value> {
        self.products.get(product)?["variants"].get(item).cloned()
    }

    fn apply(&mut self, customer: &str, action: &Value) -> Result<(), String> {
        let id = action["order_id"].as_str().unwrap_or_default().to_owned();
        let strings = |key: &str| -> Vec<String> {
            action[key]
                .as_array()
                .map(|a| a.iter().map(|v| v.as_str().unwrap().to_owned()).collect())
                .unwrap_or_default()
        };
        match action["type"].as_str().unwrap() {
            "cancel_order" => {
                let order = self.order(customer, &id)?;
                if order["status"] != "pending" {
                    return Err("not pending".into());
                }
                let reason = action["reason"].as_str().unwrap();
                if !["no longer needed", "ordered by mistake"].contains(&reason) {
                    return Err("bad reason".into());
                }
                let payments: Vec<Value> = order["payment_history"].as_array().unwrap().clone();
                for payment in payments
                    .iter()
                    .filter(|p| p["transaction_type"] == "payment")
                {
                    let method = payment["payment_method_id"].as_str().unwrap();
                    self.orders[&id]["payment_history"]
                        .as_array_mut()
                        .unwrap()
                        .push(json!({
                            "transaction_type": "refund",
                            "amount": payment["amount"],
                            "payment_method_id": method,
                        }));
                    self.add_to_balance(customer, method, cents(&payment["amount"]));
                }
                self.orders[&id]["status"] = json!("cancelled");
                self.orders[&id]["cancel_reason"] = json!(reason);
            }
            "update_order_address" => {
                let order = self.order(customer, &id)?;
                if order["status"] != "pending" {
                    return Err("not pending".into());
                }
                self.orders[&id]["address"] = action["address"].clone();
            }
            "update_customer_address" => {
                if action["customer_id"] != customer {
                    return Err("another customer".into());
                }
                self.users[customer]["address"] = action["address"].clone();
            }
            kind @ ("modify_order_items" | "exchange_items") => {
                let order = self.order(customer, &id)?;
                let wanted = if kind == "modify_order_items" {
                    "pending"
                } else {
                    "delivered"
                };
                if order["status"] != wanted {
                    return Err(format!("not {wanted}"));
                }
                let (old, new) = (strings("item_ids"), strings("new_item_ids"));
                if old.len() != new.len() {
                    return Err("lists differ".into());
                }
                let method_id = action["payment_method_id"].as_str().unwrap();
                let method = self.method(customer, method_id)?;
                let mut items: Vec<Value> = order["items"].as_array().unwrap().clone();
                let mut taken = vec![false; items.len()];
                let mut difference = Decimal::ZERO;
                let mut replaced = Vec::new();
                for (old_id, new_id) in old.iter().zip(&new) {
                    let position = (0..items.len())
                        .find(|&i| !taken[i] && items[i]["item_id"] == old_id.as_str())
                        .ok_or("item not in order")?;
                    taken[position] = true;
                    let product = items[position]["product_id"].as_str().unwrap().to_owned();
                    let variant = self
                        .variant(&product, new_id)
                        .ok_or("not the same product")?;
                    if variant["available"] != true {
                        return Err("unavailable".into());
                    }
                    if kind == "modify_order_items" && old_id == new_id {
                        return Err("no-op".into());
                    }
                    difference += cents(&variant["price"]) - cents(&items[position]["price"]);
                    replaced.push((position, variant));
                }
                if method["source"] == "gift_card" && cents(&method["balance"]) < difference {
                    return Err("gift card cannot cover".into());
                }
                if kind == "exchange_items" {
                    let mut old_sorted = old.clone();
                    old_sorted.sort();
                    let mut new_sorted = new.clone();
                    new_sorted.sort();
                    let entry = &mut self.orders[&id];
                    entry["status"] = json!("exchange requested");
                    entry["exchange_items"] = json!(old_sorted);
                    entry["exchange_new_items"] = json!(new_sorted);
                    entry["exchange_payment_method_id"] = json!(method_id);
                    entry["exchange_price_difference"] = round2(difference);
                    return Ok(());
                }
                for (position, variant) in replaced {
                    items[position]["item_id"] = variant["item_id"].clone();
                    items[position]["price"] = variant["price"].clone();
                    items[position]["options"] = variant["options"].clone();
                }
                let entry = &mut self.orders[&id];
                entry["items"] = json!(items);
                entry["payment_history"].as_array_mut().unwrap().push(json!({
                    "transaction_type": if difference > Decimal::ZERO { "payment" } else { "refund" },
                    "amount": round2(difference.abs()),
                    "payment_method_id": method_id,
                }));
                entry["status"] = json!("pending (item modified)");
                self.add_to_balance(customer, method_id, -difference);
            }
            "change_payment_method" => {
                let order = self.order(customer, &id)?;
                if order["status"] != "pending" {
                    return Err("not pending".into());
                }
                let payments: Vec<&Value> = order["payment_history"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|p| p["transaction_type"] == "payment")
                    .collect();
                if payments.len() != 1 {
                    return Err("not exactly one payment".into());
                }
                let old = payments[0]["payment_method_id"]
                    .as_str()
                    .unwrap()
                    .to_owned();
                let amount = cents(&payments[0]["amount"]);
                let new = action["payment_method_id"].as_str().unwrap();
                if old == new {
                    return Err("same method".into());
                }
                let method = self.method(customer, new)?;
                if method["source"] == "gift_card" && cents(&method["balance"]) < amount {
                    return Err("gift card cannot cover".into());
                }
                let history = self.orders[&id]["payment_history"].as_array_mut().unwrap();
                history.push(json!({"transaction_type": "payment", "amount": round2(amount), "payment_method_id": new}));
                history.push(json!({"transaction_type": "refund", "amount": round2(amount), "payment_method_id": old}));
                self.add_to_balance(customer, new, -amount);
                self.add_to_balance(customer, &old, amount);
            }
            "return_items" => {
                let order = self.order(customer, &id)?;
                if order["status"] != "delivered" {
                    return Err("not delivered".into());
                }
                let items = strings("item_ids");
                let mut present: Vec<String> = order["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|i| i["item_id"].as_str().unwrap().to_owned())
                    .collect();
                for item in &items {
                    let position = present
                        .iter()
                        .position(|p| p == item)
                        .ok_or("item not in order")?;
                    present.remove(position);
                }
                let method_id = action["refund_method_id"].as_str().unwrap();
                let method = self.method(customer, method_id)?;
                let original = order["payment_history"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|p| p["payment_method_id"] == method_id);
                if !original && method["source"] != "gift_card" {
                    return Err("neither original nor gift card".into());
                }
                let mut sorted = items.clone();
                sorted.sort();
                let entry = &mut self.orders[&id];
                entry["status"] = json!("return requested");
                entry["return_items"] = json!(sorted);
                entry["return_payment_method_id"] = json!(method_id);
            }
            other => return Err(format!("{other} is not a tau-bench operation")),
        }
        Ok(())
    }
}

/// Builds action sequences from the world: every operation of TOOLS.md, on
/// records picked by what they are, plus refusals that must change nothing.
fn sequences(tau: &Tau) -> Vec<Value> {
    let orders: Vec<&Value> = tau.orders.values().collect();
    let methods = |customer: &str| -> Vec<Value> {
        tau.users[customer]["payment_methods"]
            .as_object()
            .unwrap()
            .values()
            .cloned()
            .collect()
    };
    let payments = |order: &Value| -> Vec<Value> {
        order["payment_history"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["transaction_type"] == "payment")
            .cloned()
            .collect()
    };
    let paid_by = |order: &Value, source: &str| {
        payments(order).iter().any(|p| {
            let customer = order["user_id"].as_str().unwrap();
            tau.users[customer]["payment_methods"][p["payment_method_id"].as_str().unwrap()]
                ["source"]
                == source
        })
    };
    let other_variant = |item: &Value| -> Option<(String, Decimal)> {
        let product = &tau.products[item["product_id"].as_str().unwrap()];
        product["variants"]
            .as_object()
            .unwrap()
            .values()
            .find_map(|v| {
                (v["available"] == true && v["item_id"] != item["item_id"]).then(|| {
                    (
                        v["item_id"].as_str().unwrap().to_owned(),
                        cents(&v["price"]),
                    )
                })
            })
    };
    // Orders with an earlier refund or reship are left out: the store's R18 (one
    // remedy per item) would refuse what tau-bench, which has no such history, allows.
    let extension = read_json(&world_file("../world-extension.json"));
    let with_history: Vec<&str> = extension["support_history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["order_id"].as_str().unwrap())
        .collect();
    let orders: Vec<&Value> = orders
        .into_iter()
        .filter(|o| !with_history.contains(&o["order_id"].as_str().unwrap()))
        .collect();
    let mut used: Vec<String> = Vec::new();
    let mut pick = |predicate: &dyn Fn(&Value) -> bool| -> Value {
        let order = orders
            .iter()
            .find(|o| predicate(o) && !used.contains(&o["user_id"].as_str().unwrap().to_owned()))
            .expect("the world has such an order");
        used.push(order["user_id"].as_str().unwrap().to_owned());
        (*order).clone()
    };
    let line =
        |order: &Value, action: Value| json!({"customer_id": order["user_id"], "action": action});
    let mut lines = Vec::new();

    let gift = pick(&|o| o["status"] == "pending" && paid_by(o, "gift_card"));
    lines.push(line(&gift, json!({"type": "cancel_order", "order_id": gift["order_id"], "reason": "ordered by mistake"})));
    lines.push(line(
        &gift,
        json!({"type": "cancel_order", "order_id": gift["order_id"], "reason": "no longer needed"}),
    ));

    let card = pick(&|o| o["status"] == "pending" && paid_by(o, "credit_card"));
    lines.push(line(
        &card,
        json!({"type": "cancel_order", "order_id": card["order_id"], "reason": "no longer needed"}),
    ));

    let moving = pick(&|o| o["status"] == "pending");
    let address = json!({"address1": "747 Pine Lane", "address2": "Suite 604", "city": "San Diego", "country": "USA", "state": "CA", "zip": "92106"});
    lines.push(line(
        &moving,
        json!({"type": "update_order_address", "order_id": moving["order_id"], "address": address}),
    ));
    lines.push(line(&moving, json!({"type": "update_customer_address", "customer_id": moving["user_id"], "address": address})));

    // Item change paid from a gift card with the balance to cover it, then a second
    // change and a cancel, both refused once the items were modified (R6).
    let modified = pick(&|o| {
        o["status"] == "pending"
            && other_variant(&o["items"][0]).is_some_and(|(_, price)| {
                let diff = price - cents(&o["items"][0]["price"]);
                methods(o["user_id"].as_str().unwrap()).iter().any(|m| {
                    m["source"] == "gift_card"
                        && cents(&m["balance"]) >= diff
                        && diff > Decimal::ZERO
                })
            })
    });
    let (new_item, price) = other_variant(&modified["items"][0]).unwrap();
    let diff = price - cents(&modified["items"][0]["price"]);
    let card_id = methods(modified["user_id"].as_str().unwrap())
        .into_iter()
        .find(|m| m["source"] == "gift_card" && cents(&m["balance"]) >= diff)
        .unwrap()["id"]
        .clone();
    let change = json!({"type": "modify_order_items", "order_id": modified["order_id"], "item_ids": [modified["items"][0]["item_id"]], "new_item_ids": [new_item], "payment_method_id": card_id});
    lines.push(line(&modified, change.clone()));
    lines.push(line(&modified, change));
    lines.push(line(&modified, json!({"type": "cancel_order", "order_id": modified["order_id"], "reason": "no longer needed"})));

    // Payment moved to a gift card that covers the whole order.
    let moved = pick(&|o| {
        o["status"] == "pending"
            && payments(o).len() == 1
            && methods(o["user_id"].as_str().unwrap()).iter().any(|m| {
                m["source"] == "gift_card"
                    && cents(&m["balance"]) >= cents(&payments(o)[0]["amount"])
                    && m["id"] != payments(o)[0]["payment_method_id"]
            })
    });
    let target = methods(moved["user_id"].as_str().unwrap())
        .into_iter()
        .find(|m| {
            m["source"] == "gift_card"
                && cents(&m["balance"]) >= cents(&payments(&moved)[0]["amount"])
                && m["id"] != payments(&moved)[0]["payment_method_id"]
        })
        .unwrap();
    lines.push(line(&moved, json!({"type": "change_payment_method", "order_id": moved["order_id"], "payment_method_id": target["id"]})));

    // A return of two items to the original method, then a cancel it refuses (R5).
    let returned =
        pick(&|o| o["status"] == "delivered" && o["items"].as_array().unwrap().len() >= 2);
    let original = payments(&returned)[0]["payment_method_id"].clone();
    lines.push(line(&returned, json!({"type": "return_items", "order_id": returned["order_id"], "item_ids": [returned["items"][1]["item_id"], returned["items"][0]["item_id"]], "refund_method_id": original})));
    lines.push(line(&returned, json!({"type": "cancel_order", "order_id": returned["order_id"], "reason": "no longer needed"})));

    // An exchange to another available variant, paid by the original method.
    let exchanged = pick(&|o| {
        o["status"] == "delivered"
            && other_variant(&o["items"][0]).is_some()
            && !paid_by(o, "gift_card")
    });
    let (new_item, _) = other_variant(&exchanged["items"][0]).unwrap();
    let method = payments(&exchanged)[0]["payment_method_id"].clone();
    lines.push(line(&exchanged, json!({"type": "exchange_items", "order_id": exchanged["order_id"], "item_ids": [exchanged["items"][0]["item_id"]], "new_item_ids": [new_item], "payment_method_id": method})));

    // Another customer's order is refused (R2) and changes nothing.
    lines.push(json!({"customer_id": moving["user_id"], "action": {"type": "cancel_order", "order_id": card["order_id"], "reason": "no longer needed"}}));
    lines
}

fn countersign(args: &[&str]) -> std::process::Output {
    let output = Command::new(env!("CARGO_BIN_EXE_countersign"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "countersign {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

#[test]
fn a_fresh_store_exports_tau_benchs_own_files() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sandbox.db").display().to_string();
    let out = dir.path().join("export");
    countersign(&["world", "init", "--db", &db]);
    countersign(&[
        "world",
        "export",
        "--db",
        &db,
        "--out",
        &out.display().to_string(),
    ]);
    for name in ["users.json", "orders.json"] {
        assert_eq!(
            normalise(&read_json(&out.join(name))),
            normalise(&read_json(&world_file(name))),
            "{name} differs from the source"
        );
    }
}

#[test]
fn replayed_sequences_reach_tau_benchs_end_state() {
    let mut tau = Tau::load();
    let lines = sequences(&tau);
    assert_eq!(lines.len(), 13);
    let expected: Vec<bool> = lines
        .iter()
        .map(|line| {
            tau.apply(line["customer_id"].as_str().unwrap(), &line["action"])
                .is_ok()
        })
        .collect();
    assert_eq!(
        expected,
        [true, false, true, true, true, true, false, false, true, true, false, true, false],
        "the reference model accepts exactly the valid steps"
    );
    assert!(
        expected.iter().any(|ok| !ok),
        "the sequences include refusals"
    );

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sandbox.db").display().to_string();
    let actions = dir.path().join("actions.jsonl");
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(&actions, text).unwrap();
    countersign(&["world", "init", "--db", &db]);
    let output = countersign(&[
        "apply",
        "--db",
        &db,
        "--actions",
        &actions.display().to_string(),
        "--agent",
        "alex.agent",
    ]);
    let reports: Vec<Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(reports.len(), lines.len());
    for ((report, ok), line) in reports.iter().zip(&expected).zip(&lines) {
        let executed = report["outcome"] == "executed";
        assert_eq!(executed, *ok, "{line} → {report}");
        assert!(!report["rules"].as_array().unwrap().is_empty(), "{report}");
    }

    let out = dir.path().join("export");
    countersign(&[
        "world",
        "export",
        "--db",
        &db,
        "--out",
        &out.display().to_string(),
    ]);
    let users = normalise(&read_json(&out.join("users.json")));
    let orders = normalise(&read_json(&out.join("orders.json")));
    let want_users = normalise(&Value::Object(tau.users.clone()));
    let want_orders = normalise(&Value::Object(tau.orders.clone()));
    for (id, want) in want_orders.as_object().unwrap() {
        assert_eq!(&orders[id], want, "order {id}");
    }
    for (id, want) in want_users.as_object().unwrap() {
        assert_eq!(&users[id], want, "user {id}");
    }
    assert_eq!(orders, want_orders);
    assert_eq!(users, want_users);

    // The same file applied again runs nothing twice: each line's idempotency key
    // was executed already, and the end state stays the same.
    let again = countersign(&[
        "apply",
        "--db",
        &db,
        "--actions",
        &actions.display().to_string(),
        "--agent",
        "alex.agent",
    ]);
    let again = String::from_utf8(again.stdout).unwrap();
    assert!(!again.contains("\"outcome\":\"executed\""), "{again}");
    countersign(&[
        "world",
        "export",
        "--db",
        &db,
        "--out",
        &out.display().to_string(),
    ]);
    assert_eq!(normalise(&read_json(&out.join("orders.json"))), want_orders);
    assert_eq!(normalise(&read_json(&out.join("users.json"))), want_users);
}

#[test]
fn apply_names_the_bad_field_and_runs_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sandbox.db").display().to_string();
    countersign(&["world", "init", "--db", &db]);
    let actions = dir.path().join("actions.jsonl");
    std::fs::write(
        &actions,
        concat!(
            r##"{"customer_id": "noah_brown_6181", "action": {"type": "cancel_order", "order_id": "#W7678072", "reason": "no longer needed"}}"##,
            "\n",
            r##"{"customer_id": "noah_brown_6181", "action": {"type": "refund", "order_id": "#W7678072", "amount": 12.5, "refund_method_id": "paypal_5727330", "reason": "late"}}"##,
            "\n"
        ),
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_countersign"))
        .args([
            "apply",
            "--db",
            &db,
            "--actions",
            &actions.display().to_string(),
            "--agent",
            "alex.agent",
        ])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("actions.jsonl:2: action.amount:"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());
}
