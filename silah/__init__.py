"""Silah (صلة): beneficiary relations for Saudi non-profit associations."""
