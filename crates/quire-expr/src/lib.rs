//! quire-expr
