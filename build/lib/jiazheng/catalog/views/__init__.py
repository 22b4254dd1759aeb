"""Web pages of the catalogue: public guidance prices and console editing."""
