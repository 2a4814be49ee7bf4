pub(super) mod code;
pub(super) mod emphasis;
pub(super) mod image;
pub(super) mod link;
pub(super) mod list;
pub(super) mod quote;
pub(super) mod table;
