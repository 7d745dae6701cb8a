//! The scriptable command line.
