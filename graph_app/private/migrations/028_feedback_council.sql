-- The council of the record a feedback item is about (issue 18), kept with the item so a council's admins and
-- moderators read their council's feedback from the database, page by page, rather than filtering the newest
-- few hundred items of every council. NULL: not worked out yet (items older than this column: the inbox fills
-- them from the graph); '' : the record has no council (only regional staff read it).
ALTER TABLE feedback ADD COLUMN council_iri TEXT;
CREATE INDEX feedback_council ON feedback(council_iri, id);
