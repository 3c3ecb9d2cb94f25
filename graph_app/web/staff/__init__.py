"""Staff pages: sign-in, accounts, moderation and editing (who is signed in is core/staff_user.py)."""
