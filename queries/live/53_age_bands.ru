#+ title: Age bands of a changed record
#+ description: The build's age-band rule (queries/build/40_age_bands.ru) for one record.
#+ param: subject iri required  The changed record
PREFIX lo: <https://w3id.org/se7-local-offer/def#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
INSERT { ?subject lo:forAgeBand ?band }
WHERE {
  ?band a lo:AgeBand ; lo:minAge ?bandMin ; lo:maxAge ?bandMax .
  ?subject lo:minAge ?min ; lo:maxAge ?max .
  FILTER NOT EXISTS { ?subject a lo:AgeBand }
  FILTER(?min <= ?bandMax && ?max >= ?bandMin)
}
