#+ title: Inverse links of a changed record's own statements
#+ description: The build's inverse rule (queries/build/60_inverses.ru) for one record's links: each is stated from the other end too.
#+ param: subject iri required  The changed record
PREFIX lo: <https://w3id.org/se7-local-offer/def#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
INSERT { ?object ?inverse ?subject }
WHERE {
  { ?property owl:inverseOf ?inverse } UNION { ?inverse owl:inverseOf ?property }
  ?subject ?property ?object .
  FILTER(isIRI(?object))
}
