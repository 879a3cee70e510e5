"""File -> Dataset, pure: reading bytes within limits, parsing, locating and wording problems, building the table, the check command. No Qt."""
