//! The relay: the tiny native binary a harness spawns for each hook event.

fn main() {}
