//! Metadata from the statement's own lines: see `clean::header` for the reading rules; this
//! module applies front-matter overrides.

use crate::model::markdown::FrontMatter;
use crate::model::statement::Metadata;

/// Front matter wins over what the text says, field by field.
pub fn apply_front_matter(meta: &mut Metadata, front: &FrontMatter) {
    if front.title.is_some() {
        meta.title.clone_from(&front.title);
    }
    if front.issuer.is_some() {
        meta.issuer.clone_from(&front.issuer);
    }
    if front.place.is_some() {
        meta.place.clone_from(&front.place);
    }
    if front.date.is_some() {
        meta.date = front.date;
    }
    if front.published.is_some() {
        meta.published = front.published;
    }
}
