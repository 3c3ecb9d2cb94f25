"""The standard pages a council site must have (issue 16): accessibility statement, privacy notice, cookies,
about the data and its licence, and contact (views.py)."""
