//! fieldsales-tests: whole-system tests (several devices, crash tests) and the helper
//! programs they drive.

pub mod fuzz;
pub mod sim;
