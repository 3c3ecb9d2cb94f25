-- Issue 18: whether the person who saved a version checked the whole record (the date they did), so "who
-- last checked it" names a person here, in private; the public graph names only their organisation.
ALTER TABLE record_versions ADD COLUMN checked_on TEXT;  -- ISO date; NULL when the save was no check
