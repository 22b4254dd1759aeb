"""Pages web serves: portal home and search, console home, system log."""
