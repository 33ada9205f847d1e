// Replaced by the run store and the report writer.
