"""Pure conversions of a dataset to and from formats people use elsewhere: references to cite
(APA, Chicago), CSV rows for spreadsheets, TimelineJS3. No Qt."""
