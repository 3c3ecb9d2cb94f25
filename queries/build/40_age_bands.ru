#+ title: Age bands from ages
#+ description: A service or setting for ages min to max (whole years, inclusive) is for every age band it overlaps, so filtering by age band needs no arithmetic at query time.
PREFIX lo: <https://w3id.org/se7-local-offer/def#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
INSERT { ?record lo:forAgeBand ?band }
WHERE {
  ?band a lo:AgeBand ; lo:minAge ?bandMin ; lo:maxAge ?bandMax .
  ?record lo:minAge ?min ; lo:maxAge ?max .
  FILTER NOT EXISTS { ?record a lo:AgeBand }
  FILTER(?min <= ?bandMax && ?max >= ?bandMin)
}
