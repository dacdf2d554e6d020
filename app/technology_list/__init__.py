"""The restricted and prohibited technology lists (Nghị định 76/2018) as rows: read by
screening, edited by administrators with a source and a date for each item, every change
audited."""
