"""The pure domain: what a dataset is (model, packed table), dates, quotes, search and the words the app uses. No Qt."""
