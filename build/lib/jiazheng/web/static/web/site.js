// Behaviour shared by every page; no inline scripts beyond the language switch.
