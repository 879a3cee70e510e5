"""Pure conversions between a loaded dataset and other timeline tools' formats (TimelineJS3). No Qt."""
