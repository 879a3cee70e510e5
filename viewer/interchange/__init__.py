"""Pure conversions of a dataset to other formats people open elsewhere (CSV). No Qt."""
