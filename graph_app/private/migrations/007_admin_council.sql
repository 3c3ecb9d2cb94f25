-- A council admin's council (an area IRI, .../id/area/kent): they edit that council's own content (its
-- statements under the framework's headings). Empty for a regional admin (every council) and other roles.
ALTER TABLE users ADD COLUMN council_iri TEXT;
