"""Every operation that changes franchise, showcase, fee or job data."""
