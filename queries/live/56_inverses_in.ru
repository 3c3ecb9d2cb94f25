#+ title: Inverse links of other records' statements about a changed record
#+ description: The build's inverse rule (queries/build/60_inverses.ru) for links from other records to this one, stated again from its end after its statements were replaced.
#+ param: subject iri required  The changed record
PREFIX lo: <https://w3id.org/se7-local-offer/def#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
INSERT { ?subject ?inverse ?other }
WHERE {
  { ?property owl:inverseOf ?inverse } UNION { ?inverse owl:inverseOf ?property }
  ?other ?property ?subject .
  FILTER(isIRI(?other))
}
