"""The finder: where the person is, the filters, widening circles and the order of results."""
