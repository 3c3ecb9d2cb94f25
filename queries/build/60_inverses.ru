#+ title: Inverse properties
#+ description: For each owl:inverseOf pair, state both directions, so either can be queried without a union.
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
