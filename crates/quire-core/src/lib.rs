//! quire-core
