"""Pages of the providers app: portal (showcase, jobs, franchise) and console."""
