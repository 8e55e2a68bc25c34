// The tests and the context benchmark each use part of it.
#[allow(dead_code)]
pub mod systems;
