//! Cleaning: boilerplate removal, paragraphing, word repair.
