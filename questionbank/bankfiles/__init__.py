"""The bank's plain files (docs/bank-format.md): data, reading with validation, and writing."""
