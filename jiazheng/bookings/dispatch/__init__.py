"""Matching and dispatch: ranking, assignment, the day plan, grab orders,
replacement, printing and the live dispatch screen (docs/dispatch.md)."""
