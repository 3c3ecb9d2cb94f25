"""What the public tells the council: comments on pages and confidential feedback to providers."""
